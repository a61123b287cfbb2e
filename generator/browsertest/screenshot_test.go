package browsertest

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// ScreenshotsEnv names the environment variable that asks TestScreenshots for its pictures: the
// folder they go in (a relative path is taken from the repository root).
const ScreenshotsEnv = "VERBATIM_SCREENSHOTS"

// shotPage is the sample site's episode with audio: the README's picture, and the episode of the
// screenshots.
const shotPage = "/episodes/search-without-a-server/"

// viewport is a window size the theme is looked at in.
type viewport struct {
	name          string
	width, height int64
	mobile        bool
}

// viewports are a laptop's window and a phone's (390 px: an iPhone 12 to 15).
var viewports = []viewport{
	{"1280x900", 1280, 900, false},
	{"390x844", 390, 844, true},
}

// shot is one picture of the sample site: a page, and what to do on it before the picture is
// taken (nil: nothing but waiting for it to settle).
type shot struct {
	name, path string
	prepare    func(t *testing.T, tab context.Context)
}

// shots are the pictures TestScreenshots takes, in each viewport and colour scheme. The README
// describes each; keep the two in step.
var shots = []shot{
	{"home", "/", nil},
	{"episode", shotPage, nil},
	{"episode-playing", shotPage, playFromTheMiddle},
	{"speaker", "/speakers/tomas-ferreira/", nil},
	{"search", "/search/?q=search", func(t *testing.T, tab context.Context) {
		WaitFor(t, tab, `document.querySelectorAll("#search-results li").length > 2`, searchState, wait)
	}},
}

// playFromTheMiddle plays the episode from its middle turn, by clicking that turn's time as a
// listener would, and waits until the audio has played on past it and the page has caught up:
// the turn marked as the one being heard, the compact player, following.
func playFromTheMiddle(t *testing.T, tab context.Context) {
	t.Helper()
	n := Eval[int](t, tab, `document.querySelectorAll(".turn").length`)
	if n < 3 {
		t.Fatalf("the episode has %d turns, too few to play from the middle", n)
	}
	sel := fmt.Sprintf(".turn:nth-of-type(%d) a.time", n/2+1)
	// The turn carries its start; its time link no longer repeats it.
	start := Eval[float64](t, tab, `parseFloat(document.querySelector(`+fmt.Sprintf("%q", sel)+`).closest(".turn").dataset.start)`)
	Click(t, tab, sel)
	WaitFor(t, tab, fmt.Sprintf(`!media.paused && media.currentTime > %g`, start+1.5),
		`({paused: media.paused, t: media.currentTime, err: media.error && media.error.message})`, wait)
	Settle(t, tab)
}

// takeShot opens one page in a new tab at a viewport and colour scheme, prepares it, and returns
// a PNG of the window.
func takeShot(t *testing.T, base string, s shot, v viewport, scheme string) []byte {
	t.Helper()
	tab := browser.NewTab(t)
	opts := []chromedp.EmulateViewportOption{}
	if v.mobile {
		opts = append(opts, chromedp.EmulateMobile)
	}
	Do(t, tab, "sizing the window", chromedp.EmulateViewport(v.width, v.height, opts...))
	setColorScheme(t, tab, scheme)
	Open(t, tab, base+s.path)
	if s.prepare != nil {
		s.prepare(t, tab)
	}
	Settle(t, tab)
	// Web fonts and images finish loading before the picture is taken; a lazy image out of view
	// never does, so each gets two seconds.
	Eval[bool](t, tab, `document.fonts.ready.then(() => Promise.all(Array.from(document.images, i =>
		Promise.race([i.decode().catch(() => {}), new Promise(r => setTimeout(r, 2000))])))).then(() => true)`)
	png, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("taking the screenshot: %v", err)
	}
	return png
}

// TestScreenshots takes the pictures of the sample site that show the theme: each page of shots
// at each viewport, light and dark, written as NAME-WIDTHxHEIGHT-SCHEME.png into the folder
// named by VERBATIM_SCREENSHOTS. Without it the test skips: the pictures are for people to look
// at, not golden files.
//
//	VERBATIM_SCREENSHOTS=/tmp/shots go test ./generator/browsertest -run TestScreenshots
func TestScreenshots(t *testing.T) {
	dir := os.Getenv(ScreenshotsEnv)
	if dir == "" {
		t.Skipf("set %s=DIR to write the screenshots into DIR", ScreenshotsEnv)
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join("..", "..", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	base, _ := buildSample(t)
	for _, v := range viewports {
		for _, scheme := range []string{"light", "dark"} {
			for _, s := range shots {
				name := fmt.Sprintf("%s-%s-%s.png", s.name, v.name, scheme)
				t.Run(name, func(t *testing.T) {
					data := takeShot(t, base, s, v, scheme)
					checkPNG(t, name, data, v.width, v.height)
					if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
						t.Fatal(err)
					}
				})
			}
		}
	}
}

// readmeShot is the README's picture: the episode page at the laptop size, light.
const readmeShot = "../../.github/episode.png"

// TestReadmeScreenshot keeps the README's picture of an episode page of the sample site: with
// UPDATE_GOLDEN=1 it takes it again (the "episode" shot at 1280x900, light) and writes it to
// .github/episode.png (review it like any golden file); always, it checks the committed picture
// is a PNG of that size, so the README never shows a missing image.
func TestReadmeScreenshot(t *testing.T) {
	v := viewports[0]
	if os.Getenv("UPDATE_GOLDEN") != "" {
		base, _ := buildSample(t)
		if err := os.WriteFile(readmeShot, takeShot(t, base, shots[1], v, "light"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(readmeShot)
	if err != nil {
		t.Fatalf("%v (run UPDATE_GOLDEN=1 go test ./generator/browsertest -run TestReadmeScreenshot)", err)
	}
	checkPNG(t, readmeShot, data, v.width, v.height)
}

// checkPNG fails the test unless data is a PNG of the given size.
func checkPNG(t *testing.T, name string, data []byte, width, height int64) {
	t.Helper()
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if int64(cfg.Width) != width || int64(cfg.Height) != height {
		t.Errorf("%s is %dx%d, want %dx%d", name, cfg.Width, cfg.Height, width, height)
	}
}
