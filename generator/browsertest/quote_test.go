package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// selectText selects, inside the element matching root, from the start of the text from to the
// end of the text to (each found in the first text node holding it), as a reader dragging would.
func selectText(t *testing.T, tab context.Context, root, from, to string) {
	t.Helper()
	Eval[bool](t, tab, fmt.Sprintf(`((root, a, b) => {
		const nodes = [], w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
		for (let n = w.nextNode(); n; n = w.nextNode()) nodes.push(n);
		const find = (s) => {
			for (const n of nodes) { const i = n.data.indexOf(s); if (i >= 0) return [n, i]; }
			throw new Error("no text " + JSON.stringify(s) + " in the root");
		};
		const [sn, si] = find(a), [en, ei] = find(b);
		const r = document.createRange();
		r.setStart(sn, si);
		r.setEnd(en, ei + b.length);
		getSelection().removeAllRanges();
		getSelection().addRange(r);
		return true;
	})(document.querySelector(%q), %q, %q)`, root, from, to))
}

const popupShown = `!document.querySelector(".quote-popup").hidden`

func TestSelectionGivesQuoteLinkAndAttributedQuote(t *testing.T) {
	base := serveFixture(t)
	page := base + "/episodes/ep1/"
	tests := []struct {
		name, turn, from, to string
		fragment             string // the text directive the link carries, if any
		quote                string // the quoted words
	}{
		{"PartialWordsWidenToWholeWords", "t-0-05", "ilence", "underr",
			"text=Silence%20is%20underrated", "Silence is underrated"},
		{"InlineMarkupIsOneBlock", "t-0-05", "and", "talks",
			"text=and%20nobody%20talks", "and nobody talks"},
		{"LongQuoteUsesStartAndEnd", "t-0-10", "The hum", "quiet rooms.",
			"text=The%20hum%20of%20a,in%20most%20quiet%20rooms.",
			"The hum of a refrigerator is the loudest thing in most quiet rooms."},
		{"AcrossParagraphsUsesStartAndEnd", "t-0-10", "refrigerator", "well-tempered pa",
			"text=refrigerator%20is%20the%20loudest,paragraph%3A%20a%20well%2Dtempered%20pause",
			"refrigerator is the loudest thing in most quiet rooms. Second paragraph: a well-tempered pause"},
		// "Agreed." is said twice: in t-0-05 the words before it tell the two apart...
		{"RepeatedWordsGetAPrefix", "t-0-05", "Agreed", "Agreed.",
			"text=talks%20about%20it.-,Agreed.", "Agreed."},
		// ...while t-0-10-b is nothing but "Agreed.": no directive can single it out, so the
		// link is the turn's anchor alone (a directive would send the reader to t-0-05).
		{"RepeatedEverywhereLinksTheTurnOnly", "t-0-10-b", "Agreed", "Agreed.",
			"", "Agreed."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tab := browser.NewTab(t)
			openEpisode(t, tab, base, "")
			selectText(t, tab, "#"+tc.turn+" ~ .text", tc.from, tc.to)
			WaitFor(t, tab, popupShown, state, wait)
			if in := Eval[string](t, tab, `document.querySelector(".quote-popup").closest(".turn")?.querySelector(".turn-head").id`); in != tc.turn {
				t.Errorf("the popup sits in turn %q, want it after the selected turn's text (%s) so Tab reaches it", in, tc.turn)
			}

			Click(t, tab, ".quote-popup button:nth-child(1)")
			WaitFor(t, tab, `document.querySelector(".status").textContent === "Link to quote copied"`, state, wait)
			link := Eval[string](t, tab, `document.querySelector(".quote-popup button:nth-child(1)").dataset.copied`)
			want := page + "#" + tc.turn
			if tc.fragment != "" {
				want += ":~:" + tc.fragment
			}
			if link != want {
				t.Errorf("quote link\n got %s\nwant %s", link, want)
			}

			Click(t, tab, ".quote-popup button:nth-child(2)")
			WaitFor(t, tab, `document.querySelector(".status").textContent === "Quote copied"`, state, wait)
			speaker := Eval[string](t, tab, `document.querySelector("#`+tc.turn+` .speaker").textContent`)
			time := Eval[string](t, tab, `document.querySelector("#`+tc.turn+` .time").textContent`)
			want = fmt.Sprintf("\u201c%s\u201d \u2014 %s, Silence, Considered, %s, %s#%s", tc.quote, speaker, time, page, tc.turn)
			if got := Eval[string](t, tab, `document.querySelector(".quote-popup button:nth-child(2)").dataset.copied`); got != want {
				t.Errorf("attributed quote\n got %s\nwant %s", got, want)
			}

			// The link works. In a fresh page, Chrome takes the ":~:" part as a text directive (it
			// strips it from location.hash); when the text is found it scrolls to those words and
			// makes the block holding them the :target (text that is not found leaves no :target
			// and the page at the top; a plain anchor targets the turn), so the :target must be in
			// the quoted turn and the quote's first word in view.
			fresh := browser.NewTab(t)
			Open(t, fresh, link)
			first := strings.Fields(tc.quote)[0]
			WaitFor(t, fresh, fmt.Sprintf(`location.hash === "#%[1]s" && document.querySelector(":target")?.closest(".turn")?.querySelector(".turn-head").id === %[1]q && (() => {
				const w = document.createTreeWalker(document.querySelector("#%[1]s ~ .text"), NodeFilter.SHOW_TEXT);
				for (let n = w.nextNode(); n; n = w.nextNode()) {
					const i = n.data.indexOf(%[2]q);
					if (i < 0) continue;
					const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + %[2]q.length);
					const box = r.getBoundingClientRect();
					return scrollY > 0 && box.top >= 0 && box.bottom <= innerHeight;
				}
				return false;
			})()`, tc.turn, first), `({hash: location.hash, target: document.querySelector(":target")?.outerHTML.slice(0, 80), scrollY})`, wait)
			// The script seeks to the turn too: the link is a link to that moment.
			WaitFor(t, fresh, fmt.Sprintf(`media.readyState >= 1 && Math.abs(media.currentTime - parseFloat(document.getElementById(%q).closest(".turn").dataset.start)) < 0.5`, tc.turn), state, wait)
		})
	}
}

func TestSelectionOutsideOneTurnOffersNoQuote(t *testing.T) {
	base := serveFixture(t)
	tab := browser.NewTab(t)
	openEpisode(t, tab, base, "")
	// First a selection that does get the popup, so hiding it is an observable change.
	selectText(t, tab, "#t-0-05 ~ .text", "Silence", "underrated")
	WaitFor(t, tab, popupShown, state, wait)
	selectText(t, tab, ".transcript", "Silence is", "hum of a")
	WaitFor(t, tab, "!("+popupShown+")", state, wait)

	selectText(t, tab, "#t-0-05 ~ .text", "Silence", "underrated")
	WaitFor(t, tab, popupShown, state, wait)
	selectText(t, tab, "#t-0-05", "Bob", "Sample")
	WaitFor(t, tab, "!("+popupShown+")", state, wait)
}

func TestQuoteCopyFallsBackWithoutClipboardAPI(t *testing.T) {
	base := serveFixture(t)
	tab := browser.NewTab(t)
	openEpisode(t, tab, base, "")
	// As on a page served over plain HTTP from another host, or with the permission refused.
	Eval[bool](t, tab, `(navigator.clipboard.writeText = () => Promise.reject(new DOMException("refused", "NotAllowedError")), true)`)
	selectText(t, tab, "#t-0-05 ~ .text", "Silence", "underrated")
	WaitFor(t, tab, popupShown, state, wait)
	Click(t, tab, ".quote-popup button:nth-child(1)")
	WaitFor(t, tab, `document.querySelector(".status").textContent === "Link to quote copied"`, state, wait)
	// The textarea the copy went through borrowed the selection; the reader's is back, and so the
	// popup stays for the second button.
	WaitFor(t, tab, `getSelection().toString() === "Silence is underrated"`, `getSelection().toString()`, wait)
	// Restoring the selection fires selectionchange, which may lay the popup out again:
	// click only once it is back and still.
	WaitFor(t, tab, popupShown, state, wait)
	Settle(t, tab)
	Click(t, tab, ".quote-popup button:nth-child(2)")
	WaitFor(t, tab, `document.querySelector(".status").textContent === "Quote copied"`, state, wait)
}
