package browsertest

import (
	"encoding/json"
	"regexp"
	"testing"

	"github.com/verbatim-ssg/verbatim/generator/search"
	"github.com/verbatim-ssg/verbatim/static"
)

// foldRE finds the client's fold in search.js, which must fold text exactly
// as search.Fold does at build time, or a query misses words the index holds.
var foldRE = regexp.MustCompile(`(?m)^\s*const fold = (\(s\) => .*);$`)

// TestFoldAgreesWithGo runs search.js's own fold in Chromium on text from
// several scripts and compares it with search.Fold.
func TestFoldAgreesWithGo(t *testing.T) {
	src, err := static.FS.ReadFile("search.js")
	if err != nil {
		t.Fatal(err)
	}
	m := foldRE.FindSubmatch(src)
	if m == nil {
		t.Fatal("search.js has no line `const fold = (s) => ...;`")
	}
	inputs := []string{
		"Hello, World", "Café Zürich naïve", "Cafe\u0301", "İstanbul ISTANBUL",
		"ΟΔΟΣ οδος Σοφός ΣΟΦΟΣ", "Привет МИР", "東京 Ǆemal ǅ", "straße STRASSE", "Ωμέγα ὈΔΥΣΣΕΎΣ",
	}
	arg, _ := json.Marshal(inputs)
	got := Eval[[]string](t, browser.NewTab(t), string(arg)+".map("+string(m[1])+")")
	for i, in := range inputs {
		if want := search.Fold(in); i >= len(got) || got[i] != want {
			g := "(nothing)"
			if i < len(got) {
				g = got[i]
			}
			t.Errorf("fold(%q): search.js gives %q, search.Fold %q", in, g, want)
		}
	}
}
