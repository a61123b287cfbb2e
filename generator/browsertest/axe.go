package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// AxeEnv names the environment variable that gives axe-core's browser bundle (axe.min.js) by
// its path, where node_modules is not beside the tests.
const AxeEnv = "VERBATIM_AXE"

// AxeScript reads axe-core's browser bundle: the file $VERBATIM_AXE names, or else the one in
// node_modules in dir (npm ci there installs the version pinned in package.json). Its error says
// how to install it.
func AxeScript(dir string) (string, error) {
	path := os.Getenv(AxeEnv)
	if path == "" {
		path = filepath.Join(dir, "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		abs, _ := filepath.Abs(dir)
		return "", fmt.Errorf("axe-core is not installed (no %s): run `npm ci` in %s, or set %s to an axe.min.js (.ci/test installs it)", path, abs, AxeEnv)
	}
	return string(b), err
}

// Violation is one axe-core rule that failed on a page, with the elements it failed on.
type Violation struct {
	ID     string
	Impact string
	Help   string
	Nodes  []string // CSS selectors of the failing elements, then a snippet of each
}

// AxeTags are the rule sets checked, as a JavaScript array: WCAG 2.0, 2.1 and 2.2, levels A and AA.
const AxeTags = `["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]`

// Axe runs axe-core (the source from AxeScript) on the page open in tab and returns the
// violations of the WCAG A and AA rules.
func Axe(t testing.TB, tab context.Context, script string) []Violation {
	t.Helper()
	return axeRun(t, tab, script, `{type: "tag", values: `+AxeTags+`}`)
}

// AxeRules runs only the named axe-core rules, such as the best practices "heading-order" and
// "empty-heading" that the WCAG tags leave out (Lighthouse checks them).
func AxeRules(t testing.TB, tab context.Context, script string, rules ...string) []Violation {
	t.Helper()
	names, err := json.Marshal(rules)
	if err != nil {
		t.Fatal(err)
	}
	return axeRun(t, tab, script, `{type: "rule", values: `+string(names)+`}`)
}

func axeRun(t testing.TB, tab context.Context, script, runOnly string) []Violation {
	t.Helper()
	if !Eval[bool](t, tab, `typeof axe === "object"`) {
		Eval[bool](t, tab, script+"\n;true")
	}
	return Eval[[]Violation](t, tab, `axe.run(document, {runOnly: `+runOnly+`, resultTypes: ["violations"]})
		.then(r => r.violations.map(v => ({ID: v.id, Impact: v.impact || "", Help: v.help,
			Nodes: v.nodes.map(n => n.target.join(" ") + "  " + n.html.slice(0, 160))})))`)
}
