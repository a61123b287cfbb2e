package generator

import (
	"testing"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/diag"
)

func TestSummary(t *testing.T) {
	warn := &diag.Problem{Severity: diag.Warning, Msg: "odd"}
	tests := []struct {
		name string
		lead string
		res  Result
		want string
	}{
		{"OneOfEach", "Built", Result{Episodes: 1, Pages: 1, Wrote: 1, Removed: []string{"a"}, Elapsed: 1500 * time.Microsecond},
			"Built 1 episode, 1 page in 2ms (1 file written, 1 removed)."},
		{"Thousands", "Built", Result{Episodes: 2000, Pages: 4012, Wrote: 14660, Elapsed: 2 * time.Second},
			"Built 2,000 episodes, 4,012 pages in 2s (14,660 files written, 0 removed)."},
		{"Warnings", "Rebuilt after content/a.md changed:", Result{Episodes: 3, Pages: 9, Wrote: 2, Warnings: diag.List{warn, warn}},
			"Rebuilt after content/a.md changed: 3 episodes, 9 pages in 0s (2 files written, 0 removed; 2 warnings)."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.res.Summary(tt.lead); got != tt.want {
				t.Errorf("Summary = %q, want %q", got, tt.want)
			}
		})
	}
}
