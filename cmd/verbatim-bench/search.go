package main

// The search step (issue 5): what a reader's browser downloads to search
// the archive, with verbatim's own client and with Pagefind's on the same
// built site, counted at a file server that stands in for a static host.
// searchquery.go picks the queries, searchserver.go counts the bytes and
// searchpage.go types the queries in headless Chromium.

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// pagefindVersion is the Pagefind compared with, installed with npm into
// the working folder.
const pagefindVersion = "1.6.0"

// toolSearch is one tool's index and its queries at one archive size.
type toolSearch struct {
	name      string
	build     sample // the process that wrote the index
	buildNote string // what else that process did
	size      int64  // of the index on disk
	files     int
	root      string     // the URL path of the index's folder
	runs      []queryRun // one per query
}

// searchResult is the search step at one archive size.
type searchResult struct {
	episodes    int
	queries     []searchQuery
	tools       []toolSearch // verbatim, then Pagefind when it ran
	pagefindWhy string       // why Pagefind was left out
	pageRaw     int64        // the median episode page
	pageGzip    int64
}

// measureSearch builds the site, runs Pagefind on a copy of it, and
// measures the queries on both tools' pages.
func (b *bench) measureSearch(ctx context.Context, n int) (searchResult, error) {
	res := searchResult{episodes: n}
	if !b.build {
		return res, errors.New("search: this verbatim has no build command yet")
	}
	tag := fmt.Sprintf("seed%d-n%d", b.seed, n)
	site := filepath.Join(b.work, "corpus-"+tag)
	content := filepath.Join(site, "content")
	if _, err := b.prepareCorpus(site, content, n); err != nil {
		return res, err
	}
	var readErr error
	queries, err := chooseQueries(episodeFiles(content, &readErr))
	if err = cmp.Or(readErr, err); err != nil {
		return res, err
	}
	res.queries = queries
	out := filepath.Join(b.work, "out-"+tag)
	if err := b.aside.clear(out); err != nil { // as for the cold builds: the build below is timed
		return res, err
	}
	b.logf("%d episodes: search: building the site", n)
	ours := toolSearch{name: "verbatim", buildNote: "the whole site's build", root: "/search/"}
	if ours.build, err = timeProcess(ctx, b.bin, "build", "-src", site, "-out", out); err != nil {
		return res, err
	}
	ours.size, ours.files, err = treeStats(filepath.Join(out, "search"), func(rel string) bool { return rel != "index.html" })
	if err != nil {
		return res, err
	}
	if res.pageRaw, res.pageGzip, err = episodeWeight(out); err != nil {
		return res, err
	}
	srvCtx, stopServers := context.WithCancel(ctx)
	defer stopServers()
	srv, url, err := serveCounting(srvCtx, out)
	if err != nil {
		return res, err
	}
	res.tools = append(res.tools, ours)
	pages := []*searchPage{verbatimPage(srv, url)}

	theirs, copyDir, why, err := b.runPagefind(ctx, out, tag)
	if err != nil {
		return res, err
	}
	if res.pagefindWhy = why; why == "" {
		if srv, url, err = serveCounting(srvCtx, copyDir); err != nil {
			return res, err
		}
		res.tools = append(res.tools, theirs)
		pages = append(pages, pagefindSearchPage(srv, url))
	}

	browser, stopBrowser, err := startChromium(ctx)
	if err != nil {
		return res, err
	}
	defer stopBrowser()
	for i, p := range pages {
		for k, q := range res.queries {
			b.logf("%d episodes: search: %s, %s", n, p.tool, q)
			r, err := p.measure(browser, q, res.queries[(k+1)%len(res.queries)])
			if err != nil {
				return res, err
			}
			b.logf("  typed %s; pasted %s; again %s, typed %s; next %s; the page said %q", r.typed, r.pasted, r.again, r.againTyped, r.next, r.status)
			res.tools[i].runs = append(res.tools[i].runs, r)
		}
	}
	log := filepath.Join(b.work, "search-"+tag+".log")
	b.logf("%d episodes: search: every fetch is listed in %s", n, log)
	return res, os.WriteFile(log, []byte(res.fetchLog()), 0o644)
}

// runPagefind runs Pagefind on a copy of the built site, timed as a whole
// process, and writes the step's page into the copy. why says why it did
// not run, when it could not be installed.
func (b *bench) runPagefind(ctx context.Context, out, tag string) (t toolSearch, copyDir, why string, err error) {
	bin, why := b.pagefindBinary(ctx)
	if why != "" {
		b.logf("Pagefind left out: %s", why)
		return t, "", why, nil
	}
	copyDir = filepath.Join(b.work, "pagefind-site-"+tag)
	if err := b.aside.clear(copyDir); err != nil { // Pagefind's run is timed too
		return t, "", "", err
	}
	if err := linkTree(out, copyDir); err != nil {
		return t, "", "", err
	}
	b.logf("search: Pagefind %s on %s", pagefindVersion, copyDir)
	t = toolSearch{name: "Pagefind " + pagefindVersion, buildNote: "the index alone", root: "/pagefind/"}
	if t.build, err = timeProcess(ctx, bin, "--site", copyDir); err != nil {
		return t, "", "", err
	}
	if t.size, t.files, err = treeStats(filepath.Join(copyDir, "pagefind"), nil); err != nil {
		return t, "", "", err
	}
	page := filepath.Join(copyDir, pagefindPagePath)
	if err := os.MkdirAll(filepath.Dir(page), 0o755); err != nil {
		return t, "", "", err
	}
	return t, copyDir, "", os.WriteFile(page, []byte(pagefindPage), 0o644)
}

// pagefindBinary installs Pagefind with npm into the working folder, once,
// and returns its native binary, which the step runs directly so that the
// time and memory measured are Pagefind's, not the npm wrapper's.
func (b *bench) pagefindBinary(ctx context.Context) (bin, why string) {
	dir := filepath.Join(b.work, "pagefind-"+pagefindVersion)
	find := func() string {
		for _, name := range []string{"pagefind_extended", "pagefind"} {
			if m, _ := filepath.Glob(filepath.Join(dir, "node_modules", "@pagefind", "*", "bin", name)); len(m) > 0 {
				return m[0]
			}
		}
		return ""
	}
	if bin := find(); bin != "" {
		return bin, ""
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return "", "npm is not on PATH to install pagefind@" + pagefindVersion
	}
	b.logf("installing pagefind@%s into %s", pagefindVersion, dir)
	install := exec.CommandContext(ctx, npm, "install", "--prefix", dir, "--no-audit", "--no-fund", "--loglevel=error", "pagefind@"+pagefindVersion)
	if out, err := install.CombinedOutput(); err != nil {
		return "", fmt.Sprintf("npm install pagefind@%s: %v: %s", pagefindVersion, err, lastLines(string(out), 3))
	}
	if bin := find(); bin != "" {
		return bin, ""
	}
	return "", "npm installed pagefind@" + pagefindVersion + " without a binary for this platform"
}

// linkTree makes dst a copy of src out of hard links (copies where a link
// cannot be made), so Pagefind writes beside the built site, not into it.
func linkTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		if os.Link(p, to) == nil {
			return nil
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		f, err := os.Create(to)
		if err != nil {
			return err
		}
		if _, err := io.Copy(f, in); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	})
}

// treeStats adds up the files below dir that keep says to count (nil:
// all), by their path relative to dir.
func treeStats(dir string, keep func(rel string) bool) (size int64, files int, err error) {
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if rel, _ := filepath.Rel(dir, p); keep != nil && !keep(filepath.ToSlash(rel)) {
			return nil
		}
		info, err := d.Info()
		size += info.Size()
		files++
		return err
	})
	return size, files, err
}

// episodeWeight is the median size of the built episode pages' HTML, as
// sent and gzipped: what opening one episode costs, for scale.
func episodeWeight(out string) (raw, gz int64, err error) {
	pages, err := filepath.Glob(filepath.Join(out, "episodes", "*", "index.html"))
	if err != nil || len(pages) == 0 {
		return 0, 0, cmp.Or(err, fmt.Errorf("no episode pages in %s", out))
	}
	raws, gzips := make([]int64, len(pages)), make([]int64, len(pages))
	for i, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			return 0, 0, err
		}
		raws[i], gzips[i] = int64(len(b)), gzipSize(b)
	}
	return median(raws), median(gzips), nil
}

func median(xs []int64) int64 {
	slices.Sort(xs)
	return (xs[(len(xs)-1)/2] + xs[len(xs)/2]) / 2
}

// markdown writes the step's tables at one archive size: the indexes
// side by side, then each query's bytes, then where they went.
func (r searchResult) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n### Search, %s episodes\n\n", thousands(r.episodes))
	fmt.Fprintf(&b, "Bytes are response bodies counted at the server, as sent / as gzip -6 would send them, in KB of 1,000 bytes. "+
		"Each process is timed once. Each query starts on a fresh page (no cache) and is typed a key every %d ms.", keyInterval.Milliseconds())
	if r.pagefindWhy != "" {
		fmt.Fprintf(&b, " Pagefind left out: %s.", r.pagefindWhy)
	}
	b.WriteString("\n\n| | " + strings.Join(r.toolNames(), " | ") + " | verbatim / Pagefind |\n|---|" + strings.Repeat("--:|", len(r.tools)+1) + "\n")
	row := func(name string, cell func(t toolSearch) string, ratio func(a, b toolSearch) string) {
		cells := []string{name}
		for _, t := range r.tools {
			cells = append(cells, cell(t))
		}
		vs := ""
		if len(r.tools) == 2 {
			vs = ratio(r.tools[0], r.tools[1])
		}
		b.WriteString("| " + strings.Join(append(cells, vs), " | ") + " |\n")
	}
	row("the process that writes the index: wall time, peak memory", func(t toolSearch) string {
		return fmt.Sprintf("%.1f s, %s MB (%s)", t.build.wall.Seconds(), thousands(int(t.build.rss>>20)), t.buildNote)
	}, func(a, c toolSearch) string {
		return ratio(float64(a.build.wall), float64(c.build.wall)) + ", " + ratio(float64(a.build.rss), float64(c.build.rss))
	})
	row("index on disk", func(t toolSearch) string {
		return fmt.Sprintf("%.1f MB in %s files", float64(t.size)/1e6, thousands(t.files))
	}, func(a, c toolSearch) string { return ratio(float64(a.size), float64(c.size)) })
	row("the search page's own files (HTML, CSS, JS, wasm)", func(t toolSearch) string {
		return largest(t.runs).String()
	}, func(a, c toolSearch) string {
		return ratio(float64(largest(a.runs).gzip()), float64(largest(c.runs).gzip())) + " (gzip)"
	})
	row("one episode page's HTML (the median), for scale", func(t toolSearch) string {
		if t.name != "verbatim" {
			return ""
		}
		return fmt.Sprintf("%s / %s KB", kilobytes(r.pageRaw), kilobytes(r.pageGzip))
	}, func(a, c toolSearch) string { return "" })

	b.WriteString("\n| query | tool | first query, typed | first query, pasted | again, pasted | again, typed | next query, typed | × Pagefind (gzip) | × episode page (gzip) |\n")
	b.WriteString("|---|---|--:|--:|--:|--:|--:|--:|--:|\n")
	for k, q := range r.queries {
		for i, t := range r.tools {
			run := t.runs[k]
			label, vs := "", ""
			if i == 0 {
				label = q.String()
			}
			if i == 0 && len(r.tools) == 2 {
				vs = ratio(float64(run.typed.gzip()), float64(r.tools[1].runs[k].typed.gzip()))
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", label, t.name, run.typed, run.pasted, run.again, run.againTyped, run.next,
				vs, ratio(float64(run.typed.gzip()), float64(r.pageGzip)))
		}
	}
	b.WriteString("\nOnly the index's files count here (the page's own are above). First query, typed: from opening a fresh page " +
		"until the results of the whole query settle, with whatever the prefixes fetched on the way. First query, pasted: the whole " +
		"query at once into a fresh page, its final state alone. Then on the typed page, the box cleared each time: the same query " +
		"pasted again, typed again (which can fetch results of prefixes that the first typing skipped), and the next row's query " +
		"typed (the last row's next is the first). What typing fetches depends on timing (which prefixes' results arrive " +
		"before the next key), so it varies from run to run; pasting does not. The ratios compare the first query, typed. Pagefind's filters are per page: " +
		"its speaker filter keeps the episodes in which the speaker speaks at all, verbatim's the speaker's own turns.\n\n")
	b.WriteString("Where the first query's bytes went, by folder of the index, and what the page said:\n\n")
	for k, q := range r.queries {
		for _, t := range r.tools {
			run := t.runs[k]
			fmt.Fprintf(&b, "- %s, %s — typed: %s — pasted: %s — the page said: %s\n", t.name, q, run.typed.groups(t.root), run.pasted.groups(t.root), run.status)
		}
	}
	return b.String()
}

func (r searchResult) toolNames() []string {
	names := make([]string, len(r.tools))
	for i, t := range r.tools {
		names[i] = t.name
	}
	return names
}

// largest is the most any session fetched of the page's own files.
func largest(runs []queryRun) transfer {
	var most transfer
	for _, r := range runs {
		if r.assets.gzip() > most.gzip() {
			most = r.assets
		}
	}
	return most
}

// fetchLog lists every fetch the step counted: tool, query, part, then
// status, bytes as sent and gzipped, and path, one a line.
func (r searchResult) fetchLog() string {
	var b strings.Builder
	for _, t := range r.tools {
		for k, run := range t.runs {
			for _, part := range []struct {
				name string
				t    transfer
			}{{"assets", run.assets}, {"typed", run.typed}, {"pasted", run.pasted}, {"again", run.again}, {"again typed", run.againTyped}, {"next", run.next}} {
				fmt.Fprintf(&b, "# %s, %s: %s: %s\n", t.name, r.queries[k], part.name, part.t)
				for _, f := range part.t {
					fmt.Fprintf(&b, "%d %d %d %s\n", f.status, f.raw, f.gzip, f.path)
				}
			}
		}
	}
	return b.String()
}
