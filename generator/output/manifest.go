package output

import (
	"bufio"
	"encoding/binary"
	"errors"
	"hash"
	"hash/crc32"
	"io"
	"iter"
	"os"
	"slices"

	"github.com/cespare/xxhash/v2"
)

// Manifest records the files of the last build, and the caller's State.
type Manifest struct {
	Version string
	State   []byte // opaque to this package
	// files is shared, never copied: its arena, a strings.Builder, holds
	// a pointer to itself. Nil for a manifest of no files.
	files *fileList
	// id is the hash of the manifest file's bytes, when read from one.
	id uint64
	// written is the manifest file's modification time (Unix
	// nanoseconds), when read from one.
	written int64
}

// list returns the manifest's files.
func (m *Manifest) list() *fileList {
	if m.files == nil {
		return new(fileList)
	}
	return m.files
}

// Len returns the number of files the manifest records.
func (m *Manifest) Len() int { return m.list().Len() }

// Lookup returns what the manifest records of the file at name.
func (m *Manifest) Lookup(name string) (File, bool) { return m.list().lookup(name) }

// All yields the files the manifest records, in name order.
func (m *Manifest) All() iter.Seq2[string, File] { return m.list().all() }

// The manifest file is written and read as a stream, so that neither
// holds a second copy of a build's 160,000 file names, and a build can
// write it as it merges its list of files (Commit):
//
//	magic    "verbatim manifest 4\n"
//	version  uvarint length, then the bytes of the generator's Version
//	files    a list of records (records.go)
//	state    uvarint length, then the caller's state
//	check    CRC-32 (IEEE) of everything before it, 4 bytes big-endian
//
// Format 3, read still so that a new version of verbatim knows which files
// an older one wrote, has no mtime in its records (records.go).
const (
	manifestMagic  = "verbatim manifest 4\n"
	manifestMagic3 = "verbatim manifest 3\n"
)

// errCorrupt is any manifest that is not one this package wrote whole.
var errCorrupt = errors.New("corrupt manifest")

// manifestWriter writes a manifest to w, a file at a time.
type manifestWriter struct {
	w   io.Writer
	crc hash.Hash32
	sum *xxhash.Digest // of every byte but the check
	rec recordWriter
}

func newManifestWriter(w io.Writer, version string) *manifestWriter {
	m := &manifestWriter{w: w, crc: crc32.NewIEEE(), sum: xxhash.New()}
	m.rec.w = bufio.NewWriter(io.MultiWriter(w, m.crc, m.sum))
	m.rec.w.WriteString(manifestMagic)
	m.rec.uvarint(uint64(len(version)))
	m.rec.w.WriteString(version)
	return m
}

// file adds a file; files come in strictly increasing name order.
func (m *manifestWriter) file(name string, f File) { m.rec.file(name, f) }

// finish ends the list of files and writes state and the check.
func (m *manifestWriter) finish(state []byte) error {
	m.rec.end()
	m.rec.uvarint(uint64(len(state)))
	m.rec.w.Write(state) // not as a string: a copy of ~8 MB at 20,000 episodes
	if err := m.rec.w.Flush(); err != nil {
		return err
	}
	_, err := m.w.Write(binary.BigEndian.AppendUint32(nil, m.crc.Sum32()))
	return err
}

// id returns the manifest's identity once finished: the Manifest.id of
// the manifest read back.
func (m *manifestWriter) id() uint64 { return m.sum.Sum64() }

// encodeManifest writes m to w in the manifest format.
func encodeManifest(w io.Writer, m *Manifest) error {
	mw := newManifestWriter(w, m.Version)
	for name, f := range m.All() {
		mw.file(name, f)
	}
	return mw.finish(m.State)
}

// decodeManifest reads a manifest of size bytes from r. Anything but a
// whole manifest this package wrote is errCorrupt; no length read from
// the file is trusted beyond the file's size.
func decodeManifest(r io.Reader, size int64) (*Manifest, error) {
	if size < int64(len(manifestMagic))+4 {
		return nil, errCorrupt
	}
	crc, id := crc32.NewIEEE(), xxhash.New()
	br := bufio.NewReader(io.TeeReader(io.LimitReader(r, size-4), io.MultiWriter(crc, id)))
	rr := recordReader{d: decoder{r: br, limit: uint64(size)}}
	d := &rr.d

	magic := d.append(nil, uint64(len(manifestMagic)))
	m := &Manifest{Version: string(d.append(nil, d.uvarint())), files: new(fileList)}
	switch string(magic) {
	case manifestMagic:
	case manifestMagic3:
		rr.noMtime = true
	default:
		return nil, errCorrupt
	}
	// A file's record is ~25 bytes, so this is about enough for the files
	// without the state, and the list is not copied as it grows.
	m.files.entries = make([]entry, 0, size/24)
	for f, ok := rr.next(); ok; f, ok = rr.next() {
		m.files.addBytes(rr.name, f)
	}
	m.State = d.append(nil, d.uvarint())
	if d.err != nil {
		return nil, errCorrupt
	}
	if _, err := br.ReadByte(); err != io.EOF {
		return nil, errCorrupt // bytes after the state
	}
	var check [4]byte
	if _, err := io.ReadFull(r, check[:]); err != nil || binary.BigEndian.Uint32(check[:]) != crc.Sum32() {
		return nil, errCorrupt
	}
	m.files.names = m.files.arena.String()
	m.files.index()
	m.id = id.Sum64()
	return m, nil
}

// decoder reads the manifest's fields, remembering the first error.
type decoder struct {
	r     *bufio.Reader
	limit uint64 // no length can exceed the file's size
	err   error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	n, err := binary.ReadUvarint(d.r)
	d.err = err
	return n
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	n, err := binary.ReadVarint(d.r)
	d.err = err
	return n
}

// sum reads a Sum. (Read with append, a File's Sum would take the File to
// the heap: an allocation per file of a manifest.)
func (d *decoder) sum() (s Sum) {
	if d.err != nil {
		return s
	}
	b, err := d.r.Peek(len(s))
	if err != nil {
		d.err = err
		return s
	}
	copy(s[:], b)
	d.r.Discard(len(s))
	return s
}

// append reads n bytes onto b.
func (d *decoder) append(b []byte, n uint64) []byte {
	if d.err == nil && n > d.limit {
		d.err = errCorrupt
	}
	if d.err != nil {
		return b
	}
	b = slices.Grow(b, int(n))
	_, d.err = io.ReadFull(d.r, b[len(b):len(b)+int(n)])
	return b[:len(b)+int(n)]
}

// readManifest reads the manifest at path: an error that is fs.ErrNotExist
// when there is none, errCorrupt when it does not verify.
func readManifest(path string) (*Manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, errCorrupt
	}
	m, err := decodeManifest(f, info.Size())
	if err != nil {
		return nil, err
	}
	m.written = info.ModTime().UnixNano()
	return m, nil
}
