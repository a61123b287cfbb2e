package generator

import (
	"context"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/verbatim-ssg/verbatim/generator/diag"
	"github.com/verbatim-ssg/verbatim/generator/output"
	"github.com/verbatim-ssg/verbatim/generator/site"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
	"golang.org/x/net/html"
)

var update = flag.Bool("update", os.Getenv("UPDATE_GOLDEN") != "", "rewrite golden files")

// writeSite writes files given as "-- name --" sections to a new folder.
func writeSite(t *testing.T, archive string) string {
	t.Helper()
	dir := t.TempDir()
	parts := strings.Split("\n"+archive, "\n-- ")
	for _, part := range parts[1:] {
		header, body, _ := strings.Cut(part, "\n")
		name := strings.TrimSuffix(strings.TrimSpace(header), " --")
		writeFile(t, filepath.Join(dir, name), body)
	}
	return dir
}

func writeFile(t *testing.T, name, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// build builds the site at src into out with a base URL, as a site to be
// published is built (TestNoBaseURLWarns builds without one).
func build(t *testing.T, src, out string) (*Result, error) {
	t.Helper()
	cfg := DefaultConfig()
	cfg.Source, cfg.Output, cfg.BaseURL = src, out, "https://example.org/"
	return NewBuilder(cfg).Build(context.Background())
}

func mustBuild(t *testing.T, src, out string) *Result {
	t.Helper()
	res, err := build(t, src, out)
	if err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	return res
}

// snapshot returns every file under dir with its bytes, but the manifest,
// which records when each file was written.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := make(map[string]string)
	filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && e.Name() != output.ManifestName {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			files[filepath.ToSlash(rel)] = string(data)
		}
		return nil
	})
	return files
}

func diffSnapshots(a, b map[string]string) []string {
	var diffs []string
	for name, data := range a {
		if other, ok := b[name]; !ok {
			diffs = append(diffs, "only in first: "+name)
		} else if other != data {
			diffs = append(diffs, "differs: "+name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			diffs = append(diffs, "only in second: "+name)
		}
	}
	sort.Strings(diffs)
	return diffs
}

// TestSampleSite builds the repository's own sample site and checks it as
// a reader would: links and anchors resolve, anchors are unique, every turn
// carries what scripts rely on, and speaker pages list exactly the turns
// each speaker spoke.
func TestSampleSite(t *testing.T) {
	out := t.TempDir()
	res := mustBuild(t, "..", out)
	if res.Episodes < 3 {
		t.Fatalf("sample site has %d episodes, want at least 3", res.Episodes)
	}
	s := readSite(t, out)
	if broken := s.brokenLinks(); len(broken) > 0 {
		t.Errorf("broken links:\n%s", strings.Join(broken, "\n"))
	}
	for name, page := range s.pages {
		for id, n := range page.ids {
			if n > 1 {
				t.Errorf("%s: id %q used %d times", name, id, n)
			}
		}
		if skip := skippedHeading(page.doc); skip != "" {
			t.Errorf("%s: %s", name, skip)
		}
	}
	if _, ok := s.pages["episodes/upcoming-episode/index.html"]; ok {
		t.Errorf("a draft was published")
	}

	// What each speaker said, from the transcripts themselves.
	want := make(map[string][]string) // speaker slug -> "episodes/slug/#anchor"
	names, _ := listSources("..")
	var summaries []*site.Summary
	texts := make(map[string]*transcript.Transcript)
	for _, name := range names {
		src, _ := os.ReadFile(filepath.Join("..", name))
		tr, _ := transcript.Parse(name, src)
		summaries = append(summaries, site.Summarize(name, tr))
		texts[name] = tr
	}
	st, _ := site.New(site.DefaultConfig(), summaries, false)
	for _, e := range st.Episodes {
		tr := texts[e.Source]
		ids := site.Anchors(tr.Turns)
		page := s.pages[e.URL()+"index.html"]
		if page == nil {
			t.Fatalf("no page for %s", e.Source)
		}
		turns := find(page.doc, func(n *html.Node) bool { return hasClass(n, "turn") })
		if len(turns) != len(tr.Turns) {
			t.Errorf("%s: %d turns on the page, %d in the transcript", e.Source, len(turns), len(tr.Turns))
			continue
		}
		for i, n := range turns {
			if attr(n, "data-start") == "" || attr(n, "data-speaker") != site.Slug(tr.Turns[i].Speaker) {
				t.Errorf("%s: turn %d is %v", e.Source, i, n.Attr)
			}
			// The anchor is on the turn's heading, whose words are who and when: Pagefind's
			// sub-results are headings with ids, titled with their text.
			head := firstElement(n)
			if head == nil {
				head = &html.Node{Data: "nothing"}
			}
			title := strings.Join(strings.Fields(textOf(head)), " ")
			wantTitle := tr.Turns[i].Speaker + " " + transcript.FormatTimestamp(tr.Turns[i].Start)
			if head.Data != "h3" || attr(head, "class") != "turn-head" || attr(head, "id") != ids[i] || title != wantTitle {
				t.Errorf("%s: turn %d starts with <%s class=%q id=%q> %q, want <h3 class=\"turn-head\" id=%q> %q",
					e.Source, i, head.Data, attr(head, "class"), attr(head, "id"), title, ids[i], wantTitle)
			}
			if len(find(n, func(n *html.Node) bool { return n.Data == "a" && hasClass(n, "time") })) != 1 {
				t.Errorf("%s: turn %d has no time link", e.Source, i)
			}
			want[site.Slug(tr.Turns[i].Speaker)] = append(want[site.Slug(tr.Turns[i].Speaker)], "/"+e.URL()+"#"+ids[i])
		}
	}
	for slug, refs := range want {
		var got []string
		for name, page := range s.pages {
			if strings.HasPrefix(name, "speakers/"+slug+"/") {
				for _, a := range find(page.doc, func(n *html.Node) bool { return n.Data == "a" && n.Parent != nil && hasClass(n.Parent, "turn-ref") }) {
					got = append(got, attr(a, "href"))
				}
			}
		}
		sort.Strings(got)
		sort.Strings(refs)
		if strings.Join(got, "\n") != strings.Join(refs, "\n") {
			t.Errorf("speaker %s lists\n%s\nwant\n%s", slug, strings.Join(got, "\n"), strings.Join(refs, "\n"))
		}
	}
}

// spokenSample is a transcript in the shape of a transcription site's
// export: a preamble, "Speakers:", bold names with times, a promo footer.
const spokenSample = "transcript/testdata/formats/spoken.md"

// TestSpokenExport builds spoken.md-shaped transcripts: the repository's
// own, and the real one beside the repository (../shared) when it is there.
func TestSpokenExport(t *testing.T) {
	samples := []struct{ path, footer, guest string }{
		{spokenSample, "48 more minutes", "ines-dalca"},
	}
	const shared = "../../shared/fixtures/spoken-md-sample.md"
	if _, err := os.Stat(shared); err == nil {
		samples = append(samples, struct{ path, footer, guest string }{shared, "71 more minutes", "john-schulman"})
	} else {
		t.Logf("%s is not there: building the repository's own sample only", shared)
	}
	for _, sample := range samples {
		t.Run(filepath.Base(sample.path), func(t *testing.T) {
			src, err := os.ReadFile(sample.path)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "content", "episode.md"), string(src))
			out := filepath.Join(dir, "public")
			res := mustBuild(t, dir, out)
			if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].Msg, sample.footer) {
				t.Errorf("want one warning about the promo footer, got:\n%s", res.Warnings.Format())
			}
			s := readSite(t, out)
			page := s.pages["episodes/episode/index.html"]
			if page == nil {
				t.Fatal("no episode page")
			}
			turns := find(page.doc, func(n *html.Node) bool { return hasClass(n, "turn") })
			if len(turns) != 12 {
				t.Errorf("%d turns, want 12", len(turns))
			}
			body := textOf(page.doc)
			if strings.Contains(body, "x-api-key") || strings.Contains(body, "artwork") {
				t.Errorf("debris made it onto the page")
			}
			if broken := s.brokenLinks(); len(broken) > 0 {
				t.Errorf("broken links:\n%s", strings.Join(broken, "\n"))
			}
			if s.pages["speakers/"+sample.guest+"/index.html"] == nil {
				t.Errorf("no speaker page for %s", sample.guest)
			}
		})
	}
}

func TestRawHTMLIsEscaped(t *testing.T) {
	dir := writeSite(t, `
-- content/x.md --
**Eve** (0:00)
Look: <script>alert("owned")</script> and <img src=x onerror="alert(1)">

<div onclick="steal()">block</div>
`)
	out := filepath.Join(dir, "public")
	mustBuild(t, dir, out)
	page, _ := os.ReadFile(filepath.Join(out, "episodes/x/index.html"))
	for _, bad := range []string{"<script>alert", "<img src=x", "<div onclick"} {
		if strings.Contains(string(page), bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if !strings.Contains(string(page), "&lt;script&gt;alert") {
		t.Errorf("the script tag is not shown as text")
	}
}

// TestFailedBuild checks that every problem is reported at once, with
// positions, and that the output folder is exactly as it was.
func TestFailedBuild(t *testing.T) {
	dir := writeSite(t, `
-- content/a.md --
**Ann** (0:00)
Hello.
-- content/b.md --
**Bob** (0:00)
Hi.
`)
	out := filepath.Join(dir, "public")
	mustBuild(t, dir, out)
	before := snapshot(t, out)

	writeFile(t, filepath.Join(dir, "content/a.md"), "**Ann** (0:00)\nHello.\n\n**Ann** (1:75)\nBroken.\n")
	writeFile(t, filepath.Join(dir, "content/b.md"), "---\ndate: someday\n---\n**Bob** (0:00)\nHi.\n")
	writeFile(t, filepath.Join(dir, "content/c.md"), "**Cy** (0:00)\nNew and fine.\n")
	_, err := build(t, dir, out)
	var problems diag.List
	if !errors.As(err, &problems) {
		t.Fatalf("want a diag.List, got %v", err)
	}
	got := problems.Errors().Error()
	for _, want := range []string{"content/a.md:4:10: timestamp \"1:75\" has 75 seconds", "content/b.md:2:7: \"someday\" is not a date", "hint: "} {
		if !strings.Contains(got, want) {
			t.Errorf("errors lack %q:\n%s", want, got)
		}
	}
	if diffs := diffSnapshots(before, snapshot(t, out)); len(diffs) > 0 {
		t.Errorf("a failed build changed the output:\n%s", strings.Join(diffs, "\n"))
	}
}

func TestDeterministicAndIncremental(t *testing.T) {
	dir := writeSite(t, `
-- content/a.md --
---
title: A
date: 2024-01-01
speakers: [Ann, Bob]
---
**Ann** (0:00)
One.

**Bob** (0:05)
Two.
-- content/b.md --
---
title: B
date: 2024-02-01
---
**Bob** (0:00)
Three.

**Cy** (0:09)
Four.
`)
	out1, out2 := filepath.Join(t.TempDir(), "one"), filepath.Join(t.TempDir(), "two")
	mustBuild(t, dir, out1)
	mustBuild(t, dir, out2)
	if diffs := diffSnapshots(snapshot(t, out1), snapshot(t, out2)); len(diffs) > 0 {
		t.Errorf("two builds differ:\n%s", strings.Join(diffs, "\n"))
	}

	// A rebuild with nothing changed writes nothing.
	if res := mustBuild(t, dir, out1); res.Wrote+len(res.Removed) != 0 {
		t.Errorf("no-change rebuild wrote %d files, removed %v", res.Wrote, res.Removed)
	}

	// Removing b drops its page and Cy, who spoke only there; an edit to a
	// keeps the same builder in step with a clean build.
	cfg := DefaultConfig()
	cfg.Source, cfg.Output, cfg.BaseURL = dir, out1, "https://example.org/" // as build gives
	b := NewBuilder(cfg)
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "content/b.md"))
	writeFile(t, filepath.Join(dir, "content/a.md"), "---\ntitle: A again\ndate: 2024-01-01\n---\n**Ann** (0:00)\nOne, edited.\n")
	res, err := b.Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{"episodes/b/index.html", "speakers/cy/index.html", "speakers/bob/index.html"} {
		if !contains(res.Removed, gone) {
			t.Errorf("%s not removed; removed %v", gone, res.Removed)
		}
	}
	clean := filepath.Join(t.TempDir(), "clean")
	mustBuild(t, dir, clean)
	if diffs := diffSnapshots(snapshot(t, clean), snapshot(t, out1)); len(diffs) > 0 {
		t.Errorf("incremental output differs from a clean build:\n%s", strings.Join(diffs, "\n"))
	}
}

func TestOutputFolderRefused(t *testing.T) {
	dir := writeSite(t, "-- content/a.md --\n**Ann** (0:00)\nHi.\n-- notes/keep.txt --\nmine\n")
	for name, out := range map[string]string{
		"IsSource":     dir,
		"HoldsSource":  filepath.Dir(dir),
		"InContent":    filepath.Join(dir, "content", "public"),
		"NotOurFolder": filepath.Join(dir, "notes"),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := build(t, dir, out); err == nil {
				t.Fatalf("build into %s succeeded", out)
			}
			if data, err := os.ReadFile(filepath.Join(dir, "notes/keep.txt")); err != nil || string(data) != "mine\n" {
				t.Fatalf("a refused build touched other files")
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestSameSizeSameTimeEdit: an edit that keeps the file's size and, at the
// file system's tick, its time is still seen by the next build.
func TestSameSizeSameTimeEdit(t *testing.T) {
	dir := writeSite(t, "-- content/a.md --\n**Ann** (0:00)\nHello.\n")
	name := filepath.Join(dir, "content/a.md")
	info, _ := os.Stat(name)
	cfg := DefaultConfig()
	cfg.Source, cfg.Output = dir, filepath.Join(dir, "public")
	b := NewBuilder(cfg)
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	writeFile(t, name, "**Ann** (0:00)\nJello.\n")
	os.Chtimes(name, info.ModTime(), info.ModTime())
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	page, _ := os.ReadFile(filepath.Join(dir, "public/episodes/a/index.html"))
	if !strings.Contains(string(page), "Jello.") {
		t.Errorf("the edit was missed")
	}
}

// A static file at a path the site writes is left out with a warning, so
// the generated file wins in every build, including one that keeps the
// page without writing it; static files beside a page are copied.
func TestStaticFileClashes(t *testing.T) {
	src := writeSite(t, `
-- content/ep1.md --
---
title: One
date: 2024-01-02
---
**Ada** (0:01)

Hello.
-- static/robots.txt --
static robots
-- static/episodes/ep1/index.html --
static page
-- static/search/index.json --
{}
-- static/episodes/ep1/cover.jpg --
jpeg
`)
	out := filepath.Join(t.TempDir(), "public")
	res := mustBuild(t, src, out)
	var got []string
	for _, p := range res.Warnings {
		got = append(got, p.Pos.File)
	}
	sort.Strings(got)
	want := []string{"static/episodes/ep1/index.html", "static/robots.txt", "static/search/index.json"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("warnings for %v, want %v:\n%s", got, want, res.Warnings.Format())
	}
	if w := res.Warnings.Format(); !strings.Contains(w, "verbatim writes a file of episode ep1 at episodes/ep1/index.html") {
		t.Errorf("the warning does not say what the path is:\n%s", w)
	}
	check := func() {
		t.Helper()
		files := snapshot(t, out)
		for _, name := range []string{"robots.txt", "episodes/ep1/index.html", "search/index.json"} {
			if strings.HasPrefix(files[name], "static") || strings.TrimSpace(files[name]) == "{}" {
				t.Errorf("%s is the static file, not the generated one", name)
			}
		}
		if strings.TrimSpace(files["episodes/ep1/cover.jpg"]) != "jpeg" {
			t.Errorf("the static file beside the page was not copied")
		}
	}
	check()
	mustBuild(t, src, out) // keeps every page: nothing may replace them now
	check()
}

// TestForeignKeyWarnsOncePerSite: a front matter key another tool writes
// in every file is one warning for the site, not one per file, and the
// build succeeds.
func TestForeignKeyWarnsOncePerSite(t *testing.T) {
	var archive strings.Builder
	for _, name := range []string{"a", "b", "c"} {
		archive.WriteString("-- content/" + name + ".md --\n---\ntitle: " + name + "\nguid: x-" + name + "\n---\n**Ann** (0:00)\nHi.\n")
	}
	dir := writeSite(t, archive.String())
	res := mustBuild(t, dir, filepath.Join(dir, "public"))
	report := res.Warnings.Report(false)
	if strings.Count(report, `"guid"`) != 1 || !strings.Contains(report, `content/a.md:3:1: warning: front matter key "guid" is not used by verbatim: it is ignored (in 3 files)`) {
		t.Errorf("want one warning for guid, in 3 files; got:\n%s", report)
	}
}
