// Package output writes a built site to its directory so that a reader of
// the directory never sees a half-written site: every file of a build is
// staged first, then moved into place only when the whole build succeeded.
// Files whose bytes did not change are not written again, and files the
// build no longer produces are removed.
//
// A manifest in the output directory remembers what the last build wrote
// (and any state the caller attaches), so the next build, even in a new
// process, can skip what did not change.
package output

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/cespare/xxhash/v2"
)

// ManifestName is the file in the output directory that records the last
// build. It is not part of the site; deployments may delete it.
const ManifestName = ".verbatim-manifest"

const stagingPrefix = ".verbatim-staging-"

// Sum is the hash of a file's bytes: 64 bits of xxHash (XXH64). It tells
// whether bytes changed, not who changed them: a build hashes every byte it
// reads and writes (about a gigabyte at 1,000 hour-long episodes), and
// xxHash does so at memory speed where SHA-256 took a twentieth of the
// build's time.
type Sum [8]byte

// SumOf hashes data.
func SumOf(data []byte) Sum { return sumOf(xxhash.Sum64(data)) }

func sumOf(h uint64) (s Sum) {
	binary.LittleEndian.PutUint64(s[:], h)
	return s
}

// A Digest computes the Sum of bytes written to it a piece at a time.
type Digest struct{ d *xxhash.Digest }

// NewDigest returns a Digest of no bytes yet.
func NewDigest() Digest { return Digest{xxhash.New()} }

// Write adds p to the bytes hashed; it never fails.
func (d Digest) Write(p []byte) (int, error) { return d.d.Write(p) }

// Sum returns the Sum of the bytes written so far.
func (d Digest) Sum() Sum { return sumOf(d.d.Sum64()) }

// File is what the manifest knows of one output file.
type File struct {
	Sum  Sum
	Size int64
	// Stamp is the modification time of the file a copy was made from,
	// so an unchanged source need not be read again; 0 for rendered files.
	Stamp int64
	// Mtime is the modification time of the output file as the build
	// left it (Unix nanoseconds): a file of the same size and time is
	// taken to be unchanged, any other is hashed to see (open.go).
	Mtime int64
}

// Options say how a build uses its output folder.
type Options struct {
	// Version identifies the generator; the State of a manifest from
	// another version is not returned, nor its files kept unseen (Keep).
	Version string
	// Previous is the last build's manifest when the caller kept it in
	// memory; otherwise it is read from the folder.
	Previous *Manifest
	// Private says only this builder ever writes the folder (a preview's
	// temporary folder): stale files are found from the manifest instead
	// of by walking the folder, and the manifest is not saved to disk but
	// kept in memory, whole, for the next build.
	Private bool
	// ListWritten says Commit lists the paths it wrote, not just counts
	// them: a preview reloads by them, but a cold build of 20,000 episodes
	// writes 640,000.
	ListWritten bool
	// Force says no file on disk is trusted to be as the last build left
	// it: every file is written again (verbatim build -force). The files
	// the last build wrote and this one does not are still removed.
	Force bool
	// LockWait is how long Open waits for another build writing the
	// folder before it refuses; 0 means DefaultLockWait.
	LockWait time.Duration
}

// Dir is an output directory during one build. Its methods are safe for
// concurrent use.
type Dir struct {
	root    string
	staging string
	prev    *Manifest
	opts    Options
	lock    *lock // held from Open to Commit or Abort, unless Private
	// trusted says the last build's manifest is of this Version: its
	// State is returned, and Keep may keep its files.
	trusted bool
	// warnings are what Open found wrong with the folder and got past.
	warnings []Warning

	mu sync.Mutex
	// produced are the files staged since the last spill to a run file
	// (runs.go): a build that is not Private holds at most spillAt of them.
	produced *fileList
	runDir   string   // where run files go, made on the first spill
	runs     []string // run files, in the order written
	spillAt  int      // spillAt, but in tests
	// kept marks, by entry of the last build's list, its files this build
	// produces again unchanged. A rebuild keeps most files and writes a
	// few, so they are not added and sorted all over again: Commit merges
	// the last list's kept entries with the produced ones.
	kept []uint64
	dirs map[string]bool // staging folders already made
	// present marks, by entry of the last build's list, its files that are
	// on disk as it left them (open.go). A rebuild that changes nothing
	// asks this of every one of its ~10,000 files at 1,000 episodes (~34,000
	// when this was written); asked one lstat at a time, it was half of
	// such a build. Open looks at them all at once, on every core.
	present []uint64
	// mtimes are the modification times found on disk of the last build's
	// files whose bytes were hashed and found unchanged, by entry: the new
	// manifest records them, so the next build need not hash them again.
	mtimes map[int]int64

	// step, in tests, is called before each change Commit makes to the
	// folder a reader sees (a rename or a removal), with its path.
	step func(path string)
}

// Open starts a build into root. Unless the folder is Private, it locks it
// for the build (another build into it waits, then refuses), removes what
// killed builds left there, and checks which of the last build's files are
// still as that build left them. It refuses a folder that holds files but
// no manifest, except those a publisher keeps beside a site (Kept), so a
// mistyped -out never overwrites someone's files.
func Open(root string, opts Options) (*Dir, error) {
	root = filepath.Clean(root)
	d := &Dir{root: root, opts: opts, produced: new(fileList), dirs: make(map[string]bool), spillAt: spillAt}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	if opts.Private {
		// A private folder is only ever this builder's, whatever it
		// holds: without a manifest (after a commit that failed half-way)
		// the next build starts over in it, writing everything and
		// removing the rest.
		if p := opts.Previous; p != nil && p.Version == opts.Version {
			d.prev, d.trusted = p, true
		}
	} else {
		l, err := acquire(root, cmp.Or(opts.LockWait, DefaultLockWait))
		if err != nil {
			return nil, err
		}
		d.lock = l
		if err := d.openShared(); err != nil {
			l.release()
			return nil, err
		}
	}
	if d.prev != nil {
		d.kept = make([]uint64, (d.prev.Len()+63)/64)
	}
	staging, err := os.MkdirTemp(root, stagingPrefix)
	if err != nil {
		d.lock.release()
		return nil, err
	}
	d.staging = staging
	return d, nil
}

// A Warning is something Open found wrong with the folder and got past.
type Warning struct {
	Path string // the file it is about
	Msg  string // what is wrong, and what the build does about it
	Hint string // what the user may do
}

// Warnings returns what Open found wrong with the folder and got past.
func (d *Dir) Warnings() []Warning { return d.warnings }

// Last identifies the manifest the build started from, as Changes.Manifest
// did when a build saved it; 0 when there was none, or it was not read
// from the folder. A caller that keeps a build's state in memory for the
// next (build -watch) uses it only if the folder still holds that build's
// manifest: another build in between would have left its own.
func (d *Dir) Last() uint64 {
	if d.prev == nil {
		return 0
	}
	return d.prev.id
}

// Root returns the output directory.
func (d *Dir) Root() string { return d.root }

// State returns the caller's state saved by the last build, or nil.
func (d *Dir) State() []byte {
	if d.prev == nil || !d.trusted {
		return nil
	}
	return d.prev.State
}

// Write records data as the file at name (slash path relative to the root)
// and stages it unless the last build wrote the same bytes and the file is
// still there.
func (d *Dir) Write(name string, data []byte) error {
	return d.write(name, data, 0)
}

func (d *Dir) write(name string, data []byte, stamp int64) error {
	name, err := Clean(name)
	if err != nil {
		return err
	}
	f := File{Sum: SumOf(data), Size: int64(len(data)), Stamp: stamp}
	if d.unchanged(name, f) {
		return nil
	}
	tmp, err := d.stagingPath(name)
	if err != nil {
		return err
	}
	if f.Mtime, err = writeFile(tmp, data); err != nil {
		return err
	}
	return d.record(name, f)
}

// WriteStream is Write for a file that write makes as it goes, such as the
// feed of 20,000 episodes (23 MB): it is staged as it is written, never
// held whole, and dropped from staging if its bytes are the last build's
// and the file is still there.
func (d *Dir) WriteStream(name string, write func(w *bufio.Writer) error) error {
	name, err := Clean(name)
	if err != nil {
		return err
	}
	tmp, err := d.stagingPath(name)
	if err != nil {
		return err
	}
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	t := &tally{w: f, sum: NewDigest()}
	w := bufio.NewWriterSize(t, 64<<10)
	err = write(w)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	var mtime int64
	if info, serr := f.Stat(); err == nil {
		err = serr
		if serr == nil {
			mtime = info.ModTime().UnixNano()
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	file := File{Sum: t.sum.Sum(), Size: t.n, Mtime: mtime}
	if d.unchanged(name, file) {
		return os.Remove(tmp)
	}
	return d.record(name, file)
}

// unchanged reports whether the last build wrote f at name and the file is
// still there as it left it; it then counts it as produced again.
func (d *Dir) unchanged(name string, f File) bool {
	k, old, ok := d.previous(name)
	if !ok || old.Sum != f.Sum || old.Size != f.Size || old.Stamp != f.Stamp || !d.onDisk(k) {
		return false
	}
	d.keep(k)
	return true
}

// stagingPath returns where name is staged, its folder made.
func (d *Dir) stagingPath(name string) (string, error) {
	tmp := filepath.Join(d.staging, filepath.FromSlash(name))
	return tmp, d.mkdir(filepath.Dir(tmp))
}

// tally hashes and counts the bytes written through it to w.
type tally struct {
	w   io.Writer
	sum Digest
	n   int64
}

func (t *tally) Write(p []byte) (int, error) {
	n, err := t.w.Write(p)
	t.sum.Write(p[:n])
	t.n += int64(n)
	return n, err
}

// mkdir makes a staging folder, and those above it, once per build. Each
// costs one mkdir call: the parent is made first, so nothing needs a stat,
// as os.MkdirAll would spend one or more on every folder.
func (d *Dir) mkdir(dir string) error {
	d.mu.Lock()
	done := d.dirs[dir]
	d.mu.Unlock()
	parent := filepath.Dir(dir)
	if done || dir == d.staging || parent == dir {
		return nil
	}
	if err := d.mkdir(parent); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		// Another goroutine made it first, or a file is in the way:
		// MkdirAll tells the two apart, as before.
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	d.mu.Lock()
	d.dirs[dir] = true
	d.mu.Unlock()
	return nil
}

// Keep records that the build produces name with the same bytes as the last
// build, without rendering it again. It reports false when the last build
// did not write name or the file is gone, in which case the caller must
// Write it.
func (d *Dir) Keep(name string) bool {
	if !d.trusted {
		return false
	}
	k, _, ok := d.previous(name)
	if !ok || !d.onDisk(k) {
		return false
	}
	d.keep(k)
	return true
}

// previous returns what the last build wrote at name, and its entry.
func (d *Dir) previous(name string) (int, File, bool) {
	if d.prev == nil {
		return 0, File{}, false
	}
	k, ok := d.prev.list().find(name)
	if !ok {
		return 0, File{}, false
	}
	return k, d.prev.list().file(k), true
}

// keep marks entry k of the last build's list as produced again.
func (d *Dir) keep(k int) {
	d.mu.Lock()
	d.kept[k/64] |= 1 << (k % 64)
	d.mu.Unlock()
}

// record notes that the build stages name as f. A name recorded again
// counts as last recorded (Commit sorts that out).
func (d *Dir) record(name string, f File) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.produced.add(name, f)
	if !d.opts.Private && d.produced.Len() >= d.spillAt {
		return d.spill()
	}
	return nil
}

// onDisk reports whether entry k of the last build's list is still on disk
// as that build left it.
func (d *Dir) onDisk(k int) bool {
	if d.opts.Private {
		return true // nobody else writes the folder: the manifest is the truth
	}
	return d.present[k/64]&(1<<(k%64)) != 0
}

// CopyFile stages the file at src as name, unless its bytes are unchanged.
// A source whose size and modification time are those of the last copy,
// and not recent, is not read at all: static folders hold audio files.
func (d *Dir) CopyFile(name, src string) error {
	info, err := os.Stat(src)
	if err != nil {
		return err
	}
	stamp := info.ModTime().UnixNano()
	if time.Since(info.ModTime()) > trustAfter {
		if k, old, ok := d.previous(name); ok && old.Stamp == stamp && old.Size == info.Size() && d.onDisk(k) {
			d.keep(k)
			return nil
		}
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return d.write(name, data, stamp)
}

// trustAfter is how old a modification time must be before it is trusted
// to tell a file has not changed (file systems stamp times at a coarse tick).
const trustAfter = 2 * time.Second

// Clean checks a slash path produced by the renderer: relative, no "..".
func Clean(name string) (string, error) {
	c := path.Clean(name)
	if c == "." || strings.HasPrefix(c, "/") || c == ".." || strings.HasPrefix(c, "../") {
		return "", fmt.Errorf("output path %q is outside the site", name)
	}
	return c, nil
}
