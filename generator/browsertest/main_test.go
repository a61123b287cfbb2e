package browsertest

import (
	"fmt"
	"os"
	"testing"
)

// browser is the Chromium all tests in this package open their tabs in. It is set once, before
// any test runs, and only read after.
var browser *Browser

// TestMain starts the shared browser. Without Chromium the package fails, loudly and with the
// install command, rather than skipping: a green run must mean the browser tests ran.
func TestMain(m *testing.M) {
	b, err := Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: browser tests:", err)
		os.Exit(1)
	}
	browser = b
	code := m.Run()
	b.Close()
	os.Exit(code)
}
