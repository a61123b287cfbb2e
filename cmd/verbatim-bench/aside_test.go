package main

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestAsideKeepsOutputsUntilTheEnd checks that clearing a folder moves it
// aside whole, leaving its path free, and that only empty deletes what was
// moved aside, or clear itself once the disk runs short.
func TestAsideKeepsOutputsUntilTheEnd(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	plenty := func(string) (int64, bool) { return 1 << 50, true }
	a := &aside{dir: filepath.Join(dir, "aside"), free: plenty}
	if err := a.clear(out); err != nil || a.n != 0 {
		t.Fatalf("clearing a folder that is not there: %v, %d moved aside", err, a.n)
	}
	for run := 1; run <= 3; run++ {
		if err := os.MkdirAll(filepath.Join(out, "sub"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, "sub", "f.txt"), []byte{byte(run)}, 0o644); err != nil {
			t.Fatal(err)
		}
		if run == 3 {
			a.free = func(string) (int64, bool) { return asideReserve, true } // short of room for another output
		}
		if err := a.clear(out); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Lstat(out); !os.IsNotExist(err) {
			t.Fatalf("run %d: %s is still there after clear (%v)", run, out, err)
		}
	}
	// Runs 1 and 2 were moved aside; the short disk of run 3 deleted them
	// before moving run 3's output aside.
	if a.early != 1 {
		t.Errorf("deleted early %d times, want 1", a.early)
	}
	for n, want := range map[int]bool{1: false, 2: false, 3: true} {
		got, err := os.ReadFile(filepath.Join(a.dir, strconv.Itoa(n), "sub", "f.txt"))
		if (err == nil) != want || (want && got[0] != byte(n)) {
			t.Errorf("output %d aside: %v, %v; want it there: %v", n, got, err, want)
		}
	}
	if err := a.empty(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(a.dir); !os.IsNotExist(err) {
		t.Errorf("%s is still there after empty (%v)", a.dir, err)
	}
}

// TestAsideShortDiskWithNothingAside checks that a short disk counts as an
// early deletion only when there was something aside to delete.
func TestAsideShortDiskWithNothingAside(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	a := &aside{dir: filepath.Join(dir, "aside"), free: func(string) (int64, bool) { return 0, true }}
	if err := a.clear(out); err != nil {
		t.Fatal(err)
	}
	if a.early != 0 || a.n != 1 {
		t.Errorf("deleted early %d times and moved %d aside, want 0 and 1", a.early, a.n)
	}
}
