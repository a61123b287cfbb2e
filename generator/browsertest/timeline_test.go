package browsertest

import (
	"fmt"
	"math"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// timelineState describes the timeline slider for failure messages.
const timelineState = `(() => { const p = document.querySelector(".timeline-plot"); return {
	now: p.getAttribute("aria-valuenow"), text: p.getAttribute("aria-valuetext"), focused: document.activeElement.className,
	head: document.querySelector(".timeline-head").style.left, time: media.currentTime, seeks: window.seeks, paused: media.paused}; })()`

// TestTimelineClickSeeksAndKeysStep checks the episode's timeline on the built sample site: a
// click on the strip plays the episode from the second under the pointer and shows the playhead
// there; the strip spans the media's length, which runs past the last words; the strip is one Tab stop, a slider whose arrows step from turn to turn, with Home and
// End, and Enter plays from where the keys have gone.
func TestTimelineClickSeeksAndKeysStep(t *testing.T) {
	base, _ := buildSample(t)
	tab := browser.NewTab(t)
	Open(t, tab, base+"/episodes/search-without-a-server/")
	WaitFor(t, tab, `media.readyState >= 1 && media.duration > 0`, `({ready: media.readyState, err: media.error && media.error.message})`, wait)
	recordSeeks(t, tab)

	// The strip is drawn to the end of the last turn's words; the media may run longer (music, a
	// pause), and then the slider, its axis and its drawing are the media's length.
	type slider struct {
		Role, Label, End  string
		Max, Drawn, Media float64
		Width, TrackWidth float64
	}
	got := Eval[slider](t, tab, `(() => { const p = document.querySelector(".timeline-plot"); return {
		Role: p.getAttribute("role"), Label: p.getAttribute("aria-label"), Max: parseFloat(p.getAttribute("aria-valuemax")),
		Drawn: parseFloat(p.dataset.duration), Media: media.duration,
		End: p.querySelector(".timeline-axis span:last-child").textContent,
		Width: p.querySelector("svg").getBoundingClientRect().width,
		TrackWidth: p.querySelector(".timeline-track").getBoundingClientRect().width}; })()`)
	total := math.Max(got.Drawn, got.Media)
	if got.Role != "slider" || got.Label == "" || got.Max != math.Round(total) || got.Drawn < 60 {
		t.Fatalf("the timeline is not a slider over the episode: %+v", got)
	}
	if got.Media < got.Drawn+1 {
		t.Fatalf("the sample's media (%g s) does not run past the drawing (%g s): the test needs one that does", got.Media, got.Drawn)
	}
	if end := fmt.Sprintf("%d:%02d", int(got.Media)/60, int(got.Media)%60); got.End != end {
		t.Errorf("the axis ends at %q, want the media's end %q", got.End, end)
	}
	if share := got.Width / got.TrackWidth; math.Abs(share-got.Drawn/got.Media) > 0.01 {
		t.Errorf("the drawing is %.3f of the strip, want %.3f (%g s of %g)", share, got.Drawn/got.Media, got.Drawn, got.Media)
	}

	// A click 60 s into the strip: x from the track's box, as the reader sees it.
	const second = 60.0
	Eval[bool](t, tab, `(document.querySelector(".timeline").scrollIntoView({block: "center", behavior: "instant"}), true)`)
	Settle(t, tab)
	type point struct{ X, Y float64 }
	at := Eval[point](t, tab, fmt.Sprintf(`(() => { const r = document.querySelector(".timeline-track").getBoundingClientRect();
		return {X: r.left + r.width * %g / %g, Y: r.top + r.height / 2}; })()`, second, total))
	Do(t, tab, "clicking the timeline", chromedp.MouseClickXY(at.X, at.Y))
	// A pixel of the strip is a fraction of a second of this two-minute episode.
	WaitFor(t, tab, seekedTo(second)+` && !media.paused`, timelineState, wait)
	WaitFor(t, tab, fmt.Sprintf(`Math.abs(parseFloat(document.querySelector(".timeline-head").style.left) - %g) < 1`, second/total*100), timelineState, wait)
	if hidden := Eval[bool](t, tab, `document.querySelector(".timeline-head").hidden`); hidden {
		t.Error("the playhead is hidden while playing")
	}

	// The keys: paused, so the slider's value is where the keys put it.
	Eval[bool](t, tab, `(media.pause(), seeks.length = 0, true)`)
	type turn struct {
		Start   float64
		Speaker string
	}
	turns := Eval[[]turn](t, tab, `[...document.querySelectorAll(".turn[data-start]")].map(e =>
		({Start: parseFloat(e.dataset.start), Speaker: e.querySelector(".speaker").textContent}))`)
	if len(turns) < 4 {
		t.Fatalf("the sample episode has %d timed turns", len(turns))
	}
	// Focus the last thing a reader can tab to before the timeline, then Tab.
	focusTimeline := `(() => { const stops = [...document.querySelectorAll("a[href], button, input, [tabindex]")]
			.filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0);
		const i = stops.indexOf(document.querySelector(".timeline-plot")); stops[i - 1].focus();
		return document.activeElement === stops[i - 1] ? stops[i - 1].outerHTML.slice(0, 80) : ""; })()`
	before := Eval[string](t, tab, focusTimeline)
	if before == "" {
		t.Fatal("nothing before the timeline takes focus")
	}
	Do(t, tab, "pressing Tab", chromedp.KeyEvent("\t"))
	WaitFor(t, tab, `document.activeElement.matches(".timeline-plot")`, `document.activeElement.outerHTML.slice(0, 120) + " after " + `+fmt.Sprintf("%q", before), wait)

	step := func(key string, want float64) {
		t.Helper()
		speaker := ""
		for _, x := range turns {
			if x.Start <= want {
				speaker = x.Speaker
			}
		}
		Do(t, tab, "pressing "+key, chromedp.KeyEvent(key))
		text := fmt.Sprintf("%d:%02d, %s speaking", int(want)/60, int(want)%60, speaker)
		WaitFor(t, tab, fmt.Sprintf(`(() => { const p = document.querySelector(".timeline-plot");
			return p.getAttribute("aria-valuenow") === %q && p.getAttribute("aria-valuetext") === %q; })()`, fmt.Sprint(math.Round(want)), text), timelineState, wait)
	}
	last := len(turns) - 1
	step(kb.Home, 0)
	step(kb.ArrowRight, turns[1].Start)
	step(kb.ArrowRight, turns[2].Start)
	step(kb.ArrowLeft, turns[1].Start)
	step(kb.PageUp, turns[1].Start+15)
	step(kb.End, turns[last].Start)
	step(kb.ArrowLeft, turns[last-1].Start)
	if n := Eval[int](t, tab, `seeks.length`); n != 0 || !Eval[bool](t, tab, `media.paused`) {
		t.Fatalf("moving the slider's value seeked %d times or played: %v", n, Eval[any](t, tab, timelineState))
	}
	Do(t, tab, "pressing Enter", chromedp.KeyEvent("\r"))
	WaitFor(t, tab, seekedTo(turns[last-1].Start)+` && !media.paused`, timelineState, wait)

	// One Tab stop: the next Tab leaves the timeline.
	Do(t, tab, "pressing Tab", chromedp.KeyEvent("\t"))
	WaitFor(t, tab, `!document.querySelector(".timeline").contains(document.activeElement)`, `document.activeElement.outerHTML.slice(0, 120)`, wait)
}
