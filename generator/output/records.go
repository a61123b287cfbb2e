package output

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/binary"
)

// A list of files, in a manifest or in a run file (runs.go), is a stream
// of records in strictly increasing name order, each after a byte that
// says what follows:
//
//	more    1 a file follows, 0 the list ends
//	shared  uvarint, how many bytes the name shares with the name before
//	suffix  uvarint length, then the rest of the name
//	sum     8 bytes (a Sum)
//	size    uvarint
//	stamp   varint
//	mtime   varint (not in manifests of format 3)
//
// Front coding makes a name cost a few bytes: sorted, most share all but
// their last characters with the name before.

// recordWriter front-codes files, given in name order, onto w.
type recordWriter struct {
	w    *bufio.Writer
	prev []byte // the last name written
	buf  [binary.MaxVarintLen64]byte
}

func (r *recordWriter) uvarint(n uint64) { r.w.Write(binary.AppendUvarint(r.buf[:0], n)) }

func (r *recordWriter) file(name string, f File) {
	shared := commonPrefix(string(r.prev), name) // no copy: the conversion does not escape
	r.w.WriteByte(1)
	r.uvarint(uint64(shared))
	r.uvarint(uint64(len(name) - shared))
	r.w.WriteString(name[shared:])
	r.w.Write(append(r.buf[:0], f.Sum[:]...)) // f.Sum itself would take f to the heap
	r.uvarint(uint64(f.Size))
	r.w.Write(binary.AppendVarint(r.buf[:0], f.Stamp))
	r.w.Write(binary.AppendVarint(r.buf[:0], f.Mtime))
	r.prev = append(r.prev[:0], name...)
}

func (r *recordWriter) end() { r.w.WriteByte(0) }

func commonPrefix(a, b string) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// recordReader reads the records a recordWriter wrote. Nothing read is
// trusted: a name out of order or a length past the decoder's limit is
// errCorrupt.
type recordReader struct {
	d     decoder
	name  []byte // the last name read
	spare []byte // the buffer the next name is read into
	n     int    // records read
	// noMtime says the records have no mtime (format 3).
	noMtime bool
}

// next reads one record into r.name and f, which hold until the next
// call. It reports false at the end of the list, and on any error, which
// is then in r.d.err.
func (r *recordReader) next() (f File, ok bool) {
	if r.d.err != nil {
		return f, false
	}
	var more byte
	more, r.d.err = r.d.r.ReadByte()
	if r.d.err != nil || more == 0 {
		return f, false
	}
	shared := r.d.uvarint()
	if r.d.err != nil || more != 1 || shared > uint64(len(r.name)) {
		r.d.err = cmp.Or(r.d.err, errCorrupt)
		return f, false
	}
	name := r.d.append(append(r.spare[:0], r.name[:shared]...), r.d.uvarint())
	f.Sum = r.d.sum()
	f.Size = int64(r.d.uvarint())
	f.Stamp = r.d.varint()
	if !r.noMtime {
		f.Mtime = r.d.varint()
	}
	if r.d.err == nil && r.n > 0 && bytes.Compare(name, r.name) <= 0 {
		r.d.err = errCorrupt // names must be sorted, each once
	}
	if r.d.err != nil {
		return f, false
	}
	r.spare, r.name = r.name, name
	r.n++
	return f, true
}
