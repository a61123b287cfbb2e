package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// TestFloorWritesTheTreeAgain checks the floor step writes every file and
// folder of the output it read, byte for byte, into an empty folder each run.
func TestFloorWritesTheTreeAgain(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	files := fstest.MapFS{
		"index.html":                    {Data: []byte("<p>home</p>")},
		"episodes/ep1/index.html":       {Data: []byte("<p>one</p>")},
		"episodes/ep1/transcript.vtt":   {Data: []byte("WEBVTT\n")},
		"search/e/ab/cdef-0.txt":        {Data: []byte("a\tb\n")},
		"episodes/ep2/empty/nothing.md": {Data: []byte{}},
	}
	if err := os.CopyFS(out, files); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "floor")
	a := &aside{dir: filepath.Join(dir, "aside")}
	s, err := floorStep(out, dst, a)
	if err != nil {
		t.Fatal(err)
	}
	for run := range 2 {
		if err := s.prepare(run); err != nil {
			t.Fatal(err)
		}
		if x, err := s.time(); err != nil || x.wall <= 0 {
			t.Fatalf("run %d: %v, %v", run, x.wall, err)
		}
		for name, f := range files {
			got, err := os.ReadFile(filepath.Join(dst, filepath.FromSlash(name)))
			if err != nil || !bytes.Equal(got, f.Data) {
				t.Errorf("run %d: %s = %q, %v; want %q", run, name, got, err, f.Data)
			}
		}
	}
	written, err := readTree(dst)
	if err != nil || len(written.files) != len(files) {
		t.Errorf("floor holds %d files (%v), want %d", len(written.files), err, len(files))
	}
	// The first run's output was moved aside for the second, not deleted.
	if kept, err := readTree(filepath.Join(a.dir, "1")); err != nil || len(kept.files) != len(files) {
		t.Errorf("the first run's output, moved aside, holds %d files (%v), want %d", len(kept.files), err, len(files))
	}
}
