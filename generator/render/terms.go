package render

import (
	"fmt"

	"github.com/verbatim-ssg/verbatim/generator/site"
)

// TermPage renders page k (from 1) of the episodes filed under a tag or a
// show; kind is "tag" or "show", the page kind and its template.
func (r *Renderer) TermPage(kind string, t *site.Term, k int) (string, []byte, error) {
	pages, from, to := site.Pages(len(t.Episodes), r.site.Config.PageSize, k)
	p := &Page{Path: t.Page(k), Title: t.Name, Term: t, Episodes: t.Episodes[from:to], Pager: pager(k, pages, t.Page)}
	n := len(t.Episodes)
	switch kind {
	case "tag":
		p.Title = "Tagged " + t.Name
		p.Description = fmt.Sprintf("%d episode%s of %s tagged %s.", n, plural(n), r.site.Config.Title, t.Name)
	default:
		p.Description = fmt.Sprintf("Every episode of %s: %d in all.", t.Name, n)
	}
	if k > 1 {
		p.Title = fmt.Sprintf("%s, page %d", p.Title, k)
	}
	data, err := r.execute(kind, p)
	return p.Path, data, err
}

// Tags renders the index of tags.
func (r *Renderer) Tags() (string, []byte, error) {
	p := &Page{Path: "tags/", Title: "Tags", Description: fmt.Sprintf("The tags of %s's episodes.", r.site.Config.Title)}
	data, err := r.execute("tags", p)
	return p.Path, data, err
}

// termFiles lists the pages of the site's tags and, when it has several
// shows, of its shows: each with as many pages as its episodes fill.
func (r *Renderer) termFiles(page func(path string, f func() (string, []byte, error))) {
	each := func(kind string, terms []*site.Term) {
		for _, t := range terms {
			pages, _, _ := site.Pages(len(t.Episodes), r.site.Config.PageSize, 1)
			for k := 1; k <= pages; k++ {
				page(t.Page(k)+"index.html", func() (string, []byte, error) { return r.TermPage(kind, t, k) })
			}
		}
	}
	if len(r.site.Tags) > 0 {
		page("tags/index.html", r.Tags)
		each("tag", r.site.Tags)
	}
	if r.site.ShowPages() {
		each("show", r.site.Shows)
	}
}

// termPaths are the paths of the pages termFiles lists, for the sitemap.
func (r *Renderer) termPaths() []string {
	var paths []string
	r.termFiles(func(p string, _ func() (string, []byte, error)) {
		paths = append(paths, p[:len(p)-len("index.html")])
	})
	return paths
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
