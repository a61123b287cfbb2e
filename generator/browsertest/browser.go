// Package browsertest drives the built-in theme in headless Chromium: the pieces a test needs to
// serve a site, open a page, click, and read what the page's script did. The tests in this package
// run against a small hand-written page (testdata/site); the same helpers can point at a built site.
//
// Chromium or Chrome is found on the PATH (or through VERBATIM_CHROMIUM). Without one the tests
// skip, with one line saying how to run them; .ci/test installs Chromium and sets
// VERBATIM_REQUIRE_BROWSER, which makes a missing browser a failure, so CI never skips them.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ChromiumEnv names the environment variable that overrides where Chromium is looked for.
const ChromiumEnv = "VERBATIM_CHROMIUM"

// RequireEnv names the environment variable that makes a missing browser or axe-core a failure
// rather than a skip. .ci/test sets it, so CI can never pass without running the browser tests.
const RequireEnv = "VERBATIM_REQUIRE_BROWSER"

// Required reports whether RequireEnv is set: the browser tests must run.
func Required() bool { return os.Getenv(RequireEnv) != "" }

// chromiumNames are the names Chromium and Chrome go by on the PATH, on Linux, macOS (when
// linked) and Windows.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"}

// chromiumPlaces are where they install themselves off the PATH (on Linux, packages put them on it).
var chromiumPlaces = []string{
	"/Applications/Chromium.app/Contents/MacOS/Chromium",
	"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
	`C:\Program Files\Google\Chrome\Application\chrome.exe`,
	`C:\Program Files (x86)\Google\Chrome\Application\chrome.exe`,
}

// ChromiumPath finds Chromium or Chrome: $VERBATIM_CHROMIUM, then each of chromiumNames on the
// PATH, then the places they install themselves. Its error says how to install one.
func ChromiumPath() (string, error) {
	if p := os.Getenv(ChromiumEnv); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s=%s: %w; %s", ChromiumEnv, p, err, install)
		}
		return p, nil
	}
	for _, name := range chromiumNames {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	for _, p := range chromiumPlaces {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium or Chrome found; " + install)
}

const install = "install one (`apt-get install -y chromium` on Debian) or set " + ChromiumEnv + " to its binary"

// Timeout bounds one tab's whole conversation with Chromium: it is there to end a hung tab, not
// to time the page. A test that clicks through every time link of an episode took over a minute
// on a 2-core machine shared with other builds, and failed at 60 s.
const Timeout = 3 * time.Minute

// Browser is one headless Chromium process with its own fresh profile. Starting Chromium takes
// seconds on a busy machine and a tab takes milliseconds, so tests share a Browser and each
// opens its own tab.
type Browser struct {
	ctx    context.Context // the browser's first tab; new tabs are opened beside it
	cancel func()
}

// Start launches Chromium (see ChromiumPath) headless, with a temporary profile that is removed
// when the Browser is closed.
func Start() (*Browser, error) {
	path, err := ChromiumPath()
	if err != nil {
		return nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox refuses to start
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.WindowSize(1024, 768),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		// Lets a test start playback from script; Headless also mutes, so no audio device is needed.
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	b := &Browser{ctx: ctx, cancel: func() { cancelCtx(); cancelAlloc() }}
	// The context of the first Do owns the browser's lifetime, so it must not be one that ends
	// sooner: no timeout here.
	if err := chromedp.Do(ctx); err != nil {
		b.Close()
		return nil, fmt.Errorf("starting chromium (%s): %w", path, err)
	}
	return b, nil
}

// Close stops Chromium and removes its profile.
func (b *Browser) Close() { b.cancel() }

// NewTab opens a tab for the test, closed when the test ends; everything done in it is bounded
// by Timeout. On a nil Browser (no Chromium, and not Required) it skips the test: TestMain has
// already said why, once.
func (b *Browser) NewTab(t testing.TB) context.Context {
	t.Helper()
	if b == nil {
		t.SkipNow()
	}
	tab, cancelTab := chromedp.NewContext(b.ctx)
	ctx, cancelTimeout := context.WithTimeout(tab, Timeout)
	t.Cleanup(func() {
		cancelTimeout()
		cancelTab()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return ctx
}

// Layers is a file system made of others stacked: a name is opened from the first layer that has
// it, the way a site's own static/ files override the built-in theme's.
type Layers []fs.FS

// Open implements fs.FS.
func (l Layers) Open(name string) (fs.File, error) {
	var first error
	for _, layer := range l {
		f, err := layer.Open(name)
		if err == nil {
			return f, nil
		}
		if first == nil {
			first = err
		}
	}
	if first == nil {
		first = &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return nil, first
}

// Serve serves the layers over HTTP until the test ends. http.FileServer answers Range requests,
// which media seeking needs, and serves a folder's index.html for the folder.
func Serve(t testing.TB, layers ...fs.FS) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.FS(Layers(layers))))
	t.Cleanup(srv.Close)
	return srv
}

// Do runs browser steps in order, failing the test with what was being done when one fails.
func Do(t testing.TB, tab context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(tab, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// Open loads a page and waits until its deferred scripts have run (the load event).
func Open(t testing.TB, tab context.Context, url string) {
	t.Helper()
	Do(t, tab, "opening "+url, chromedp.Navigate(url))
	WaitFor(t, tab, `document.readyState === "complete"`, `document.readyState`, 10*time.Second)
}

// settleJS resolves once the page has stopped scrolling (scrollY the same across four frame pairs),
// so a smooth scroll under way cannot move an element between measuring it and clicking it. The
// page lines a turn up again once a smooth scroll ends (its scrollend, which comes a frame or more
// later on a busy machine): one still frame is not the end of it.
const settleJS = `(async () => {
	const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
	let last = NaN, still = 0;
	for (let i = 0; i < 300 && still < 4; i++) { still = scrollY === last ? still + 1 : 0; last = scrollY; await frame(); }
	return true;
})()`

// Settle waits until the page has stopped scrolling.
func Settle(t testing.TB, tab context.Context) {
	t.Helper()
	Eval[bool](t, tab, settleJS)
}

// Click clicks the first element matching a CSS selector the way a person does: a real mouse
// press and release at its centre. It first lets any scrolling finish and brings the element to
// the middle of the window, clear of sticky headers and players, and fails if something else
// would take the click.
func Click(t testing.TB, tab context.Context, selector string) {
	t.Helper()
	covered := Eval[string](t, tab, fmt.Sprintf(`(async () => {
		const el = document.querySelector(%q);
		if (!el) return "no element matches";
		await %s;
		el.scrollIntoView({block: "center", behavior: "instant"});
		await %[2]s;
		const r = el.getBoundingClientRect();
		const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
		return !hit || el.contains(hit) ? "" : "covered by " + hit.outerHTML.slice(0, 120);
	})()`, selector, settleJS))
	if covered != "" {
		t.Fatalf("clicking %s: %s", selector, covered)
	}
	// The page may lay the element out again (a popup replaced on
	// selectionchange) between finding its node and pressing it: the node
	// is then gone, and the press is tried again on the element the
	// selector matches now, as a reader's second click would be.
	var err error
	for range 5 {
		if err = chromedp.Do(tab, chromedp.Click(chromedp.CSS(selector))); err == nil || !strings.Contains(err.Error(), "node with given id") {
			break
		}
	}
	if err != nil {
		t.Fatalf("clicking %s: %v", selector, err)
	}
}

// Eval evaluates a JavaScript expression in the page and decodes its (JSON-able) value.
// A promise is awaited.
func Eval[T any](t testing.TB, tab context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(tab, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// WaitFor polls a JavaScript condition until it is true, failing the test after timeout with the
// value of explain (an expression describing the page's state) so the failure tells what was seen.
func WaitFor(t testing.TB, tab context.Context, cond, explain string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, err := chromedp.Run(tab, chromedp.Evaluate[bool]("Boolean("+cond+")"))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			seen, _ := chromedp.Run(tab, chromedp.Evaluate[[]byte](explain))
			t.Fatalf("waited %v for %s (last error: %v); page state: %s", timeout, cond, err, seen)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
