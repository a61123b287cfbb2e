package serve

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/verbatim-ssg/verbatim/generator/diag"
)

// TestOverlayRows: each source line is one row, shown whole, however
// long, and wraps within its row.
func TestOverlayRows(t *testing.T) {
	src := t.TempDir()
	if err := os.MkdirAll(filepath.Join(src, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	long := "**Ann** (0:07) " + strings.Repeat("and then it went on ", 30) + "until the end."
	ep := "**Bo** (0:00)\nHi.\n\n" + long + "\n\n**Bo** (0:09)\nHo.\n"
	if err := os.WriteFile(filepath.Join(src, "content", "ep.md"), []byte(ep), 0o644); err != nil {
		t.Fatal(err)
	}
	var l diag.List
	l.Errorf(diag.Pos{File: "content/ep.md", Line: 4, Col: 11}, "write (0:07)", "a time in the text")
	got := New(t.TempDir(), src).renderOverlay(l, l)

	golden := filepath.Join("testdata", "overlay-rows.golden.html")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("overlay differs from %s (run with -update to accept):\n%s", golden, got)
	}

	rows := regexp.MustCompile(`<span class="row[^"]*"><span class="n">\s*(\d*) \| </span><span class="t">([^<]*)</span></span>`).FindAllStringSubmatch(got, -1)
	var numbers []string
	for _, r := range rows {
		numbers = append(numbers, r[1])
		if r[1] == "4" && r[2] != long {
			t.Errorf("line 4 is not shown whole: %q", r[2])
		}
	}
	if strings.Join(numbers, ",") != "2,3,4,,5,6" { // the caret's row has no number
		t.Errorf("rows numbered %v, want one row a line and the caret's", numbers)
	}
	if !strings.Contains(got, "overflow-wrap:anywhere") || !strings.Contains(got, "white-space:pre-wrap") {
		t.Error("long lines do not wrap")
	}
}
