package browsertest

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// recordErrorsJS runs in every page before its own scripts: it keeps each
// uncaught error, rejected promise and console.error of the page.
const recordErrorsJS = `window.pageErrors = [];
addEventListener("error", (e) => window.pageErrors.push("error: " + e.message));
addEventListener("unhandledrejection", (e) => window.pageErrors.push("rejection: " + e.reason));
const consoleError = console.error;
console.error = (...args) => { window.pageErrors.push("console: " + args.join(" ")); consoleError(...args); };`

// recordErrors makes the tab keep the errors of the pages it opens next.
func recordErrors(t *testing.T, tab context.Context) {
	t.Helper()
	Do(t, tab, "recording errors", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: recordErrorsJS})
		return err
	}))
}

// noErrors fails the test if the page has had an error.
func noErrors(t *testing.T, tab context.Context, where string) {
	t.Helper()
	if errs := Eval[[]string](t, tab, `window.pageErrors || ["the error recorder did not run"]`); len(errs) > 0 {
		t.Errorf("%s: %s", where, strings.Join(errs, "; "))
	}
}

// metaState describes the search page's speaker and episode results for a failure message.
const metaState = `({status: document.getElementById("search-status")?.textContent,
	speakers: Array.from(document.querySelectorAll("#search-speakers a")).map(a => a.getAttribute("href") + " " + a.textContent),
	episodes: Array.from(document.querySelectorAll("#search-episodes a")).map(a => a.getAttribute("href") + " " + a.textContent),
	turns: document.querySelectorAll("#search-results li").length})`

func TestSearchFindsTheEpisodeByItsTitleFirst(t *testing.T) {
	base, _ := buildSample(t)
	tab := browser.NewTab(t)
	recordErrors(t, tab)
	Open(t, tab, base+"/search/?q=newsroom")
	WaitFor(t, tab, `document.querySelectorAll("#search-episodes li").length > 0 && document.getElementById("search-status").textContent`, metaState, wait)

	first := Eval[string](t, tab, `document.querySelector("#search-episodes a").getAttribute("href")`)
	if first != "/episodes/open-data-in-the-newsroom/" {
		t.Errorf("the first episode result links to %q", first)
	}
	text := Eval[string](t, tab, `document.querySelector("#search-episodes a").textContent`)
	for _, want := range []string{"Open data in the newsroom", "Field Notes"} {
		if !strings.Contains(text, want) {
			t.Errorf("the episode result %q does not show %q", text, want)
		}
	}
	if got := Eval[[]string](t, tab, `Array.from(document.querySelectorAll("#search-episodes mark")).map(m => m.textContent)`); len(got) == 0 || got[0] != "newsroom" {
		t.Errorf("the episode result marks %q, want the title's word", got)
	}
	// Episodes come before the turns, on screen and in reading order.
	if !Eval[bool](t, tab, `(() => {
		const e = document.getElementById("search-episodes"), r = document.getElementById("search-turns");
		return !!(e.compareDocumentPosition(r) & Node.DOCUMENT_POSITION_FOLLOWING) &&
			(r.hidden || e.getBoundingClientRect().bottom <= r.getBoundingClientRect().top);
	})()`) {
		t.Errorf("episode results do not come before turn results: %v", Eval[map[string]any](t, tab, metaState))
	}
	status := Eval[string](t, tab, `document.getElementById("search-status").textContent`)
	if !strings.HasPrefix(status, "One episode") || !strings.Contains(status, "“newsroom”") {
		t.Errorf("the live region says %q", status)
	}
	noErrors(t, tab, "searching for newsroom")

	Click(t, tab, "#search-episodes a")
	WaitFor(t, tab, `location.pathname === "/episodes/open-data-in-the-newsroom/"`, `location.href`, wait)
	noErrors(t, tab, "the episode page")
}

func TestSearchFindsASpeakerByName(t *testing.T) {
	base, _ := buildSample(t)
	tab := browser.NewTab(t)
	recordErrors(t, tab)
	Open(t, tab, base+"/search/?q="+url.QueryEscape("Sam Rivera"))
	WaitFor(t, tab, `document.querySelectorAll("#search-speakers li").length > 0 && document.getElementById("search-status").textContent`, metaState, wait)

	if n := Eval[int](t, tab, `document.querySelectorAll("#search-speakers li").length`); n != 1 {
		t.Errorf("%d speaker results, want Sam Rivera alone: %v", n, Eval[map[string]any](t, tab, metaState))
	}
	link := Eval[string](t, tab, `document.querySelector("#search-speakers a").getAttribute("href")`)
	if link != "/speakers/sam-rivera/" {
		t.Errorf("the speaker result links to %q", link)
	}
	text := Eval[string](t, tab, `document.querySelector("#search-speakers a").textContent`)
	for _, want := range []string{"Sam Rivera", "data editor", "1 episode"} {
		if !strings.Contains(text, want) {
			t.Errorf("the speaker result %q does not show %q", text, want)
		}
	}
	// The speaker comes first, then the episode they are in.
	if !Eval[bool](t, tab, `!!(document.getElementById("search-speakers").compareDocumentPosition(document.getElementById("search-episodes")) & Node.DOCUMENT_POSITION_FOLLOWING)`) {
		t.Error("speaker results do not come before episode results")
	}
	if got := Eval[string](t, tab, `document.querySelector("#search-episodes a")?.getAttribute("href") || ""`); got != "/episodes/open-data-in-the-newsroom/" {
		t.Errorf("the episode Sam Rivera is in is not found: %q", got)
	}
	noErrors(t, tab, "searching for a speaker")
}

func TestSearchLandingMarksTheQuerysWordsInTheTurn(t *testing.T) {
	base, _ := buildSample(t)
	tab := browser.NewTab(t)
	recordErrors(t, tab)
	Open(t, tab, base+"/search/?q="+url.QueryEscape("Hear the SENTENCE in context"))
	WaitFor(t, tab, resultsShown(1), searchState, wait)
	link := Eval[string](t, tab, `document.querySelector("#search-results a").getAttribute("href")`)
	if want := phrasePage + "?mark=hear+sentence+context#" + phraseTurn; link != want {
		t.Errorf("the result links to %q, want %q", link, want)
	}
	Click(t, tab, "#search-results a")
	WaitFor(t, tab, `location.pathname === "`+phrasePage+`" && document.querySelectorAll("mark.found").length > 0`, `location.href`, wait)

	marked := Eval[[]string](t, tab, `Array.from(document.querySelectorAll("mark.found")).map(m => m.textContent)`)
	if strings.Join(marked, " ") != "hear sentence context" {
		t.Errorf("marked %q, want the query's words as the turn has them", marked)
	}
	if !Eval[bool](t, tab, `Array.from(document.querySelectorAll("mark.found")).every(m => m.closest(".turn .text") && m.closest(".turn").contains(document.getElementById("`+phraseTurn+`")))`) {
		t.Error("words are marked outside the landed turn's text")
	}
	if got := Eval[string](t, tab, `location.search + location.hash`); got != "#"+phraseTurn {
		t.Errorf("the address is %q after landing, want the plain permalink", got)
	}
	if got := Eval[string](t, tab, `document.querySelector(":target")?.id || ""`); got != phraseTurn {
		t.Errorf("the target is %q after landing, want %s", got, phraseTurn)
	}
	noErrors(t, tab, "landing on the turn")

	// A prefix typed marks the words it begins; without the parameter nothing is marked.
	Open(t, tab, base+phrasePage+"?mark="+url.QueryEscape("sent* hear")+"#"+phraseTurn)
	if got := Eval[[]string](t, tab, `Array.from(document.querySelectorAll("mark.found")).map(m => m.textContent)`); strings.Join(got, " ") != "hear sentence" {
		t.Errorf("the prefix marked %q", got)
	}
	tab = browser.NewTab(t) // the same address again would only scroll
	recordErrors(t, tab)
	Open(t, tab, base+phrasePage+"#"+phraseTurn)
	if n := Eval[int](t, tab, `document.querySelectorAll("mark.found").length`); n != 0 {
		t.Errorf("%d words marked without a query", n)
	}
	noErrors(t, tab, "landing without marks")
}

func TestSearchFiltersShowOnlyWhenThereIsAChoice(t *testing.T) {
	// The sample site has one show and several speakers: the speaker
	// filter shows, the show filter does not.
	base, _ := buildSample(t)
	tab := browser.NewTab(t)
	Open(t, tab, base+"/search/?q=maps")
	WaitFor(t, tab, `!document.querySelector(".filters").hidden`, `document.querySelector(".filters").outerHTML`, wait)
	visible := func(sel string) bool {
		return Eval[bool](t, tab, `(() => { const el = document.querySelector("`+sel+`"); return !!el && el.getClientRects().length > 0; })()`)
	}
	if !visible("#search-speaker") {
		t.Error("the speaker filter is hidden with several speakers")
	}
	if visible("#search-show") {
		t.Error("the show filter shows with a single show")
	}
	// Targets of 24px or more, 16px text, and labels apart from their inputs.
	sizes := Eval[map[string]float64](t, tab, `(() => {
		const s = document.getElementById("search-speaker"), l = document.querySelector("label[for=search-speaker]");
		const q = document.getElementById("q");
		return {height: s.getBoundingClientRect().height, font: parseFloat(getComputedStyle(s).fontSize),
			gap: s.getBoundingClientRect().left - l.getBoundingClientRect().right,
			box: parseFloat(getComputedStyle(q).fontSize), boxHeight: q.getBoundingClientRect().height};
	})()`)
	if sizes["height"] < 24 || sizes["boxHeight"] < 24 || sizes["font"] < 16 || sizes["box"] < 16 || sizes["gap"] < 6 {
		t.Errorf("filter and box sizes %v: want 24px targets, 16px text, labels 6px or more from their inputs", sizes)
	}

	// On a phone the header's search box has 16px text too, so iOS does not zoom in on it.
	phone := browser.NewTab(t)
	Do(t, phone, "emulating a phone", chromedp.EmulateViewport(390, 844))
	Open(t, phone, base+"/")
	if px := Eval[float64](t, phone, `parseFloat(getComputedStyle(document.getElementById("site-search")).fontSize)`); px < 16 {
		t.Errorf("the header's search box has %vpx text on a phone", px)
	}
}

// faces describes the faces of the search page's results: the speaker results', then the turn
// results', each with what it shows.
const faces = `Array.from(document.querySelectorAll("#search-speakers li, #search-results li"), (li) => {
	const f = li.querySelector(".avatar"), r = f && f.getBoundingClientRect();
	return f ? {who: li.querySelector("strong").textContent, tag: f.tagName, src: f.getAttribute("src") || "",
		alt: f.getAttribute("alt"), loading: f.getAttribute("loading") || "", initials: f.dataset.i || "",
		color: (f.className.match(/\bc[1-8]\b/) || [""])[0], loaded: f.tagName !== "IMG" || f.naturalWidth > 0,
		width: Math.round(r.width), height: Math.round(r.height), drawn: getComputedStyle(f, "::before").content} : {who: li.textContent};
})`

// face is one result's face, as faces describes it.
type face struct {
	Who, Tag, Src, Initials, Color, Loading, Drawn string
	Alt                                            *string
	Loaded                                         bool
	Width, Height                                  int
}

func TestSearchResultsShowTheSpeakersFace(t *testing.T) {
	// Mara Okafor has a picture (the sample's config gives it); Sam Rivera
	// and Tomás Ferreira have none. "sam" finds Sam Rivera and Sam Chen as
	// speakers, and turns of Mara's that name them; "context" a turn of
	// Tomás's.
	base, _ := buildSample(t)
	tab := browser.NewTab(t)
	recordErrors(t, tab)
	Open(t, tab, base+"/episodes/search-without-a-server/")
	turnFace := Eval[[]int](t, tab, `(() => { const r = document.querySelector(".turn-head .speaker .avatar").getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)]; })()`)
	const picture = "/avatars/mara-okafor.svg"

	for _, tt := range []struct {
		q      string
		wantFn func(t *testing.T, got []face)
	}{
		{"mara", func(t *testing.T, got []face) {
			var speaker, turns int
			for i, f := range got {
				if f.Who == "Mara Okafor" && f.Tag == "IMG" {
					if i == 0 {
						speaker++
					} else {
						turns++
					}
					if f.Src != picture || f.Alt == nil || *f.Alt != "" || f.Loading != "lazy" || !f.Loaded || f.Color == "" {
						t.Errorf("Mara's face %+v: want her picture, loaded, lazy, alt=\"\", in her colour", f)
					}
				}
			}
			if speaker != 1 {
				t.Errorf("the speaker result for Mara Okafor shows no picture: %+v", got)
			}
		}},
		{"sam", func(t *testing.T, got []face) {
			seen := map[string]bool{}
			for i, f := range got {
				switch {
				case f.Who == "Sam Rivera" && i < 2:
					seen["speaker"] = true
					if f.Tag != "SPAN" || f.Initials != "SR" || f.Color == "" || !strings.Contains(f.Drawn, "SR") || f.Width != f.Height {
						t.Errorf("Sam Rivera's face %+v: want the initials in a disc of his colour", f)
					}
				case f.Who == "Mara Okafor":
					seen["turn"] = true
					if f.Tag != "IMG" || f.Src != picture {
						t.Errorf("the face of Mara's turn %+v: want her picture", f)
					}
					if f.Width != turnFace[0] || f.Height != turnFace[1] {
						t.Errorf("the face of Mara's turn result is %dx%d, on the turns %v", f.Width, f.Height, turnFace)
					}
				}
			}
			if !seen["speaker"] || !seen["turn"] {
				t.Errorf("want Sam Rivera's speaker result and a turn of Mara's: %+v", got)
			}
		}},
		{"hear the sentence in context", func(t *testing.T, got []face) {
			if len(got) != 1 || got[0].Who != phraseBy || got[0].Tag != "SPAN" || got[0].Initials != "TF" || got[0].Color == "" ||
				got[0].Width != turnFace[0] {
				t.Errorf("the turn of Tomás Ferreira shows %+v: want his initials in a disc of his colour, the turns' size", got)
			}
		}},
	} {
		t.Run(tt.q, func(t *testing.T) {
			Open(t, tab, base+"/search/?q="+url.QueryEscape(tt.q))
			WaitFor(t, tab, `document.querySelectorAll("#search-results li").length > 0 && document.getElementById("search-status").textContent`, metaState, wait)
			// The pictures load as they scroll in: bring each into view and wait for it.
			Eval[bool](t, tab, `Promise.all(Array.from(document.querySelectorAll("img.avatar"), (i) => (i.scrollIntoView(), i.decode().catch(() => {})))).then(() => true)`)
			tt.wantFn(t, Eval[[]face](t, tab, faces))
			noErrors(t, tab, "searching for "+tt.q)
		})
	}
}
