package browsertest

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// wait is how long a page gets to react: generous, since CI shares two cores between helpers.
const wait = 10 * time.Second

// serveFixture serves the hand-written site in testdata/site over the built-in theme's
// static/ files, with a generated 20-second silent WAV at /audio/silence.wav.
func serveFixture(t *testing.T) string {
	t.Helper()
	media := t.TempDir()
	if err := os.MkdirAll(filepath.Join(media, "audio"), 0o755); err != nil {
		t.Fatal(err)
	}
	wav := SilentWAV(20*time.Second, 8000)
	if err := os.WriteFile(filepath.Join(media, "audio", "silence.wav"), wav, 0o644); err != nil {
		t.Fatal(err)
	}
	srv := Serve(t, os.DirFS("testdata/site"), os.DirFS("../../static"), os.DirFS(media))
	return srv.URL
}

// openEpisode opens the audio episode and waits until the player knows the media's duration,
// so a test's seeks are not raced against metadata loading.
func openEpisode(t *testing.T, tab context.Context, base, hash string) {
	t.Helper()
	Open(t, tab, base+"/episodes/ep1/"+hash)
	WaitFor(t, tab, `media.readyState >= 1 && Math.abs(media.duration - 20) < 0.1`,
		`({readyState: media.readyState, duration: media.duration, error: media.error && media.error.message})`, wait)
}

// recordSeeks makes the page keep, in window.seeks, where each completed seek landed. Playback
// runs on after a click's seek, and a loaded machine may run the "seeked" handler a second or
// more after the seek landed (1 run in 11 failed so), so currentTime there is late. The record
// is the time the page's script set, once the seek it started has completed between that time and
// where playback could have got to since; a seek that landed elsewhere is recorded where it did.
func recordSeeks(t *testing.T, tab context.Context) {
	t.Helper()
	Eval[bool](t, tab, `(() => {
		window.seeks = [];
		const own = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, "currentTime");
		let asked = NaN, askedAt = 0;
		Object.defineProperty(media, "currentTime", {configurable: true,
			get() { return own.get.call(this); },
			set(v) { asked = v; askedAt = performance.now(); own.set.call(this, v); }});
		media.addEventListener("seeked", () => {
			const at = own.get.call(media);
			const played = (performance.now() - askedAt) / 1000 * media.playbackRate;
			seeks.push(at >= asked - 0.5 && at <= asked + played + 0.5 ? asked : at);
		});
		return true;
	})()`)
}

// seekedTo is a condition: the latest completed seek landed within 0.5 s of start.
func seekedTo(start float64) string {
	return fmt.Sprintf(`seeks.length > 0 && Math.abs(seeks[seeks.length - 1] - %g) < 0.5`, start)
}

// state describes the player and page for failure messages.
const state = `({time: media.currentTime, seeks: window.seeks, paused: media.paused, seeking: media.seeking, hash: location.hash,
	current: [...document.querySelectorAll("[aria-current]")].map(e => e.outerHTML.slice(0, 120)), status: document.querySelector(".status").textContent,
	scrollY: scrollY})`

// nowPlaying is the text the page shows as "Now playing" on a turn's heading, or "".
const nowPlaying = `[...document.querySelectorAll(".turn-head")].map(h => getComputedStyle(h, "::after").content).filter(c => c !== "none" && c !== "normal").join(" ")`

// currentIs is a condition: the turn marked current (the whole section) is the one whose heading
// carries the anchor id.
func currentIs(id string) string {
	return fmt.Sprintf(`document.querySelector(".turn[aria-current] > .turn-head")?.id === %q`, id)
}

func TestTimeLinkClickSeeksWithoutNavigation(t *testing.T) {
	base := serveFixture(t)
	tab := browser.NewTab(t)
	openEpisode(t, tab, base, "")
	recordSeeks(t, tab)
	Eval[bool](t, tab, `window.stayed = true`)

	type link struct {
		Turn, Speaker, Label string
		Start                float64
	}
	links := Eval[[]link](t, tab, `[...document.querySelectorAll(".turn a.time")].map(a => ({
		Turn: a.closest(".turn-head").id, Speaker: a.closest(".turn").querySelector(".speaker").textContent,
		Label: a.textContent, Start: parseFloat(a.closest(".turn").dataset.start)}))`)
	if len(links) != 5 {
		t.Fatalf("the fixture has 5 time links, the page shows %d", len(links))
	}
	for _, l := range links {
		// Paused, the page holds still: while playing, following the current turn may scroll
		// between the moment the click's position is taken and the press.
		Eval[bool](t, tab, `(media.pause(), true)`)
		Eval[bool](t, tab, `(seeks.length = 0, true)`)
		Click(t, tab, "#"+l.Turn+" a.time")
		WaitFor(t, tab, seekedTo(l.Start), state, wait)
		WaitFor(t, tab, fmt.Sprintf(`document.querySelector(".status").textContent === "Playing from %s, %s"`, l.Label, l.Speaker), state, wait)
		got := Eval[map[string]any](t, tab, `({stayed: window.stayed === true, path: location.pathname, hash: location.hash, paused: media.paused && !media.ended})`)
		if got["stayed"] != true || got["path"] != "/episodes/ep1/" {
			t.Fatalf("clicking %s navigated away: %v", l.Turn, got)
		}
		if got["hash"] != "#"+l.Turn {
			t.Errorf("after clicking %s the URL's hash is %v, want #%s", l.Turn, got["hash"], l.Turn)
		}
		if got["paused"] != false {
			t.Errorf("clicking %s did not start playback", l.Turn)
		}
	}
}

func TestModifiedClickIsLeftToTheBrowser(t *testing.T) {
	base := serveFixture(t)
	tab := browser.NewTab(t)
	openEpisode(t, tab, base, "")
	// A ctrl-click means "open in a new tab": the script must not take it over. Checked through
	// defaultPrevented, since the new tab itself is the browser's business.
	got := Eval[map[string]any](t, tab, `(() => {
		const a = document.querySelector("#t-0-05 a.time");
		const ev = new MouseEvent("click", {bubbles: true, cancelable: true, ctrlKey: true, button: 0});
		let prevented;
		document.addEventListener("click", e => { prevented = e.defaultPrevented; e.preventDefault(); }, {once: true});
		a.dispatchEvent(ev);
		return {prevented, time: media.currentTime};
	})()`)
	if got["prevented"] != false || got["time"] != 0.0 {
		t.Errorf("ctrl-click on a time link: %v, want not prevented and no seek", got)
	}
}

func TestURLFragmentSeeksOnLoad(t *testing.T) {
	base := serveFixture(t)
	tests := []struct {
		name, hash string
		want       float64
		turn       string
		shown      string // the element scrolled into view: by the browser for an anchor, else the script
	}{
		{"TurnAnchor", "#t-0-05", 5, "t-0-05", "t-0-05"},
		{"DuplicateTurnAnchor", "#t-0-10-b", 10, "t-0-10", "t-0-10-b"},
		{"FractionalTurnAnchor", "#t-0-15", 15.5, "t-0-15", "t-0-15"},
		{"ChapterAnchor", "#the-hum", 10, "t-0-10", "the-hum"},
		{"Seconds", "#t=7", 7, "t-0-05", "t-0-05"},
		{"FractionalSeconds", "#t=12.5", 12.5, "t-0-10", "t-0-10"},
		{"MinutesSeconds", "#t=0:16", 16, "t-0-15", "t-0-15"},
		{"HoursMinutesSeconds", "#t=0:00:11", 11, "t-0-10", "t-0-10"},
		{"MediaFragmentRange", "#t=6,9", 6, "t-0-05", "t-0-05"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tab := browser.NewTab(t)
			openEpisode(t, tab, base, tc.hash)
			WaitFor(t, tab, fmt.Sprintf(`!media.seeking && Math.abs(media.currentTime - %g) < 0.5`, tc.want), state, wait)
			// The seek marks the turn it landed in, and nothing plays by itself.
			WaitFor(t, tab, currentIs(tc.turn), state, wait)
			if Eval[bool](t, tab, `media.paused`) != true {
				t.Error("opening a time link started playback; it should only seek")
			}
			// The anchor is on the turn's heading; the marker is on the whole turn: dashed for the
			// linked-to turn, which nothing plays yet, so it is not "Now playing".
			if strings.HasPrefix(tc.hash, "#t-") {
				if got := Eval[string](t, tab, fmt.Sprintf(`getComputedStyle(document.getElementById(%q).closest(".turn")).borderLeftStyle`, tc.shown)); got != "dashed" {
					t.Errorf("the linked-to turn's left border is %s, want dashed", got)
				}
			}
			if got := Eval[string](t, tab, nowPlaying); got != "" {
				t.Errorf("paused after opening %s, the page says %q", tc.hash, got)
			}
			// Under the sticky player, not hidden by it (scroll-margin-top): the element's top is
			// below the player's bottom and in the upper half of the window. For a turn's anchor,
			// which is on its heading, that is the whole turn's top, where its marker begins.
			box := fmt.Sprintf(`((e) => (e.closest(".turn") || e).getBoundingClientRect())(document.getElementById(%q))`, tc.shown)
			WaitFor(t, tab, `(() => { const r = `+box+`;
				const p = document.querySelector(".player").getBoundingClientRect();
				return r.top >= p.bottom - 1 && r.top < innerHeight / 2; })()`,
				`[`+box+`.top, document.querySelector(".player").getBoundingClientRect().bottom]`, wait)
		})
	}
}

func TestHashChangeSeeks(t *testing.T) {
	base := serveFixture(t)
	tab := browser.NewTab(t)
	openEpisode(t, tab, base, "")
	Eval[bool](t, tab, `(location.hash = "#t=3", true)`)
	WaitFor(t, tab, `!media.seeking && Math.abs(media.currentTime - 3) < 0.5`, state, wait)
	Click(t, tab, "#t-0-10 + a.permalink")
	WaitFor(t, tab, `!media.seeking && Math.abs(media.currentTime - 10) < 0.5`, state, wait)
	if h := Eval[string](t, tab, `document.querySelector(":target")?.id || ""`); h != "t-0-10" {
		t.Errorf("after following the permalink, :target is %q, want t-0-10", h)
	}
}

func TestReadAlongMarksAndFollowsCurrentTurn(t *testing.T) {
	base := serveFixture(t)
	tab := browser.NewTab(t)
	openEpisode(t, tab, base, "")
	if p := Eval[string](t, tab, `document.querySelector(".player button.follow").getAttribute("aria-pressed")`); p != "true" {
		t.Fatalf("follow toggle starts aria-pressed=%q, want true", p)
	}
	if n := Eval[int](t, tab, `document.querySelectorAll("[aria-live]:not(.status)").length`); n != 0 {
		t.Errorf("%d elements besides the status line have aria-live; the transcript must not talk over the audio", n)
	}

	Click(t, tab, "#t-0-05 a.time")
	WaitFor(t, tab, `!media.paused && media.currentTime > 5.2`, state, wait)
	WaitFor(t, tab, currentIs("t-0-05"), state, wait)

	// Playback crossing into the next turn moves the mark, and following scrolls it into view.
	Eval[bool](t, tab, `(media.currentTime = 9.8, true)`)
	WaitFor(t, tab, `!media.paused && media.currentTime > 10.1 && `+currentIs("t-0-10"), state, wait)
	if n := Eval[int](t, tab, `document.querySelectorAll(".turn[aria-current]").length`); n != 1 {
		t.Errorf("%d turns are marked current, want 1", n)
	}
	WaitFor(t, tab, `(() => { const r = document.getElementById("t-0-10").getBoundingClientRect();
		return r.top >= document.querySelector(".player").getBoundingClientRect().bottom - 1 && r.top < innerHeight; })()`,
		`document.getElementById("t-0-10").getBoundingClientRect().top`, wait)

	// The reader scrolling with the wheel stops the following; the mark still moves.
	// (A deltaX of 0 would be left out of the message, and the browser wants both.)
	Do(t, tab, "scrolling with the mouse wheel", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseWheel, 400, 400,
		func(p *input.DispatchMouseEventParams) { p.DeltaX, p.DeltaY = 0.01, -300 }))
	WaitFor(t, tab, `document.querySelector("button.follow").getAttribute("aria-pressed") === "false"`, state, wait)
	Settle(t, tab) // the wheel's own scrolling is animated
	before := Eval[float64](t, tab, `scrollY`)
	Eval[bool](t, tab, `(media.currentTime = 0.2, true)`)
	WaitFor(t, tab, `!media.paused && `+currentIs("t-0-00"), state, wait)
	if after := Eval[float64](t, tab, `scrollY`); after != before {
		t.Errorf("with following switched off the page scrolled from %v to %v", before, after)
	}

	// The toggle turns following back on, and it brings the current turn back into view.
	Click(t, tab, "button.follow")
	WaitFor(t, tab, `document.querySelector("button.follow").getAttribute("aria-pressed") === "true"`, state, wait)
	WaitFor(t, tab, `(() => { const r = document.getElementById("t-0-00").getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; })()`, state, wait)
}

func TestFocusingSearchStopsFollowing(t *testing.T) {
	base := serveFixture(t)
	tab := browser.NewTab(t)
	openEpisode(t, tab, base, "")
	Click(t, tab, "#site-search")
	WaitFor(t, tab, `document.querySelector("button.follow").getAttribute("aria-pressed") === "false"`, state, wait)
}

// TestReducedMotionJumps checks how the scroll that follows a new current turn moves: smooth by
// default, a jump under prefers-reduced-motion. It records where the turn is at the moment the
// mark moves (a MutationObserver runs right after the script's handler): a jump has already put
// it in view there; a smooth scroll has not, and brings it in view later.
func TestReducedMotionJumps(t *testing.T) {
	base := serveFixture(t)
	for _, tc := range []struct {
		name    string
		reduce  string
		arrived bool
	}{
		{"ReducedJumps", "reduce", true},
		{"DefaultAnimates", "no-preference", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tab := browser.NewTab(t)
			Do(t, tab, "emulating prefers-reduced-motion", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
					Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: tc.reduce}},
				})
				return err
			}))
			openEpisode(t, tab, base, "")
			Click(t, tab, "#t-0-00 a.time")
			WaitFor(t, tab, `!media.paused && `+currentIs("t-0-00"), state, wait)
			inView := `((r) => r.top >= document.querySelector(".player").getBoundingClientRect().bottom - 1 && r.top < innerHeight)`
			Eval[bool](t, tab, `(() => {
				const target = document.getElementById("t-0-15").closest(".turn");
				new MutationObserver(() => {
					if (target.hasAttribute("aria-current") && window.inViewAtMark === undefined)
						window.inViewAtMark = `+inView+`(target.getBoundingClientRect());
				}).observe(target, {attributes: true});
				media.currentTime = 15.6;
				return true;
			})()`)
			WaitFor(t, tab, `window.inViewAtMark !== undefined`, state, wait)
			if got := Eval[bool](t, tab, `window.inViewAtMark`); got != tc.arrived {
				t.Errorf("prefers-reduced-motion: %s: the new current turn in view at once = %v, want %v", tc.reduce, got, tc.arrived)
			}
			WaitFor(t, tab, inView+`(document.getElementById("t-0-15").getBoundingClientRect())`,
				`document.getElementById("t-0-15").getBoundingClientRect().top`, wait)
		})
	}
}

func TestYouTubeSeeksThroughPostMessage(t *testing.T) {
	base := serveFixture(t)
	tab := browser.NewTab(t)
	Open(t, tab, base+"/episodes/video/")
	Eval[bool](t, tab, `window.stayed = true`)
	Click(t, tab, "#t-12-34 a.time")
	received := `document.getElementById("media").contentWindow.received`
	WaitFor(t, tab, received+`.some(m => m.func === "playVideo")`, received, wait)
	cmds := Eval[[]map[string]any](t, tab, received+`.filter(m => m.event === "command")`)
	if len(cmds) != 2 || cmds[0]["func"] != "seekTo" || fmt.Sprint(cmds[0]["args"]) != "[754 true]" || cmds[1]["func"] != "playVideo" {
		t.Errorf("commands posted to the embed: %v; want seekTo [754 true] then playVideo", cmds)
	}
	if Eval[bool](t, tab, `window.stayed === true && location.pathname === "/episodes/video/" && location.hash === "#t-12-34"`) != true {
		t.Errorf("the click navigated or left the hash at %q", Eval[string](t, tab, `location.href`))
	}
}

func TestYouTubeOpensAtURLTime(t *testing.T) {
	base := serveFixture(t)
	tab := browser.NewTab(t)
	Open(t, tab, base+"/episodes/video/#t=12:34")
	src := Eval[string](t, tab, `document.getElementById("media").src`)
	if !strings.Contains(src, "start=754") || !strings.Contains(src, "enablejsapi=1") {
		t.Errorf("embed src %q, want the original parameters plus start=754", src)
	}
	if cmds := Eval[int](t, tab, `document.getElementById("media").contentWindow.received.filter(m => m.func === "playVideo").length`); cmds != 0 {
		t.Errorf("opening the page at a time sent playVideo %d times; it must not autoplay", cmds)
	}
}

func TestFollowToggleOutranksTimeLinks(t *testing.T) {
	base := serveFixture(t)
	tab := browser.NewTab(t)
	openEpisode(t, tab, base, "")
	pressed := `document.querySelector("button.follow").getAttribute("aria-pressed")`
	expect := func(want, after string) {
		t.Helper()
		WaitFor(t, tab, pressed+` === "`+want+`"`, pressed, wait)
		// A moment for anything that would flip it back.
		time.Sleep(100 * time.Millisecond)
		if got := Eval[string](t, tab, pressed); got != want {
			t.Errorf("after %s following is aria-pressed=%s, want %s", after, got, want)
		}
	}
	// Paused by the reader's scrolling, following comes back with a time link...
	Do(t, tab, "scrolling with the mouse wheel", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseWheel, 400, 400,
		func(p *input.DispatchMouseEventParams) { p.DeltaX, p.DeltaY = 0.01, 200 }))
	expect("false", "a wheel scroll")
	Click(t, tab, "#t-0-05 a.time")
	expect("true", "clicking a time link after scrolling")
	// ...but switched off with the button, it stays off until the button turns it on.
	Click(t, tab, "button.follow")
	expect("false", "pressing the toggle")
	Click(t, tab, "#t-0-10 a.time")
	expect("false", "clicking a time link after switching following off")
	Click(t, tab, "button.follow")
	expect("true", "pressing the toggle again")
}

func TestPrintShowsWordsSpeakersAndTimesOnly(t *testing.T) {
	base := serveFixture(t)
	tab := browser.NewTab(t)
	Do(t, tab, "emulating print media", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	openEpisode(t, tab, base, "")
	shown := func(sel string) string {
		return fmt.Sprintf(`document.querySelector(%q).checkVisibility()`, sel)
	}
	for sel, want := range map[string]bool{
		".player": false, "form.search": false, ".permalink": false, "button.follow": false,
		".turn .speaker": true, ".turn .time": true, ".turn .text": true, "h1": true,
	} {
		if got := Eval[bool](t, tab, shown(sel)); got != want {
			t.Errorf("printed, %s shown = %v, want %v", sel, got, want)
		}
	}
	// Timestamps print as text: the colour of the words around them, not underlined.
	if Eval[bool](t, tab, `(() => { const s = getComputedStyle(document.querySelector(".turn .time"));
		return s.textDecorationLine === "none"; })()`) != true {
		t.Error("printed timestamps are still styled as links")
	}
}

func TestQuotePopupWorksFromTheKeyboard(t *testing.T) {
	base := serveFixture(t)
	tab := browser.NewTab(t)
	openEpisode(t, tab, base, "")
	selectText(t, tab, "#t-0-05 ~ .text", "Silence", "underrated")
	WaitFor(t, tab, popupShown, state, wait)
	// Tab order: the turn's heading links, its permalink, its text, then the popup's buttons.
	Eval[bool](t, tab, `(document.querySelector("#t-0-05 + .permalink").focus(), true)`)
	Do(t, tab, "pressing Tab", chromedp.KeyEvent("\t"))
	WaitFor(t, tab, `document.activeElement.textContent === "Copy link to quote"`, `document.activeElement.outerHTML`, wait)
	Do(t, tab, "pressing Enter", chromedp.KeyEvent("\r"))
	WaitFor(t, tab, `document.querySelector(".status").textContent === "Link to quote copied"`, state, wait)
	Do(t, tab, "pressing Escape", chromedp.KeyEvent(kb.Escape))
	WaitFor(t, tab, "!("+popupShown+")", state, wait)
}

func TestStatusMessageShiftsNothing(t *testing.T) {
	base := serveFixture(t)
	tab := browser.NewTab(t)
	openEpisode(t, tab, base, "")
	Click(t, tab, "button.follow") // hold the page still: only the status line could move it
	top := `document.querySelector(".transcript").getBoundingClientRect().top + scrollY`
	before := Eval[float64](t, tab, top)
	Click(t, tab, "#t-0-10 a.time")
	WaitFor(t, tab, `document.querySelector(".status").textContent !== ""`, state, wait)
	// Sub-pixel rounding of line boxes aside: a shift a reader sees is a line's height.
	if after := Eval[float64](t, tab, top); math.Abs(after-before) >= 1 {
		t.Errorf("the status message moved the transcript from y=%v to y=%v", before, after)
	}
}
