package main

// The checks that need a browser, as Go tests so they can use the
// generator's browser test helpers (generator/browsertest). .ci/checks runs
// them against a built site:
//
//	CHECK_SITE=DIR CHECK_PAGES="/ /search/" go test -run TestAxe
//	CHECK_SITE=DIR CHECK_EPISODE=/episodes/x/ go test -run TestTimestamps
//
// Without CHECK_SITE they check nothing and say so: they are not part of
// `go test ./...` (this module is outside the root module).

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/browsertest"
)

var browser *browsertest.Browser

func TestMain(m *testing.M) {
	if os.Getenv("CHECK_SITE") == "" {
		fmt.Println("CHECK_SITE is not set: nothing to check (see .ci/checks)")
		os.Exit(m.Run())
	}
	b, err := browsertest.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		os.Exit(1)
	}
	browser = b
	code := m.Run()
	b.Close()
	os.Exit(code)
}

// serve serves CHECK_SITE with http.FileServer, which honours Range
// requests (seeking in the audio needs them).
func serve(t *testing.T) string {
	site := os.Getenv("CHECK_SITE")
	if site == "" {
		t.Skip("CHECK_SITE is not set")
	}
	return browsertest.Serve(t, os.DirFS(site)).URL
}

// TestAxe runs axe-core's WCAG A and AA rules on each page of CHECK_PAGES.
func TestAxe(t *testing.T) {
	base := serve(t)
	axe, err := browsertest.AxeScript(os.Getenv("CHECK_AXE_DIR"))
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Fields(os.Getenv("CHECK_PAGES"))
	if len(pages) == 0 {
		t.Fatal("CHECK_PAGES is empty")
	}
	for _, p := range pages {
		t.Run(p, func(t *testing.T) {
			tab := browser.NewTab(t)
			browsertest.Open(t, tab, base+p)
			for _, v := range browsertest.Axe(t, tab, axe) {
				t.Errorf("%s: %s [%s]\n\t%s", p, v.Help, v.ID, strings.Join(v.Nodes, "\n\t"))
			}
		})
	}
}

// TestTimestamps checks the episode page CHECK_EPISODE with its audio:
// clicking each time link sets the audio's currentTime to the turn's start
// (within half a second) without leaving the page, and opening the page at
// a turn's anchor seeks there.
func TestTimestamps(t *testing.T) {
	base := serve(t)
	ep := os.Getenv("CHECK_EPISODE")
	const wait = 10 * time.Second
	// state says what the page is doing when a wait fails; after a navigation
	// there is no media and no window.stayed.
	const state = `JSON.stringify({stayed: window.stayed === true, path: location.pathname, hash: location.hash, t: window.media?.currentTime, ready: window.media?.readyState})`
	type link struct {
		Turn  string
		Start float64
	}
	tab := browser.NewTab(t)
	browsertest.Open(t, tab, base+ep)
	browsertest.WaitFor(t, tab, `typeof media === "object" && media.readyState >= 1 && media.duration > 0`, `document.querySelector("audio")?.outerHTML ?? "no audio"`, wait)
	browsertest.Eval[bool](t, tab, `window.stayed = true`)
	// A time link's turn anchor is the nearest id around it: the turn's heading.
	links := browsertest.Eval[[]link](t, tab, `[...document.querySelectorAll(".turn a.time")].map(a => ({Turn: a.closest("[id]").id, Start: parseFloat(a.closest(".turn").dataset.start)}))`)
	if len(links) < 3 {
		t.Fatalf("%s has %d time links", ep, len(links))
	}
	for _, l := range links {
		browsertest.Eval[bool](t, tab, `(media.pause(), true)`)
		browsertest.Click(t, tab, "#"+l.Turn+" a.time")
		browsertest.WaitFor(t, tab, fmt.Sprintf(`window.stayed === true && !media.seeking && Math.abs(media.currentTime - %g) <= 0.5`, l.Start), state, wait)
	}
	// Opening at an anchor: the first, a middle and the last turn.
	for _, l := range []link{links[0], links[len(links)/2], links[len(links)-1]} {
		tab := browser.NewTab(t)
		browsertest.Open(t, tab, base+ep+"#"+l.Turn)
		browsertest.WaitFor(t, tab, fmt.Sprintf(`window.media?.readyState >= 1 && !media.seeking && Math.abs(media.currentTime - %g) <= 0.5`, l.Start), state, wait)
	}
}
