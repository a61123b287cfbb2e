package search

import (
	"bufio"
	"bytes"
	"cmp"
	"container/heap"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sync"
)

// BM25's parameters.
const (
	k1 = 1.2
	b  = 0.75
)

// runReader reads one run file term by term.
type runReader struct {
	order int // the run's position: its postings come after earlier runs'
	r     *bufio.Reader
	f     *os.File
	term  []byte
	last  uint32
	n     int
	buf   []byte
}

// advance reads the next term, or reports false at the end.
func (rr *runReader) advance() (bool, error) {
	n, err := binary.ReadUvarint(rr.r)
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	rr.term = resize(rr.term, n)
	if _, err := io.ReadFull(rr.r, rr.term); err != nil {
		return false, err
	}
	last, err1 := binary.ReadUvarint(rr.r)
	count, err2 := binary.ReadUvarint(rr.r)
	size, err3 := binary.ReadUvarint(rr.r)
	if err := cmp.Or(err1, err2, err3); err != nil {
		return false, err
	}
	rr.last, rr.n = uint32(last), int(count)
	rr.buf = resize(rr.buf, size)
	_, err = io.ReadFull(rr.r, rr.buf)
	return err == nil, err
}

// resize returns b with length n, reusing its memory when it can.
func resize(b []byte, n uint64) []byte {
	return slices.Grow(b[:0], int(n))[:n]
}

// runHeap orders runs by their current term, then by run order, so a
// term's postings are merged in turn-id order.
type runHeap []*runReader

func (h runHeap) Len() int { return len(h) }
func (h runHeap) Less(i, j int) bool {
	if c := bytes.Compare(h[i].term, h[j].term); c != 0 {
		return c < 0
	}
	return h[i].order < h[j].order
}
func (h runHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)   { *h = append(*h, x.(*runReader)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// merge reads the runs key by key and writes the term shards, returning
// the first term and the name of each. A term's line is
// "term<TAB>turn postings", and "<TAB>meta postings" when meta entries
// have it: the turns' postings are held under the term, the meta
// entries' under the term and a zero byte (see metaKey), so the merge
// meets them one after the other. avg and metaAvg are the average lengths
// of a turn and of a meta entry, in tokens.
func merge(runs []string, avg, metaAvg float64, shardSize int, write func(string, []byte) error) ([][]string, error) {
	h := make(runHeap, 0, len(runs))
	defer func() {
		for _, rr := range h {
			rr.f.Close()
		}
	}()
	for i, name := range runs {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("search index: %w", err)
		}
		rr := &runReader{order: i, f: f, r: bufio.NewReaderSize(f, 32<<10)}
		ok, err := rr.advance()
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("search index: reading %s: %w", name, err)
		}
		if !ok {
			f.Close()
			continue
		}
		h = append(h, rr)
	}
	heap.Init(&h)

	s := newShardWriter(write, shardSize)
	defer s.wait()
	turnWeights, metaWeights := &weights{avg: avg}, &weights{avg: metaAvg}
	var line, key, term []byte // the line being made is term's
	for h.Len() > 0 {
		key = append(key[:0], h[0].term...)
		meta := len(key) > 0 && key[len(key)-1] == 0
		weight := turnWeights
		if meta {
			weight = metaWeights
		}
		if t := key[:len(key)-btoi(meta)]; len(line) == 0 || !bytes.Equal(t, term) {
			if len(line) > 0 {
				if err := s.add(term, append(line, '\n')); err != nil {
					return nil, err
				}
			}
			term = append(term[:0], t...)
			line = append(append(line[:0], term...), '\t')
		}
		if meta {
			line = append(line, '\t')
		}
		var prev uint32 // the last id written for this key
		first := true
		for h.Len() > 0 && bytes.Equal(h[0].term, key) {
			rr := h[0]
			var id uint32 // ids within a run segment start from 0 again
			buf := rr.buf
			for len(buf) > 0 {
				// The merge reads every posting of the archive, and the
				// three uvarints of one are nearly always below 128, a
				// byte each: reading them as bytes when all three are
				// made the merge about a quarter faster than reading
				// each as a uvarint.
				var d, tf, length uint64
				if len(buf) >= 3 && buf[0]|buf[1]|buf[2] < 0x80 {
					d, tf, length, buf = uint64(buf[0]), uint64(buf[1]), uint64(buf[2]), buf[3:]
				} else {
					d, tf, length, buf = nextPosting(buf)
				}
				id += uint32(d)
				if !first {
					line = append(line, ' ')
				}
				line = append(line, weight.digit(tf, length))
				line = appendBase36(line, id-prev)
				prev, first = id, false
			}
			ok, err := rr.advance()
			if err != nil {
				return nil, fmt.Errorf("search index: %w", err)
			}
			if ok {
				heap.Fix(&h, 0)
			} else {
				rr.f.Close()
				heap.Pop(&h)
			}
		}
	}
	if len(line) > 0 {
		if err := s.add(term, append(line, '\n')); err != nil {
			return nil, err
		}
	}
	if err := s.flush(); err != nil {
		return nil, err
	}
	if err := s.wait(); err != nil {
		return nil, err
	}
	return s.list, nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// nextPosting reads a posting's three uvarints (the turn id minus the one
// before, term frequency, turn length) from the start of buf and returns
// them and the rest of buf.
func nextPosting(buf []byte) (d, tf, length uint64, rest []byte) {
	d, k1 := binary.Uvarint(buf)
	tf, k2 := binary.Uvarint(buf[k1:])
	length, k3 := binary.Uvarint(buf[k1+k2:])
	return d, tf, length, buf[k1+k2+k3:]
}

// weightDigit is a posting's weight: BM25's term-frequency part for a turn
// of the given length, scaled from (0, k1+1) to a base-36 digit 1..z.
func weightDigit(tf, length, avg float64) byte {
	w := tf * (k1 + 1) / (tf + k1*(1-b+b*length/avg))
	q := int(math.Ceil(w / (k1 + 1) * 35))
	q = max(1, min(35, q))
	return digits36[q]
}

const digits36 = "0123456789abcdefghijklmnopqrstuvwxyz"

// appendBase36 is strconv.AppendUint(b, uint64(v), 36) without its
// division by a variable base, which was the merge's largest cost.
func appendBase36(b []byte, v uint32) []byte {
	switch { // most turn ids are a few turns after the one before
	case v < 36:
		return append(b, digits36[v])
	case v < 36*36:
		return append(b, digits36[v/36], digits36[v%36])
	}
	var buf [7]byte // 36^7 > 2^32
	i := len(buf)
	for v >= 36 {
		i--
		buf[i] = digits36[v%36]
		v /= 36
	}
	i--
	buf[i] = digits36[v]
	return append(b, buf[i:]...)
}

// weights remembers weightDigit for the small term frequencies and turn
// lengths nearly every posting has: the merge asks once per posting of
// the archive, and the floating-point work was half of it.
type weights struct {
	avg   float64
	known [weightTF * weightLength]byte // 0 until computed
}

const weightTF, weightLength = 16, 1024

func (w *weights) digit(tf, length uint64) byte {
	if tf >= weightTF || length >= weightLength {
		return weightDigit(float64(tf), float64(length), w.avg)
	}
	d := &w.known[tf*weightLength+length]
	if *d == 0 {
		*d = weightDigit(float64(tf), float64(length), w.avg)
	}
	return *d
}

// shardWriter cuts the sorted term lines into shards of about size bytes,
// and names and writes them on a few goroutines while the merge goes on:
// a shard is a new file, whose creation costs as much as merging it.
type shardWriter struct {
	write func(string, []byte) error
	size  int
	buf   []byte
	first string
	list  [][]string // per shard, its first term and its name once written

	work chan shard
	done sync.WaitGroup
	mu   sync.Mutex
	err  error // the first error of a write
}

// shard is a shard to name and write, and where its name goes.
type shard struct {
	data []byte
	name *string
}

// shardWriters is how many goroutines write shards.
const shardWriters = 2

func newShardWriter(write func(string, []byte) error, size int) *shardWriter {
	work := make(chan shard, shardWriters)
	s := &shardWriter{write: write, size: size, work: work}
	for range shardWriters {
		s.done.Add(1)
		go func() {
			defer s.done.Done()
			for sh := range work {
				*sh.name = hashName(sh.data)
				if err := s.write(shardPath(*sh.name), sh.data); err != nil {
					s.mu.Lock()
					s.err = cmp.Or(s.err, err)
					s.mu.Unlock()
				}
			}
		}()
	}
	return s
}

func (s *shardWriter) add(term []byte, line []byte) error {
	if len(s.buf) > 0 && len(s.buf)+len(line) > s.size {
		if err := s.flush(); err != nil {
			return err
		}
	}
	if len(s.buf) == 0 {
		s.first = string(term)
	}
	s.buf = append(s.buf, line...)
	return nil
}

// flush hands the shard being cut to the writers, and reports the first
// error of the writes so far.
func (s *shardWriter) flush() error {
	s.mu.Lock()
	err := s.err
	s.mu.Unlock()
	if err != nil || len(s.buf) == 0 {
		return err
	}
	entry := []string{s.first, ""}
	s.list = append(s.list, entry)
	s.work <- shard{data: s.buf, name: &entry[1]}
	s.buf = make([]byte, 0, s.size)
	return nil
}

// wait waits for the writers to finish and reports the first error. It
// may be called more than once.
func (s *shardWriter) wait() error {
	if s.work != nil {
		close(s.work)
		s.work = nil
		s.done.Wait()
	}
	return s.err
}
