package output

import (
	"bufio"
	"container/heap"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// spillAt is how many produced files a build holds in memory before it
// writes them, sorted, to a run file: a cold build at 20,000 episodes
// produces 640,000 files, ~90 bytes each in a fileList, and held them all
// until Commit. This many cost about 3 MB.
const spillAt = 1 << 15

// spill writes the produced files held in memory to a new run file and
// starts a new list. d.mu must be held.
func (d *Dir) spill() error {
	if d.runDir == "" {
		dir, err := os.MkdirTemp(d.root, stagingPrefix+"files-")
		if err != nil {
			return err
		}
		d.runDir = dir
	}
	name := filepath.Join(d.runDir, fmt.Sprintf("%d", len(d.runs)))
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	list := d.produced
	list.sort()
	w := recordWriter{w: bufio.NewWriterSize(f, 64<<10)}
	for i := range list.entries {
		w.file(list.name(i), list.file(i))
	}
	w.end()
	err = w.w.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	d.runs = append(d.runs, name)
	d.produced = new(fileList)
	return nil
}

// removeRuns deletes the run files.
func (d *Dir) removeRuns() {
	if d.runDir != "" {
		os.RemoveAll(d.runDir)
		d.runDir, d.runs = "", nil
	}
}

// cursor is where the merge of the produced files is in one of its
// sources: a run file, or the list still in memory.
type cursor struct {
	seq  int // the source's place in recording order: the later wins
	name string
	file File
	done bool // the source is used up

	run  *recordReader
	f    *os.File
	list *fileList
	i    int
}

func (c *cursor) next() error {
	if c.list != nil {
		if c.done = c.i == c.list.Len(); !c.done {
			c.name, c.file = c.list.name(c.i), c.list.file(c.i)
			c.i++
		}
		return nil
	}
	var ok bool
	if c.file, ok = c.run.next(); !ok {
		c.done = true
		if err := c.run.d.err; err != nil {
			return fmt.Errorf("reading %s: %w", c.f.Name(), err)
		}
		return nil
	}
	c.name = string(c.run.name)
	return nil
}

// cursors is a heap of sources, the smallest name on top; of equal
// names, the one recorded last.
type cursors []*cursor

func (h cursors) Len() int { return len(h) }
func (h cursors) Less(a, b int) bool {
	if c := strings.Compare(h[a].name, h[b].name); c != 0 {
		return c < 0
	}
	return h[a].seq > h[b].seq
}
func (h cursors) Swap(a, b int) { h[a], h[b] = h[b], h[a] }
func (h *cursors) Push(x any)   { *h = append(*h, x.(*cursor)) }
func (h *cursors) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}

// producedFiles calls yield with each file the build produced (staged),
// in name order, once: of a name recorded more than once, as last
// recorded. It merges the run files with the files still in memory, which
// it sorts.
func (d *Dir) producedFiles(yield func(name string, f File) error) error {
	d.produced.sort()
	var h cursors
	defer func() {
		for _, c := range h {
			if c.f != nil {
				c.f.Close()
			}
		}
	}()
	for i, name := range d.runs {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		info, err := f.Stat()
		if err != nil {
			f.Close()
			return err
		}
		c := &cursor{seq: i, f: f, run: &recordReader{d: decoder{r: bufio.NewReaderSize(f, 16<<10), limit: uint64(info.Size())}}}
		h = append(h, c)
		if err := c.next(); err != nil {
			return err
		}
	}
	h = append(h, &cursor{seq: len(d.runs), list: d.produced})
	if err := h[len(h)-1].next(); err != nil {
		return err
	}
	live := h[:0]
	for _, c := range h {
		if !c.done {
			live = append(live, c)
		} else if c.f != nil {
			c.f.Close()
		}
	}
	h = live
	heap.Init(&h)
	for len(h) > 0 {
		top := h[0]
		name, file := top.name, top.file
		// Move every source past name: the top one is the last recorded.
		for len(h) > 0 && h[0].name == name {
			c := h[0]
			if err := c.next(); err != nil {
				return err
			}
			if c.done {
				if c.f != nil {
					c.f.Close()
					c.f = nil
				}
				heap.Pop(&h)
			} else {
				heap.Fix(&h, 0)
			}
		}
		if err := yield(name, file); err != nil {
			return err
		}
	}
	return nil
}
