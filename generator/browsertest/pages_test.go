package browsertest

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestPrintedFooterHasNoEmptySeparators prints the home page and an episode: the footer's links
// are not printed, and neither are the dots between them ("Transcripts · ·" it once read).
func TestPrintedFooterHasNoEmptySeparators(t *testing.T) {
	base, _ := buildSample(t)
	tab := browser.NewTab(t)
	Do(t, tab, "emulating print media", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	for _, page := range []string{"/", "/episodes/search-without-a-server/"} {
		Open(t, tab, base+page)
		Settle(t, tab)
		if got := Eval[string](t, tab, `document.querySelector("footer.site").innerText.trim()`); got != "Field Notes" {
			t.Errorf("%s: the printed footer reads %q, want %q", page, got, "Field Notes")
		}
		if Eval[bool](t, tab, `!!document.querySelector(".episode-pager") && document.querySelector(".episode-pager").checkVisibility()`) {
			t.Errorf("%s: previous and next episode are printed", page)
		}
	}
}

// TestMeasure counts the characters on each full line of an episode's paragraphs in the browser:
// near 70 at 18px on a wide screen (they once ran near 90), and still over 35 on a 390px phone.
func TestMeasure(t *testing.T) {
	base, _ := buildSample(t)
	tab := browser.NewTab(t)
	for _, tt := range []struct {
		width    int64
		min, max int
	}{{1280, 60, 80}, {390, 35, 50}} {
		Do(t, tab, "sizing the window", chromedp.EmulateViewport(tt.width, 900))
		Open(t, tab, base+"/episodes/search-without-a-server/")
		Settle(t, tab)
		// The median count of characters on a line that is not a paragraph's last.
		median := Eval[int](t, tab, `(() => {
			const counts = [];
			for (const p of document.querySelectorAll(".turn .text p, .episode-head .description p")) {
				const lines = new Map();
				const walk = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
				for (let n; (n = walk.nextNode()); ) {
					for (let i = 0; i < n.length; i++) {
						const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
						const box = r.getClientRects()[0];
						if (box) lines.set(Math.round(box.top), (lines.get(Math.round(box.top)) || 0) + 1);
					}
				}
				counts.push(...[...lines.values()].slice(0, -1));
			}
			counts.sort((a, b) => a - b);
			return counts.length ? counts[counts.length >> 1] : 0;
		})()`)
		if median < tt.min || median > tt.max {
			t.Errorf("at %dpx, lines hold %d characters (median), want %d to %d", tt.width, median, tt.min, tt.max)
		}
	}
}
