package site

import (
	"fmt"
	"strings"
	"testing"
)

// tagged is a summary with a show and tags.
func tagged(source, date, show string, tags ...string) *Summary {
	s := summary(source, strings.ToUpper(source), date, false, "Ann")
	s.Meta.Show, s.Meta.Tags = show, tags
	return s
}

// termsOf writes terms as "slug=Name:episode,episode" in order.
func termsOf(terms []*Term) string {
	var out []string
	for _, t := range terms {
		var eps []string
		for _, e := range t.Episodes {
			eps = append(eps, e.Slug)
		}
		out = append(out, fmt.Sprintf("%s=%s:%s", t.Slug, t.Name, strings.Join(eps, ",")))
	}
	return strings.Join(out, " ")
}

func TestTerms(t *testing.T) {
	tests := []struct {
		name       string
		sums       []*Summary
		tags       string
		shows      string
		showPages  bool
		warnings   int
		firstPaths string // the first episode's tag pages
	}{
		{
			name:       "OK",
			sums:       []*Summary{tagged("a", "2024-01-01", "Field Notes", "maps", "data"), tagged("b", "2024-02-01", "Field Notes", "data")},
			tags:       "data=data:b,a maps=maps:a",
			shows:      "field-notes=Field Notes:b,a",
			firstPaths: "tags/maps/ tags/data/",
		},
		{
			name: "SameSlugIsOneTagNamedByTheNewest",
			sums: []*Summary{tagged("a", "2024-01-01", "", "Static sites"), tagged("b", "2024-02-01", "", "static-sites")},
			tags: "static-sites=static-sites:b,a", firstPaths: "tags/static-sites/",
		},
		{
			name: "TagTwiceInOneEpisodeCountsOnce",
			sums: []*Summary{tagged("a", "2024-01-01", "", "Maps", "maps")},
			tags: "maps=Maps:a", firstPaths: "tags/maps/",
		},
		{
			name:      "SeveralShowsHavePages",
			sums:      []*Summary{tagged("a", "2024-01-01", "Field Notes"), tagged("b", "2024-02-01", "Night Shift"), tagged("c", "2024-03-01", "")},
			shows:     "field-notes=Field Notes:a night-shift=Night Shift:b",
			showPages: true,
		},
		{
			name:     "WarnTagWithoutLetters",
			sums:     []*Summary{tagged("a", "2024-01-01", "", "???", "ok")},
			tags:     "ok=ok:a",
			warnings: 1, firstPaths: "tags/ok/",
		},
		{
			name:     "WarnTagTooLongForAFileName",
			sums:     []*Summary{tagged("a", "2024-01-01", "", strings.Repeat("long ", 60))},
			warnings: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, problems := New(DefaultConfig(), tt.sums, false)
			if problems.HasErrors() || len(problems) != tt.warnings {
				t.Errorf("problems:\n%s\nwant %d warnings", problems.Format(), tt.warnings)
			}
			if got := termsOf(s.Tags); got != tt.tags {
				t.Errorf("tags %q, want %q", got, tt.tags)
			}
			if got := termsOf(s.Shows); got != tt.shows {
				t.Errorf("shows %q, want %q", got, tt.shows)
			}
			if s.ShowPages() != tt.showPages {
				t.Errorf("ShowPages() = %v, want %v", s.ShowPages(), tt.showPages)
			}
			var paths []string
			for _, tag := range s.Episodes[len(s.Episodes)-1].Tags {
				paths = append(paths, tag.Page(1))
			}
			if got := strings.Join(paths, " "); !strings.HasPrefix(got, tt.firstPaths) || (tt.firstPaths == "" && got != "") {
				t.Errorf("the oldest episode links %q, want %q first", got, tt.firstPaths)
			}
		})
	}
}

func TestTermPage(t *testing.T) {
	tag := &Term{Slug: "maps", folder: "tags/"}
	for n, want := range map[int]string{0: "tags/maps/", 1: "tags/maps/", 2: "tags/maps/page/2/"} {
		if got := tag.Page(n); got != want {
			t.Errorf("Page(%d) = %q, want %q", n, got, want)
		}
	}
}
