package generator

import (
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/verbatim-ssg/verbatim/generator/diag"
	"github.com/verbatim-ssg/verbatim/generator/output"
	"github.com/verbatim-ssg/verbatim/generator/render"
	"github.com/verbatim-ssg/verbatim/generator/search"
	"github.com/verbatim-ssg/verbatim/generator/site"
)

// job is one build's rendering: it decides which pages must be rendered
// again, renders them in parallel and hands the bytes to the output.
type job struct {
	b       *Builder
	ctx     context.Context
	site    *site.Site
	r       *render.Renderer
	out     *output.Dir
	theme   *render.Theme
	sources map[string]*source
	sums    []output.Sum // of each episode's transcript, by index
	prev    *state
	next    *state

	base    []byte   // what every key starts with: theme, config, flags
	workers int      // episodes rendered at once
	static  []string // the static files to copy (staticFiles), slash paths

	mu    sync.Mutex
	pages int
}

// windowPerWorker is how many episodes, per worker, the rendering may run
// ahead of the episode whose results the build is taking in (adding its
// postings to the search index, writing the speaker pages it completes).
// Each held result is an episode's search postings, about 150 KB, and its
// turns for speaker pages: 64 a worker held ~10 MB of postings alone.
const windowPerWorker = 16

func (j *job) run() (int, error) {
	if err := j.assets(); err != nil {
		return 0, err
	}
	// The search index is made in the same pass as the pages, from the
	// turns as they are rendered, so a cold build reads and parses each
	// transcript once for both. A preview writes it after the reload
	// instead (Builder.Search), keeping the last one meanwhile.
	var index *search.Indexer
	if j.b.cfg.Preview {
		j.keepSearch()
	} else {
		if index = j.newIndex(); index != nil { // searchindex.go
			defer index.Close()
		}
	}
	if err := j.episodesAndSpeakers(index); err != nil {
		return 0, err
	}
	// The index's merge runs on one core: the site's lists are rendered
	// on another meanwhile.
	var wg sync.WaitGroup
	var siteErr error
	wg.Go(func() { siteErr = j.sitePages() })
	err := j.finishIndex(index)
	wg.Wait()
	if err = cmp.Or(siteErr, err); err != nil {
		return 0, err
	}
	return j.pages, nil
}

// keepSearch keeps the last search index's key, for a preview build,
// which writes a new index after the reload (Builder.Search). The index's
// files are not this build's: they have a manifest of their own.
func (j *job) keepSearch() {
	if key, ok := j.prev.Keys[search.ManifestPath]; ok {
		j.next.Keys[search.ManifestPath] = key
	}
}

// write hands one file to the output, counting pages.
func (j *job) write(path string, data []byte) error {
	if path == "" || strings.HasSuffix(path, "/") {
		path += "index.html"
	}
	j.count(path)
	return j.out.Write(path, data)
}

// count counts the file at path if it is a page.
func (j *job) count(path string) {
	if strings.HasSuffix(path, ".html") {
		j.mu.Lock()
		j.pages++
		j.mu.Unlock()
	}
}

// assets writes the theme's stylesheets and scripts and copies the site's
// static folder.
func (j *job) assets() error {
	for _, a := range j.theme.Assets {
		if err := j.out.Write(a.Path, a.Data); err != nil {
			return err
		}
	}
	dir := filepath.Join(j.b.cfg.Source, "static")
	for _, rel := range j.static {
		if err := j.out.CopyFile(rel, filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
			return fmt.Errorf("copying static files: %w", err)
		}
	}
	return nil
}

// key hashes the inputs of a page group with the theme and config. A
// preview's rebuild at 5,000 episodes computes ~10,000 keys, so the parts
// are gathered in one buffer, on the stack when they fit, and hashed once.
func (j *job) key(parts ...string) output.Sum {
	var buf [2048]byte
	return output.SumOf(appendParts(append(buf[:0], j.base...), parts...))
}

// appendParts appends each part and a NUL after it.
func appendParts(b []byte, parts ...string) []byte {
	for _, p := range parts {
		b = append(append(b, p...), 0)
	}
	return b
}

// sum is the hash of the episode's transcript.
func (j *job) sum(e *site.Episode) output.Sum { return j.sums[e.Index] }

// episodeKey is everything an episode page shows: its transcript, the
// titles of its neighbours, its speakers, and whether its show has a page.
func (j *job) episodeKey(e *site.Episode) output.Sum {
	var buf [1024]byte
	sum := j.sum(e)
	b := append(append(buf[:0], j.base...), sum[:]...)
	b = appendParts(b, e.Slug)
	for _, n := range [...]*site.Episode{e.Newer, e.Older} {
		if n != nil {
			b = appendParts(b, n.Slug, n.Meta.Title)
		}
	}
	for _, sp := range e.Speakers {
		b = appendParts(b, sp.Name, sp.Role, sp.URL, sp.Avatar)
		b = append(b, byte(sp.Color))
	}
	if j.site.ShowPages() { // the show's name is a link when the site has several
		b = append(b, 's')
	}
	return output.SumOf(b)
}

// keep reports whether a page group is unchanged since the last build and
// all its files are still in place; it then counts them as produced.
func (j *job) keep(group string, key output.Sum, files []string) bool {
	j.next.Keys[group] = key
	if j.prev.Keys[group] != key {
		return false
	}
	for _, f := range files {
		if !j.out.Keep(f) {
			return false
		}
	}
	for _, f := range files {
		if strings.HasSuffix(f, ".html") {
			j.pages++
		}
	}
	return true
}

// speakerPage is one page of a speaker's turns that must be rendered.
type speakerPage struct {
	speaker  *site.Speaker
	n        int
	episodes []*site.Episode
	last     int // highest episode index on the page
}

// episodesAndSpeakers renders the episodes that changed and the speaker
// pages that show them, taking the episodes in site order and writing each
// speaker page as soon as its last episode is in, so the turns kept for
// speaker pages never grow past a window's worth plus the pages still
// open. With an index, every episode is added to it.
func (j *job) episodesAndSpeakers(index *search.Indexer) error {
	eps := j.site.Episodes
	full := make([]bool, len(eps))   // render the whole episode
	refsFor := make([]int, len(eps)) // speaker pages still needing its turns
	for i, e := range eps {
		files := []string{e.URL() + "index.html"}
		for _, x := range render.EpisodeExports(e) {
			if x.Name != "index.html" {
				files = append(files, e.URL()+x.Name)
			}
		}
		full[i] = !j.keep(e.URL(), j.episodeKey(e), files)
	}
	var pending []*speakerPage
	for _, sp := range j.site.Speakers {
		pages, _, _ := site.Pages(len(sp.Episodes), j.site.Config.PageSize, 1)
		for n := 1; n <= pages; n++ {
			_, from, to := site.Pages(len(sp.Episodes), j.site.Config.PageSize, n)
			page := &speakerPage{speaker: sp, n: n, episodes: sp.Episodes[from:to]}
			for _, e := range page.episodes {
				page.last = max(page.last, e.Index)
			}
			url := sp.Page(n)
			if j.keep(url, j.speakerPageKey(page, pages), []string{url + "index.html"}) {
				continue
			}
			pending = append(pending, page)
			for _, e := range page.episodes {
				refsFor[e.Index]++
			}
		}
	}
	sort.SliceStable(pending, func(a, b int) bool { return pending[a].last < pending[b].last })

	refs := make(map[int]map[string][]render.TurnRef)
	var todo []int
	for i := range eps {
		if full[i] || refsFor[i] > 0 || index != nil {
			todo = append(todo, i)
		}
	}
	work := func(i int) (episodeOut, error) {
		return j.episode(eps[i], need{page: full[i], refs: refsFor[i] > 0, index: index != nil})
	}
	err := j.inOrder("rendering", todo, work, func(i int, r episodeOut) error {
		if refsFor[i] > 0 {
			refs[i] = r.refs
		}
		if index != nil {
			if err := index.Add(r.search); err != nil {
				return err
			}
		}
		// Write the speaker pages whose episodes are all rendered now.
		for len(pending) > 0 && pending[0].last <= i {
			page := pending[0]
			pending = pending[1:]
			if err := j.speakerPage(page, refs, refsFor); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, page := range pending {
		if err := j.speakerPage(page, refs, refsFor); err != nil {
			return err
		}
	}
	return nil
}

// inOrder runs work on the episodes todo (indexes in site order) on the
// job's workers, and hands each result to done, on the calling goroutine,
// in site order. done runs while the workers go on with the episodes after
// it, so neither waits for the other, but the workers run at most a window
// of episodes ahead: the results held until done takes them are what
// bounds a build's memory. It returns the first error in site order, after
// every worker has stopped.
func (j *job) inOrder(stage string, todo []int, work func(i int) (episodeOut, error), done func(i int, r episodeOut) error) error {
	type result struct {
		i     int
		out   episodeOut
		err   error
		ready chan struct{} // closed once out and err are set
	}
	workers := max(1, j.workers)
	tasks := make(chan *result)
	order := make(chan *result, windowPerWorker*workers) // its buffer is the window
	quit := make(chan struct{})
	go func() {
		defer close(order)
		defer close(tasks)
		for _, i := range todo {
			r := &result{i: i, ready: make(chan struct{})}
			select {
			case order <- r:
			case <-quit:
				return
			}
			select {
			case tasks <- r:
			case <-quit:
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for r := range tasks {
				r.out, r.err = work(r.i)
				close(r.ready)
			}
		})
	}
	progress := j.b.progress(stage, len(todo))
	var err error
	finished := 0
	for r := range order {
		<-r.ready
		if err = cmp.Or(j.ctx.Err(), r.err); err == nil {
			err = done(r.i, r.out)
		}
		if err != nil {
			break
		}
		if finished++; progress != nil {
			progress(finished)
		}
	}
	close(quit)
	wg.Wait()
	return err
}

// need is what a build needs of one episode.
type need struct {
	page  bool // its page and exports
	refs  bool // the turns its speakers' pages list
	index bool // its tokens for the search index
}

// episodeOut is what the rendering of one episode gives the rest of the
// build.
type episodeOut struct {
	refs   map[string][]render.TurnRef
	search *search.Prepared
}

// episode renders what the build needs of one episode: its files, the
// turns its speakers' pages list, and its part of the search index, whose
// text file it writes.
func (j *job) episode(e *site.Episode, n need) (episodeOut, error) {
	var out episodeOut
	sum := j.sum(e)
	if !n.page && !n.index {
		if out.refs = j.b.cachedRefs(e.Source, sum); out.refs != nil {
			return out, nil
		}
	}
	t, err := parseSource(j.b.cfg.Source, e.Source, sum, j.sources[e.Source].Format, j.site.Config.ParseOptions())
	if err != nil {
		return out, err
	}
	var turns []*render.Turn
	if n.page {
		rendered, err := j.r.EpisodeFiles(e, t)
		if err != nil {
			return out, err
		}
		for _, f := range rendered.Files {
			if err := j.write(f.Path, f.Data); err != nil {
				return out, err
			}
		}
		render.Recycle(rendered.Files) // written: the next episode renders into them
		out.refs, turns = rendered.Refs, rendered.Turns
	} else {
		turns = j.r.Turns(e, t)
		if n.refs {
			out.refs = render.RefsOf(turns)
		}
	}
	if out.refs != nil {
		j.b.cacheRefs(e.Source, sum, out.refs)
	}
	if n.index {
		if out.search, err = j.prepareSearch(e, t, turns); err != nil {
			return out, err
		}
	}
	return out, nil
}

// speakerPageKey is everything a page of a speaker's turns shows: the
// speaker, where the page is among the speaker's pages, and each episode
// listed, whose turns come from the transcript whose sum it holds.
func (j *job) speakerPageKey(page *speakerPage, pages int) output.Sum {
	var buf [4096]byte
	sp := page.speaker
	b := appendParts(append(buf[:0], j.base...), sp.Name, sp.Slug, sp.Role, sp.URL, sp.Avatar)
	for _, n := range [...]int{page.n, pages, len(sp.Episodes), sp.Turns, sp.Color, int(sp.TalkTime)} {
		b = binary.LittleEndian.AppendUint64(b, uint64(n))
	}
	if page.n == 1 { // the first page draws the speaker's talk time in every episode, and names the longest
		for _, e := range sp.Episodes {
			b = appendParts(binary.LittleEndian.AppendUint64(b, uint64(e.TalkTime(sp))), e.Meta.Title)
		}
	}
	for _, e := range page.episodes {
		sum := j.sum(e)
		b = appendParts(append(b, sum[:]...), e.Slug, e.Meta.Title, e.Meta.Show)
		b, _ = e.Meta.Date.AppendBinary(b)
	}
	return output.SumOf(b)
}

func (j *job) speakerPage(page *speakerPage, refs map[int]map[string][]render.TurnRef, refsFor []int) error {
	entries := make([]render.SpeakerEntry, len(page.episodes))
	for k, e := range page.episodes {
		entries[k] = render.SpeakerEntry{Episode: e, Turns: refs[e.Index][page.speaker.Slug]}
		// An episode is on one page of each of its speakers: this one's
		// turns are needed by no other page, though the episode's other
		// speakers' may wait for pages thousands of episodes on.
		delete(refs[e.Index], page.speaker.Slug)
		if refsFor[e.Index]--; refsFor[e.Index] == 0 {
			delete(refs, e.Index)
		}
	}
	path, data, err := j.r.SpeakerPage(page.speaker, page.n, entries)
	if err != nil {
		return err
	}
	return j.write(path, data)
}

// sitePages renders the pages that list the whole site, unless nothing
// they show changed: editing what someone said leaves them as they are.
func (j *job) sitePages() error {
	files := j.r.SiteFiles()
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Path
	}
	if j.keep("(site)", j.siteKey(), names) {
		return nil
	}
	for _, f := range files {
		j.count(f.Path)
		if err := j.out.WriteStream(f.Path, f.Render); err != nil {
			return err
		}
	}
	return nil
}

// siteKey is everything the site's lists show of each episode (the home
// pages, the feed with the exports it links, the sitemap, llms.txt) and of
// each speaker (the speakers page). Every field of an episode's metadata
// is in it (TestSiteKeySeesEveryMetaField). It is written out by hand and
// hashed as it goes, a little at a time: formatting with %+v and hashing
// one string of every line took a tenth of a preview's rebuild at 5,000
// episodes.
func (j *job) siteKey() output.Sum {
	h := output.NewDigest()
	h.Write(j.base)
	b := make([]byte, 0, 64<<10)
	add := func(s string) { b = append(append(b, s...), 0) }
	num := func(n int64) { b = binary.LittleEndian.AppendUint64(b, uint64(n)) }
	for _, e := range j.site.Episodes {
		m := e.Meta
		add(e.Slug)
		add(m.Title)
		add(m.Show)
		add(m.Description)
		b, _ = m.Date.AppendBinary(b) // fixed length for a given zone offset, which it holds
		add(m.Media.Audio)
		add(m.Media.Video)
		add(m.Slug)
		add(m.Format)
		add(m.Image)
		if m.Draft {
			b = append(b, 'd')
		}
		b = append(b, 0)
		num(int64(e.Duration))
		num(int64(e.Turns))
		num(int64(len(m.Tags)))
		for _, tag := range m.Tags {
			add(tag)
		}
		num(int64(len(e.Speakers)))
		for _, sp := range e.Speakers {
			add(sp.Name)
		}
		for _, x := range render.EpisodeExports(e) {
			add(x.Name)
		}
		b = append(b, '\n')
		if len(b) > cap(b)/2 {
			h.Write(b)
			b = b[:0]
		}
	}
	for _, sp := range j.site.Speakers {
		add(sp.Name)
		add(sp.Slug)
		add(sp.Role)
		add(sp.Avatar)
		num(int64(len(sp.Episodes)))
		num(int64(sp.Turns))
		num(int64(sp.Color))
		num(int64(sp.TalkTime))
	}
	h.Write(b)
	return h.Sum()
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// staticFiles lists, in one walk of the site's static folder, the files
// published as they are: not the theme's (published fingerprinted), not
// Go files (they embed the built-in theme), and not those at a path the
// site writes itself (a page, an export, a feed, the search page or the
// search index's manifest). Each of those is left out with a warning, so
// the generated file always wins; copied, it would replace the page on
// disk whenever a rebuild kept the page without writing it.
func staticFiles(root string, st *site.Site, r *render.Renderer, theme *render.Theme) ([]string, diag.List, error) {
	dir := filepath.Join(root, "static")
	var files []string
	folders := make(map[string]bool) // of static files, with a slash, as URLs end
	// Links to files and folders are followed (see walkFiles).
	all := func(string) bool { return true }
	problems, err := walkFiles(root, dir, func(string) bool { return false }, all, func(p string) {
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if _, ok := theme.Assets[rel]; !ok && !strings.HasSuffix(rel, ".go") {
			files = append(files, rel)
			folders[path.Dir(rel)+"/"] = true
		}
	})
	if err != nil && !isNotExist(err) {
		return nil, nil, fmt.Errorf("reading static files: %w", err)
	}
	if len(files) == 0 {
		return nil, problems, nil
	}
	static := make(map[string]bool, len(files))
	for _, rel := range files {
		static[rel] = true
	}
	clash := func(name, what string) {
		if static[name] {
			delete(static, name)
			problems.Warnf(diag.Pos{File: "static/" + name}, "rename or move it; to change how the site's pages look, override a template in templates/",
				"left out of the site: verbatim writes %s at %s", what, name)
		}
	}
	clash(search.ManifestPath, "the search index's manifest")
	for _, f := range r.SiteFiles() {
		clash(f.Path, "one of its own pages")
	}
	// Only folders that hold static files are looked into: a rebuild
	// at 5,000 episodes must not make 30,000 names to find none.
	for _, e := range st.Episodes {
		if url := e.URL(); folders[url] {
			for _, x := range render.EpisodeExports(e) {
				clash(url+x.Name, "a file of episode "+e.Slug)
			}
		}
	}
	for _, sp := range st.Speakers {
		pages, _, _ := site.Pages(len(sp.Episodes), st.Config.PageSize, 1)
		for n := 1; n <= pages; n++ {
			if url := sp.Page(n); folders[url] {
				clash(url+"index.html", "a page of speaker "+sp.Name)
			}
		}
	}
	if len(problems) > 0 {
		files = slices.DeleteFunc(files, func(rel string) bool { return !static[rel] })
	}
	return files, problems, nil
}
