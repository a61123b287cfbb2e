package site

import (
	"sort"
	"strconv"
	"strings"

	"github.com/verbatim-ssg/verbatim/generator/diag"
)

// Term is a name that episodes share, with a page that lists them: a tag
// or a show.
type Term struct {
	Name     string // as the newest episode that carries it writes it
	Slug     string
	Episodes []*Episode // newest first
	folder   string     // "tags/" or "shows/"
}

// Page is the path below the site root of the term's n-th page (from 1):
// "tags/maps/", "tags/maps/page/2/".
func (t *Term) Page(n int) string {
	if n <= 1 {
		return t.folder + t.Slug + "/"
	}
	return t.folder + t.Slug + "/page/" + strconv.Itoa(n) + "/"
}

// terms gathers the terms of one kind across the episodes, which come
// newest first. Names are one term when their slugs are ("Static sites",
// "static-sites"): the newest episode's spelling names it. A name that
// makes no slug, or one too long for a file name, gets no page and a
// warning.
type terms struct {
	folder string
	bySlug map[string]*Term
	list   []*Term
}

func newTerms(folder string) *terms {
	return &terms{folder: folder, bySlug: make(map[string]*Term)}
}

// add files e under name and returns its term, or nil when the name makes
// no page.
func (ts *terms) add(e *Episode, name string, problems *diag.List) *Term {
	name = strings.TrimSpace(name)
	slug := Slug(name)
	if slug == "" || len(slug) > MaxSlug {
		if name != "" {
			what := strings.TrimSuffix(ts.folder, "s/")
			problems.Warnf(e.slugPos(), "use a name with letters or digits, shorter than "+strconv.Itoa(MaxSlug)+" bytes",
				"%s %q makes no URL: it gets no page", what, shorten(name))
		}
		return nil
	}
	t, ok := ts.bySlug[slug]
	if !ok {
		t = &Term{Name: name, Slug: slug, folder: ts.folder}
		ts.bySlug[slug] = t
		ts.list = append(ts.list, t)
	}
	if n := len(t.Episodes); n == 0 || t.Episodes[n-1] != e { // a tag written twice counts once
		t.Episodes = append(t.Episodes, e)
	}
	return t
}

// sorted returns the terms by name, case aside, then slug.
func (ts *terms) sorted() []*Term {
	sort.Slice(ts.list, func(i, j int) bool {
		a, b := strings.ToLower(ts.list[i].Name), strings.ToLower(ts.list[j].Name)
		if a != b {
			return a < b
		}
		return ts.list[i].Slug < ts.list[j].Slug
	})
	return ts.list
}

// gatherTerms files the site's episodes, newest first, under their tags
// and shows.
func (s *Site) gatherTerms() diag.List {
	var problems diag.List
	tags, shows := newTerms("tags/"), newTerms("shows/")
	for _, e := range s.Episodes {
		e.Tags = e.Tags[:0]
		for _, name := range e.Meta.Tags {
			if t := tags.add(e, name, &problems); t != nil && !containsTerm(e.Tags, t) {
				e.Tags = append(e.Tags, t)
			}
		}
		e.Show = nil
		if e.Meta.Show != "" {
			e.Show = shows.add(e, e.Meta.Show, &problems)
		}
	}
	s.Tags, s.Shows = tags.sorted(), shows.sorted()
	return problems
}

func containsTerm(list []*Term, t *Term) bool {
	for _, x := range list {
		if x == t {
			return true
		}
	}
	return false
}

// ShowPages reports whether the site has a page for each show: when it
// has several. A site of one show is its home page.
func (s *Site) ShowPages() bool { return len(s.Shows) > 1 }
