package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// longVideo is the long episode filmed: the same 200 turns, its media named as a video (a WAV
// plays in a <video> too, as a black picture, which is all a layout test needs).
func longVideo(t *testing.T) string {
	t.Helper()
	episode := strings.Replace(longEpisode(longTurns), "\nmedia: /audio/long.wav\n", "\nvideo: /audio/long.wav\n", 1)
	if !strings.Contains(episode, "\nvideo: ") {
		t.Fatal("longEpisode no longer names its media as /audio/long.wav: this test cannot make it a video")
	}
	return episode
}

// midTurn is the anchor of a turn in the middle of the long episode: the 108th, at 8:55.
const midTurn = "t-8-55"

// playerLook measures the sticky video: the picture's height, the player's box in the window,
// where the transcript's column starts in the page (not the window: if it does not move, no turn
// does; a turn's own place is an estimate until it is near, as turns out of view are not laid
// out), and where the mid-page turn is in the window.
const playerLook = `(() => {
	const v = media.getBoundingClientRect(), p = document.querySelector(".player").getBoundingClientRect();
	const reading = document.querySelector(".reading").getBoundingClientRect();
	const turn = document.getElementById("` + midTurn + `").closest(".turn").getBoundingClientRect();
	return {Video: v.height, Top: p.top, Bottom: p.bottom, ReadingInPage: reading.top + scrollY, TurnInWindow: turn.top};
})()`

type look struct{ Video, Top, Bottom, ReadingInPage, TurnInWindow float64 }

// TestStuckVideoIsCompact scrolls a long video episode: once stuck at the top of the window the
// video is a small picture beside its bar, whose buttons still work; back at the top it is full
// size again; and neither change moves the transcript. Opened at a mid-page turn's anchor, the
// turn lands under the compact player, clear of it. Nothing of it is animated (with reduced
// motion preferred, nothing may be).
func TestStuckVideoIsCompact(t *testing.T) {
	page := buildLongAs(t, longVideo(t))
	for _, size := range []struct{ w, h int64 }{{1280, 900}, {390, 844}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			tab := browser.NewTab(t)
			Do(t, tab, "sizing the window", chromedp.EmulateViewport(size.w, size.h))
			Do(t, tab, "emulating prefers-reduced-motion: reduce", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
					Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}},
				})
				return err
			}))
			openLong(t, tab, page, "")
			WaitFor(t, tab, `document.querySelector(".player.has-bar .controls") !== null`, state, wait)
			Settle(t, tab)
			top := Eval[look](t, tab, playerLook)

			Eval[bool](t, tab, `(scrollTo({top: 1500, behavior: "instant"}), true)`)
			Settle(t, tab)
			WaitFor(t, tab, fmt.Sprintf(`media.getBoundingClientRect().height < %f`, top.Video-1), playerLook, wait)
			down := Eval[look](t, tab, playerLook)
			if down.Video > top.Video*0.6 {
				t.Errorf("stuck, the video is %.0f px tall; at the top it was %.0f: want it compact", down.Video, top.Video)
			}
			if down.Top < -1 || down.Top > 1 {
				t.Errorf("scrolled 1500 px, the player's top is at %.0f px, not stuck at the top", down.Top)
			}
			if d := down.ReadingInPage - top.ReadingInPage; d < -0.5 || d > 0.5 {
				t.Errorf("the video shrank and the transcript moved by %.1f px", d)
			}
			if n := Eval[int](t, tab, `document.querySelector(".player").getAnimations({subtree: true}).length`); n != 0 {
				t.Errorf("with reduced motion, the player animates (%d animations)", n)
			}

			Eval[bool](t, tab, `(scrollTo({top: 0, behavior: "instant"}), true)`)
			Settle(t, tab)
			WaitFor(t, tab, fmt.Sprintf(`Math.abs(media.getBoundingClientRect().height - %f) < 0.5`, top.Video), playerLook, wait)
			if back := Eval[look](t, tab, playerLook); back.ReadingInPage != top.ReadingInPage {
				t.Errorf("back at the top, the transcript moved by %.1f px", back.ReadingInPage-top.ReadingInPage)
			}

			// The bar changes while compact (as when it offers to resume, or learns the media's
			// length), and wraps otherwise beside the small picture than at full size: the
			// transcript is still where the full-size player puts it.
			Eval[bool](t, tab, `(scrollTo({top: 1500, behavior: "instant"}), true)`)
			Settle(t, tab)
			WaitFor(t, tab, fmt.Sprintf(`media.getBoundingClientRect().height < %f`, top.Video-1), playerLook, wait)
			Eval[bool](t, tab, `(() => { const s = document.createElement("span"); s.className = "grown";
				Object.assign(s.style, {display: "inline-block", width: "55%", height: "2rem"});
				document.querySelector(".player .controls .row").append(s); return true; })()`)
			Eval[bool](t, tab, `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`)
			grown := Eval[look](t, tab, playerLook)
			Eval[bool](t, tab, `(scrollTo({top: 0, behavior: "instant"}), true)`)
			Settle(t, tab)
			WaitFor(t, tab, fmt.Sprintf(`media.getBoundingClientRect().height > %f`, top.Video-1), playerLook, wait)
			if full := Eval[look](t, tab, playerLook); full.ReadingInPage != grown.ReadingInPage {
				t.Errorf("after the compact bar changed, the transcript is %.1f px off where the full player puts it", grown.ReadingInPage-full.ReadingInPage)
			}
			Eval[bool](t, tab, `(document.querySelector(".player .grown").remove(), true)`)

			// The compact bar's play button takes a real click where it is drawn.
			Eval[bool](t, tab, `(scrollTo({top: 1500, behavior: "instant"}), true)`)
			Settle(t, tab)
			WaitFor(t, tab, fmt.Sprintf(`media.getBoundingClientRect().height < %f`, top.Video-1), playerLook, wait)
			type point struct{ X, Y, W, H float64 }
			p := Eval[point](t, tab, `(() => { const r = document.querySelector(".controls .play").getBoundingClientRect();
				return {X: r.left + r.width / 2, Y: r.top + r.height / 2, W: r.width, H: r.height}; })()`)
			if p.W < 24 || p.H < 24 {
				t.Errorf("the compact bar's play button is %.0fx%.0f px, under 24px", p.W, p.H)
			}
			Do(t, tab, "clicking play", chromedp.MouseClickXY(p.X, p.Y))
			WaitFor(t, tab, `!media.paused`, state, wait)
			Eval[bool](t, tab, `(media.pause(), true)`)

			// Opened at a mid-page turn, the turn is under the player, clear of it.
			tab = browser.NewTab(t)
			Do(t, tab, "sizing the window", chromedp.EmulateViewport(size.w, size.h))
			openLong(t, tab, page, "#"+midTurn)
			Settle(t, tab)
			WaitFor(t, tab, fmt.Sprintf(`media.getBoundingClientRect().height < %f`, top.Video-1), playerLook, wait)
			Settle(t, tab)
			at := Eval[look](t, tab, playerLook)
			if at.TurnInWindow < at.Bottom {
				t.Errorf("opened at #%s, the turn's top (%.0f px) is under the player, whose bottom is at %.0f px", midTurn, at.TurnInWindow, at.Bottom)
			}
			if at.TurnInWindow > float64(size.h)/2 {
				t.Errorf("opened at #%s, the turn is at %.0f px, not near the top of a %d px window", midTurn, at.TurnInWindow, size.h)
			}
		})
	}
}
