package browsertest

import (
	"context"
	"fmt"
	"os"
	"path"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/verbatim-ssg/verbatim/generator"
)

// buildSample builds the repository's own sample site (content/ at the root) the way
// `verbatim build` does, into a temporary folder, and serves it.
func buildSample(t *testing.T) (base, out string) {
	t.Helper()
	out = t.TempDir()
	cfg := generator.DefaultConfig()
	cfg.Source, cfg.Output = "../..", out
	if _, err := generator.NewBuilder(cfg).Build(context.Background()); err != nil {
		t.Fatalf("building the sample site: %v", err)
	}
	return Serve(t, os.DirFS(out)).URL, out
}

// pagesOf lists one page of each kind the site has: home, search, speakers and tags indexes, 404,
// every episode, speaker and tag page.
func pagesOf(t *testing.T, out string) []string {
	t.Helper()
	pages := []string{"/", "/search/", "/speakers/", "/tags/", "/404.html"}
	for _, dir := range []string{"episodes", "speakers", "tags"} {
		entries, err := os.ReadDir(path.Join(out, dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if _, err := os.Stat(path.Join(out, dir, e.Name(), "index.html")); e.IsDir() && err == nil {
				pages = append(pages, "/"+dir+"/"+e.Name()+"/")
			}
		}
	}
	sort.Strings(pages)
	return pages
}

func setColorScheme(t *testing.T, tab context.Context, scheme string) {
	t.Helper()
	Do(t, tab, "emulating prefers-color-scheme: "+scheme, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	}))
}

// TestBuiltPagesHaveNoAxeViolations runs axe-core's WCAG A and AA rules on every kind of page of
// the built sample site, in light and dark mode (contrast differs), and on the fixture episode
// with a turn marked current and the quote popup open (states only the script creates).
func TestBuiltPagesHaveNoAxeViolations(t *testing.T) {
	axe := needAxe(t)
	base, out := buildSample(t)
	pages := pagesOf(t, out)
	if len(pages) < 8 {
		t.Fatalf("the sample site has only %d pages: %v", len(pages), pages)
	}
	for _, scheme := range []string{"light", "dark"} {
		for _, p := range pages {
			// A tab per page, closed after it, keeps each page within the tab Timeout.
			t.Run(scheme+p, func(t *testing.T) {
				tab := browser.NewTab(t)
				setColorScheme(t, tab, scheme)
				Open(t, tab, base+p)
				for _, v := range Axe(t, tab, axe) {
					t.Errorf("%s (%s): %s [%s]\n\t%s", p, scheme, v.Help, v.ID, strings.Join(v.Nodes, "\n\t"))
				}
			})
		}
	}

	fixture := serveFixture(t)
	for _, scheme := range []string{"light", "dark"} {
		t.Run("FixtureWhilePlaying/"+scheme, func(t *testing.T) {
			tab := browser.NewTab(t)
			setColorScheme(t, tab, scheme)
			openEpisode(t, tab, fixture, "#t-0-05")
			Click(t, tab, "#t-0-05 a.time")
			WaitFor(t, tab, currentIs("t-0-05"), state, wait)
			Eval[bool](t, tab, `(media.pause(), true)`)
			selectText(t, tab, "#t-0-05 ~ .text", "Silence", "underrated")
			WaitFor(t, tab, popupShown, state, wait)
			for _, v := range Axe(t, tab, axe) {
				t.Errorf("fixture episode (%s): %s [%s]\n\t%s", scheme, v.Help, v.ID, strings.Join(v.Nodes, "\n\t"))
			}
		})
	}
}

// TestBuiltEpisodeTimeLinksSeek checks the script against the generator's real markup: on the
// sample episode with audio, every time link seeks the player without leaving the page.
func TestBuiltEpisodeTimeLinksSeek(t *testing.T) {
	base, _ := buildSample(t)
	tab := browser.NewTab(t)
	Open(t, tab, base+"/episodes/search-without-a-server/")
	WaitFor(t, tab, `media.readyState >= 1 && media.duration > 0`, `({ready: media.readyState, err: media.error && media.error.message})`, wait)
	recordSeeks(t, tab)
	Eval[bool](t, tab, `window.stayed = true`)
	type link struct {
		Turn  string
		Start float64
	}
	links := Eval[[]link](t, tab, `[...document.querySelectorAll(".turn a.time")].map(a => ({Turn: a.closest(".turn-head").id, Start: parseFloat(a.closest(".turn").dataset.start)}))`)
	duration := Eval[float64](t, tab, `media.duration`)
	if len(links) < 3 {
		t.Fatalf("the episode has %d time links", len(links))
	}
	for _, l := range links {
		if l.Start > duration {
			t.Fatalf("turn %s starts at %gs, after the sample audio ends (%gs)", l.Turn, l.Start, duration)
		}
		// Paused, the page holds still: while playing, following the current turn may scroll
		// between the moment the click's position is taken and the press.
		Eval[bool](t, tab, `(media.pause(), true)`)
		Eval[bool](t, tab, `(seeks.length = 0, true)`)
		Click(t, tab, "#"+l.Turn+" a.time")
		WaitFor(t, tab, seekedTo(l.Start)+fmt.Sprintf(` && location.hash === "#%s"`, l.Turn), state, wait)
		WaitFor(t, tab, currentIs(l.Turn), state, wait)
	}
	if !Eval[bool](t, tab, `window.stayed === true && location.pathname === "/episodes/search-without-a-server/"`) {
		t.Error("a time link navigated away")
	}
}

// TestBuiltEpisodeTurnsAreHeadingsWithAnchors checks, in the browser, the markup Pagefind and
// screen readers take turns from: each turn opens with an h3 that carries the turn's anchor and
// whose text is who spoke and when (Pagefind makes a sub-result of each heading with an id,
// titled with its text), and the page's heading levels go down one at a time.
func TestBuiltEpisodeTurnsAreHeadingsWithAnchors(t *testing.T) {
	axe := needAxe(t)
	base, out := buildSample(t)
	for _, p := range pagesOf(t, out) {
		if !strings.HasPrefix(p, "/episodes/") {
			continue
		}
		t.Run(strings.Trim(p, "/"), func(t *testing.T) {
			tab := browser.NewTab(t)
			Open(t, tab, base+p)
			bad := Eval[[]string](t, tab, `[...document.querySelectorAll(".turn")].flatMap((turn, i) => {
				const h = turn.firstElementChild, speaker = turn.querySelector(".speaker"), time = turn.querySelector(".time");
				const want = [speaker && speaker.textContent, time && time.textContent].filter(Boolean).join(" ");
				const ok = h && h.matches("h3.turn-head[id]") && h.contains(speaker) && h.contains(time) &&
					h.textContent.replace(/\s+/g, " ").trim() === want && document.querySelectorAll("#" + CSS.escape(h.id)).length === 1;
				return ok ? [] : ["turn " + i + ": " + turn.outerHTML.slice(0, 200)];
			})`)
			if n := Eval[int](t, tab, `document.querySelectorAll(".turn").length`); n == 0 {
				t.Fatal("no turns on the page")
			}
			for _, b := range bad {
				t.Errorf("%s: not an h3.turn-head with the turn's id and its speaker and time as its only text:\n\t%s", p, b)
			}
			for _, v := range AxeRules(t, tab, axe, "heading-order", "empty-heading", "page-has-heading-one") {
				t.Errorf("%s: %s [%s]\n\t%s", p, v.Help, v.ID, strings.Join(v.Nodes, "\n\t"))
			}
		})
	}
}
