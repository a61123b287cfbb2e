package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/verbatim-ssg/verbatim/generator/browsertest"
)

const (
	// keyInterval is the time between keystrokes when a query is typed:
	// about 48 words a minute, slower than verbatim's 200 ms debounce, so
	// every prefix of the query runs, as it does for a slow typist.
	keyInterval = 250 * time.Millisecond
	// settleAfter is the least time from the last keystroke to the end of
	// a measurement: longer than either client's debounce.
	settleAfter = 600 * time.Millisecond
	// quietTime is how long the server must have answered nothing, with no
	// request under way, before a query counts as settled.
	quietTime = 300 * time.Millisecond
	// settleTimeout bounds one query's wait for its results.
	settleTimeout = 3 * time.Minute
)

// searchPage is how the step drives one tool's search page in Chromium.
type searchPage struct {
	tool    string
	srv     *countingServer
	url     string
	box     string                   // CSS selector of the search box
	status  string                   // CSS selector of the text that names a settled query
	ready   string                   // JS: the page takes input
	speaker string                   // JS function of a name: sets the speaker filter, or says it cannot yet
	kind    func(path string) string // kindIndex, kindAsset, or "" for a file not counted
}

// Kinds of fetch: the search index, and the page's own files.
const (
	kindIndex = "index"
	kindAsset = "asset"
)

// verbatimPage drives the built site's /search/ (templates/search.html and
// static/search.js): every file below /search/ but the page is the index.
func verbatimPage(srv *countingServer, url string) *searchPage {
	return &searchPage{
		tool: "verbatim", srv: srv, url: url + "/search/",
		box: "form.search-page input[name=q]", status: "#search-status",
		ready: `document.readyState === "complete"`,
		speaker: `(name) => { const s = document.querySelector("form.search-page select[name=speaker]");
			if (!s) return name === "";
			if (name && ![...s.options].some((o) => o.value === name)) return false;
			if (s.value !== name) { s.value = name; s.dispatchEvent(new Event("change")); }
			return true; }`,
		kind: func(p string) string {
			if strings.HasPrefix(p, "/search/") && p != "/search/" && p != "/search/index.html" {
				return kindIndex
			}
			return kindAsset
		},
	}
}

// pagefindPagePath is where the step writes its Pagefind page in the copy.
const pagefindPagePath = "pagefind-search/index.html"

// pagefindPage is the smallest page that searches the way Pagefind's own
// UI does (pagefind-ui.js: on each keystroke it preloads the query's
// index chunks; 300 ms after the last it searches and loads the first
// page of 5 results with r.data()), without the UI's own script and
// styles, which would only add to Pagefind's side. Its status line reads
// like verbatim's.
const pagefindPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pagefind</title><link rel="icon" href="data:,"></head>
<body>
<input id="q" type="search" aria-label="Search">
<p id="search-status"></p>
<ol id="search-results"></ol>
<script type="module">
const pagefind = await import("/pagefind/pagefind.js");
const input = document.getElementById("q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
window.benchFilters = {};
let timer = 0, generation = 0;
input.addEventListener("input", () => {
  const q = input.value.trim(), gen = ++generation, options = { filters: window.benchFilters };
  clearTimeout(timer);
  if (!q) { list.replaceChildren(); status.textContent = ""; return; }
  pagefind.preload(q, options);
  timer = setTimeout(async () => {
    const search = await pagefind.search(q, options);
    const data = await Promise.all(search.results.slice(0, 5).map((r) => r.data()));
    if (gen !== generation) return;
    list.replaceChildren(...data.map((d) => Object.assign(document.createElement("li"), { textContent: d.meta.title + ": " + d.excerpt })));
    status.textContent = search.results.length + " pages match “" + q + "”.";
  }, 300);
});
window.benchReady = true;
</script>
</body></html>
`

// pagefindSearchPage drives pagefindPage: Pagefind's scripts and its wasm
// are its page's files, everything else below /pagefind/ is the index.
func pagefindSearchPage(srv *countingServer, url string) *searchPage {
	return &searchPage{
		tool: "Pagefind", srv: srv, url: url + "/" + path.Dir(pagefindPagePath) + "/",
		box: "#q", status: "#search-status", ready: `window.benchReady === true`,
		speaker: `(name) => { window.benchFilters = name ? { speaker: name } : {}; return true; }`,
		kind: func(p string) string {
			switch base := path.Base(p); {
			case !strings.HasPrefix(p, "/pagefind/"):
				return "" // the step's own page
			case strings.HasSuffix(base, ".js"), strings.HasSuffix(base, ".css"), strings.HasPrefix(base, "wasm."):
				return kindAsset
			}
			return kindIndex
		},
	}
}

func (p *searchPage) only(t []fetch, kind string) transfer {
	var out transfer
	for _, f := range t {
		if p.kind(f.path) == kind {
			out = append(out, f)
		}
	}
	return out
}

// queryRun is one query measured on one tool's page.
type queryRun struct {
	typed      transfer // a fresh page, the query typed key by key, until its results settle
	pasted     transfer // a fresh page, the whole query at once: the final state alone
	again      transfer // the typed page, the box cleared and the query pasted again
	againTyped transfer // then cleared and typed again
	next       transfer // then cleared and the next query typed
	assets     transfer // the page's own files in the typed session
	status     string   // what the page said about the typed query
}

// measure runs a query on a fresh page: typed, then on the same page
// pasted again, typed again and the next query typed; and pasted on a
// fresh page of its own.
func (p *searchPage) measure(browser context.Context, q, next searchQuery) (queryRun, error) {
	var r queryRun
	err := p.session(browser, func(tab context.Context, start int) error {
		if err := p.enter(tab, q, true); err != nil {
			return err
		}
		all := p.srv.since(start)
		r.typed, r.assets = p.only(all, kindIndex), p.only(all, kindAsset)
		r.status, _ = chromedp.Run(tab, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%s).textContent`, jsString(p.status))))
		for _, step := range []struct {
			q     searchQuery
			typed bool
			to    *transfer
		}{{q, false, &r.again}, {q, true, &r.againTyped}, {next, true, &r.next}} {
			if err := p.clear(tab); err != nil {
				return err
			}
			m := p.srv.mark()
			if err := p.enter(tab, step.q, step.typed); err != nil {
				return err
			}
			*step.to = p.only(p.srv.since(m), kindIndex)
		}
		return nil
	})
	if err != nil {
		return r, err
	}
	err = p.session(browser, func(tab context.Context, start int) error {
		if err := p.enter(tab, q, false); err != nil {
			return err
		}
		r.pasted = p.only(p.srv.since(start), kindIndex)
		return nil
	})
	return r, err
}

// session opens the page in a tab of a browser context of its own (no
// cache, storage or worker shared with another session), waits until it
// is loaded and quiet, and calls do with the log's mark from before it
// opened.
func (p *searchPage) session(browser context.Context, do func(tab context.Context, start int) error) error {
	tab, cancelTab := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancelTab()
	tab, cancel := context.WithTimeout(tab, 4*settleTimeout)
	defer cancel()
	start := p.srv.mark()
	if err := chromedp.Do(tab, chromedp.Navigate(p.url)); err != nil {
		return fmt.Errorf("%s: opening %s: %w", p.tool, p.url, err)
	}
	if err := p.waitFor(tab, p.ready, time.Now(), "loading "+p.url); err != nil {
		return err
	}
	return do(tab, start)
}

// enter sets the query's speaker filter, then types the query a key at a
// time, or inserts it whole as a paste does, and waits for its results.
func (p *searchPage) enter(tab context.Context, q searchQuery, typed bool) error {
	set := fmt.Sprintf(`(%s)(%s)`, p.speaker, jsString(q.speaker))
	if err := p.waitFor(tab, set, time.Now(), "setting the speaker filter to "+q.speaker); err != nil {
		return err
	}
	if err := p.focus(tab); err != nil {
		return err
	}
	var err error
	if typed {
		next := time.Now() // keys keep to the interval however long sending one takes
		for _, r := range q.text {
			time.Sleep(time.Until(next))
			next = next.Add(keyInterval)
			if err = chromedp.Do(tab, chromedp.KeyEvent(string(r))); err != nil {
				break
			}
		}
	} else {
		err = chromedp.Do(tab, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: q.text})
			return err
		}))
	}
	if err != nil {
		return fmt.Errorf("%s: typing %q: %w", p.tool, q.text, err)
	}
	shown := fmt.Sprintf(`document.querySelector(%s).textContent.includes(%s)`, jsString(p.status), jsString("“"+q.text+"”"))
	return p.waitFor(tab, shown, time.Now(), fmt.Sprintf("the results of %q", q.text))
}

// clear empties the search box as a user does (select all, Backspace) and
// waits until the page has emptied its status line.
func (p *searchPage) clear(tab context.Context) error {
	if err := p.focus(tab); err != nil {
		return err
	}
	sel := fmt.Sprintf(`document.querySelector(%s).select()`, jsString(p.box))
	if err := chromedp.Do(tab, chromedp.Evaluate[chromedp.Void](sel), chromedp.KeyEvent(kb.Backspace)); err != nil {
		return fmt.Errorf("%s: clearing the search box: %w", p.tool, err)
	}
	empty := fmt.Sprintf(`document.querySelector(%s).textContent === ""`, jsString(p.status))
	return p.waitFor(tab, empty, time.Now(), "the cleared search box")
}

func (p *searchPage) focus(tab context.Context) error {
	js := fmt.Sprintf(`document.querySelector(%s).focus()`, jsString(p.box))
	if err := chromedp.Do(tab, chromedp.Evaluate[chromedp.Void](js)); err != nil {
		return fmt.Errorf("%s: focusing the search box %s: %w", p.tool, p.box, err)
	}
	return nil
}

// waitFor polls a JavaScript condition until it holds and the server has
// been quiet for quietTime, at least settleAfter after since.
func (p *searchPage) waitFor(tab context.Context, cond string, since time.Time, what string) error {
	deadline := time.Now().Add(settleTimeout)
	for {
		if time.Since(since) >= settleAfter && p.srv.quiet(quietTime) {
			ok, err := chromedp.Run(tab, chromedp.Evaluate[bool]("Boolean("+cond+")"))
			if err != nil {
				return fmt.Errorf("%s: waiting for %s: %w", p.tool, what, err)
			}
			if ok && p.srv.quiet(quietTime) {
				return nil
			}
		}
		if time.Now().After(deadline) {
			said, _ := chromedp.Run(tab, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%s)?.textContent ?? "(no status element)"`, jsString(p.status))))
			return fmt.Errorf("%s: waited %v for %s; the page says %q", p.tool, settleTimeout, what, said)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}

// startChromium starts headless Chromium (browsertest.ChromiumPath finds it).
func startChromium(ctx context.Context) (context.Context, func(), error) {
	exe, err := browsertest.ChromiumPath()
	if err != nil {
		return nil, nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	stop := func() { cancelBrowser(); cancelAlloc() }
	if err := chromedp.Do(browser); err != nil {
		stop()
		return nil, nil, fmt.Errorf("starting chromium (%s): %w", exe, err)
	}
	return browser, stop, nil
}
