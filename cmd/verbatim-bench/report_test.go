package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", os.Getenv("UPDATE_GOLDEN") == "1", "rewrite golden files")

func runsOf(rss int64, ms ...int) []sample {
	var s []sample
	for _, m := range ms {
		// A build keeps both cores busy about half the time: CPU time is
		// 1.5 times wall time.
		s = append(s, sample{wall: time.Duration(m) * time.Millisecond, rss: rss, cpu: time.Duration(m) * 3 / 2 * time.Millisecond})
	}
	return s
}

func TestSeriesMedianIsMiddleAndPeakIsLargest(t *testing.T) {
	for _, c := range []struct {
		name string
		ms   []int
		want time.Duration
	}{
		{"OddCount", []int{50, 10, 30}, 30 * time.Millisecond},
		{"EvenCountAveragesMiddleTwo", []int{40, 10, 20, 90}, 30 * time.Millisecond},
		{"OneRun", []int{7}, 7 * time.Millisecond},
		{"NoRuns", nil, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := series{samples: runsOf(0, c.ms...)}
			if got := s.median(); got != c.want {
				t.Errorf("median of %v = %v, want %v", c.ms, got, c.want)
			}
		})
	}
	s := series{samples: []sample{{wall: time.Second, rss: 5 << 20}, {wall: time.Second, rss: 9 << 20}, {wall: time.Second, rss: 7 << 20}}}
	if s.peak() != 9<<20 {
		t.Errorf("peak = %d, want %d", s.peak(), 9<<20)
	}
	if lo, hi := (series{samples: runsOf(0, 40, 10, 20)}).spread(); lo != 10*time.Millisecond || hi != 40*time.Millisecond {
		t.Errorf("spread = %v–%v, want 10ms–40ms", lo, hi)
	}
}

// TestReportGolden pins the table's layout and its ratios: cold build
// against Hugo's, rebuilds against the cold build, the floor against
// both, skipped steps named.
func TestReportGolden(t *testing.T) {
	hugo := series{step: stepHugo, samples: runsOf(1400<<20, 3000, 2900, 3100)}
	rep := report{
		command:      "go run ./cmd/verbatim-bench -n 1000,5000 -runs 3",
		machine:      "linux/amd64, 2 CPUs, go1.26",
		hugo:         "v0.165.0",
		runs:         3,
		deletedEarly: 1,
		against:      "/tmp/verbatim-old",
		results: []result{{
			episodes: 1000, bytes: 89_000_000,
			steps: []series{
				{step: stepCold, samples: runsOf(60<<20, 1500, 1400, 1450)},
				{step: stepAgainst, samples: runsOf(62<<20, 1600, 1450, 1500)},
				{step: stepFloor, samples: runsOf(0, 900, 1000, 950)},
				{step: stepNoop, samples: runsOf(20<<20, 100, 90, 110)},
				{step: stepEdit, samples: runsOf(30<<20, 150, 145, 160)},
				{step: stepReload, samples: runsOf(80<<20, 40, 35, 45)},
			},
			hugo: &hugo,
		}, {
			episodes: 5000, bytes: 445_000_000,
			steps: []series{
				{step: stepCold, samples: runsOf(70<<20, 7000, 7100, 6900)},
				{step: stepNoop, samples: runsOf(25<<20, 400, 410, 390)},
				{step: stepEdit, samples: runsOf(35<<20, 500, 510, 490)},
				{step: stepReload, skipped: "this verbatim has no serve command yet"},
			},
		}},
	}
	got := rep.markdown()
	golden := filepath.Join("testdata", "report.md")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("report differs from %s (run go test -update if the change is meant):\n%s", golden, got)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{7: "7", 100: "100", 1000: "1,000", 20000: "20,000", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
