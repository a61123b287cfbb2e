package output

import (
	"bufio"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"iter"
	"os"
	"path/filepath"
	"slices"
)

// Manifest records the files of the last build, and the caller's State.
type Manifest struct {
	Version string
	State   []byte // opaque to this package
	// files is shared, never copied: its arena, a strings.Builder, holds
	// a pointer to itself. Nil for a manifest of no files.
	files *fileList
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
// holds a second copy of a build's 160,000 file names:
//
//	magic    "verbatim manifest 2\n"
//	version  uvarint length, then the bytes of the generator's Version
//	count    uvarint, the number of files
//	files    count times, names in strictly increasing order:
//	  shared uvarint, how many bytes the name shares with the name before
//	  suffix uvarint length, then the rest of the name
//	  sum    8 bytes (a Sum)
//	  size   uvarint
//	  stamp  varint
//	state    uvarint length, then the caller's state
//	check    CRC-32 (IEEE) of everything before it, 4 bytes big-endian
//
// Front coding makes a name cost a few bytes: sorted, most share all but
// their last characters with the name before.
const manifestMagic = "verbatim manifest 2\n"

// errCorrupt is any manifest that is not one this package wrote whole.
var errCorrupt = errors.New("corrupt manifest")

// encodeManifest writes m to w in the manifest format.
func encodeManifest(w io.Writer, m *Manifest) error {
	crc := crc32.NewIEEE()
	bw := bufio.NewWriter(io.MultiWriter(w, crc))
	var buf [binary.MaxVarintLen64]byte
	uvarint := func(n uint64) { bw.Write(binary.AppendUvarint(buf[:0], n)) }
	str := func(s string) { uvarint(uint64(len(s))); bw.WriteString(s) }

	bw.WriteString(manifestMagic)
	str(m.Version)
	uvarint(uint64(m.Len()))
	prev := ""
	for name, f := range m.All() {
		shared := commonPrefix(prev, name)
		uvarint(uint64(shared))
		str(name[shared:])
		bw.Write(f.Sum[:])
		uvarint(uint64(f.Size))
		bw.Write(binary.AppendVarint(buf[:0], f.Stamp))
		prev = name
	}
	uvarint(uint64(len(m.State)))
	bw.Write(m.State) // not through str: a string copy of ~8 MB at 20,000 episodes
	if err := bw.Flush(); err != nil {
		return err
	}
	_, err := w.Write(binary.BigEndian.AppendUint32(nil, crc.Sum32()))
	return err
}

func commonPrefix(a, b string) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// decodeManifest reads a manifest of size bytes from r. Anything but a
// whole manifest this package wrote is errCorrupt; no length read from
// the file is trusted beyond the file's size.
func decodeManifest(r io.Reader, size int64) (*Manifest, error) {
	if size < int64(len(manifestMagic))+4 {
		return nil, errCorrupt
	}
	crc := crc32.NewIEEE()
	br := bufio.NewReader(io.TeeReader(io.LimitReader(r, size-4), crc))
	d := decoder{r: br, limit: uint64(size)}

	magic := d.append(nil, uint64(len(manifestMagic)))
	m := &Manifest{Version: string(d.append(nil, d.uvarint())), files: new(fileList)}
	count := d.uvarint()
	if string(magic) != manifestMagic || count > uint64(size) {
		return nil, errCorrupt
	}
	m.files.entries = make([]entry, 0, count)
	var name []byte
	for range count {
		shared := d.uvarint()
		if d.err != nil || shared > uint64(len(name)) {
			return nil, errCorrupt
		}
		name = d.append(name[:shared], d.uvarint())
		var f File
		d.append(f.Sum[:0], uint64(len(f.Sum)))
		f.Size = int64(d.uvarint())
		f.Stamp = d.varint()
		if d.err != nil || (m.files.Len() > 0 && string(name) <= m.files.last()) {
			return nil, errCorrupt // names must be sorted, each once
		}
		m.files.add(string(name), f)
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

func readManifest(root string) (*Manifest, error) {
	f, err := os.Open(filepath.Join(root, ManifestName))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	m, err := decodeManifest(f, info.Size())
	if err != nil {
		return &Manifest{}, nil // unreadable: treated as from another version
	}
	return m, nil
}

// writeManifest saves m in root, replacing the last build's manifest only
// once the new one is whole.
func writeManifest(root string, m *Manifest) error {
	tmp := filepath.Join(root, ManifestName+".tmp")
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	err = encodeManifest(f, m)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, filepath.Join(root, ManifestName))
}
