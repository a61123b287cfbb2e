package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/verbatim-ssg/verbatim/generator"
)

// longTurns is the length of the generated episode: the measure of a transcript you can
// tab through is 200 turns.
const longTurns = 200

// longEpisode writes an episode of n turns, two speakers taking turns every 5 seconds, with a
// chapter every 50 turns, as verbatim's Markdown format has it.
func longEpisode(n int) string {
	var b strings.Builder
	b.WriteString("---\ntitle: A long conversation\nshow: Test Show\nmedia: /audio/long.wav\nspeakers:\n  - name: Ann Host\n    role: host\n  - name: Ben Guest\n    role: guest\n---\n")
	for i := range n {
		s := i * 5
		if i%50 == 0 {
			fmt.Fprintf(&b, "\n## Part %d (%d:%02d:%02d)\n", i/50+1, s/3600, s/60%60, s%60)
		}
		who := []string{"Ann Host", "Ben Guest"}[i%2]
		fmt.Fprintf(&b, "\n**%s** (%d:%02d:%02d)\nThis is turn %d, a few words long, about nothing in particular.\n", who, s/3600, s/60%60, s%60, i+1)
	}
	return b.String()
}

// buildLong builds a site whose one episode is longEpisode(longTurns), with a silent WAV as long
// as it, and serves it. It returns the episode page's URL.
func buildLong(t *testing.T) string {
	t.Helper()
	return buildLongAs(t, longEpisode(longTurns))
}

// buildLongAs is buildLong with the episode's text given: longEpisode(longTurns) changed, say,
// to name its media as a video.
func buildLongAs(t *testing.T, episode string) string {
	t.Helper()
	root, out := t.TempDir(), t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "content", "long.md"), []byte(episode), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := generator.DefaultConfig()
	cfg.Source, cfg.Output = root, out
	if _, err := generator.NewBuilder(cfg).Build(context.Background()); err != nil {
		t.Fatalf("building the long episode: %v", err)
	}
	// 8 kHz, the lowest rate Chromium plays, makes its 1000 seconds 8 MB.
	wav := SilentWAV(longTurns*5*time.Second, 8000)
	media := fstest.MapFS{"audio/long.wav": {Data: wav}}
	return Serve(t, os.DirFS(out), media).URL + "/episodes/long/"
}

// openLong opens the long episode at hash and waits for the media's duration.
func openLong(t *testing.T, tab context.Context, page, hash string) {
	t.Helper()
	Open(t, tab, page+hash)
	WaitFor(t, tab, fmt.Sprintf(`media.readyState >= 1 && Math.abs(media.duration - %d) < 1`, longTurns*5),
		`({readyState: media.readyState, duration: media.duration, error: media.error && media.error.message})`, wait)
}

// TestTabbingCrossesOneStopPerTurn presses Tab from the "Skip transcript" link through a
// 200-turn transcript and counts the stops: one per turn, each its time link. The skip link
// itself, followed, lands after the transcript.
func TestTabbingCrossesOneStopPerTurn(t *testing.T) {
	page := buildLong(t)
	tab := browser.NewTab(t)
	openLong(t, tab, page, "")
	Eval[bool](t, tab, `(document.querySelector(".skip-transcript").focus(), true)`)
	if !Eval[bool](t, tab, `(() => { const r = document.activeElement.getBoundingClientRect(); return r.width > 20 && r.height > 10; })()`) {
		t.Error("the focused Skip transcript link is not visible")
	}
	type stop struct {
		In   bool   // inside the transcript
		Time bool   // a turn's time link
		What string // for messages
	}
	var stops []stop
	for i := 0; i < longTurns*3+10; i++ {
		Do(t, tab, "pressing Tab", chromedp.KeyEvent("\t"))
		s := Eval[stop](t, tab, `(() => { const a = document.activeElement;
			return {In: !!a.closest(".transcript"), Time: a.matches(".turn-head a.time"), What: a.outerHTML.slice(0, 100)}; })()`)
		if !s.In {
			break
		}
		stops = append(stops, s)
	}
	if len(stops) != longTurns {
		t.Errorf("Tab stopped %d times in a %d-turn transcript, want %d", len(stops), longTurns, longTurns)
	}
	for i, s := range stops {
		if !s.Time {
			t.Errorf("stop %d is not a turn's time link: %s", i+1, s.What)
			break
		}
	}

	// The skip link: Enter on it, then Tab, reaches the first download link.
	Eval[bool](t, tab, `(document.querySelector(".skip-transcript").focus(), true)`)
	Do(t, tab, "pressing Enter", chromedp.KeyEvent("\r"))
	Do(t, tab, "pressing Tab", chromedp.KeyEvent("\t"))
	WaitFor(t, tab, `document.activeElement.closest("#downloads") !== null`, `document.activeElement.outerHTML.slice(0, 120)`, wait)
}

// events starts recording the page's verbatim:time events in window.times.
const events = `(window.times = [], document.addEventListener("verbatim:time", e => times.push(e.detail)), true)`

// TestPlayerBarControls drives the bar with its buttons and its keyboard shortcuts.
func TestPlayerBarControls(t *testing.T) {
	page := buildLong(t)
	tab := browser.NewTab(t)
	openLong(t, tab, page, "")
	Eval[bool](t, tab, events)
	if n := Eval[bool](t, tab, `media.controls`); n {
		t.Error("the native controls are still shown beside the bar")
	}
	name := func(sel string) string {
		return Eval[string](t, tab, fmt.Sprintf(`(() => { const b = document.querySelector(%q); return b.getAttribute("aria-label") || b.textContent; })()`, sel))
	}
	for sel, want := range map[string]string{".controls .play": "Play", ".controls .back": "Back 15 seconds",
		".controls .forward": "Forward 30 seconds", ".controls .speed": "Playback speed 1×"} {
		if got := name(sel); got != want {
			t.Errorf("%s is named %q, want %q", sel, got, want)
		}
	}
	if got := Eval[string](t, tab, `document.querySelector(".controls .play").getAttribute("aria-keyshortcuts")`); got != "k Space" {
		t.Errorf("play's aria-keyshortcuts = %q", got)
	}

	// Play and pause: the button's name and "Now playing" follow the player.
	Click(t, tab, ".controls .play")
	WaitFor(t, tab, `!media.paused && media.currentTime > 0.2`, state, wait)
	WaitFor(t, tab, `document.querySelector(".controls .play").textContent === "Pause"`, state, wait)
	WaitFor(t, tab, nowPlaying+` !== ""`, nowPlaying, wait)
	WaitFor(t, tab, `times.some(d => d.playing && d.duration > 0)`, `times.slice(-3)`, wait)
	Click(t, tab, ".controls .play")
	WaitFor(t, tab, `media.paused && document.querySelector(".controls .play").textContent === "Play"`, state, wait)
	WaitFor(t, tab, nowPlaying+` === ""`, nowPlaying, wait)
	WaitFor(t, tab, `times.length > 0 && !times[times.length - 1].playing`, `times.slice(-3)`, wait)

	// Forward and back, by button and key; the clock, the range and the chapter follow.
	at := func(want float64) {
		t.Helper()
		WaitFor(t, tab, fmt.Sprintf(`!media.seeking && Math.abs(media.currentTime - %g) < 0.6`, want), state, wait)
		WaitFor(t, tab, fmt.Sprintf(`Math.abs(document.querySelector(".controls input[type=range]").value - %g) < 1`, want),
			`document.querySelector(".controls input[type=range]").value`, wait)
	}
	Eval[bool](t, tab, `(media.currentTime = 490, true)`)
	at(490)
	Click(t, tab, ".controls .forward")
	at(520)
	WaitFor(t, tab, `document.querySelector(".controls .elapsed").textContent === "8:40"`, `document.querySelector(".controls .elapsed").textContent`, wait)
	WaitFor(t, tab, `document.querySelector(".chapter-now").textContent === "Chapter: Part 3"`, `document.querySelector(".chapter-now").textContent`, wait)
	WaitFor(t, tab, `document.querySelector(".chapters a[aria-current]")?.textContent.includes("Part 3")`, `document.querySelector(".chapters").innerHTML`, wait)
	Click(t, tab, ".controls .back")
	at(505)
	Eval[bool](t, tab, `(document.activeElement.blur(), true)`)
	for _, k := range []struct {
		key  string
		want float64
	}{{"l", 535}, {"j", 520}, {kb.ArrowRight, 550}, {kb.ArrowLeft, 535}} {
		Do(t, tab, "pressing "+k.key, chromedp.KeyEvent(k.key))
		at(k.want)
	}
	// Space and k play and pause when focus is on no control.
	Do(t, tab, "pressing k", chromedp.KeyEvent("k"))
	WaitFor(t, tab, `!media.paused`, state, wait)
	Do(t, tab, "pressing Space", chromedp.KeyEvent(" "))
	WaitFor(t, tab, `media.paused`, state, wait)
	if p := Eval[string](t, tab, `document.querySelector("button.follow").getAttribute("aria-pressed")`); p != "true" {
		t.Errorf("Space as play/pause switched following off (aria-pressed=%s)", p)
	}

	// Speed: the button goes round the list, > and < step along it.
	Click(t, tab, ".controls .speed")
	WaitFor(t, tab, `media.playbackRate === 1.25`, `media.playbackRate`, wait)
	Eval[bool](t, tab, `(document.activeElement.blur(), true)`)
	Do(t, tab, "pressing >", chromedp.KeyEvent(">"))
	WaitFor(t, tab, `media.playbackRate === 1.5`, `media.playbackRate`, wait)
	Do(t, tab, "pressing <", chromedp.KeyEvent("<"))
	Do(t, tab, "pressing <", chromedp.KeyEvent("<"))
	WaitFor(t, tab, `media.playbackRate === 1`, `media.playbackRate`, wait)
	WaitFor(t, tab, `document.querySelector(".controls .speed").getAttribute("aria-label") === "Playback speed 1×"`,
		`document.querySelector(".controls .speed").outerHTML`, wait)

	// Typing in the search box is not a shortcut.
	Eval[bool](t, tab, `(document.getElementById("site-search").focus(), true)`)
	Do(t, tab, "typing in search", chromedp.KeyEvent("kl j"))
	if got := Eval[string](t, tab, `document.getElementById("site-search").value`); got != "kl j" {
		t.Errorf("typed %q into search, it holds %q", "kl j", got)
	}
	if !Eval[bool](t, tab, `media.paused && Math.abs(media.currentTime - 535) < 1`) {
		t.Errorf("typing in the search box drove the player: %v", Eval[map[string]any](t, tab, state))
	}
}

// TestResumeIsOfferedNotForced: a position remembered from an earlier visit is offered as
// "Resume at …", never jumped to, least of all over a linked turn.
func TestResumeIsOfferedNotForced(t *testing.T) {
	page := buildLong(t)
	tab := browser.NewTab(t)
	openLong(t, tab, page, "")
	// Playing and pausing remembers the position.
	Eval[bool](t, tab, `(media.currentTime = 300, media.play(), true)`)
	WaitFor(t, tab, `!media.paused && media.currentTime > 300.2`, state, wait)
	Eval[bool](t, tab, `(media.pause(), true)`)
	WaitFor(t, tab, `Math.abs(parseFloat(localStorage.getItem("verbatim:position:/episodes/long/")) - 300) < 5`,
		`localStorage.getItem("verbatim:position:/episodes/long/")`, wait)

	// Opened again at a linked turn: the turn is where the player stands, the resume is offered.
	// (A new tab: the same page with a new hash would only scroll; storage is the browser's.)
	tab = browser.NewTab(t)
	openLong(t, tab, page, "#t-8-20")
	WaitFor(t, tab, `!media.seeking && Math.abs(media.currentTime - 500) < 0.5`, state, wait)
	resume := `document.querySelector(".controls .resume")`
	WaitFor(t, tab, resume+` && /^Resume at 5:0\d$/.test(`+resume+`.textContent)`, `document.querySelector(".controls").outerHTML`, wait)
	time.Sleep(300 * time.Millisecond)
	if got := Eval[float64](t, tab, `media.currentTime`); got < 499 || got > 501 {
		t.Errorf("with a linked turn at 8:20 and a remembered 5:00, the player is at %v", got)
	}

	// Opened plainly: the offer, and it plays from there when taken.
	tab = browser.NewTab(t)
	openLong(t, tab, page, "")
	WaitFor(t, tab, resume+` !== null`, `document.querySelector(".controls").outerHTML`, wait)
	if got := Eval[float64](t, tab, `media.currentTime`); got != 0 {
		t.Errorf("the remembered position was jumped to without asking: at %v", got)
	}
	Click(t, tab, ".controls .resume")
	WaitFor(t, tab, `!media.paused && media.currentTime >= 299 && media.currentTime < 310`, state, wait)
	WaitFor(t, tab, resume+` === null`, `document.querySelector(".controls").outerHTML`, wait)
}

// TestTabbingPastSearchKeepsFollowing: focus passing through the header's search box does not
// switch following off; typing there does.
func TestTabbingPastSearchKeepsFollowing(t *testing.T) {
	base := serveFixture(t)
	tab := browser.NewTab(t)
	openEpisode(t, tab, base, "")
	pressed := `document.querySelector("button.follow").getAttribute("aria-pressed")`
	Eval[bool](t, tab, `(document.querySelector("header.site .home").focus(), true)`)
	passed := false
	for range 12 {
		Do(t, tab, "pressing Tab", chromedp.KeyEvent("\t"))
		if Eval[bool](t, tab, `document.activeElement.id === "site-search"`) {
			passed = true
		}
		if Eval[bool](t, tab, `document.activeElement.closest("main") !== null`) {
			break
		}
	}
	if !passed {
		t.Fatal("Tab never reached the search box")
	}
	if got := Eval[string](t, tab, pressed); got != "true" {
		t.Errorf("after tabbing past the search box, following is aria-pressed=%s, want true", got)
	}
	Eval[bool](t, tab, `(document.getElementById("site-search").focus(), true)`)
	Do(t, tab, "typing in search", chromedp.KeyEvent("hum"))
	WaitFor(t, tab, pressed+` === "false"`, pressed, wait)
}

// TestNowPlayingOnlyWhilePlaying: a linked turn is the target, not "Now playing"; playing marks
// it, pausing takes the words away.
func TestNowPlayingOnlyWhilePlaying(t *testing.T) {
	base := serveFixture(t)
	tab := browser.NewTab(t)
	openEpisode(t, tab, base, "#t-0-05")
	WaitFor(t, tab, currentIs("t-0-05"), state, wait)
	if got := Eval[string](t, tab, nowPlaying); got != "" {
		t.Errorf("opened at a turn, paused, the page says %s", got)
	}
	Click(t, tab, ".controls .play")
	WaitFor(t, tab, `!media.paused && `+nowPlaying+` !== ""`, nowPlaying, wait)
	if got := Eval[string](t, tab, `getComputedStyle(document.getElementById("t-0-05").closest(".turn")).borderLeftStyle`); got != "solid" {
		t.Errorf("the turn being heard has a %s border, want solid", got)
	}
	Click(t, tab, ".controls .play")
	WaitFor(t, tab, `media.paused && `+nowPlaying+` === ""`, nowPlaying, wait)
}

// TestVideoTakesTheColumn: a video gets the bar, and is as wide as the column up to 40% of the
// window's height (at 16:9), centred in it, on a wide window and on a phone.
func TestVideoTakesTheColumn(t *testing.T) {
	base := serveFixture(t)
	for _, size := range []struct{ w, h int64 }{{1280, 900}, {390, 844}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			tab := browser.NewTab(t)
			Do(t, tab, "sizing the window", chromedp.EmulateViewport(size.w, size.h))
			Open(t, tab, base+"/episodes/film/")
			WaitFor(t, tab, `media.readyState >= 1 && document.querySelector(".player .controls .fullscreen") !== null`, state, wait)
			type box struct{ Left, Right, Width, Height, ColLeft, ColRight float64 }
			b := Eval[box](t, tab, `(() => { const v = media.getBoundingClientRect(), c = document.querySelector(".transcript").getBoundingClientRect();
				return {Left: v.left, Right: v.right, Width: v.width, Height: v.height, ColLeft: c.left, ColRight: c.right}; })()`)
			col := b.ColRight - b.ColLeft
			want := min(col, float64(size.h)*0.4*16/9)
			if b.Width < want-2 || b.Width > want+2 {
				t.Errorf("the video is %.0f px wide in a %.0f px column, want %.0f", b.Width, col, want)
			}
			if d := (b.Left - b.ColLeft) - (b.ColRight - b.Right); d < -2 || d > 2 {
				t.Errorf("the video is not centred in the column: %+v", b)
			}
			if b.Height > float64(size.h)*0.4+1 {
				t.Errorf("the video is %.0f px tall in a %d px window", b.Height, size.h)
			}
			if Eval[bool](t, tab, `media.controls`) {
				t.Error("the video keeps its native controls beside the bar")
			}
			Click(t, tab, "#media")
			WaitFor(t, tab, `!media.paused`, state, wait)
		})
	}
}
