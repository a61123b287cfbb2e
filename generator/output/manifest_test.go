package output

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// newManifest makes a manifest of files, as a Commit would.
func newManifest(version string, files map[string]File, state []byte) *Manifest {
	m := &Manifest{Version: version, State: state, files: new(fileList)}
	for name, f := range files {
		m.files.add(name, f)
	}
	m.files.sort()
	return m
}

func encoded(t testing.TB, m *Manifest) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := encodeManifest(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestManifestRoundTrip(t *testing.T) {
	sum := SumOf([]byte("x"))
	tests := []struct {
		name  string
		files map[string]File
		state []byte
	}{
		{"Empty", nil, nil},
		{"StateOnly", nil, []byte("state\x00bytes")},
		{"OneFile", map[string]File{"index.html": {Sum: sum, Size: 1}}, nil},
		{"SharedPrefixes", map[string]File{
			"episodes/a/index.html":      {Sum: sum, Size: 10},
			"episodes/a/transcript.json": {Sum: SumOf([]byte("j")), Size: 1 << 40},
			"episodes/ab/index.html":     {Size: 0},
			"episodes/b":                 {Size: 3},
			"search/e/0123-0.txt":        {Size: 7},
			"search/e/0123-10.txt":       {Size: 8},
			"search/e/0123-9.txt":        {Size: 9},
		}, []byte("s")},
		{"Stamps", map[string]File{
			"audio/1.mp3": {Size: 5, Stamp: 1_700_000_000_123_456_789},
			"audio/2.mp3": {Size: 5, Stamp: -1},
		}, nil},
		{"NonASCIIName", map[string]File{"speakers/zoë/index.html": {Size: 2}, "speakers/zoe/index.html": {Size: 1}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := newManifest("verbatim-9", tt.files, tt.state)
			data := encoded(t, want)
			got, err := decodeManifest(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			if got.Version != want.Version || !bytes.Equal(got.State, want.State) {
				t.Errorf("version %q state %q, want %q %q", got.Version, got.State, want.Version, want.State)
			}
			if files := maps.Collect(got.All()); len(files) != len(tt.files) || (len(files) > 0 && !reflect.DeepEqual(files, tt.files)) {
				t.Errorf("files = %v, want %v", files, tt.files)
			}
			for name, f := range tt.files {
				if g, ok := got.Lookup(name); !ok || g != f {
					t.Errorf("Lookup(%q) = %v, %v", name, g, ok)
				}
			}
			if _, ok := got.Lookup("episodes/"); ok {
				t.Errorf("found a name that is not there")
			}
			if again := encoded(t, got); !bytes.Equal(again, data) {
				t.Errorf("a manifest read and written again changed")
			}
		})
	}
}

// TestManifestDeterministic: the same files recorded in any order, some
// twice, make the same bytes.
func TestManifestDeterministic(t *testing.T) {
	a, b := Manifest{files: new(fileList)}, Manifest{files: new(fileList)}
	for i := range 100 {
		a.files.add(fmt.Sprintf("p/%d", i), File{Size: int64(i)})
	}
	for i := 99; i >= 0; i-- {
		b.files.add(fmt.Sprintf("p/%d", i), File{Size: -1}) // replaced below
		b.files.add(fmt.Sprintf("p/%d", i), File{Size: int64(i)})
	}
	a.files.sort()
	b.files.sort()
	if !bytes.Equal(encoded(t, &a), encoded(t, &b)) {
		t.Error("the same files in another order encode differently")
	}
	if b.Len() != 100 {
		t.Errorf("a name recorded twice counts twice: %d", b.Len())
	}
}

// TestCorruptManifestIsIgnored: a manifest cut short or changed anywhere is
// treated as absent, never trusted and never a panic.
func TestCorruptManifestIsIgnored(t *testing.T) {
	m := newManifest("v1", map[string]File{"a.html": {Size: 1}, "b/c.html": {Size: 2}}, []byte("state"))
	data := encoded(t, m)
	for n := range len(data) {
		if _, err := decodeManifest(bytes.NewReader(data[:n]), int64(n)); !errors.Is(err, errCorrupt) {
			t.Errorf("cut to %d bytes: %v", n, err)
		}
	}
	for i := range data {
		for _, bit := range []byte{1, 0x80} {
			bad := bytes.Clone(data)
			bad[i] ^= bit
			if _, err := decodeManifest(bytes.NewReader(bad), int64(len(bad))); !errors.Is(err, errCorrupt) {
				t.Errorf("byte %d flipped: %v", i, err)
			}
		}
	}
	if _, err := decodeManifest(bytes.NewReader(append(data, 0)), int64(len(data)+1)); !errors.Is(err, errCorrupt) {
		t.Errorf("a byte too many: %v", err)
	}

	// In a folder: the build starts afresh instead of failing.
	root := filepath.Join(t.TempDir(), "out")
	d, _ := Open(root, Options{Version: "v1"})
	d.Write("x.html", []byte("x"))
	if _, _, err := d.Commit([]byte("state")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, ManifestName), data[:len(data)/2], 0o644)
	d, err := Open(root, Options{Version: "v1"})
	if err != nil {
		t.Fatal(err)
	}
	if d.State() != nil || d.Keep("x.html") {
		t.Errorf("a truncated manifest was trusted")
	}
	d.Abort()
}

// TestManifestOverflowingLength: a length that overflows a uvarint is
// corrupt, though the reader returns the bits it read with the error.
func TestManifestOverflowingLength(t *testing.T) {
	var data []byte
	data = append(data, manifestMagic...)
	data = append(binary.AppendUvarint(data, 2), "v1"...)
	data = append(data, 1)                                                                // a file follows
	data = append(data, 0xcd, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80) // shared: 77, then too long
	data = binary.BigEndian.AppendUint32(data, crc32.ChecksumIEEE(data))
	if _, err := decodeManifest(bytes.NewReader(data), int64(len(data))); !errors.Is(err, errCorrupt) {
		t.Errorf("decodeManifest = %v, want errCorrupt", err)
	}
}

// manifest3 is a manifest in format 3 (no mtimes), as verbatim wrote it
// before format 4: one file, a.html, of size 1, stamp 2.
func manifest3(version string) []byte {
	var b []byte
	b = append(b, manifestMagic3...)
	b = append(binary.AppendUvarint(b, uint64(len(version))), version...)
	sum := SumOf([]byte("a"))
	b = append(b, 1, 0, 6)
	b = append(b, "a.html"...)
	b = append(b, sum[:]...)
	b = binary.AppendUvarint(b, 1)
	b = binary.AppendVarint(b, 2)
	b = append(b, 0)           // the list ends
	b = append(b, 2, 'o', 'k') // state
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

// TestManifestFormat3IsRead: a folder an older verbatim built is still
// known to be verbatim's, so an upgrade removes what it no longer makes.
func TestManifestFormat3IsRead(t *testing.T) {
	data := manifest3("verbatim-4")
	m, err := decodeManifest(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := m.Lookup("a.html"); !ok || f != (File{Sum: SumOf([]byte("a")), Size: 1, Stamp: 2}) || string(m.State) != "ok" {
		t.Errorf("a.html = %+v, %v; state %q", f, ok, m.State)
	}
}

func FuzzReadManifest(f *testing.F) {
	sum := SumOf([]byte("x"))
	f.Add(encoded(f, newManifest("v1", nil, nil)))
	f.Add(manifest3("v1"))
	f.Add(encoded(f, newManifest("v1", map[string]File{"a": {Size: 1, Mtime: 1733600000123456789}, "b/c": {Mtime: -1}}, nil)))
	f.Add(encoded(f, newManifest("verbatim-3", map[string]File{
		"index.html":               {Sum: sum, Size: 10},
		"episodes/a/index.html":    {Sum: sum, Size: 1 << 33, Stamp: 7},
		"search/e/0123abcd-0.txt":  {Size: 5},
		"search/e/0123abcd-12.txt": {Size: 6, Stamp: -3},
	}, []byte("state"))))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := decodeManifest(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			// Past the check: the same bytes with their CRC fixed, so
			// the fuzzer explores the fields rather than the checksum.
			if len(data) < 4 {
				return
			}
			body := data[:len(data)-4]
			data = binary.BigEndian.AppendUint32(bytes.Clone(body), crc32.ChecksumIEEE(body))
			if m, err = decodeManifest(bytes.NewReader(data), int64(len(data))); err != nil {
				return
			}
		}
		// Whatever decodes is sorted, looks up, and encodes to the same bytes.
		prev, n := "", 0
		for name, file := range m.All() {
			if n > 0 && name <= prev {
				t.Fatalf("names out of order: %q after %q", name, prev)
			}
			if got, ok := m.Lookup(name); !ok || got != file {
				t.Fatalf("Lookup(%q) = %v, %v", name, got, ok)
			}
			prev, n = name, n+1
		}
		// What it encodes to reads back the same (though the input may
		// have spelled a number or a prefix in more bytes than needed).
		again := encoded(t, m)
		m2, err := decodeManifest(bytes.NewReader(again), int64(len(again)))
		if err != nil {
			t.Fatalf("a decoded manifest, encoded again, does not decode: %v", err)
		}
		if m2.Version != m.Version || !bytes.Equal(m2.State, m.State) || !maps.Equal(maps.Collect(m2.All()), maps.Collect(m.All())) {
			t.Fatalf("a decoded manifest, encoded again, decodes differently")
		}
	})
}
