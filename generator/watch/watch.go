// Package watch turns file system events into batches a builder can act on:
// it watches folders recursively (including folders created later), drops
// editor noise, sees an atomic save as a change of the saved file, and
// hands out one sorted batch per burst of events, on the trailing edge.
//
// A batch is only handed out when the caller asks for it (Next), so events
// that arrive during a build are folded into exactly one next batch.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Config says how to watch. The zero value of each field means its default.
type Config struct {
	Quiet   time.Duration // quiet period before a batch is due (DefaultQuiet)
	MaxWait time.Duration // longest a batch waits under a steady stream (DefaultMaxWait)
	// Poll, when positive, compares snapshots of (size, mtime) at this
	// interval instead of using the system's events: for network mounts
	// and containers where inotify says nothing.
	Poll time.Duration
}

// DefaultConfig returns the defaults: event-driven, with DefaultQuiet and
// DefaultMaxWait.
func DefaultConfig() Config {
	return Config{Quiet: DefaultQuiet, MaxWait: DefaultMaxWait}
}

// ErrClosed is returned by Next once the watcher is closed.
var ErrClosed = errors.New("watch: watcher closed")

// Watcher watches a set of roots and hands out batches of changes.
type Watcher struct {
	roots []string // absolute, cleaned
	cfg   Config
	fsw   *fsnotify.Watcher // nil when polling
	dirs  map[string]bool   // folders fsw watches
	// files is what exists under the roots as far as events tell, so a
	// path created over an existing one (a rename onto it: an atomic save)
	// counts as written, not created.
	files map[string]bool
	snap  snapshot // last poll, when polling
	deb   Debouncer

	out     chan Batch
	busy    chan struct{} // a burst began; buffered, one at most
	done    chan struct{}
	stopped chan struct{}
}

// New starts watching roots: folders are watched with everything under
// them, and a file root (a config file) or a root that does not exist yet
// is watched through its parent folder, which survives atomic saves and
// sees the root appear.
func New(roots []string, cfg Config) (*Watcher, error) {
	if cfg.Quiet <= 0 {
		cfg.Quiet = DefaultQuiet
	}
	if cfg.MaxWait <= 0 {
		cfg.MaxWait = DefaultMaxWait
	}
	w := &Watcher{
		cfg:     cfg,
		dirs:    make(map[string]bool),
		files:   make(map[string]bool),
		deb:     Debouncer{Quiet: cfg.Quiet, MaxWait: cfg.MaxWait},
		out:     make(chan Batch),
		busy:    make(chan struct{}, 1),
		done:    make(chan struct{}),
		stopped: make(chan struct{}),
	}
	for _, r := range roots {
		abs, err := filepath.Abs(r)
		if err != nil {
			return nil, fmt.Errorf("watch %s: %w", r, err)
		}
		w.roots = append(w.roots, abs)
	}
	if cfg.Poll > 0 {
		w.snap = takeSnapshot(w.roots)
	} else {
		fsw, err := fsnotify.NewWatcher()
		if err != nil {
			return nil, fmt.Errorf("watch: %w (try -poll 500ms)", err)
		}
		w.fsw = fsw
		for _, r := range w.roots {
			if err := w.addRoot(r); err != nil {
				fsw.Close()
				return nil, err
			}
		}
	}
	go w.loop()
	return w, nil
}

// addRoot watches one root's parent, so the root is seen when it is
// replaced (an atomic save of the config file), created or re-created, and
// a folder root recursively.
func (w *Watcher) addRoot(r string) error {
	parent := filepath.Dir(r)
	if !w.dirs[parent] {
		if err := w.fsw.Add(parent); err != nil {
			return fmt.Errorf("watch %s: %w", parent, err)
		}
		w.dirs[parent] = true
	}
	fi, err := os.Stat(r)
	switch {
	case err == nil && fi.IsDir():
		files, err := w.addTree(r)
		for _, f := range files {
			w.files[f] = true
		}
		return err
	case err == nil:
		w.files[r] = true
	}
	return nil
}

// addTree watches dir and every folder under it that is not noise, and
// returns the files already there: when a folder is created (or moved in)
// with files inside, they were never reported as events.
func (w *Watcher) addTree(dir string) (files []string, err error) {
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == dir {
				return err
			}
			return nil // vanished mid-walk: its own event says so
		}
		if _, ok := w.relevant(path); !ok && path != dir {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			files = append(files, path)
			return nil
		}
		if w.dirs[path] {
			return nil
		}
		if err := w.fsw.Add(path); err != nil {
			return fmt.Errorf("watch %s: %w", path, err)
		}
		w.dirs[path] = true
		return nil
	})
	return files, err
}

// relevant returns path relative to the root holding it, and false when no
// root holds it (a sibling of a file root) or it is noise.
func (w *Watcher) relevant(path string) (string, bool) {
	for _, r := range w.roots {
		rel, err := filepath.Rel(r, path)
		if err != nil || rel == ".." || len(rel) > 2 && rel[:3] == ".."+string(filepath.Separator) {
			continue
		}
		rel = filepath.ToSlash(rel)
		return rel, !Ignored(rel)
	}
	return "", false
}

// Next waits for the next batch. Events that arrive while the caller is
// busy (building) pile up into the one batch Next returns next. A batch
// can be empty: the burst Busy announced came to nothing (a temporary file
// created and removed again).
func (w *Watcher) Next(ctx context.Context) (Batch, error) {
	select {
	case b := <-w.out:
		return b, nil
	case <-ctx.Done():
		return Batch{}, ctx.Err()
	case <-w.stopped:
		return Batch{}, ErrClosed
	}
}

// Busy receives a value when a burst of changes begins, a quiet period
// before its batch is due: time enough to stop background work that the
// batch will make stale. A value not taken is kept (one at most), so it
// can announce a batch that is already waiting.
func (w *Watcher) Busy() <-chan struct{} { return w.busy }

// Close stops watching. It is safe to call more than once.
func (w *Watcher) Close() error {
	select {
	case <-w.done:
	default:
		close(w.done)
	}
	<-w.stopped
	if w.fsw != nil {
		return w.fsw.Close()
	}
	return nil
}

// loop owns the watcher's state: it takes events in, and offers the batch
// on w.out only while one is due, so a busy caller gets one batch later.
func (w *Watcher) loop() {
	defer close(w.stopped)
	var events chan fsnotify.Event
	var errs chan error
	var tick <-chan time.Time
	if w.fsw != nil {
		events, errs = w.fsw.Events, w.fsw.Errors
	} else {
		t := time.NewTicker(w.cfg.Poll)
		defer t.Stop()
		tick = t.C
	}
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		var out chan Batch
		var batch Batch
		now := time.Now()
		if w.deb.Ready(now) {
			batch = w.deb.Peek()
			out = w.out
		}
		var wake <-chan time.Time
		if due, ok := w.deb.Due(); ok && out == nil {
			timer.Reset(due.Sub(now))
			wake = timer.C
		}
		idle := w.deb.empty()
		select {
		case <-w.done:
			return
		case out <- batch:
			w.deb.Reset()
		case <-wake:
		case ev, ok := <-events:
			if !ok {
				return
			}
			w.event(ev)
		case err, ok := <-errs:
			if !ok {
				return
			}
			w.deb.AddErr(time.Now(), fmt.Errorf("watch: %w", err))
		case <-tick:
			next := takeSnapshot(w.roots)
			now := time.Now()
			for _, c := range w.snap.diff(next) {
				if _, ok := w.relevant(c.path); ok {
					w.deb.Add(now, c.path, c.op)
				}
			}
			w.snap = next
		}
		if idle && !w.deb.empty() {
			select {
			case w.busy <- struct{}{}:
			default: // one is waiting already
			}
		}
		timer.Stop() // since Go 1.23 a stopped timer's channel holds no stale tick
	}
}

// event folds one fsnotify event into the pending batch, and keeps the set
// of watched folders in step: a new folder is watched with what it holds,
// and a folder removed or renamed away is forgotten.
func (w *Watcher) event(ev fsnotify.Event) {
	op, ok := opOf(ev.Op)
	if !ok {
		return
	}
	if _, ok := w.relevant(ev.Name); !ok {
		return
	}
	now := time.Now()
	switch op {
	case Created:
		if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
			files, err := w.addTree(ev.Name)
			if err != nil {
				w.deb.AddErr(now, err)
			}
			for _, f := range files {
				w.add(now, f, Created)
			}
		}
	case Gone:
		for d := range w.dirs {
			if within(d, ev.Name) {
				_ = w.fsw.Remove(d) // already gone with the folder, usually
				delete(w.dirs, d)
			}
		}
	}
	w.add(now, ev.Name, op)
}

// add folds op on path into the pending batch and keeps w.files in step.
// The debouncer leaves out a path created and removed within one burst,
// which is right only if it did not exist before: a path created over an
// existing file (renamed onto it) is passed on as written, so that a file
// replaced and then removed in one burst still comes out removed.
func (w *Watcher) add(now time.Time, path string, op Op) {
	switch op {
	case Created, Written:
		if op == Created && w.files[path] {
			op = Written
		}
		w.files[path] = true
	case Gone:
		if w.files[path] {
			delete(w.files, path)
			break
		}
		for f := range w.files {
			if within(f, path) {
				delete(w.files, f) // a folder: its files went with it
			}
		}
	}
	w.deb.Add(now, path, op)
}

// within reports whether path is dir or below it.
func within(path, dir string) bool {
	return path == dir || strings.HasPrefix(path, dir+string(filepath.Separator))
}
