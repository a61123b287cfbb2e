package browsertest

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// headerBoxes measures the site header's pieces in the window: the site's name, the nav, the
// search box and its button (absent on the search page), each as top, bottom, left and right.
const headerBoxes = `(() => {
	const box = (sel) => {
		const el = document.querySelector("header.site " + sel);
		if (!el) return null;
		const r = el.getBoundingClientRect();
		return {Top: r.top, Bottom: r.bottom, Left: r.left, Right: r.right};
	};
	return {Home: box(".home"), Nav: box("nav"), Input: box("form.search input"), Button: box("form.search button")};
})()`

type headerBox struct{ Top, Bottom, Left, Right float64 }

type headerLayout struct{ Home, Nav, Input, Button *headerBox }

// sameRow reports whether two boxes share a line: their vertical centres within 2px.
func sameRow(a, b *headerBox) bool {
	d := (a.Top + a.Bottom - b.Top - b.Bottom) / 2
	return d > -2 && d < 2
}

// TestHeaderIsOneRowOnWideScreens: at 1280 and 1024 px the site header is one row, the site's
// name on the left and the nav and the search box on the right, on the home page, on an episode
// with the chapters' side column and on one without it. (With the measure near 70 characters the
// search box once dropped under the nav at 1280 px.) It is also the same width on all of them, so
// it does not move from page to page.
func TestHeaderIsOneRowOnWideScreens(t *testing.T) {
	base, _ := buildSample(t)
	tab := browser.NewTab(t)
	for _, width := range []int64{1280, 1024} {
		Do(t, tab, "sizing the window", chromedp.EmulateViewport(width, 900))
		var widths []float64
		for _, page := range []string{"/", "/episodes/open-data-in-the-newsroom/", "/episodes/search-without-a-server/", "/search/"} {
			Open(t, tab, base+page)
			Settle(t, tab)
			if page == "/episodes/open-data-in-the-newsroom/" && !Eval[bool](t, tab, `getComputedStyle(document.querySelector(".reading")).display === "grid"`) && width >= 1100 {
				t.Fatalf("%s at %dpx: the chapters are not a side column; this page no longer tests that layout", page, width)
			}
			h := Eval[headerLayout](t, tab, headerBoxes)
			where := fmt.Sprintf("%s at %dpx", page, width)
			if h.Home == nil || h.Nav == nil {
				t.Fatalf("%s: no site name or nav in the header", where)
			}
			if page != "/search/" {
				if h.Input == nil || h.Button == nil {
					t.Fatalf("%s: no search box in the header", where)
				}
				if !sameRow(h.Input, h.Nav) || !sameRow(h.Button, h.Nav) {
					t.Errorf("%s: the search box (top %.0f) is not on the nav's row (top %.0f)", where, h.Input.Top, h.Nav.Top)
				}
				if !(h.Nav.Right <= h.Input.Left) {
					t.Errorf("%s: the search box (left %.0f) is not right of the nav (right %.0f)", where, h.Input.Left, h.Nav.Right)
				}
			}
			if !sameRow(h.Home, h.Nav) || !(h.Home.Right < h.Nav.Left) {
				t.Errorf("%s: the site's name %+v is not left of the nav %+v on its row", where, *h.Home, *h.Nav)
			}
			widths = append(widths, Eval[float64](t, tab, `document.querySelector("header.site").getBoundingClientRect().width`))
		}
		for i, w := range widths {
			if w != widths[0] {
				t.Errorf("at %dpx the header is %.0f px wide on one page and %.0f px on another", width, widths[0], widths[i])
			}
		}
	}
}

// TestHeaderFitsNarrowScreens: at 768 and 390 px no page of the sample site is wider than the
// window; the header's pieces stay inside it, its links are 24px targets, and on a phone the
// search box (16px text, so iOS does not zoom) has its button on its own row beside it.
func TestHeaderFitsNarrowScreens(t *testing.T) {
	base, out := buildSample(t)
	tab := browser.NewTab(t)
	for _, size := range []struct{ w, h int64 }{{768, 1024}, {390, 844}} {
		Do(t, tab, "sizing the window", chromedp.EmulateViewport(size.w, size.h))
		for _, page := range pagesOf(t, out) {
			Open(t, tab, base+page)
			Settle(t, tab)
			where := fmt.Sprintf("%s at %dpx", page, size.w)
			if sw := Eval[int](t, tab, `document.scrollingElement.scrollWidth`); sw > int(size.w) {
				t.Errorf("%s: the page is %d px wide, wider than the window", where, sw)
			}
			h := Eval[headerLayout](t, tab, headerBoxes)
			for name, b := range map[string]*headerBox{"name": h.Home, "nav": h.Nav, "search box": h.Input, "search button": h.Button} {
				if b != nil && (b.Left < 0 || b.Right > float64(size.w)) {
					t.Errorf("%s: the header's %s runs out of the window: %+v", where, name, *b)
				}
			}
			if small := Eval[[]string](t, tab, `[...document.querySelectorAll("header.site a, header.site input, header.site button")]
				.filter(el => { const r = el.getBoundingClientRect(); return r.width < 24 || r.height < 24; })
				.map(el => el.outerHTML.slice(0, 80))`); len(small) > 0 {
				t.Errorf("%s: header targets smaller than 24px: %v", where, small)
			}
			if h.Input == nil {
				continue
			}
			if !sameRow(h.Input, h.Button) {
				t.Errorf("%s: the search button is not beside the search box", where)
			}
			if size.w == 390 {
				if px := Eval[float64](t, tab, `parseFloat(getComputedStyle(document.querySelector("header.site input")).fontSize)`); px < 16 {
					t.Errorf("%s: the search box's text is %.1f px; under 16 px iOS zooms in on it", where, px)
				}
				if !(h.Input.Top >= h.Nav.Bottom) {
					t.Errorf("%s: the search box shares the nav's row on a phone", where)
				}
			}
		}
	}
}
