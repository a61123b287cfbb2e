package output

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The output folder is shared with whoever publishes it: a git repository
// (.git), a custom domain for GitHub Pages (CNAME, and .nojekyll so it
// serves folders starting with "_"), Netlify's _redirects and _headers, a
// .well-known/ folder. A build removes only the files its last manifest
// says it wrote; anything else in the folder is not verbatim's, and stays.

// Kept reports whether a file or folder at the top of an output folder is
// one a publisher keeps beside a site, which a first build into a folder
// without a manifest accepts there: dotfiles and folders (.git,
// .nojekyll, .well-known), CNAME, _redirects and _headers.
func Kept(name string) bool {
	switch name {
	case "CNAME", "_redirects", "_headers":
		return true
	}
	return strings.HasPrefix(name, ".")
}

// openShared reads what the last build left in a folder that is not
// Private, which Open has locked.
func (d *Dir) openShared() error {
	// Staging folders of builds that were killed: no live build has one,
	// since this one holds the lock.
	entries, err := os.ReadDir(d.root)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), stagingPrefix) {
			if err := os.RemoveAll(filepath.Join(d.root, e.Name())); err != nil {
				return err
			}
		}
	}

	prev, damaged := d.opts.Previous, false
	if prev == nil {
		path := filepath.Join(d.root, ManifestName)
		m, err := readManifest(path)
		switch {
		case err == nil:
			prev = m
		case errors.Is(err, errCorrupt):
			damaged = true
			d.warnings = append(d.warnings, Warning{
				Path: path,
				Msg:  fmt.Sprintf("the manifest does not verify (it is damaged, from an unknown version, or not verbatim's): every file is written anew and none is removed from %s", d.root),
				Hint: "files an earlier build wrote that this one does not may be left behind; empty the folder and build again to be rid of them",
			})
		case !errors.Is(err, fs.ErrNotExist):
			return err
		}
	}
	if err := d.recoverPending(prev); err != nil {
		return err
	}
	if prev == nil && !damaged {
		if err := d.checkForeign(); err != nil {
			return err
		}
	}
	if prev == nil {
		return nil
	}
	d.prev, d.trusted = prev, prev.Version == d.opts.Version
	if d.opts.Force {
		d.present = make([]uint64, (prev.Len()+63)/64) // nothing is on disk as it was
	} else {
		d.present = d.statPrevious()
	}
	return nil
}

// recoverPending undoes what a build that was killed while committing
// added to the folder. Commit writes the new manifest, whole, before it
// moves any file into place, and renames it over the last one once the
// folder is done. A pending manifest at Open is a commit cut short: the
// files it lists that the last manifest does not are removed if they hold
// the killed build's bytes (and only then: they are verbatim's). Files
// both list are the last build's, checked like any other (statPrevious),
// and rewritten if the killed build had replaced them.
func (d *Dir) recoverPending(prev *Manifest) error {
	path := filepath.Join(d.root, manifestTemp)
	pending, err := readManifest(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err == nil:
		for name, f := range pending.All() {
			if prev != nil {
				if _, ok := prev.Lookup(name); ok {
					continue
				}
			}
			p := filepath.Join(d.root, filepath.FromSlash(name))
			if !holds(p, f) {
				continue
			}
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			d.removeEmptyParents(p)
		}
	case !errors.Is(err, errCorrupt):
		return err
	}
	// A pending manifest that does not verify was cut short as it was
	// written, before any file moved.
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// removeEmptyParents removes the folders above p that are left empty, up
// to the root.
func (d *Dir) removeEmptyParents(p string) {
	for dir := filepath.Dir(p); dir != d.root && len(dir) > len(d.root) && os.Remove(dir) == nil; dir = filepath.Dir(dir) {
	}
}

// checkForeign refuses a folder without a manifest that holds anything
// but what a publisher keeps there (Kept) and what verbatim leaves.
func (d *Dir) checkForeign() error {
	entries, err := os.ReadDir(d.root)
	if err != nil {
		return err
	}
	var foreign []string
	for _, e := range entries {
		if !Kept(e.Name()) {
			foreign = append(foreign, e.Name())
		}
	}
	if len(foreign) == 0 {
		return nil
	}
	more := ""
	if len(foreign) > 3 {
		more = fmt.Sprintf(" and %d more", len(foreign)-3)
		foreign = foreign[:3]
	}
	return fmt.Errorf("%s holds files that verbatim did not write (%s%s)\n\thint: build into an empty or new folder with -out, or empty this one; only dotfiles, CNAME, _redirects and _headers may be there before the first build",
		d.root, strings.Join(foreign, ", "), more)
}

// holds reports whether the file at p has f's bytes: a regular file of
// f's size whose hash is f's Sum.
func holds(p string, f File) bool {
	info, err := os.Lstat(p)
	if err != nil || !info.Mode().IsRegular() || info.Size() != f.Size {
		return false
	}
	sum, err := hashFile(p)
	return err == nil && sum == f.Sum
}

// hashFile returns the Sum of the file at p.
func hashFile(p string) (Sum, error) {
	f, err := os.Open(p)
	if err != nil {
		return Sum{}, err
	}
	defer f.Close()
	h := NewDigest()
	if _, err := io.Copy(h, f); err != nil {
		return Sum{}, err
	}
	return h.Sum(), nil
}

// racyWindow is how close to the manifest's time a file's must be to be
// in doubt even when it is the time the manifest records: coarser than
// the clock tick of file systems (Linux stamps times at its timer tick, 1
// to 10 ms), and short enough that a rebuild right after a build hashes
// only the files written in its last moments.
const racyWindow = 20 * time.Millisecond

// statPrevious finds which of the last build's files are on disk as it
// left them, a stretch of 64 entries (one word of the result) at a time
// per core. A regular file of the size and modification time the manifest
// records is; one of another size is not; one of the same size but
// another time is hashed: it is if its bytes are those the build wrote.
// (A kill between a build's renames, a restore from a backup, a
// hand-edit of the same length: each leaves a time the manifest does not
// know.) So is one whose time is within racyWindow of the manifest's: a
// change made in the same tick of the file system's clock as the build's
// write would leave the same time.
func (d *Dir) statPrevious() []uint64 {
	list := d.prev.list()
	racy := d.prev.written - int64(racyWindow)
	present := make([]uint64, (list.Len()+63)/64)
	var next atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for w := int(next.Add(1) - 1); w < len(present); w = int(next.Add(1) - 1) {
				for k := w * 64; k < min(w*64+64, list.Len()); k++ {
					e := &list.entries[k]
					p := filepath.Join(d.root, filepath.FromSlash(list.name(k)))
					info, err := os.Lstat(p)
					if err != nil || !info.Mode().IsRegular() || info.Size() != e.size {
						continue
					}
					if mtime := info.ModTime().UnixNano(); mtime != e.mtime || mtime >= racy {
						if sum, err := hashFile(p); err != nil || sum != e.sum {
							continue
						}
						mu.Lock()
						if d.mtimes == nil {
							d.mtimes = make(map[int]int64)
						}
						d.mtimes[k] = mtime
						mu.Unlock()
					}
					present[w] |= 1 << (k % 64)
				}
			}
		})
	}
	wg.Wait()
	return present
}
