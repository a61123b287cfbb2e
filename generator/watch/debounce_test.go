package watch

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

// step is one synthetic input to the debouncer: an event at a time (ms from
// the start), or a poll at a time that may hand out a batch.
type step struct {
	at   int // milliseconds
	path string
	op   Op
	take bool // poll: take the batch if it is due
}

func ev(at int, path string, op Op) step { return step{at: at, path: path, op: op} }
func poll(at int) step                   { return step{at: at, take: true} }

func TestDebouncer(t *testing.T) {
	c := func(p string) Change { return Change{p, Changed} }
	r := func(p string) Change { return Change{p, Removed} }
	tests := []struct {
		name  string
		steps []step
		want  [][]Change // batches taken, in order
		// left says events are still pending after the last step.
		left bool
	}{
		{"OneSaveOneBatch", []step{ev(0, "a.md", Written), poll(10), poll(25)}, [][]Change{{c("a.md")}}, false},
		{"NotBeforeQuiet", []step{ev(0, "a.md", Written), poll(24)}, nil, true},
		{"TrailingEdgeRestarts", []step{ev(0, "a.md", Written), ev(20, "b.md", Written), poll(30), poll(45)},
			[][]Change{{c("a.md"), c("b.md")}}, false},
		{"BurstIsOneBatchSorted", burst(100, 2), [][]Change{burstWant(100)}, false},
		{"DuplicatesFolded", []step{ev(0, "a.md", Written), ev(1, "a.md", Written), ev(2, "a.md", Written), poll(30)},
			[][]Change{{c("a.md")}}, false},
		{"AtomicSaveIsChange", []step{ev(0, "a.md.tmp123", Created), ev(1, "a.md.tmp123", Written),
			ev(2, "a.md.tmp123", Gone), ev(2, "a.md", Created), poll(30)}, [][]Change{{c("a.md")}}, false},
		{"VimRenameSaveIsChange", []step{ev(0, "a.md", Gone), ev(1, "a.md", Created), ev(2, "a.md", Written), poll(30)},
			[][]Change{{c("a.md")}}, false},
		{"DeleteIsRemoved", []step{ev(0, "a.md", Gone), poll(30)}, [][]Change{{r("a.md")}}, false},
		{"TempFileCameAndWentIsNothing", []step{ev(0, "x", Created), ev(1, "x", Gone), poll(30)}, [][]Change{nil}, false},
		{"TwoBurstsTwoBatches", []step{ev(0, "a.md", Written), poll(30), ev(100, "b.md", Written), poll(130)},
			[][]Change{{c("a.md")}, {c("b.md")}}, false},
		{"SteadyStreamCappedByMaxWait", stream(0, 1100, 10), [][]Change{{c("log.md")}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Unix(1_700_000_000, 0)
			d := Debouncer{Quiet: 25 * time.Millisecond, MaxWait: time.Second}
			var got [][]Change
			for _, s := range tt.steps {
				now := start.Add(time.Duration(s.at) * time.Millisecond)
				if !s.take {
					d.Add(now, s.path, s.op)
					continue
				}
				if d.Ready(now) {
					got = append(got, d.Peek().Changes)
					d.Reset()
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("batches:\n got %v\nwant %v", got, tt.want)
			}
			if _, pending := d.Due(); pending != tt.left {
				t.Errorf("events pending after the last step = %v, want %v", pending, tt.left)
			}
		})
	}
}

// burst is n writes to n files, gap ms apart, then polls: git checkout.
func burst(n, gap int) []step {
	var s []step
	for i := range n {
		s = append(s, ev(i*gap, burstName(n-1-i), Written), poll(i*gap))
	}
	return append(s, poll(n*gap+gap+25))
}

func burstName(i int) string { return string(rune('a'+i/26)) + string(rune('a'+i%26)) + ".md" }

func burstWant(n int) []Change {
	var out []Change
	for i := range n {
		out = append(out, Change{burstName(i), Changed})
	}
	return out
}

// stream writes log.md every gap ms from start to end, polling as it goes.
func stream(start, end, gap int) []step {
	var s []step
	for t := start; t < end; t += gap {
		s = append(s, ev(t, "log.md", Written), poll(t))
	}
	return s
}

func TestDebouncerSaveDuringBuildIsOneMoreBatch(t *testing.T) {
	// The caller takes a batch, builds for 200 ms while the user saves
	// three times, then asks again: it gets one batch, at once.
	start := time.Unix(1_700_000_000, 0)
	at := func(ms int) time.Time { return start.Add(time.Duration(ms) * time.Millisecond) }
	d := Debouncer{Quiet: 25 * time.Millisecond, MaxWait: time.Second}
	d.Add(at(0), "a.md", Written)
	if !d.Ready(at(25)) {
		t.Fatal("first batch not due after the quiet period")
	}
	d.Reset()
	for _, ms := range []int{50, 90, 150} {
		d.Add(at(ms), "b.md", Written)
	}
	if !d.Ready(at(200)) {
		t.Fatal("batch of saves made during the build not due when the build returns")
	}
	if got := d.Peek().Paths(); !reflect.DeepEqual(got, []string{"b.md"}) {
		t.Errorf("batch after build = %v, want [b.md]", got)
	}
	d.Reset()
	if _, pending := d.Due(); pending {
		t.Error("a second batch is pending after the one that followed the build")
	}
}

func TestDebouncerErrorMakesBatchDue(t *testing.T) {
	start := time.Unix(1_700_000_000, 0)
	d := Debouncer{Quiet: 25 * time.Millisecond}
	overflow := errors.New("queue overflow")
	d.AddErr(start, overflow)
	if !d.Ready(start.Add(25 * time.Millisecond)) {
		t.Fatal("an error alone did not make a batch due")
	}
	if b := d.Peek(); !errors.Is(b.Err, overflow) || len(b.Changes) != 0 {
		t.Errorf("batch = %+v, want only the overflow error", b)
	}
}
