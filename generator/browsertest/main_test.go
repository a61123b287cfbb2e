package browsertest

import (
	"fmt"
	"os"
	"testing"
)

// browser is the Chromium all tests in this package open their tabs in. It is set once, before
// any test runs, and only read after; nil when there is no Chromium (the tests then skip).
var browser *Browser

// axeMissing says why the accessibility tests cannot run, or is nil when they can.
var axeMissing error

// TestMain starts the shared browser. Without Chromium or Chrome the browser tests skip, and one
// line says how to run them, unless RequireEnv is set (.ci/test sets it): then the package fails,
// so a green CI run always means the browser ran. The same goes for axe-core.
func TestMain(m *testing.M) {
	_, axeMissing = AxeScript(".")
	b, err := Start()
	switch {
	case err != nil && Required():
		fmt.Fprintf(os.Stderr, "FAIL: browser tests: %v\n", err)
		os.Exit(1)
	case axeMissing != nil && Required():
		fmt.Fprintf(os.Stderr, "FAIL: browser tests: %v\n", axeMissing)
		os.Exit(1)
	case err != nil:
		fmt.Printf("browsertest: skipping the browser tests: %v; or run .ci/test, which installs what they need and never skips\n", err)
	case axeMissing != nil:
		fmt.Printf("browsertest: skipping the accessibility tests: %v\n", axeMissing)
	}
	browser = b
	code := m.Run()
	if b != nil {
		b.Close()
	}
	os.Exit(code)
}

// needAxe returns axe-core's browser bundle, or skips the test when it or the browser is missing
// (TestMain has said why, once).
func needAxe(t testing.TB) string {
	t.Helper()
	if browser == nil || axeMissing != nil {
		t.SkipNow()
	}
	axe, err := AxeScript(".")
	if err != nil {
		t.Fatal(err)
	}
	return axe
}
