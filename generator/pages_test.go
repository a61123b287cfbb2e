package generator

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// pagesSite is two shows, tags (two of them one tag by their slug), show
// artwork and an episode's own.
const pagesSite = `
-- verbatim.yaml --
title: Two Shows
image: /art/show.png
-- static/art/show.png --
not really a PNG
-- static/art/a.png --
nor this
-- static/audio/a.mp3 --
nor this an MP3
-- content/a.md --
---
title: Alpha
date: 2024-03-01
show: Morning Edition
image: /art/a.png
media: /audio/a.mp3
tags: [Static sites, search]
---
**Ann** (0:00)
Hi.
-- content/b.md --
---
title: Beta
date: 2024-02-01
show: Night Shift
tags: [static-sites]
---
**Bo** (0:00)
Hi.
-- content/c.md --
---
title: Gamma
date: 2024-01-01
show: Morning Edition
---
**Ann** (0:00)
Hi.
`

// TestTagAndShowPages builds a site of two shows and reads its pages: each
// show and tag has a page listing its episodes, linked from the episodes,
// the home page and the sitemap; nothing links nowhere; shared links carry
// absolute pictures, and the feed gives apps the artwork.
func TestTagAndShowPages(t *testing.T) {
	dir := writeSite(t, pagesSite)
	out := filepath.Join(dir, "public")
	mustBuild(t, dir, out)
	s := readSite(t, out)
	if broken := s.brokenLinks(); len(broken) > 0 {
		t.Errorf("broken links:\n%s", strings.Join(broken, "\n"))
	}
	lists := map[string][]string{ // page -> the episodes it lists, in order
		"shows/morning-edition/index.html": {"/episodes/a/", "/episodes/c/"},
		"shows/night-shift/index.html":     {"/episodes/b/"},
		"tags/static-sites/index.html":     {"/episodes/a/", "/episodes/b/"},
		"tags/search/index.html":           {"/episodes/a/"},
	}
	for name, want := range lists {
		page := s.pages[name]
		if page == nil {
			t.Errorf("no %s", name)
			continue
		}
		var got []string
		for _, a := range find(page.doc, func(n *html.Node) bool { return n.Data == "a" && n.Parent != nil && n.Parent.Data == "h2" }) {
			got = append(got, attr(a, "href"))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s lists %v, want %v", name, got, want)
		}
	}
	linksFrom := func(name, class string) []string {
		var got []string
		for _, a := range find(s.pages[name].doc, func(n *html.Node) bool {
			return n.Data == "a" && (hasClass(n, class) || n.Parent != nil && n.Parent.Parent != nil && hasClass(n.Parent.Parent.Parent, class))
		}) {
			got = append(got, attr(a, "href"))
		}
		return got
	}
	if got := linksFrom("episodes/a/index.html", "tags"); !slices.Equal(got, []string{"/tags/static-sites/", "/tags/search/"}) {
		t.Errorf("episode a links the tags %v", got)
	}
	if got := linksFrom("episodes/b/index.html", "show"); !slices.Equal(got, []string{"/shows/night-shift/"}) {
		t.Errorf("episode b links its show as %v", got)
	}
	if got := linksFrom("index.html", "shows"); !slices.Equal(got, []string{"/shows/morning-edition/", "/shows/night-shift/"}) {
		t.Errorf("the home page links the shows %v", got)
	}
	if name := textOf(find(s.pages["tags/static-sites/index.html"].doc, func(n *html.Node) bool { return n.Data == "h1" })[0]); name != "Episodes tagged “Static sites”" {
		t.Errorf("the tag page is headed %q: the newest episode's spelling names a tag", name)
	}

	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	for _, want := range []string{"https://example.org/shows/night-shift/", "https://example.org/tags/static-sites/", "https://example.org/tags/"} {
		if !strings.Contains(read("sitemap.xml"), "<loc>"+want+"</loc>") {
			t.Errorf("the sitemap lacks %s", want)
		}
	}
	for page, want := range map[string]string{
		"episodes/a/index.html":  `<meta property="og:image" content="https://example.org/art/a.png">`,
		"episodes/b/index.html":  `<meta property="og:image" content="https://example.org/art/show.png">`,
		"tags/search/index.html": `<meta property="og:image" content="https://example.org/art/show.png">`,
	} {
		if got := read(page); !strings.Contains(got, want) || !strings.Contains(got, `<meta name="twitter:card" content="summary_large_image">`) {
			t.Errorf("%s lacks %s or its twitter:card", page, want)
		}
	}
	feed := read("feed.xml")
	for _, want := range []string{`<itunes:image href="https://example.org/art/show.png"/>`, `<itunes:image href="https://example.org/art/a.png"/>`} {
		if !strings.Contains(feed, want) {
			t.Errorf("the feed lacks %s", want)
		}
	}
}

// TestOneShowHasNoShowPages: a site of one show is its home page.
func TestOneShowHasNoShowPages(t *testing.T) {
	dir := writeSite(t, strings.ReplaceAll(pagesSite, "Night Shift", "Morning Edition"))
	out := filepath.Join(dir, "public")
	mustBuild(t, dir, out)
	if _, err := os.Stat(filepath.Join(out, "shows")); !os.IsNotExist(err) {
		t.Errorf("a site of one show has show pages (%v)", err)
	}
	if broken := readSite(t, out).brokenLinks(); len(broken) > 0 {
		t.Errorf("broken links:\n%s", strings.Join(broken, "\n"))
	}
}

// TestMetaLinesJoinWhatTheyHave: an episode's line of show, date and length
// (on its page, its card, and its speakers' pages) puts a dot between the
// parts it has and nowhere else, and is left out when it has none. Archives from other tools often have no
// date, or no show: "Night Shift · · 1 min" it once read.
func TestMetaLinesJoinWhatTheyHave(t *testing.T) {
	dir := writeSite(t, `
-- content/all.md --
---
title: All
date: 2024-03-01
show: Night Shift
---
**Ann** (0:00)
Hi.

**Bo** (1:00)
Hello.
-- content/no-date.md --
---
title: No date
show: Night Shift
---
**Ann** (0:00)
Hi.

**Bo** (1:00)
Hello.
-- content/no-show.md --
---
title: No show
date: 2024-02-01
---
**Ann** (0:00)
Hi.

**Bo** (1:00)
Hello.
-- content/bare.md --
---
title: Bare
---
**Ann** (0:00)
Hi.

**Bo** (1:00)
Hello.
-- content/untimed.md --
---
title: Untimed
---
**Ann:** Hi.

**Bo:** Hello.
`)
	out := filepath.Join(dir, "public")
	mustBuild(t, dir, out)
	s := readSite(t, out)
	lines := map[string]string{} // "page: line" -> the page, for the messages
	for _, name := range []string{"index.html", "episodes/all/index.html", "episodes/no-date/index.html",
		"episodes/no-show/index.html", "episodes/bare/index.html", "episodes/untimed/index.html", "speakers/ann/index.html"} {
		page := s.pages[name]
		if page == nil {
			t.Fatalf("no %s", name)
		}
		for _, p := range find(page.doc, func(n *html.Node) bool { return n.Data == "p" && hasClass(n, "meta") }) {
			lines[name+": "+strings.Join(strings.Fields(textOf(p)), " ")] = name
		}
	}
	for line := range lines {
		text := line[strings.Index(line, ": ")+2:]
		if text == "" || strings.Contains(text, "· ·") || strings.HasPrefix(text, "·") || strings.HasSuffix(text, "·") {
			t.Errorf("%q: an empty line, or a dot with nothing on one side", line)
		}
	}
	for _, want := range []string{
		"episodes/all/index.html: Night Shift · March 1, 2024 · 1 min",
		"episodes/no-date/index.html: Night Shift · 1 min",
		"episodes/no-show/index.html: February 1, 2024 · 1 min",
		"episodes/bare/index.html: 1 min",
	} {
		if _, ok := lines[want]; !ok {
			t.Errorf("no meta line %q; the lines are:\n%s", want, strings.Join(slices.Sorted(maps.Keys(lines)), "\n"))
		}
	}
}
