package search

import (
	"bufio"
	"cmp"
	"container/heap"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
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
	term  string
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
	term := make([]byte, n)
	if _, err := io.ReadFull(rr.r, term); err != nil {
		return false, err
	}
	last, err1 := binary.ReadUvarint(rr.r)
	count, err2 := binary.ReadUvarint(rr.r)
	size, err3 := binary.ReadUvarint(rr.r)
	if err := cmp.Or(err1, err2, err3); err != nil {
		return false, err
	}
	rr.term, rr.last, rr.n = string(term), uint32(last), int(count)
	rr.buf = append(rr.buf[:0], make([]byte, size)...)
	_, err = io.ReadFull(rr.r, rr.buf)
	return err == nil, err
}

// runHeap orders runs by their current term, then by run order, so a
// term's postings are merged in turn-id order.
type runHeap []*runReader

func (h runHeap) Len() int { return len(h) }
func (h runHeap) Less(i, j int) bool {
	if h[i].term != h[j].term {
		return h[i].term < h[j].term
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

// merge reads the runs term by term and writes the term shards, returning
// the first term and the name of each.
func merge(runs []string, avg float64, shardSize int, write func(string, []byte) error) ([][]string, error) {
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

	s := &shardWriter{write: write, size: shardSize}
	var line []byte
	for h.Len() > 0 {
		term := h[0].term
		line = append(line[:0], term...)
		line = append(line, '\t')
		var prev uint32 // the last turn id written for this term
		first := true
		for h.Len() > 0 && h[0].term == term {
			rr := h[0]
			var id uint32 // ids within a run segment start from 0 again
			buf := rr.buf
			for len(buf) > 0 {
				d, k1 := binary.Uvarint(buf)
				tf, k2 := binary.Uvarint(buf[k1:])
				length, k3 := binary.Uvarint(buf[k1+k2:])
				buf = buf[k1+k2+k3:]
				id += uint32(d)
				if !first {
					line = append(line, ' ')
				}
				line = append(line, weightDigit(float64(tf), float64(length), avg))
				line = strconv.AppendUint(line, uint64(id-prev), 36)
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
		line = append(line, '\n')
		if err := s.add(term, line); err != nil {
			return nil, err
		}
	}
	if err := s.flush(); err != nil {
		return nil, err
	}
	return s.list, nil
}

// weightDigit is a posting's weight: BM25's term-frequency part for a turn
// of the given length, scaled from (0, k1+1) to a base-36 digit 1..z.
func weightDigit(tf, length, avg float64) byte {
	w := tf * (k1 + 1) / (tf + k1*(1-b+b*length/avg))
	q := int(math.Ceil(w / (k1 + 1) * 35))
	q = max(1, min(35, q))
	return strconv.FormatInt(int64(q), 36)[0]
}

// shardWriter cuts the sorted term lines into shards of about size bytes.
type shardWriter struct {
	write func(string, []byte) error
	size  int
	buf   []byte
	first string
	list  [][]string
}

func (s *shardWriter) add(term string, line []byte) error {
	if len(s.buf) > 0 && len(s.buf)+len(line) > s.size {
		if err := s.flush(); err != nil {
			return err
		}
	}
	if len(s.buf) == 0 {
		s.first = term
	}
	s.buf = append(s.buf, line...)
	return nil
}

func (s *shardWriter) flush() error {
	if len(s.buf) == 0 {
		return nil
	}
	name := hashName(s.buf)
	s.list = append(s.list, []string{s.first, name})
	data := s.buf
	s.buf = make([]byte, 0, s.size)
	return s.write(shardPath(name), data)
}
