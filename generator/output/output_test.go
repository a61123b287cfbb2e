package output

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func read(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestCommitWritesOnlyChangesAndRemovesStale(t *testing.T) {
	root := filepath.Join(t.TempDir(), "public")
	d, err := Open(root, Options{Version: "v1", ListWritten: true})
	if err != nil {
		t.Fatal(err)
	}
	d.Write("a/index.html", []byte("A"))
	d.Write("b.txt", []byte("B"))
	if _, err := os.Stat(filepath.Join(root, "b.txt")); err == nil {
		t.Fatal("a staged file is visible before Commit")
	}
	ch, _, err := d.Commit([]byte("state"))
	if err != nil || strings.Join(ch.Written, ",") != "a/index.html,b.txt" || ch.Wrote != 2 || len(ch.Removed) != 0 {
		t.Fatalf("first commit: %+v %v", ch, err)
	}

	d, err = Open(root, Options{Version: "v1", ListWritten: true})
	if err != nil {
		t.Fatal(err)
	}
	if string(d.State()) != "state" {
		t.Errorf("state not kept: %q", d.State())
	}
	d.Write("a/index.html", []byte("A")) // same bytes
	d.Write("c/d/e.txt", []byte("E"))    // new
	ch, _, err = d.Commit(nil)
	if err != nil || strings.Join(ch.Written, ",") != "c/d/e.txt" || ch.Wrote != 1 || strings.Join(ch.Removed, ",") != "b.txt" {
		t.Fatalf("second commit: %+v %v", ch, err)
	}
	if read(t, filepath.Join(root, "c/d/e.txt")) != "E" || read(t, filepath.Join(root, "a/index.html")) != "A" {
		t.Errorf("wrong contents")
	}
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), stagingPrefix) {
			t.Errorf("staging folder left behind: %s", e.Name())
		}
	}
}

func TestAbortLeavesDirectoryAsItWas(t *testing.T) {
	root := t.TempDir()
	d, _ := Open(filepath.Join(root, "out"), Options{Version: "v1"})
	d.Write("x.html", []byte("old"))
	d.Commit(nil)
	d, _ = Open(filepath.Join(root, "out"), Options{Version: "v1"})
	d.Write("x.html", []byte("new"))
	d.Write("y.html", []byte("new"))
	d.Abort()
	if read(t, filepath.Join(root, "out/x.html")) != "old" {
		t.Errorf("abort changed a file")
	}
	if _, err := os.Stat(filepath.Join(root, "out/y.html")); err == nil {
		t.Errorf("abort left a new file")
	}
}

func TestKeep(t *testing.T) {
	root := filepath.Join(t.TempDir(), "out")
	d, _ := Open(root, Options{Version: "v1"})
	d.Write("x.html", []byte("x"))
	d.Commit(nil)

	d, _ = Open(root, Options{Version: "v1"})
	if d.Keep("missing.html") {
		t.Errorf("kept a file the last build did not write")
	}
	if !d.Keep("x.html") {
		t.Errorf("did not keep an unchanged file")
	}
	d.Commit(nil)
	if read(t, filepath.Join(root, "x.html")) != "x" {
		t.Errorf("kept file lost")
	}

	// A file changed on disk behind the manifest's back is not kept.
	os.WriteFile(filepath.Join(root, "x.html"), []byte("edited by hand"), 0o644)
	d, _ = Open(root, Options{Version: "v1"})
	if d.Keep("x.html") {
		t.Errorf("kept a file edited by hand")
	}
	d.Abort()

	// Another version's manifest is not trusted.
	d, _ = Open(root, Options{Version: "v2"})
	if d.Keep("x.html") {
		t.Errorf("kept a file from another version")
	}
	d.Abort()
}

// TestFirstBuildAfterACrash: a first build killed in Commit leaves its
// staging folder, its run files and its manifest unfinished; the next
// build takes the folder as its own and leaves only the site.
func TestFirstBuildAfterACrash(t *testing.T) {
	root := filepath.Join(t.TempDir(), "out")
	d, _ := Open(root, Options{Version: "v1"})
	d.spillAt = 1
	d.Write("a.html", []byte("A"))
	d.Write("b.html", []byte("B"))
	os.WriteFile(filepath.Join(root, manifestTemp), []byte("half a manifest"), 0o644)
	// killed here: no Abort, and the system drops the lock (its file stays)
	d.lock.f.Close()

	d, err := Open(root, Options{Version: "v1"})
	if err != nil {
		t.Fatalf("the crashed build's folder was refused: %v", err)
	}
	d.Write("a.html", []byte("A"))
	if _, _, err := d.Commit(nil); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(root)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, ","); got != ".verbatim-manifest,a.html" {
		t.Errorf("the folder holds %s, want the manifest and a.html", got)
	}
}

func TestOpenRefusesForeignFolder(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "thesis.tex"), []byte("precious"), 0o644)
	if _, err := Open(root, Options{Version: "v1"}); err == nil {
		t.Fatal("opened a folder holding someone's files")
	}
	if read(t, filepath.Join(root, "thesis.tex")) != "precious" {
		t.Error("touched a foreign file")
	}
}

// A preview's folder that lost its manifest (a commit failed half-way)
// is written again whole, and what the build no longer produces goes.
func TestPrivateFolderWithoutManifestStartsOver(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "old"), 0o755)
	os.WriteFile(filepath.Join(root, "old", "stale.html"), []byte("stale"), 0o644)
	os.WriteFile(filepath.Join(root, "a.html"), []byte("half-written"), 0o644)
	d, err := Open(root, Options{Version: "v1", Private: true})
	if err != nil {
		t.Fatalf("a private folder without a manifest was refused: %v", err)
	}
	d.Write("a.html", []byte("A"))
	if _, _, err := d.Commit(nil); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(root, "a.html")); got != "A" {
		t.Errorf("a.html = %q, want it written again", got)
	}
	if _, err := os.Stat(filepath.Join(root, "old")); err == nil {
		t.Error("a file the build did not produce is still there")
	}
}

func TestCleanRejectsEscapes(t *testing.T) {
	for _, bad := range []string{"../x", "/etc/passwd", "a/../../x", ".", ""} {
		if _, err := Clean(bad); err == nil {
			t.Errorf("Clean(%q) accepted", bad)
		}
	}
	if c, err := Clean("a/./b/index.html"); err != nil || c != "a/b/index.html" {
		t.Errorf("Clean = %q, %v", c, err)
	}
}

func TestCopyFileSkipsUnchangedSource(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "episode.mp3")
	os.WriteFile(src, []byte("audio"), 0o644)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(src, old, old)
	root := filepath.Join(dir, "out")
	d, _ := Open(root, Options{Version: "v1"})
	if err := d.CopyFile("audio/episode.mp3", src); err != nil {
		t.Fatal(err)
	}
	d.Commit(nil)

	// Same size and time: not read again (so the output keeps the old
	// bytes even though the source's bytes differ behind the stamp).
	os.WriteFile(src, []byte("xxxxx"), 0o644)
	os.Chtimes(src, old, old)
	d, _ = Open(root, Options{Version: "v1"})
	if err := d.CopyFile("audio/episode.mp3", src); err != nil {
		t.Fatal(err)
	}
	d.Commit(nil)
	if got := read(t, filepath.Join(root, "audio/episode.mp3")); got != "audio" {
		t.Errorf("an unchanged source was read again: %q", got)
	}
	// Kept rather than copied, the file still has its stamp in the new
	// manifest: the next build does not read the source either.
	os.WriteFile(src, []byte("yyyyy"), 0o644)
	os.Chtimes(src, old, old)
	d, _ = Open(root, Options{Version: "v1"})
	d.CopyFile("audio/episode.mp3", src)
	d.Commit(nil)
	if got := read(t, filepath.Join(root, "audio/episode.mp3")); got != "audio" {
		t.Errorf("a kept copy lost its stamp: the source was read again: %q", got)
	}

	// A new time means a new copy.
	os.WriteFile(src, []byte("AUDIO"), 0o644)
	d, _ = Open(root, Options{Version: "v1", ListWritten: true})
	d.CopyFile("audio/episode.mp3", src)
	ch, _, _ := d.Commit(nil)
	if strings.Join(ch.Written, ",") != "audio/episode.mp3" || read(t, filepath.Join(root, "audio/episode.mp3")) != "AUDIO" {
		t.Errorf("changed source not copied: %v", ch.Written)
	}
}

// TestPrivateRemovesWhatTheManifestNoLongerHas: a preview's folder is
// found stale from the manifest it keeps in memory, never saved to disk.
func TestPrivateRemovesWhatTheManifestNoLongerHas(t *testing.T) {
	tests := []struct {
		name    string
		build   func(d *Dir)
		removed string
	}{
		{"AllKept", func(d *Dir) { d.Keep("a.html"); d.Keep("b/c.html") }, ""},
		{"AllWrittenAgain", func(d *Dir) { d.Write("a.html", []byte("A")); d.Write("b/c.html", []byte("new")) }, ""},
		{"OneGone", func(d *Dir) { d.Keep("a.html") }, "b/c.html"},
		// The same name twice counts once: b/c.html is still stale.
		{"KeptThenWrittenCountsOnce", func(d *Dir) { d.Keep("a.html"); d.Write("a.html", []byte("A2")) }, "b/c.html"},
		{"NewFileForAnOldOne", func(d *Dir) { d.Keep("a.html"); d.Write("d.html", []byte("D")) }, "b/c.html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "out")
			d, _ := Open(root, Options{Version: "v1", Private: true})
			d.Write("a.html", []byte("A"))
			d.Write("b/c.html", []byte("C"))
			_, m, err := d.Commit(nil)
			if err != nil {
				t.Fatal(err)
			}
			d, err = Open(root, Options{Version: "v1", Previous: m, Private: true})
			if err != nil {
				t.Fatal(err)
			}
			tt.build(d)
			ch, m, err := d.Commit(nil)
			if err != nil || strings.Join(ch.Removed, ",") != tt.removed {
				t.Fatalf("removed %q (%v), want %q", ch.Removed, err, tt.removed)
			}
			for name := range m.All() {
				if _, err := os.Stat(filepath.Join(root, name)); err != nil {
					t.Errorf("%s is in the manifest but not on disk", name)
				}
			}
			if tt.removed != "" {
				if _, err := os.Stat(filepath.Join(root, tt.removed)); err == nil {
					t.Errorf("%s is still on disk", tt.removed)
				}
				if _, err := os.Stat(filepath.Join(root, "b")); err == nil {
					t.Errorf("the folder emptied by the removal is still there")
				}
			}
			if _, err := os.Stat(filepath.Join(root, ManifestName)); err == nil {
				t.Errorf("a private folder's manifest was saved")
			}
		})
	}
}

// Open looks at all of the last build's files at once (statPrevious): each
// must still be kept exactly when it is on disk as that build wrote it,
// across the words of the bitset and whichever core looked at it.
func TestKeepSeesEachFileAsOnDisk(t *testing.T) {
	root := filepath.Join(t.TempDir(), "out")
	d, _ := Open(root, Options{Version: "v1"})
	const files = 300
	name := func(i int) string { return fmt.Sprintf("d%d/f%03d.html", i%7, i) }
	for i := range files {
		if err := d.Write(name(i), []byte(strings.Repeat("x", i+1))); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := d.Commit(nil); err != nil {
		t.Fatal(err)
	}
	want := make([]bool, files)
	for i := range files {
		p := filepath.Join(root, filepath.FromSlash(name(i)))
		switch {
		case i%13 == 0:
			os.Remove(p)
		case i%11 == 0:
			os.WriteFile(p, []byte("edited"), 0o644) // another size
		case i%17 == 0:
			os.Remove(p)
			os.Mkdir(p, 0o755) // a folder where the file was
		default:
			want[i] = true
		}
	}
	d, _ = Open(root, Options{Version: "v1"})
	defer d.Abort()
	for i := range files {
		if got := d.Keep(name(i)); got != want[i] {
			t.Errorf("Keep(%s) = %v, want %v", name(i), got, want[i])
		}
	}
}

// TestSpilledListsCommitTheSame: a build that spills its list of files to
// run files every few files commits what one that holds them all does:
// the same files on disk, manifest, files written and removed, and of a
// name written twice, the last bytes.
func TestSpilledListsCommitTheSame(t *testing.T) {
	type result struct {
		manifest map[string]File
		changes  Changes
		disk     map[string]string
	}
	build := func(t *testing.T, spill int) result {
		root := filepath.Join(t.TempDir(), "out")
		d, _ := Open(root, Options{Version: "v1", ListWritten: true})
		for i := range 20 {
			d.Write(fmt.Sprintf("p/%02d.html", i), []byte(fmt.Sprint("first ", i)))
		}
		if _, _, err := d.Commit(nil); err != nil {
			t.Fatal(err)
		}
		d, _ = Open(root, Options{Version: "v1", ListWritten: true})
		d.spillAt = spill
		for i := 19; i >= 0; i-- {
			name := fmt.Sprintf("p/%02d.html", i)
			switch {
			case i%5 == 0: // gone: stale
			case i%3 == 0: // kept
				if !d.Keep(name) {
					t.Fatalf("%s not kept", name)
				}
			default: // written twice, with other bytes, the last in a later run
				d.Write(name, []byte("draft"))
				d.Write(fmt.Sprintf("q/%02d.html", i), []byte("new"))
				d.Write(name, []byte(fmt.Sprint("second ", i)))
			}
		}
		ch, m, err := d.Commit([]byte("state"))
		if err != nil || m != nil {
			t.Fatalf("commit: %v, manifest %v", err, m)
		}
		if d.runDir != "" || len(d.runs) != 0 {
			t.Errorf("run files left: %s %v", d.runDir, d.runs)
		}
		if ch.Manifest == 0 {
			t.Error("Commit did not identify its manifest")
		}
		ch.Manifest = 0 // a hash of the manifest, with its times
		r := result{changes: ch, disk: map[string]string{}}
		got, err := readManifest(filepath.Join(root, ManifestName))
		if err != nil || string(got.State) != "state" {
			t.Fatalf("manifest: %v, state %q", err, got.State)
		}
		r.manifest = maps.Collect(got.All())
		for name, f := range r.manifest {
			if f.Mtime == 0 {
				t.Errorf("%s: no mtime in the manifest", name)
			}
			f.Mtime = 0 // the time it was written, different in each build
			r.manifest[name] = f
		}
		filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				rel, _ := filepath.Rel(root, p)
				r.disk[filepath.ToSlash(rel)] = read(t, p)
			}
			return err
		})
		delete(r.disk, ManifestName)
		return r
	}
	want := build(t, spillAt)
	if want.changes.Wrote != 22 || len(want.changes.Removed) != 4 || want.disk["p/01.html"] != "second 1" || want.disk["p/03.html"] != "first 3" {
		t.Fatalf("unspilled build: %+v %v", want.changes, want.disk)
	}
	for name, f := range want.manifest {
		if int64(len(want.disk[name])) != f.Size {
			t.Errorf("%s: manifest says %d bytes, disk has %q", name, f.Size, want.disk[name])
		}
	}
	for _, spill := range []int{1, 2, 3, 7} {
		t.Run(fmt.Sprint("SpillAt", spill), func(t *testing.T) {
			got := build(t, spill)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

// TestAbortRemovesRunFiles: a failed build leaves no run files behind.
func TestAbortRemovesRunFiles(t *testing.T) {
	root := filepath.Join(t.TempDir(), "out")
	d, _ := Open(root, Options{Version: "v1"})
	d.spillAt = 2
	for i := range 5 {
		d.Write(fmt.Sprintf("%d.html", i), []byte("x"))
	}
	if len(d.runs) != 2 {
		t.Fatalf("%d run files, want 2", len(d.runs))
	}
	d.Abort()
	if entries, _ := os.ReadDir(root); len(entries) != 0 {
		t.Errorf("left in the folder: %v", entries)
	}
}

// TestWriteStream: a file written as it is made is staged, recorded and
// kept like one handed over whole, and a failed write fails the build.
func TestWriteStream(t *testing.T) {
	stream := func(data string) func(w *bufio.Writer) error {
		return func(w *bufio.Writer) error {
			for i := 0; i < len(data); i += 3 { // a few bytes at a time
				w.WriteString(data[i:min(i+3, len(data))])
			}
			return nil
		}
	}
	big := strings.Repeat("feed ", 30_000) // past bufio's buffer
	tests := []struct {
		name    string
		prev    string // the last build's bytes, written whole
		stream  string
		written string
	}{
		{"New", "", big, "feed.xml"},
		{"Unchanged", big, big, ""},
		{"Changed", big, big + "!", "feed.xml"},
		{"Empty", "x", "", "feed.xml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "out")
			d, _ := Open(root, Options{Version: "v1"})
			if tt.prev != "" {
				d.Write("feed.xml", []byte(tt.prev))
			}
			d.Commit(nil)
			d, _ = Open(root, Options{Version: "v1", ListWritten: true})
			if err := d.WriteStream("feed.xml", stream(tt.stream)); err != nil {
				t.Fatal(err)
			}
			ch, _, err := d.Commit(nil)
			if err != nil || strings.Join(ch.Written, ",") != tt.written {
				t.Fatalf("written %q (%v), want %q", ch.Written, err, tt.written)
			}
			if got := read(t, filepath.Join(root, "feed.xml")); got != tt.stream {
				t.Errorf("feed.xml holds %d bytes, want %d", len(got), len(tt.stream))
			}
			m, _ := readManifest(filepath.Join(root, ManifestName))
			info, _ := os.Stat(filepath.Join(root, "feed.xml"))
			if f, ok := m.Lookup("feed.xml"); !ok || f != (File{Sum: SumOf([]byte(tt.stream)), Size: int64(len(tt.stream)), Mtime: info.ModTime().UnixNano()}) {
				t.Errorf("manifest has %v, %v", f, ok)
			}
		})
	}

	root := filepath.Join(t.TempDir(), "out")
	d, _ := Open(root, Options{Version: "v1"})
	d.Write("feed.xml", []byte("old"))
	d.Commit(nil)
	d, _ = Open(root, Options{Version: "v1"})
	failed := errors.New("template failed")
	if err := d.WriteStream("feed.xml", func(w *bufio.Writer) error { w.WriteString("half"); return failed }); err != failed {
		t.Errorf("WriteStream = %v, want the write's error", err)
	}
	d.Abort()
	if got := read(t, filepath.Join(root, "feed.xml")); got != "old" {
		t.Errorf("a failed stream changed the file: %q", got)
	}
}
