package browsertest

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// searchState describes the search page for a failure message.
const searchState = `({url: location.href, status: document.getElementById("search-status")?.textContent,
	results: Array.from(document.querySelectorAll("#search-results a")).map(a => a.href + " " + a.textContent),
	focus: document.activeElement?.outerHTML.slice(0, 120), target: document.querySelector(":target")?.id})`

// The phrase Tomás Ferreira says at 1:42 in the sample episode "Search without a server".
const (
	phrase     = "hear the sentence in context"
	phraseBy   = "Tomás Ferreira"
	phrasePage = "/episodes/search-without-a-server/"
	phraseTurn = "t-1-42"
)

// resultsShown is true when the page lists n results.
func resultsShown(n int) string {
	return `document.querySelectorAll("#search-results li").length === ` + strconv.Itoa(n)
}

func TestSearchFindsASpeakersPhraseAndLandsOnTheTurn(t *testing.T) {
	base, _ := buildSample(t)
	tab := browser.NewTab(t)
	Open(t, tab, base+"/search/?q="+url.QueryEscape(phrase)+"&speaker="+url.QueryEscape(phraseBy))
	WaitFor(t, tab, resultsShown(1), searchState, wait)

	if got := Eval[string](t, tab, `document.querySelector("select[name=speaker]").value`); got != phraseBy {
		t.Errorf("the speaker filter shows %q, want %q from the URL", got, phraseBy)
	}
	if got := Eval[string](t, tab, `document.getElementById("search-status").textContent`); got != "One turn matches “"+phrase+"”." {
		t.Errorf("the live region says %q", got)
	}
	link := Eval[string](t, tab, `document.querySelector("#search-results a").getAttribute("href")`)
	if want := phrasePage + "?mark=hear+sentence+context#" + phraseTurn; link != want {
		t.Errorf("the result links to %q, want %q", link, want)
	}
	text := Eval[string](t, tab, `document.querySelector("#search-results a").textContent`)
	for _, want := range []string{"1:42", phraseBy, "Search without a server", "hear the sentence in context"} {
		if !strings.Contains(text, want) {
			t.Errorf("the result %q does not show %q", text, want)
		}
	}
	marks := Eval[[]string](t, tab, `Array.from(document.querySelectorAll("#search-results mark")).map(m => m.textContent)`)
	if strings.Join(marks, " ") != "hear sentence context" {
		t.Errorf("highlighted %q, want the query's words but not its stopwords", marks)
	}

	// Another speaker never said it.
	Eval[bool](t, tab, `(() => { const s = document.querySelector("select[name=speaker]");
		s.value = "Mara Okafor"; s.dispatchEvent(new Event("change")); return true; })()`)
	WaitFor(t, tab, resultsShown(0)+` && document.getElementById("search-status").textContent.startsWith("Nothing matches")`, searchState, wait)
	if got := Eval[string](t, tab, `new URLSearchParams(location.search).get("speaker")`); got != "Mara Okafor" {
		t.Errorf("the URL's speaker is %q after changing the filter", got)
	}
	Eval[bool](t, tab, `(() => { const s = document.querySelector("select[name=speaker]");
		s.value = ""; s.dispatchEvent(new Event("change")); return true; })()`)
	WaitFor(t, tab, resultsShown(1), searchState, wait)

	Click(t, tab, "#search-results a")
	WaitFor(t, tab, `location.pathname === "`+phrasePage+`" && document.querySelector(":target")?.id === "`+phraseTurn+`"`, searchState, wait)
}

func TestSearchWorksFromTheKeyboard(t *testing.T) {
	base, _ := buildSample(t)
	tab := browser.NewTab(t)
	Open(t, tab, base+"/")
	// The search box in every page's header submits to the search page.
	Eval[bool](t, tab, `(document.getElementById("site-search").focus(), true)`)
	Do(t, tab, "typing a query", chromedp.KeyEvent("player ready"))
	Do(t, tab, "pressing Enter", chromedp.KeyEvent("\r"))
	WaitFor(t, tab, `location.pathname === "/search/" && `+resultsShown(1), searchState, wait)
	if got := Eval[string](t, tab, `document.getElementById("q").value`); got != "player ready" {
		t.Errorf("the search page's box holds %q", got)
	}

	// Typing refines the query as you go, and the URL follows.
	Eval[bool](t, tab, `(document.getElementById("q").focus(), true)`)
	Do(t, tab, "typing more", chromedp.KeyEvent(" at that sec"))
	WaitFor(t, tab, `new URLSearchParams(location.search).get("q") === "player ready at that sec" && `+resultsShown(1)+
		` && document.querySelector("#search-results mark:last-of-type")?.textContent === "second"`, searchState, wait)

	// Arrow down from the box reaches the result; Enter follows it.
	Do(t, tab, "pressing ArrowDown", chromedp.KeyEvent(kb.ArrowDown))
	WaitFor(t, tab, `document.activeElement === document.querySelector("#search-results a")`, searchState, wait)
	Do(t, tab, "pressing ArrowUp", chromedp.KeyEvent(kb.ArrowUp))
	WaitFor(t, tab, `document.activeElement.id === "q"`, searchState, wait)
	Do(t, tab, "pressing ArrowDown", chromedp.KeyEvent(kb.ArrowDown))
	Do(t, tab, "pressing Enter", chromedp.KeyEvent("\r"))
	WaitFor(t, tab, `location.pathname === "`+phrasePage+`" && document.querySelector(":target")?.id === "`+phraseTurn+`"`, searchState, wait)
}

// TestSearchPageWithResultsHasNoAxeViolations runs axe-core's WCAG A and AA rules on the search
// page with results, light and dark: turns under filters ("search"), and speakers, episodes and
// turns with faces, pictures and initials ("sam"). The page as built has none: the script makes them.
func TestSearchPageWithResultsHasNoAxeViolations(t *testing.T) {
	axe := needAxe(t)
	base, _ := buildSample(t)
	for _, c := range []struct{ query, ready string }{
		{"search", `document.querySelectorAll("#search-results li").length > 1 && !document.querySelector(".filters").hidden`},
		{"sam", `document.querySelectorAll("#search-speakers li").length > 0 && document.querySelectorAll("#search-results li").length > 0 && document.getElementById("search-status").textContent`},
	} {
		for _, scheme := range []string{"light", "dark"} {
			t.Run(c.query+"/"+scheme, func(t *testing.T) {
				tab := browser.NewTab(t)
				setColorScheme(t, tab, scheme)
				Open(t, tab, base+"/search/?q="+c.query)
				WaitFor(t, tab, c.ready, searchState, wait)
				for _, v := range Axe(t, tab, axe) {
					t.Errorf("search page for %q (%s): %s [%s]\n\t%s", c.query, scheme, v.Help, v.ID, strings.Join(v.Nodes, "\n\t"))
				}
			})
		}
	}
}

// textRequest is one request the page made for a search text file.
type textRequest struct {
	rangeHeader, encoding string
	status                int
}

// TestSearchReadsTurnsWithRangeRequestsOrWithout finds a phrase on a host that answers Range
// requests, and on one that ignores them and sends whole files: the result is the same.
func TestSearchReadsTurnsWithRangeRequestsOrWithout(t *testing.T) {
	_, out := buildSample(t)
	for _, ranges := range []bool{true, false} {
		t.Run(map[bool]string{true: "Ranges", false: "WholeFiles"}[ranges], func(t *testing.T) {
			var mu sync.Mutex
			var texts []textRequest
			files := http.FileServer(http.Dir(out))
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if !strings.HasPrefix(r.URL.Path, "/search/e/") {
					files.ServeHTTP(w, r)
					return
				}
				req := textRequest{rangeHeader: r.Header.Get("Range"), encoding: r.Header.Get("Accept-Encoding")}
				if !ranges {
					r.Header.Del("Range")
				}
				sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
				files.ServeHTTP(sw, r)
				req.status = sw.status
				mu.Lock()
				texts = append(texts, req)
				mu.Unlock()
			}))
			t.Cleanup(srv.Close)

			tab := browser.NewTab(t)
			Open(t, tab, srv.URL+"/search/?q="+url.QueryEscape(phrase))
			WaitFor(t, tab, resultsShown(1), searchState, wait)
			text := Eval[string](t, tab, `document.querySelector("#search-results a").textContent`)
			for _, want := range []string{"1:42", phraseBy, "Search without a server", phrase} {
				if !strings.Contains(text, want) {
					t.Errorf("the result %q does not show %q", text, want)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			if len(texts) == 0 {
				t.Fatal("the result came without a request for its text file")
			}
			for _, req := range texts {
				if !strings.HasPrefix(req.rangeHeader, "bytes=") {
					t.Errorf("a text file was asked for with Range %q, want a byte range", req.rangeHeader)
				}
				// Fetch asks for a range as stored, so a host never compresses it under the offsets.
				if req.encoding != "identity" {
					t.Errorf("a range was asked for with Accept-Encoding %q, want identity", req.encoding)
				}
				if want := map[bool]int{true: http.StatusPartialContent, false: http.StatusOK}[ranges]; req.status != want {
					t.Errorf("a text file came with status %d, want %d", req.status, want)
				}
			}
			if !ranges && len(texts) != 1 {
				t.Errorf("%d requests for one text file: a whole file sent once must be kept", len(texts))
			}
		})
	}
}

// statusWriter records the status of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}
