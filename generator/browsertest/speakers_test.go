package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/chromedp"
)

// axNames returns the accessible names of the page's nodes of a role.
func axNames(t *testing.T, tab context.Context, role string) []string {
	t.Helper()
	var names []string
	Do(t, tab, "reading the accessibility tree", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		doc, err := cdp.Call(ctx, tg, dom.GetDocument, dom.GetDocumentParams{})
		if err != nil {
			return err
		}
		res, err := cdp.Call(ctx, tg, accessibility.QueryAXTree, accessibility.QueryAXTreeParams{NodeID: doc.Root.NodeID, Role: role})
		if err != nil {
			return err
		}
		for _, n := range res.Nodes {
			if n.Name != nil {
				names = append(names, strings.Trim(string(n.Name.Value), `"`))
			}
		}
		return nil
	}))
	return names
}

// TestSpeakerFacesAreDrawnNotRead checks, on the built sample site, that a
// turn shows its speaker's initials in a disc of their colour, and that a
// screen reader hears the name alone: the initials are drawn by the
// stylesheet with empty alternative text, and a picture has alt="".
func TestSpeakerFacesAreDrawnNotRead(t *testing.T) {
	base, _ := buildSample(t)
	tab := browser.NewTab(t)
	Open(t, tab, base+"/episodes/open-data-in-the-newsroom/")
	drawn := Eval[string](t, tab, `(() => {
		const a = document.querySelector('.turn:not(.continues) .speaker[data-i="SR"]');
		const disc = getComputedStyle(a, "::before"), name = getComputedStyle(a);
		return [disc.content, disc.backgroundColor === name.color, disc.borderRadius].join(" | ");
	})()`)
	if !strings.HasPrefix(drawn, `"SR"`) || !strings.Contains(drawn, "| true |") || !strings.HasSuffix(drawn, "50%") {
		t.Errorf("Sam Rivera's disc: %s; want the initials, in a round disc of the name's colour", drawn)
	}
	var links []string
	for _, name := range axNames(t, tab, "link") {
		if strings.Contains(name, "Rivera") || strings.Contains(name, "Okafor") {
			links = append(links, name)
		}
	}
	if len(links) < 4 {
		t.Fatalf("found only the speaker links %q", links)
	}
	for _, name := range links {
		if name != "Sam Rivera" && name != "Mara Okafor" {
			t.Errorf("a speaker link is read %q, want the name alone", name)
		}
	}
}
