package output

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// A TempDir is a folder in the system's temporary folder that a live
// process holds locked, so that the next verbatim, finding it left by a
// process that was killed, can tell it is nobody's and remove it
// (SweepTemp). A preview's site (the serve folder) and the search
// indexer's run files live in one.
type TempDir struct {
	Path string
	f    *os.File // holds the lock
}

// NewTempDir makes a folder named prefix followed by random characters in
// dir (the system's temporary folder when dir is ""), after removing the
// folders of the same prefix that killed processes left there.
func NewTempDir(dir, prefix string) (*TempDir, error) {
	SweepTemp(dir, prefix)
	path, err := os.MkdirTemp(dir, prefix)
	if err != nil {
		return nil, err
	}
	t := &TempDir{Path: path}
	if f, err := os.Open(path); err == nil {
		if ok, _ := tryLock(f); ok {
			t.f = f
		} else {
			f.Close()
		}
	}
	return t, nil
}

// Remove deletes the folder and lets go of it.
func (t *TempDir) Remove() error {
	err := os.RemoveAll(t.Path)
	if t.f != nil {
		t.f.Close()
		t.f = nil
	}
	return err
}

// staleTemp is how old a folder must be before SweepTemp looks at it: a
// folder is made a moment before it is locked. Where locks do not work
// (locksWork), a folder is taken for a killed process's only once it is
// staleTempUnlocked old, long past any build still writing it.
const (
	staleTemp         = 10 * time.Second
	staleTempUnlocked = 6 * time.Hour
)

// SweepTemp removes the folders named prefix followed by anything in dir
// (the system's temporary folder when dir is "") that no live process
// holds: those of verbatim processes that were killed.
func SweepTemp(dir, prefix string) {
	if dir == "" {
		dir = os.TempDir()
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < staleTemp {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if !locksWork {
			if time.Since(info.ModTime()) > staleTempUnlocked {
				os.RemoveAll(path)
			}
			continue
		}
		f, err := os.Open(path)
		if err != nil {
			continue
		}
		if ok, _ := tryLock(f); ok {
			os.RemoveAll(path)
		}
		f.Close()
	}
}
