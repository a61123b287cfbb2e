package output

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// LockName is the file in the output folder that a build holds locked
// while it writes there. It says who holds it; a build that finds it
// locked waits a little, then refuses with that. The lock is the operating
// system's (flock), so a build that is killed never leaves the folder
// locked; the file itself is removed when the build ends.
const LockName = ".verbatim-lock"

// DefaultLockWait is how long a build waits for another one to finish
// writing the same folder before it gives up.
const DefaultLockWait = 3 * time.Second

// BusyError is the error of a build that found its output folder locked by
// another process.
type BusyError struct {
	Dir    string // the output folder
	Holder string // what the other process wrote in the lock file: pid, command, start
}

func (e *BusyError) Error() string {
	holder := e.Holder
	if holder == "" {
		holder = "another verbatim process"
	}
	return fmt.Sprintf("%s is being written by %s\n\thint: wait for that build to finish or stop it; two builds never write one folder at once", e.Dir, holder)
}

// lock is a held lock on a folder.
type lock struct {
	f    *os.File
	path string
}

// acquire locks root's LockName, waiting up to wait for another holder to
// let go, and writes who holds it now.
func acquire(root string, wait time.Duration) (*lock, error) {
	path := filepath.Join(root, LockName)
	deadline := time.Now().Add(wait)
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, err
		}
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		if ok {
			// The holder before us may have removed the file as it
			// let go: then we hold a lock on a file nobody else sees.
			if same(f, path) {
				l := &lock{f: f, path: path}
				l.describe()
				return l, nil
			}
			f.Close()
			continue
		}
		holder, _ := os.ReadFile(path)
		f.Close()
		if time.Now().After(deadline) {
			return nil, &BusyError{Dir: root, Holder: strings.TrimSpace(string(holder))}
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// same reports whether the open file f is still the file at path.
func same(f *os.File, path string) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Lstat(path)
	return err == nil && os.SameFile(a, b)
}

// describe writes who holds the lock, for a build that finds it held.
func (l *lock) describe() {
	text := fmt.Sprintf("verbatim (pid %d: %s, since %s)\n", os.Getpid(), strings.Join(os.Args, " "), time.Now().UTC().Format("15:04:05 UTC"))
	if l.f.Truncate(0) == nil {
		l.f.WriteAt([]byte(text), 0)
	}
}

// release removes the lock file and lets go of the lock, in that order, so
// a waiting build that gets the lock next checks it holds the file at the
// path (acquire), and makes a new one if not.
func (l *lock) release() {
	if l == nil || l.f == nil {
		return
	}
	os.Remove(l.path)
	l.f.Close() // closing the last descriptor drops the lock
	l.f = nil
}
