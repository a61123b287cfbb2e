package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
)

// The floor step (-steps floor, with cold) times what writing a cold
// build's output costs by itself: the files verbatim just built, held in
// memory, written again into an empty folder by one goroutine per core,
// their folders made first. It runs in the cold builds' loop, beside them
// and Hugo's, so its ratio to Hugo's time is from the same minutes: no
// generator that writes these files can build faster than this.

// tree is a built site held in memory.
type tree struct {
	dirs  []string // every folder, relative to the root, parents first
	files []treeFile
}

type treeFile struct {
	path string // relative to the root
	data []byte
}

// readTree reads every file below root.
func readTree(root string) (*tree, error) {
	t := &tree{}
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil || p == root {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if e.IsDir() {
			t.dirs = append(t.dirs, rel)
			return nil
		}
		data, err := os.ReadFile(p)
		t.files = append(t.files, treeFile{rel, data})
		return err
	})
	return t, err
}

// write writes the tree into dst, which must not exist, and returns how
// long that took.
func (t *tree) write(dst string) (time.Duration, error) {
	start := time.Now()
	if err := os.Mkdir(dst, 0o755); err != nil {
		return 0, err
	}
	for _, d := range t.dirs {
		if err := os.Mkdir(filepath.Join(dst, d), 0o755); err != nil {
			return 0, err
		}
	}
	next := make(chan treeFile)
	errs := make(chan error, runtime.NumCPU())
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Go(func() {
			var first error
			for f := range next {
				if err := os.WriteFile(filepath.Join(dst, f.path), f.data, 0o644); err != nil && first == nil {
					first = err
				}
			}
			errs <- first
		})
	}
	for _, f := range t.files {
		next <- f
	}
	close(next)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}

// floorStep is the floor as a step of the cold builds' loop. Each run is
// a process of its own (this program, with -floor-write), which reads the
// output into memory and times only the writing: held here, those
// hundreds of megabytes would count in the peak memory of every process
// started after them (a child's peak includes its parent's until exec).
func floorStep(out, dst string, a *aside) (step, error) {
	self, err := os.Executable()
	if err != nil {
		return step{}, err
	}
	return step{
		name:    stepFloor,
		prepare: func(int) error { return a.clear(dst) },
		time: func() (sample, error) {
			text, err := exec.Command(self, floorFlag, out, dst).Output()
			if err != nil {
				return sample{}, fmt.Errorf("%s %s: %w", self, floorFlag, err)
			}
			d, err := time.ParseDuration(strings.TrimSpace(string(text)))
			return sample{wall: d}, err
		},
	}, nil
}

// floorFlag makes this program a floor step's run: it writes the tree at
// its first argument into its second and prints how long that took.
const floorFlag = "-floor-write"

func floorWrite(out, dst string, stdout io.Writer) error {
	t, err := readTree(out)
	if err != nil {
		return err
	}
	d, err := t.write(dst)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, d)
	return err
}
