package generator

import (
	"strings"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/diag"
)

// Summary is the one line build and serve print after a good build:
// "Built 3 episodes, 12 pages in 120ms (5 files written, 0 removed)."
// lead says what was done ("Built", "Rebuilt after content/a.md
// changed:"). Warnings, when there are any, are counted in the brackets.
func (r *Result) Summary(lead string) string {
	var b strings.Builder
	b.WriteString(lead + " " + diag.Count(r.Episodes, "episode") + ", " + diag.Count(r.Pages, "page"))
	b.WriteString(" in " + r.Elapsed.Round(time.Millisecond).String())
	b.WriteString(" (" + diag.Count(r.Wrote, "file") + " written, " + diag.Thousands(len(r.Removed)) + " removed")
	if n := len(r.Warnings); n > 0 {
		b.WriteString("; " + diag.Count(n, "warning"))
	}
	b.WriteString(").")
	return b.String()
}
