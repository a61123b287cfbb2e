package generator

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/diag"
	"github.com/verbatim-ssg/verbatim/generator/output"
	"github.com/verbatim-ssg/verbatim/generator/render"
	"github.com/verbatim-ssg/verbatim/generator/site"
)

// Version identifies the generator's output format; state saved by another
// version is not reused.
const Version = "verbatim-6"

// Result tells what a build did.
type Result struct {
	Episodes int
	Pages    int       // HTML pages in the site
	Wrote    int       // output files whose bytes changed or are new
	Written  []string  // their paths, listed by previews only (Config.Preview)
	Removed  []string  // output paths removed
	Warnings diag.List // problems that did not stop the build
	Elapsed  time.Duration
}

// Builder builds one site again and again, reusing what did not change
// since its last build (or, in a new process, since the build recorded in
// the output folder's manifest).
type Builder struct {
	cfg      Config
	md       *render.Markdown
	state    *state
	manifest *output.Manifest // kept in memory by previews
	// saved identifies the manifest this builder's last build saved: the
	// state kept in memory is this builder's only while the folder still
	// holds that manifest (another build may have written it since).
	saved uint64
	last  *job // a preview's last good build, for Search

	// searchFiles is the manifest of a preview's search index, which
	// Search writes and Build leaves alone: the output folder holds the
	// files of both manifests, so a rebuild neither lists the index's
	// ~12 files per episode nor checks them one by one.
	searchFiles *output.Manifest

	// changed are the paths a watcher reported since the last good build,
	// whose transcripts, sorted, are names; rescan says a build since then
	// was to look at every transcript. A failed build leaves what it was
	// told for the next one.
	changed []string
	names   []string
	rescan  bool

	// refs keeps, for a preview, the turns each episode's speakers' pages
	// list, so an edit re-renders its speakers' pages without reading the
	// other episodes on them again.
	mu   sync.Mutex
	refs map[string]packedRefs

	// committing is held by Build throughout and by Search while it
	// commits, so a search pass that is cancelled but still winding down
	// when the next build starts never commits over it.
	committing sync.Mutex
}

// packedRefs is one episode's turns as its speakers' pages list them, in a
// few allocations without pointers: a preview holds every episode's, and
// at 5,000 episodes a million TurnRefs of three strings each cost the
// collector a scan of their pointers in every cycle.
type packedRefs struct {
	sum      output.Sum // of the transcript they come from
	text     string     // each turn's ID, Time and Excerpt, one after another
	ends     []uint32   // where each of those ends in text
	speakers []string   // speaker slugs, in the order their turns are packed
	counts   []int      // how many turns each speaker has
}

func packRefs(sum output.Sum, refs map[string][]render.TurnRef) packedRefs {
	p := packedRefs{sum: sum, speakers: slices.Sorted(maps.Keys(refs))}
	size, turns := 0, 0
	for _, list := range refs {
		turns += len(list)
		for _, r := range list {
			size += len(r.ID) + len(r.Time) + len(r.Excerpt)
		}
	}
	var b strings.Builder
	b.Grow(size)
	p.ends = make([]uint32, 0, 3*turns)
	p.counts = make([]int, len(p.speakers))
	for i, slug := range p.speakers {
		p.counts[i] = len(refs[slug])
		for _, r := range refs[slug] {
			for _, s := range [...]string{r.ID, r.Time, r.Excerpt} {
				b.WriteString(s)
				p.ends = append(p.ends, uint32(b.Len()))
			}
		}
	}
	p.text = b.String()
	return p
}

func (p packedRefs) unpack() map[string][]render.TurnRef {
	refs := make(map[string][]render.TurnRef, len(p.speakers))
	start, k := uint32(0), 0
	next := func() string {
		s := p.text[start:p.ends[k]]
		start = p.ends[k]
		k++
		return s
	}
	for i, slug := range p.speakers {
		list := make([]render.TurnRef, p.counts[i])
		for j := range list {
			list[j] = render.TurnRef{ID: next(), Time: next(), Excerpt: next()}
		}
		refs[slug] = list
	}
	return refs
}

func (b *Builder) cachedRefs(source string, sum output.Sum) map[string][]render.TurnRef {
	b.mu.Lock()
	c, ok := b.refs[source]
	b.mu.Unlock()
	if !ok || c.sum != sum {
		return nil
	}
	return c.unpack()
}

// pruneRefs forgets episodes that are gone.
func (b *Builder) pruneRefs(sources map[string]*source) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for name := range b.refs {
		if _, ok := sources[name]; !ok {
			delete(b.refs, name)
		}
	}
}

func (b *Builder) cacheRefs(source string, sum output.Sum, refs map[string][]render.TurnRef) {
	if !b.cfg.Preview {
		return
	}
	p := packRefs(sum, refs)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.refs == nil {
		b.refs = make(map[string]packedRefs)
	}
	b.refs[source] = p
}

// state is what a build leaves for the next one.
type state struct {
	Sources map[string]*source    // by slash path relative to the site root
	Keys    map[string]output.Sum // inputs of each rendered page group, by path
}

// NewBuilder returns a builder for cfg.
func NewBuilder(cfg Config) *Builder {
	return &Builder{cfg: cfg, md: render.NewMarkdown()}
}

// Build builds the site, looking at every transcript's size and time to
// see what changed. Problems in the input come back as a diag.List error,
// with the output folder left as it was.
func (b *Builder) Build(ctx context.Context) (*Result, error) {
	b.rescan = true
	return b.build(ctx)
}

// BuildChanged builds the site after a watcher saw the files or folders at
// paths change (absolute, or relative to the working folder), reading only
// the transcripts among them instead of looking at every one. Each change
// since the last good build must be reported to it or to Build; a path
// outside the content folder makes it look at every transcript.
func (b *Builder) BuildChanged(ctx context.Context, paths []string) (*Result, error) {
	b.changed = append(b.changed, paths...)
	return b.build(ctx)
}

func (b *Builder) build(ctx context.Context) (*Result, error) {
	b.committing.Lock()
	defer b.committing.Unlock()
	start := time.Now()
	root := b.cfg.Source
	outDir := b.cfg.output()
	if err := checkDirs(root, outDir); err != nil {
		return nil, err
	}

	conf, problems := site.LoadConfig(root)
	if b.cfg.BaseURL != "" {
		conf.BaseURL = strings.TrimSuffix(b.cfg.BaseURL, "/") + "/"
		if why := site.CheckAbsoluteURL(b.cfg.BaseURL); why != "" {
			problems.Errorf(diag.Pos{File: "-base-url"}, "give the site's full address, such as https://example.org/", "base URL %q %s", b.cfg.BaseURL, why)
		}
	}
	theme, themeProblems := render.LoadTheme(root, conf.HighlightStyle, conf.HighlightStyleDark, b.cfg.Fingerprint)
	problems = append(problems, themeProblems...)

	names, reread, err := b.sourceNames(root)
	if err != nil {
		return nil, fmt.Errorf("listing transcripts: %w", err)
	}
	out, err := output.Open(outDir, output.Options{Version: Version, Previous: b.manifest, Private: b.cfg.Preview, ListWritten: b.cfg.Preview, Force: b.cfg.Force})
	if err != nil {
		return nil, err
	}
	for _, w := range out.Warnings() {
		problems.Warnf(diag.Pos{File: w.Path}, w.Hint, "%s", w.Msg)
	}
	prev := b.state
	switch {
	case b.cfg.Force:
		prev = decodeState(nil) // read and render everything
	case prev == nil || (!b.cfg.Preview && out.Last() != b.saved):
		prev = decodeState(out.State())
	}
	var sources map[string]*source
	if reread == nil {
		sources, err = readSources(ctx, root, names, prev.Sources, conf.ParseOptions(), b.cfg.Workers, b.progress("reading", len(names)))
	} else {
		fresh := slices.Sorted(maps.Keys(reread))
		sources, err = readSources(ctx, root, fresh, nil, conf.ParseOptions(), b.cfg.Workers, b.progress("reading", len(fresh)))
		for _, name := range names {
			if !reread[name] {
				sources[name] = prev.Sources[name]
			}
		}
	}
	if err != nil {
		out.Abort()
		return nil, err
	}
	summaries := make([]*site.Summary, 0, len(names))
	for _, name := range names {
		s := sources[name]
		problems = append(problems, s.Problems...)
		summaries = append(summaries, s.Summary)
	}
	st, siteProblems := site.New(conf, summaries, b.cfg.Drafts)
	problems = append(problems, siteProblems...)
	r, renderProblems := render.New(st, theme, b.md)
	problems = append(problems, renderProblems...)
	static, staticProblems, err := staticFiles(root, st, r, theme)
	if err != nil {
		out.Abort()
		return nil, err
	}
	problems = append(problems, staticProblems...)
	// -strict: warnings fail the build, and stay warnings.
	strictFails := b.cfg.Strict && len(problems) > 0
	// Said after -strict's count: a local build for a look is fine.
	if b.cfg.BaseURL == "" && !b.cfg.Preview && conf.BaseURL == site.DefaultConfig().BaseURL {
		problems.Warnf(diag.Pos{File: site.ConfigFile}, "set baseURL: https://your.site/ in "+site.ConfigFile+", or build with -base-url; the pages' own links are root-relative and work anywhere",
			"no baseURL: the feed, sitemap, robots.txt, llms.txt, canonical links and Open Graph tags point at %s", conf.BaseURL)
	}
	if problems.HasErrors() || strictFails {
		out.Abort()
		return nil, problems
	}

	next := &state{Sources: sources, Keys: make(map[string]output.Sum, len(prev.Keys))}
	sums := make([]output.Sum, len(st.Episodes))
	for i, e := range st.Episodes {
		sums[i] = sources[e.Source].Sum
	}
	job := &job{b: b, ctx: ctx, site: st, r: r, out: out, sources: sources, sums: sums, prev: prev, next: next, theme: theme, workers: b.cfg.Workers, static: static,
		base: []byte(fmt.Sprintf("%x\x00%+v\x00%v\x00", theme.Key, conf, b.cfg.Drafts))}
	pages, err := job.run()
	if err != nil {
		out.Abort()
		var p *diag.Problem
		if errors.As(err, &p) {
			return nil, append(problems.Warnings(), p)
		}
		return nil, err
	}
	var saved []byte
	if !b.cfg.Preview {
		saved = encodeState(next)
	}
	changes, manifest, err := out.Commit(saved)
	if err != nil {
		b.manifest = nil
		return nil, fmt.Errorf("writing %s: %w", outDir, err)
	}
	b.state, b.saved, b.cfg.Force = next, changes.Manifest, false
	b.changed, b.names, b.rescan = nil, names, false
	if b.cfg.Preview {
		b.manifest = manifest
		b.pruneRefs(next.Sources)
		job.ctx, job.out, job.prev = nil, nil, next
		b.last = job
	}
	return &Result{
		Episodes: len(st.Episodes),
		Pages:    pages,
		Wrote:    changes.Wrote,
		Written:  changes.Written,
		Removed:  changes.Removed,
		Warnings: problems.Warnings(),
		Elapsed:  time.Since(start),
	}, nil
}

// sourceNames returns the site's transcripts, sorted, and which of them to
// read again: all of them, by size and time, when reread is nil; otherwise
// the changes reported since the last good build tell, and the rest are
// as that build read them.
func (b *Builder) sourceNames(root string) (names []string, reread map[string]bool, err error) {
	if b.state != nil && !b.rescan {
		names, reread, ok, err := changedSources(root, b.names, b.changed)
		if err != nil || ok {
			return names, reread, err
		}
	}
	names, err = listSources(root)
	return names, nil, err
}

// Search writes the search index of the last good build of a preview,
// which leaves it out so the browser reloads without waiting for it. It
// returns nil, nil when there is nothing to do. Cancelling ctx stops it
// and leaves the output as it was. It must start after a Build returns;
// once cancelled, it may still be winding down while the next Build runs,
// as it then commits nothing.
func (b *Builder) Search(ctx context.Context) (*Result, error) {
	j := b.last
	if j == nil {
		return nil, nil
	}
	start := time.Now()
	prev := b.searchFiles
	if prev == nil {
		prev = &output.Manifest{Version: Version} // no index yet; the site's files are Build's
	}
	out, err := output.Open(b.cfg.output(), output.Options{Version: Version, Previous: prev, Private: true, ListWritten: true})
	if err != nil {
		return nil, err
	}
	// The search pass records its key in next; a copy, so that a cancelled
	// pass leaves no key for an index it did not write.
	next := &state{Sources: b.state.Sources, Keys: make(map[string]output.Sum, len(b.state.Keys))}
	for k, v := range b.state.Keys {
		next.Keys[k] = v
	}
	// The pass leaves a core to the next save's rebuild, which would
	// otherwise wait for the pass's episodes in flight to wind down.
	j.ctx, j.out, j.prev, j.next, j.workers = ctx, out, b.state, next, max(1, b.cfg.Workers-1)
	defer func() { j.ctx, j.out = nil, nil }()
	if err := j.searchIndex(); err != nil {
		out.Abort()
		return nil, err
	}
	b.committing.Lock()
	defer b.committing.Unlock()
	if err := ctx.Err(); err != nil {
		out.Abort() // cancelled as it finished: a build may have run since
		return nil, err
	}
	changes, manifest, err := out.Commit(nil)
	if err != nil {
		b.searchFiles = nil
		return nil, err
	}
	b.searchFiles = manifest
	b.state = next
	return &Result{Episodes: len(j.site.Episodes), Wrote: changes.Wrote, Written: changes.Written, Removed: changes.Removed, Elapsed: time.Since(start)}, nil
}

// progress returns a callback for one stage, or nil without a Progress.
func (b *Builder) progress(stage string, total int) func(int) {
	if b.cfg.Progress == nil {
		return nil
	}
	return func(done int) { b.cfg.Progress(stage, done, total) }
}

// checkDirs refuses an output folder that is the site itself, holds it, or
// lies inside a folder the site reads from.
func checkDirs(root, out string) error {
	absRoot, err := resolve(root)
	if err != nil {
		return err
	}
	absOut, err := resolve(out)
	if err != nil {
		return err
	}
	if info, err := os.Stat(absRoot); err != nil || !info.IsDir() {
		return fmt.Errorf("%s is not a folder; give the site's folder with -src", root)
	}
	if within(absRoot, absOut) {
		return fmt.Errorf("the output folder %s is the site's folder or holds it; choose another -out", out)
	}
	for _, name := range []string{ContentDir, "templates", "static"} {
		dir, err := resolve(filepath.Join(absRoot, name)) // content/ may be a link
		if err != nil {
			return err
		}
		if within(dir, absOut) || within(absOut, dir) {
			return fmt.Errorf("the output folder %s overlaps the site's %s/ folder; choose another -out", out, name)
		}
	}
	return nil
}

// resolve returns the absolute path of p with its symbolic links followed,
// as far as it exists: an -out that does not exist yet may be inside a
// link to the site's content/.
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for dir := abs; ; dir = filepath.Dir(dir) {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(real, rest), nil
		}
		if filepath.Dir(dir) == dir {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(dir), rest)
	}
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && (rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))))
}

// storedState is state as saved in the manifest: sorted slices rather than
// maps, so two builds of the same input write the same bytes.
type storedState struct {
	SourceNames []string
	Sources     []*source
	KeyNames    []string
	Keys        []output.Sum
}

func decodeState(data []byte) *state {
	s := &state{Sources: map[string]*source{}, Keys: map[string]output.Sum{}}
	var st storedState
	if len(data) == 0 || gob.NewDecoder(bytes.NewReader(data)).Decode(&st) != nil ||
		len(st.SourceNames) != len(st.Sources) || len(st.KeyNames) != len(st.Keys) {
		return s
	}
	for i, name := range st.SourceNames {
		s.Sources[name] = st.Sources[i]
	}
	for i, name := range st.KeyNames {
		s.Keys[name] = st.Keys[i]
	}
	return s
}

func encodeState(s *state) []byte {
	st := storedState{SourceNames: slices.Sorted(maps.Keys(s.Sources)), KeyNames: slices.Sorted(maps.Keys(s.Keys))}
	for _, name := range st.SourceNames {
		st.Sources = append(st.Sources, s.Sources[name])
	}
	for _, name := range st.KeyNames {
		st.Keys = append(st.Keys, s.Keys[name])
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&st); err != nil {
		return nil
	}
	return buf.Bytes()
}
