package generator

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestEpisodeTimeline builds a site and reads the timeline of who spoke
// when on its episode pages: drawn for a timed episode, with a lane and a
// path per speaker, breaks as bands, and its words for screen readers;
// absent from an untimed one.
func TestEpisodeTimeline(t *testing.T) {
	dir := writeSite(t, `
-- content/timed.md --
---
title: Timed
speakers: [Ada Brook, Tom Reyes]
media: /audio/timed.mp3
---
**Ada Brook** (0:00)
Welcome back.

## Caches (1:00)

**Tom Reyes** (1:00)
Mostly invalidation.

**Ada Brook** (6:00)
And then?

**Tom Reyes** (7:00)
Deleting the cache.
-- content/changelog.md --
# Changelog

**Ada Brook:** \[00:00\] Welcome back, everybody.

**Tom Reyes:** \[02:00\] Mostly invalidation.

**Break:** \[05:00\] to \[06:00\]

**Ada Brook:** \[06:00\] We're back.
-- content/untimed.md --
# Untimed

**Ada Brook:** No times here.

**Tom Reyes:** None at all.
`)
	out := filepath.Join(dir, "public")
	mustBuild(t, dir, out)
	s := readSite(t, out)
	figures := func(page string) []*html.Node {
		p := s.pages[page]
		if p == nil {
			t.Fatalf("no page %s", page)
		}
		return find(p.doc, func(n *html.Node) bool { return n.Data == "figure" && hasClass(n, "timeline") })
	}

	fig := figures("episodes/timed/index.html")
	if len(fig) != 1 {
		t.Fatalf("the timed episode has %d timelines, want 1", len(fig))
	}
	caption := textOf(find(fig[0], func(n *html.Node) bool { return n.Data == "figcaption" })[0])
	// Ada: 2 min; Tom: 5 min. The shares are the site's talk times, as
	// the speakers' pages show them, which give the last turn no time.
	if want := "Who spoke when: Ada Brook 29% (2 min), Tom Reyes 71% (5 min); chapters: Caches (1:00)."; caption != want {
		t.Errorf("caption %q, want %q", caption, want)
	}
	plot := find(fig[0], func(n *html.Node) bool { return hasClass(n, "timeline-plot") })
	if len(plot) != 1 || attr(plot[0], "data-duration") != "421" || attr(plot[0], "aria-hidden") != "true" {
		t.Errorf("want one plot of 421 s, hidden from screen readers (the caption says it): %v", plot)
	}
	paths := find(fig[0], func(n *html.Node) bool { return n.Data == "path" && hasClass(n, "timeline-speaker") })
	if len(paths) != 2 {
		t.Fatalf("%d speaker paths, want one per speaker", len(paths))
	}
	// Ada from 0:00 to 1:00 and 6:00 to 7:00 of 421 s; Tom the rest.
	if d := attr(paths[0], "d"); d != "M0 5h143m712 0h143" {
		t.Errorf("Ada's path is %q", d)
	}
	if d := attr(paths[1], "d"); d != "M143 15h712m143 0h2" {
		t.Errorf("Tom's path is %q", d)
	}
	shares := textOf(find(fig[0], func(n *html.Node) bool { return hasClass(n, "timeline-who") })[0])
	if shares != "Ada Brook 29%Tom Reyes 71%" {
		t.Errorf("the lanes read %q", shares)
	}

	fig = figures("episodes/changelog/index.html")
	if len(fig) != 1 {
		t.Fatalf("the changelog episode has %d timelines, want 1", len(fig))
	}
	markers := find(fig[0], func(n *html.Node) bool { return hasClass(n, "timeline-markers") })
	if len(markers) != 1 || !strings.HasPrefix(attr(markers[0], "d"), "M") {
		t.Errorf("the break is not drawn: %v", markers)
	}

	if n := len(figures("episodes/untimed/index.html")); n != 0 {
		t.Errorf("an untimed episode has %d timelines", n)
	}
}
