// Package render turns a site into files: pages through html/template, turn
// text through goldmark and chroma, feeds, sitemaps and exports.
//
// Every method is a function of its arguments: the caller (the generator)
// decides what to render, in what order and in parallel, and where the
// bytes go.
package render

import (
	"bufio"
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/diag"
	"github.com/verbatim-ssg/verbatim/generator/site"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// Renderer renders the pages of one site with one theme.
type Renderer struct {
	site      *site.Site
	theme     *Theme
	templates map[string]*template.Template
	md        *Markdown
	base      *url.URL
}

// New parses the theme's templates for the site.
func New(s *site.Site, th *Theme, md *Markdown) (*Renderer, diag.List) {
	base, err := url.Parse(s.Config.BaseURL)
	if err != nil || SafeURL(s.Config.BaseURL) == "" || (base.Scheme != "http" && base.Scheme != "https") {
		base = &url.URL{Scheme: "http", Host: "localhost", Path: "/"}
	}
	r := &Renderer{site: s, theme: th, md: md, base: base}
	var problems diag.List
	r.templates, problems = th.Templates(r.funcs())
	return r, problems
}

// Rel returns the root-relative URL of a path below the site root, with the
// base URL's path in front ("/podcast/episodes/x/").
func (r *Renderer) Rel(p string) string {
	return strings.TrimSuffix(r.base.Path, "/") + "/" + strings.TrimPrefix(p, "/")
}

// Abs returns the absolute URL of a path below the site root. URLs that are
// already absolute are returned as they are, if SafeURL lets them through.
func (r *Renderer) Abs(p string) string {
	if strings.Contains(p, "://") {
		return SafeURL(p)
	}
	u := *r.base
	u.Path = r.Rel(p)
	return SafeURL(u.String())
}

// Media returns the URL of an episode's media: a relative path such as
// "/audio/ep1.mp3" points into the site's own static files. A URL SafeURL
// refuses gives "".
func (r *Renderer) media(src string) string {
	if src = SafeURL(src); src == "" || strings.Contains(src, "://") || strings.HasPrefix(src, "//") {
		return src
	}
	return r.Rel(src)
}

func (r *Renderer) funcs() template.FuncMap {
	return template.FuncMap{
		"rel": r.Rel,
		"abs": r.Abs,
		"asset": func(name string) (string, error) {
			a, ok := r.theme.Assets[name]
			if !ok {
				return "", fmt.Errorf("no asset %q in static/", name)
			}
			return r.Rel(a.Path), nil
		},
		"duration":    Duration,
		"timestamp":   transcript.FormatTimestamp,
		"truncate":    Shorten,
		"paragraphs":  paragraphsHTML,
		"headTitle":   HeadTitle,
		"favicon":     r.favicon,
		"resolve":     r.resolve,
		"avatar":      r.avatarHTML,
		"colorClass":  colorClass,
		"talkChart":   talkChartHTML,
		"artwork":     r.artwork,
		"showArtwork": r.showArtwork,
		"shareImage":  r.shareImage,
		"showPages":   r.site.ShowPages,
	}
}

// Duration writes an episode's length for people: "1 h 32 min", "45 min".
func Duration(d time.Duration) string {
	m := int(d.Round(time.Minute) / time.Minute)
	switch {
	case m >= 60:
		return fmt.Sprintf("%d h %d min", m/60, m%60)
	case m > 0:
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d s", int(d/time.Second))
}

// paragraphsHTML turns plain text with blank lines into escaped paragraphs.
func paragraphsHTML(s string) template.HTML {
	var b strings.Builder
	for _, p := range strings.Split(s, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			b.WriteString("<p>")
			b.WriteString(template.HTMLEscapeString(p))
			b.WriteString("</p>")
		}
	}
	return template.HTML(b.String())
}

// Page is what every template gets.
type Page struct {
	Site        *site.Site
	Kind        string
	Title       string
	Description string
	Path        string // below the site root, such as "episodes/x/"
	EditURL     string

	Episode  *Episode        // episode pages
	Speaker  *site.Speaker   // speaker pages
	Entries  []SpeakerEntry  // speaker pages
	Episodes []*site.Episode // home, tag and show pages
	Term     *site.Term      // tag and show pages
	Pager    Pager
}

// Pager links the pages of a paginated list.
type Pager struct {
	Page, Pages int
	Prev, Next  string // paths below the site root, "" at the ends
}

func (r *Renderer) execute(kind string, p *Page) ([]byte, error) {
	p.Site = r.site
	p.Kind = kind
	ep := p.Episode
	if ep == nil || ep.transcript == nil {
		size := 16 << 10
		for _, e := range p.Entries {
			size += len(e.List) // a speaker's page is mostly its lists of turns
		}
		var b bytes.Buffer
		b.Grow(size)
		return r.run(kind, p, &b)
	}
	ep.Transcript = transcriptMark
	skeleton, err := r.run(kind, p, bytes.NewBuffer(buffer(32<<10)))
	if err != nil {
		return nil, err
	}
	defer recycle(skeleton)
	if page := spliceTranscript(skeleton, ep.transcript); page != nil {
		return page, nil
	}
	// The theme's template does not print the transcript as it is (it
	// leaves it out, or escapes it): run it again with the real one.
	ep.Transcript = template.HTML(ep.transcript)
	var b bytes.Buffer
	return r.run(kind, p, &b)
}

// run executes the page's template into b and returns b's bytes.
func (r *Renderer) run(kind string, p *Page, b *bytes.Buffer) ([]byte, error) {
	if err := r.templates[kind].ExecuteTemplate(b, "base", p); err != nil {
		return nil, r.theme.templateProblem(err)
	}
	return b.Bytes(), nil
}

// transcriptMark stands for an episode's transcript while its page's
// template runs, and the transcript's HTML, a few hundred kilobytes for an
// hour, is put in its place afterwards: printed by the template, it went
// through fmt's buffer and a page buffer grown for it, twice its size in
// copies and allocations. No other text on a page can hold the mark:
// html/template writes a NUL byte in no context as is, and the trusted HTML
// this package hands templates (turns, descriptions) never holds one.
const transcriptMark = "\x00verbatim:transcript\x00"

// spliceTranscript returns page with the transcript in place of each
// transcriptMark, or nil when page has none.
func spliceTranscript(page, transcript []byte) []byte {
	n := bytes.Count(page, []byte(transcriptMark))
	if n == 0 {
		return nil
	}
	out := buffer(len(page) + n*(len(transcript)-len(transcriptMark)))
	for {
		i := bytes.Index(page, []byte(transcriptMark))
		if i < 0 {
			return append(out, page...)
		}
		out = append(append(out, page[:i]...), transcript...)
		page = page[i+len(transcriptMark):]
	}
}

// Home renders page k (from 1) of the list of episodes and returns its path.
func (r *Renderer) Home(k int) (string, []byte, error) {
	pages, from, to := site.Pages(len(r.site.Episodes), r.site.Config.PageSize, k)
	p := &Page{Path: homePage(k), Episodes: r.site.Episodes[from:to], Description: r.site.Config.Description,
		Pager: pager(k, pages, homePage)}
	if k > 1 {
		p.Title = fmt.Sprintf("Episodes, page %d", k)
	}
	data, err := r.execute("home", p)
	return p.Path, data, err
}

// HomePages is the number of pages of the episode list.
func (r *Renderer) HomePages() int {
	n, _, _ := site.Pages(len(r.site.Episodes), r.site.Config.PageSize, 1)
	return n
}

func homePage(k int) string {
	if k <= 1 {
		return ""
	}
	return fmt.Sprintf("page/%d/", k)
}

func pager(k, pages int, at func(int) string) Pager {
	p := Pager{Page: k, Pages: pages}
	if k > 1 {
		p.Prev = at(k - 1)
	}
	if k < pages {
		p.Next = at(k + 1)
	}
	return p
}

// Speakers renders the index of speakers.
func (r *Renderer) Speakers() (string, []byte, error) {
	p := &Page{Path: "speakers/", Title: "Speakers"}
	data, err := r.execute("speakers", p)
	return p.Path, data, err
}

// Search renders the search page.
func (r *Renderer) Search() (string, []byte, error) {
	p := &Page{Path: "search/", Title: "Search"}
	data, err := r.execute("search", p)
	return p.Path, data, err
}

// NotFound renders 404.html.
func (r *Renderer) NotFound() (string, []byte, error) {
	p := &Page{Path: "404.html", Title: "Page not found"}
	data, err := r.execute("404", p)
	return p.Path, data, err
}

// SpeakerEntry is one episode on a speaker's page, with the speaker's turns.
type SpeakerEntry struct {
	Episode *site.Episode
	Turns   []TurnRef
	List    template.HTML // the turns as <li> elements, for the template
	// Share is the speaker's talk time in the episode, and their part of
	// everyone's: {{.Share.HTML}} writes it.
	Share TalkShare
}

// TurnRef is a turn as a speaker's page lists it.
type TurnRef struct {
	ID      string
	Time    string
	Excerpt string
}

// SpeakerPage renders page k of a speaker's turns; entries are the
// speaker's episodes on that page, newest first.
func (r *Renderer) SpeakerPage(sp *site.Speaker, k int, entries []SpeakerEntry) (string, []byte, error) {
	pages, _, _ := site.Pages(len(sp.Episodes), r.site.Config.PageSize, k)
	for i := range entries {
		entries[i].List = r.turnRefsHTML(entries[i].Episode.URL(), entries[i].Turns)
		entries[i].Share = shareOf(entries[i].Episode, sp)
	}
	p := &Page{Path: sp.Page(k), Title: sp.Name, Speaker: sp, Entries: entries,
		Description: fmt.Sprintf("Everything %s said, in %d episodes.", sp.Name, len(sp.Episodes)),
		Pager:       pager(k, pages, sp.Page)}
	if k > 1 {
		p.Title = fmt.Sprintf("%s, page %d", sp.Name, k)
	}
	data, err := r.execute("speaker", p)
	return p.Path, data, err
}

// SiteFile is a file that lists the whole site, rendered on demand.
type SiteFile struct {
	Path string // slash path of the file below the site root
	// Render writes the file to w (whose errors its caller sees when
	// it flushes w): the feed of 20,000 episodes is 23 MB, written as it
	// is made rather than held whole.
	Render func(w *bufio.Writer) error
}

// SiteFiles returns the files that list the whole site: the home pages,
// the speakers index, the tag and show pages, the search and 404 pages, the feed, the sitemap,
// robots.txt and llms.txt. Their paths are known without rendering them, so
// a build can keep them when nothing they list changed.
func (r *Renderer) SiteFiles() []SiteFile {
	var files []SiteFile
	page := func(path string, f func() (string, []byte, error)) {
		files = append(files, SiteFile{path, func(w *bufio.Writer) error {
			_, data, err := f()
			if err != nil {
				return err
			}
			_, err = w.Write(data)
			return err
		}})
	}
	for k := 1; k <= r.HomePages(); k++ {
		page(homePage(k)+"index.html", func() (string, []byte, error) { return r.Home(k) })
	}
	page("speakers/index.html", r.Speakers)
	r.termFiles(page)
	page("search/index.html", r.Search)
	page("404.html", r.NotFound)
	list := func(path string, f func(w *bufio.Writer)) {
		files = append(files, SiteFile{path, func(w *bufio.Writer) error { f(w); return nil }})
	}
	list("feed.xml", r.Feed)
	list("sitemap.xml", r.Sitemap)
	list("robots.txt", r.Robots)
	list("llms.txt", r.LLMs)
	return files
}
