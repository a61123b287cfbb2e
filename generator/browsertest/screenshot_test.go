package browsertest

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// readmeShot is the README's picture of an episode page, and the size it is taken at.
const (
	readmeShot            = "../../.github/episode.png"
	shotWidth, shotHeight = 1200, 1080
	shotPage              = "/episodes/search-without-a-server/"
	updateEnv             = "UPDATE_GOLDEN"
)

// TestReadmeScreenshot keeps the README's picture of an episode page of the sample site: with
// UPDATE_GOLDEN=1 it takes it again in headless Chromium and writes it to .github/episode.png
// (review it like any golden file); always, it checks the committed picture is a PNG of the size
// taken, so the README never shows a missing image.
func TestReadmeScreenshot(t *testing.T) {
	if os.Getenv(updateEnv) != "" {
		base, _ := buildSample(t)
		tab := browser.NewTab(t)
		Do(t, tab, "sizing the window", chromedp.EmulateViewport(shotWidth, shotHeight))
		Open(t, tab, base+shotPage)
		Settle(t, tab)
		shot, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("taking the screenshot: %v", err)
		}
		if err := os.MkdirAll(filepath.Dir(readmeShot), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(readmeShot, shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(readmeShot)
	if err != nil {
		t.Fatalf("%v (run UPDATE_GOLDEN=1 go test ./generator/browsertest -run TestReadmeScreenshot)", err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", readmeShot, err)
	}
	if cfg.Width != shotWidth || cfg.Height != shotHeight {
		t.Errorf("%s is %dx%d, want %dx%d", readmeShot, cfg.Width, cfg.Height, shotWidth, shotHeight)
	}
}
