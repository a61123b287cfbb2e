package browsertest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/verbatim-ssg/verbatim/generator/render"
	"github.com/verbatim-ssg/verbatim/generator/site"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// scriptURLs are script and document URLs as an attacker writes them: each
// scheme behind each disguise, the letter case changing from one to the
// next, so every scheme is seen in every case and every disguise.
func scriptURLs() []string {
	schemes := []struct{ name, payload string }{
		{"javascript", "alert(document.domain)"},
		{"vbscript", "msgbox(1)"},
		{"data", "text/html,<script>alert(document.domain)</script>"},
	}
	disguises := []func(scheme, payload string) string{
		func(s, p string) string { return s + ":" + p },
		func(s, p string) string { return s + "://%0a" + p + "//" },
		func(s, p string) string { return "  " + s + ":" + p },
		func(s, p string) string { return "\x01\x1f " + s + ":" + p },
		func(s, p string) string { return s[:2] + "\t" + s[2:] + ":" + p },
		func(s, p string) string { return s[:2] + "\n" + s[2:] + ":" + p },
		func(s, p string) string { return "&#" + strconv.Itoa(int(s[0])) + ";" + s[1:] + ":" + p },
		func(s, p string) string { return s + "&colon;" + p },
		func(s, p string) string { return "%" + strconv.FormatInt(int64(s[0]), 16) + s[1:] + ":" + p },
		func(s, p string) string { return "%25" + strconv.FormatInt(int64(s[0]), 16) + s[1:] + "%253A" + p },
		func(s, p string) string { return s[:2] + "&#9;" + s[2:] + ":" + p },
	}
	cases := []func(string) string{
		func(s string) string { return s },
		strings.ToUpper,
		func(s string) string { return strings.ToUpper(s[:1]) + s[1:] },
		func(s string) string { // jAvAsCrIpT
			b := []byte(s)
			for i := 1; i < len(b); i += 2 {
				b[i] -= 'a' - 'A'
			}
			return string(b)
		},
	}
	var out []string
	for i, d := range disguises {
		for j, s := range schemes {
			out = append(out, d(cases[(i+j)%len(cases)](s.name), s.payload))
		}
	}
	return out
}

// hostileSite renders, with the site's URL checks bypassed (the pages are
// made with the render package straight from parsed transcripts, never
// through site.Summary.Check), a site with one episode per URL that puts it
// in every URL field: media, audio or video, a speaker's url and avatar, a
// markdown link and an autolink in the text; and the site's repository.
// With js false the theme's scripts are left out, as when a reader blocks
// them or clicks before they have loaded. It returns the folder and the
// path of every page.
func hostileSite(t *testing.T, urls []string, js bool) (string, []string) {
	t.Helper()
	var sums []*site.Summary
	parsed := map[string]*transcript.Transcript{}
	for i, u := range urls {
		q := strconv.Quote(u) // also a YAML double-quoted string
		key := []string{"media", "audio", "video"}[i%3]
		src := fmt.Sprintf("---\ntitle: Episode %d\nslug: ep%d\n%s: %s\nspeakers:\n  - name: Guest %d\n    url: %s\n    avatar: %s\n---\n\n"+
			"**Guest %d** (0:00)\n\nSee [this](%s) and <%s>.\n\n**Guest %d** (0:05)\n\nMore.\n", i, i, key, q, i, q, q, i, u, u, i)
		name := fmt.Sprintf("content/ep%d.md", i)
		tr, problems := transcript.Parse(name, []byte(src))
		if problems.HasErrors() {
			t.Fatalf("%q: %v", u, problems)
		}
		parsed[name] = tr
		sums = append(sums, site.Summarize(name, tr))
	}
	cfg := site.DefaultConfig()
	cfg.Repository = urls[0]
	s, problems := site.New(cfg, sums, false)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	th, problems := render.LoadTheme(t.TempDir(), cfg.HighlightStyle, cfg.HighlightStyleDark, false)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	r, problems := render.New(s, th, render.NewMarkdown())
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	dir := t.TempDir()
	write := func(name string, data []byte) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var pages []string
	for _, e := range s.Episodes {
		rendered, err := r.EpisodeFiles(e, parsed[e.Source])
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range rendered.Files {
			write(f.Path, f.Data)
		}
		pages = append(pages, "/"+e.URL())
	}
	for i, sp := range s.Speakers {
		path, data, err := r.SpeakerPage(sp, 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		write(path+"index.html", data)
		if i < 3 { // a speaker's url is one link, html/template's to write: a few pages show it
			pages = append(pages, "/"+path)
		}
	}
	for name, a := range th.Assets {
		if js || !strings.HasSuffix(name, ".js") {
			write(a.Path, a.Data)
		}
	}
	return dir, pages
}

// watchDialogs counts the JavaScript dialogs (alert, confirm, prompt) the
// tab opens, dismissing each so the page goes on.
func watchDialogs(t *testing.T, tab context.Context) *atomic.Int32 {
	t.Helper()
	var n atomic.Int32
	opened := make(chan string, 64)
	if err := chromedp.Listen(tab, func(ev any) {
		if e, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			n.Add(1)
			select {
			case opened <- e.Message:
			default:
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	go func() {
		for {
			select {
			case <-tab.Done():
				return
			case msg := <-opened:
				t.Logf("a dialog opened: %q", msg)
				chromedp.Do(tab, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
					return err
				}))
			}
		}
	}()
	return &n
}

// unsafeAttrsJS lists the attributes of the page that the browser itself
// resolves to a URL whose scheme is neither http(s) nor about:, such as a
// javascript: href: the template layer's output, read by the real parser.
const unsafeAttrsJS = `(() => {
	const bad = [];
	for (const el of document.querySelectorAll("[href],[src],[action],[formaction],[poster],[data],[srcdoc]")) {
		for (const name of ["href", "src", "action", "formaction", "poster", "data"]) {
			const v = el.getAttribute(name);
			if (v === null) continue;
			let scheme;
			try { scheme = new URL(v, location.href).protocol; } catch (e) { continue; }
			if (!["http:", "https:", "about:"].includes(scheme)) bad.push(el.tagName + " " + name + "=" + JSON.stringify(v));
		}
		if (el.hasAttribute("srcdoc")) bad.push(el.tagName + " srcdoc");
	}
	return bad;
})()`

// TestScriptURLsNeverRun opens every page of a site whose every URL field
// holds a script URL, built with the site's checks bypassed, with the
// theme's scripts and without them, and clicks every link on it that does
// not lead to a page of the site: no dialog may open, and no attribute may
// resolve to a scheme other than http(s).
func TestScriptURLsNeverRun(t *testing.T) {
	if browser == nil {
		t.SkipNow() // TestMain has said why
	}
	urls := scriptURLs()
	for _, js := range []bool{true, false} {
		t.Run(map[bool]string{true: "WithScripts", false: "WithoutScripts"}[js], func(t *testing.T) {
			dir, pages := hostileSite(t, urls, js)
			base := Serve(t, os.DirFS(dir)).URL
			clicked, episodes := 0, 0
			for _, p := range pages {
				var n int // the index in urls of the episode's URL
				fmt.Sscanf(p, "/episodes/ep%d/", &n)
				if js && (strings.HasPrefix(p, "/speakers/") || n%3 != (n/3)%3) {
					// verbatim.js does nothing on a speaker's page, and on an
					// episode's it treats every time link alike: each disguise
					// once, the scheme rotating, is enough with it.
					continue
				}
				t.Run(strings.Trim(p, "/"), func(t *testing.T) {
					clicked += clickEverything(t, base, p, js)
					if strings.HasPrefix(p, "/episodes/") {
						episodes++
					}
				})
			}
			// Each episode has two times, each a link, and a link in its text.
			if clicked < 3*episodes {
				t.Errorf("clicked %d links on %d episode pages, want at least %d: the test is not testing", clicked, episodes, 3*episodes)
			}
			t.Logf("%d links clicked", clicked)
		})
	}
}

// clickEverything opens the page at base+p in a tab of its own, checks its
// attributes, and clicks each of its links that does not lead to a page of
// the site, failing if a dialog opens. It returns how many it clicked.
func clickEverything(t *testing.T, base, p string, js bool) (clicked int) {
	tab := browser.NewTab(t)
	dialogs := watchDialogs(t, tab)
	Open(t, tab, base+p)
	if bad := Eval[[]string](t, tab, unsafeAttrsJS); len(bad) > 0 {
		t.Errorf("%s: %s", p, strings.Join(bad, "; "))
	}
	if ran := Eval[bool](t, tab, `document.querySelector("article.episode") !== null && document.querySelector(".follow, [aria-pressed]") !== null`); ran && !js {
		t.Fatalf("%s: verbatim.js ran in the run without scripts", p)
	}
	// Links out of the site, and within the page: what a hostile URL becomes.
	// Each href once: permalinks and time links may share one.
	hrefs := Eval[[]string](t, tab, `[...new Set([...document.querySelectorAll("a[href]:not([href^='/'])")].map(a => a.getAttribute("href")))]`)
	for _, href := range hrefs {
		where := Eval[string](t, tab, fmt.Sprintf(`(() => {
			const a = [...document.querySelectorAll("a[href]")].find(a => a.getAttribute("href") === %s);
			if (a) a.click();
			return a ? a.getAttribute("href") : "(gone)";
		})()`, strconv.Quote(href)))
		clicked++
		// Let a navigation, or a javascript: URL's script, which is
		// queued, run.
		time.Sleep(30 * time.Millisecond)
		WaitFor(t, tab, `document.readyState === "complete"`, `document.readyState`, 10*time.Second)
		if n := dialogs.Load(); n > 0 {
			t.Fatalf("%s: clicking the link to %q opened %d dialog(s)", p, where, n)
		}
		if Eval[string](t, tab, `location.pathname`) != p {
			Open(t, tab, base+p)
		}
	}
	if n := dialogs.Load(); n > 0 {
		t.Errorf("%s: %d dialog(s) opened", p, n)
	}
	return clicked
}

// netlifyCSP returns the Content-Security-Policy netlify.toml sends with
// every page.
func netlifyCSP(t *testing.T) string {
	t.Helper()
	toml, err := os.ReadFile("../../netlify.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*Content-Security-Policy\s*=\s*"([^"]+)"`).FindSubmatch(toml)
	if m == nil {
		t.Fatal("netlify.toml sends no Content-Security-Policy")
	}
	return string(m[1])
}

// recordViolationsJS runs in every page before its own scripts: it keeps
// each Content-Security-Policy violation the page reports.
const recordViolationsJS = `window.violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
	window.violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber));`

// cspProbe is a page that tries every kind of inline script the policy
// must stop.
const cspProbe = `<!doctype html><html lang="en"><title>probe</title>
<script>window.inlineRan = true;</script>
<img src="/missing.png" alt="" onerror="window.handlerRan = true">
<a id="js" href="javascript:window.hrefRan = true">link</a>`

// TestBuiltSiteRunsUnderTheCSP serves the built sample site with the
// Content-Security-Policy of netlify.toml and opens every kind of page:
// none may break the policy (no inline script, handler or style, nothing
// from another origin), and the theme's scripts must still work. A probe
// page shows that the policy does stop inline script.
func TestBuiltSiteRunsUnderTheCSP(t *testing.T) {
	if browser == nil {
		t.SkipNow() // TestMain has said why
	}
	csp := netlifyCSP(t)
	_, out := buildSample(t)
	files := http.FileServer(http.FS(Layers{os.DirFS(out), fstest.MapFS{"csp-probe.html": {Data: []byte(cspProbe)}}}))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	open := func(t *testing.T, p string) context.Context {
		tab := browser.NewTab(t)
		Do(t, tab, "recording policy violations", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: recordViolationsJS})
			return err
		}))
		Open(t, tab, srv.URL+p)
		return tab
	}
	violations := func(t *testing.T, tab context.Context) []string {
		Eval[bool](t, tab, `new Promise(r => setTimeout(() => r(true), 100))`) // reports are queued
		return Eval[[]string](t, tab, `window.violations`)
	}
	for _, p := range pagesOf(t, out) {
		t.Run(strings.Trim("home"+p, "/"), func(t *testing.T) {
			tab := open(t, p)
			if v := violations(t, tab); len(v) > 0 {
				t.Errorf("%s breaks the policy: %s", p, strings.Join(v, "; "))
			}
		})
	}
	t.Run("ScriptsWork", func(t *testing.T) {
		tab := open(t, phrasePage)
		WaitFor(t, tab, `getComputedStyle(document.documentElement).getPropertyValue("--player-h") !== ""`, `document.documentElement.outerHTML.slice(0, 200)`, wait)
		tab = open(t, "/search/?q="+url.QueryEscape(phrase))
		WaitFor(t, tab, `document.querySelectorAll("#search-results li").length > 0`, searchState, wait)
		if v := violations(t, tab); len(v) > 0 {
			t.Errorf("searching breaks the policy: %s", strings.Join(v, "; "))
		}
	})
	t.Run("InlineScriptIsStopped", func(t *testing.T) {
		tab := open(t, "/csp-probe.html")
		Eval[bool](t, tab, `(document.getElementById("js").click(), true)`)
		ran := Eval[[]bool](t, tab, `new Promise(r => setTimeout(() => r([!!window.inlineRan, !!window.handlerRan, !!window.hrefRan]), 200))`)
		if ran[0] || ran[1] || ran[2] {
			t.Errorf("under the policy, inline script ran: <script> %v, onerror %v, javascript: href %v", ran[0], ran[1], ran[2])
		}
		if v := violations(t, tab); len(v) < 3 {
			t.Errorf("the policy reported %d violations on the probe, want 3: %v", len(v), v)
		}
	})
}
