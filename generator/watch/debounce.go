package watch

import (
	"errors"
	"slices"
	"time"
)

// Op is what an event did to a path.
type Op int

// The operations the debouncer tells apart. A rename away counts as Gone;
// a rename onto a path (an atomic save) counts as Created.
const (
	Created Op = iota + 1
	Written
	Gone
)

// Kind is what a batch says happened to a path over the whole burst.
type Kind int

// The kinds of change in a Batch.
const (
	Changed Kind = iota + 1 // created or modified; the path exists
	Removed                 // deleted or renamed away
)

func (k Kind) String() string {
	switch k {
	case Changed:
		return "changed"
	case Removed:
		return "removed"
	}
	return "unknown"
}

// Change is one path in a batch and what happened to it.
type Change struct {
	Path string
	Kind Kind
}

// Batch is the net effect of one burst of events: each path once, sorted.
// Err holds problems the watcher met on the way (an overflowed event queue,
// a folder it could not watch); the batch is still worth a rebuild.
type Batch struct {
	Changes []Change
	Err     error
}

// Paths returns the paths in b, sorted.
func (b Batch) Paths() []string {
	out := make([]string, len(b.Changes))
	for i, c := range b.Changes {
		out[i] = c.Path
	}
	return out
}

// DefaultQuiet is how long the watcher waits after the last event before it
// hands out a batch. Editors finish a save in a few milliseconds, and
// git checkout writes with gaps well under this; the goal is a reload within
// 100 ms of a save, so a fixed half-second tick (Hugo's) is out.
const DefaultQuiet = 25 * time.Millisecond

// DefaultMaxWait bounds how long a steady stream of events (a log file
// inside content/, a slow copy) can hold a batch back.
const DefaultMaxWait = time.Second

// Debouncer folds events into batches on the trailing edge: a batch is due
// once Quiet has passed with no event, or MaxWait after its first event.
// It is a pure state machine, fed times by its caller, so tests drive it
// with a fake clock.
type Debouncer struct {
	Quiet, MaxWait time.Duration

	pending     map[string]*pathOps
	first, last time.Time
	errs        []error
}

// pathOps is what the burst did to one path: its first and latest event.
type pathOps struct{ first, last Op }

// Add records op on path at time now.
func (d *Debouncer) Add(now time.Time, path string, op Op) {
	if d.pending == nil {
		d.pending = make(map[string]*pathOps)
	}
	if d.empty() {
		d.first = now
	}
	d.last = now
	if p, ok := d.pending[path]; ok {
		p.last = op
		return
	}
	d.pending[path] = &pathOps{first: op, last: op}
}

// AddErr records a problem to hand out with the next batch. It counts as an
// event, so a batch carrying it becomes due even with no paths.
func (d *Debouncer) AddErr(now time.Time, err error) {
	if d.empty() {
		d.first = now
	}
	d.last = now
	d.errs = append(d.errs, err)
}

func (d *Debouncer) empty() bool { return len(d.pending) == 0 && len(d.errs) == 0 }

// Due returns when the pending batch becomes ready, and false when nothing
// is pending.
func (d *Debouncer) Due() (time.Time, bool) {
	if d.empty() {
		return time.Time{}, false
	}
	due := d.last.Add(d.Quiet)
	if d.MaxWait > 0 {
		if limit := d.first.Add(d.MaxWait); limit.Before(due) {
			due = limit
		}
	}
	return due, true
}

// Ready reports whether a batch is due at now.
func (d *Debouncer) Ready(now time.Time) bool {
	due, ok := d.Due()
	return ok && !now.Before(due)
}

// Peek returns the pending batch without taking it. A path that the burst
// created and then removed again (an editor's temporary file) is left out:
// to a build, it never existed. A batch can come out empty that way.
func (d *Debouncer) Peek() Batch {
	var b Batch
	for path, p := range d.pending {
		switch {
		case p.last != Gone:
			b.Changes = append(b.Changes, Change{path, Changed})
		case p.first != Created:
			b.Changes = append(b.Changes, Change{path, Removed})
		}
	}
	slices.SortFunc(b.Changes, func(x, y Change) int {
		switch {
		case x.Path < y.Path:
			return -1
		case x.Path > y.Path:
			return 1
		}
		return 0
	})
	if len(d.errs) > 0 {
		b.Err = errors.Join(d.errs...)
	}
	return b
}

// Reset forgets the pending batch, once it has been handed out.
func (d *Debouncer) Reset() {
	clear(d.pending)
	d.errs = nil
}
