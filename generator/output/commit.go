package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// Abort discards everything staged, and lets go of the folder; the
// directory is as it was.
func (d *Dir) Abort() {
	os.RemoveAll(d.staging)
	d.removeRuns()
	d.lock.release()
}

// Changes is what a Commit did to the directory.
type Changes struct {
	Wrote   int      // files whose bytes changed or are new
	Written []string // their slash paths, sorted, if Options.ListWritten
	Removed []string // slash paths removed, sorted
	// Manifest identifies the manifest Commit saved (see Dir.Last); 0 for
	// a Private directory.
	Manifest uint64
}

// Commit moves staged files into place, removes files the build did not
// produce, and saves the manifest with state. For a Private directory it
// returns the new manifest, which is not saved; otherwise nil.
func (d *Dir) Commit(state []byte) (ch Changes, m *Manifest, err error) {
	defer d.Abort() // the staging folder is empty by then
	var (
		files *fileList       // a Private directory's new manifest, kept in memory
		mw    *manifestWriter // or the manifest, written as the files are merged
		tmp   *os.File
		names nameSet // for removeStale
	)
	// Only a private folder is ever walked for files to remove: a shared
	// one holds the publisher's files too, and only those the last
	// manifest lists are verbatim's.
	walk := d.opts.Private && d.prev == nil
	if d.opts.Private {
		files = new(fileList)
	} else {
		if tmp, err = os.Create(filepath.Join(d.root, manifestTemp)); err != nil {
			return ch, nil, err
		}
		defer func() {
			tmp.Close()
			if err != nil {
				os.Remove(tmp.Name())
			}
		}()
		mw = newManifestWriter(tmp, d.opts.Version)
	}
	stale, err := d.merge(func(name string, f File, written bool) {
		if files != nil {
			files.add(name, f)
		} else {
			mw.file(name, f)
		}
		if walk {
			names.add(name)
		}
		if written {
			ch.Wrote++
			if d.opts.ListWritten {
				ch.Written = append(ch.Written, name)
			}
		}
	})
	if err != nil {
		return ch, nil, err
	}
	d.removeRuns()
	if mw != nil {
		if err := mw.finish(state); err != nil {
			return ch, nil, err
		}
		if err := tmp.Close(); err != nil {
			return ch, nil, err
		}
	}
	if err := d.move(d.staging, d.root); err != nil {
		return ch, nil, err
	}
	if walk {
		ch.Removed, err = d.removeStale(names.sorted())
	} else {
		ch.Removed, err = d.removePrevious(stale)
	}
	if err != nil {
		return ch, nil, err
	}
	if mw != nil {
		ch.Manifest = mw.id()
		d.stepAt(filepath.Join(d.root, ManifestName))
		return ch, nil, os.Rename(tmp.Name(), filepath.Join(d.root, ManifestName))
	}
	files.sorted()
	return ch, &Manifest{Version: d.opts.Version, State: state, files: files}, nil
}

// manifestTemp is where Commit writes the manifest until the build's files
// are in place.
const manifestTemp = ManifestName + ".tmp"

// merge calls add with each file of this build in name order: the last
// build's files that were kept, and the produced ones (written), which win
// over a kept file of the same name. It returns the last build's files
// that are in neither. Both lists are sorted: one walk of each makes the
// new one in order.
func (d *Dir) merge(add func(name string, f File, written bool)) (stale []string, err error) {
	prev := new(fileList)
	if d.prev != nil {
		prev = d.prev.list()
	}
	k := 0
	old := func(upto string, all bool) {
		for ; k < prev.Len() && (all || prev.name(k) < upto); k++ {
			if d.kept[k/64]&(1<<(k%64)) != 0 {
				f := prev.file(k)
				if m, ok := d.mtimes[k]; ok {
					f.Mtime = m // hashed at Open: the bytes are the same
				}
				add(prev.name(k), f, false)
			} else {
				stale = append(stale, prev.name(k))
			}
		}
	}
	err = d.producedFiles(func(name string, f File) error {
		old(name, false)
		if k < prev.Len() && prev.name(k) == name {
			k++ // produced again with other bytes
		}
		add(name, f, true)
		return nil
	})
	old("", true)
	return stale, err
}

// stepAt is called before each change Commit makes to what a reader of
// the folder sees; a test kills the build there.
func (d *Dir) stepAt(path string) {
	if d.step != nil {
		d.step(path)
	}
}

// removePrevious deletes the last build's files that this one did not
// produce, and folders left empty.
func (d *Dir) removePrevious(stale []string) ([]string, error) {
	removed := stale[:0]
	for _, name := range stale {
		p := filepath.Join(d.root, filepath.FromSlash(name))
		info, err := os.Lstat(p)
		if err != nil || info.IsDir() {
			// Gone, or a folder above it is now a file (not a folder),
			// or someone made a folder where our file was: theirs.
			continue
		}
		d.stepAt(p)
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		removed = append(removed, name)
		d.removeEmptyParents(p)
	}
	return removed, nil
}

// move moves everything in the folder from into the folder to, replacing
// files. A folder that to does not have yet is moved whole, so a first build
// costs a rename per top-level folder, not one per file.
func (d *Dir) move(from, to string) error {
	entries, err := os.ReadDir(from)
	if err != nil {
		return err
	}
	for _, e := range entries {
		src, dst := filepath.Join(from, e.Name()), filepath.Join(to, e.Name())
		info, err := os.Lstat(dst)
		switch {
		case err == nil && info.IsDir() && e.IsDir():
			if err := d.move(src, dst); err != nil {
				return err
			}
			continue
		case err == nil && info.IsDir():
			// A folder becomes a file: it goes if all it holds is the last
			// build's, which goes with it.
			if err := d.clearFolder(dst); err != nil {
				return err
			}
		case err == nil && e.IsDir():
			// A file becomes a folder.
			d.stepAt(dst)
			if err := os.Remove(dst); err != nil {
				return err
			}
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			return err
		}
		d.stepAt(dst)
		if err := os.Rename(src, dst); err != nil {
			return err
		}
	}
	return nil
}

// clearFolder removes the folder at p, where the build puts a file, with
// the files in it the last build wrote. A folder of a Private directory
// goes whole; in a shared one, a folder that holds anything else stays, and
// the build fails saying so.
func (d *Dir) clearFolder(p string) error {
	if d.opts.Private {
		d.stepAt(p)
		return os.RemoveAll(p)
	}
	var dirs []string
	err := filepath.WalkDir(p, func(q string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			dirs = append(dirs, q)
			return nil
		}
		rel, _ := filepath.Rel(d.root, q)
		if d.prev == nil {
			return nil
		}
		if _, ok := d.prev.Lookup(filepath.ToSlash(rel)); !ok {
			return nil
		}
		d.stepAt(q)
		return os.Remove(q)
	})
	if err != nil {
		return err
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		os.Remove(dirs[i]) // fails, as it should, unless empty
	}
	if _, err := os.Lstat(p); err == nil {
		rel, _ := filepath.Rel(d.root, p)
		return fmt.Errorf("the site now has a file %s where the output folder has a folder holding files verbatim did not write\n\thint: move that folder's files elsewhere, or remove it, and build again", filepath.ToSlash(rel))
	}
	return nil
}

// removeStale deletes every file under the root that this build did not
// produce, and folders left empty. It never follows symbolic links out.
func (d *Dir) removeStale(files nameSet) ([]string, error) {
	var removed []string
	var dirs []string
	err := filepath.WalkDir(d.root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(d.root, p)
		name := filepath.ToSlash(rel)
		switch {
		case name == ".":
			return nil
		case name == ManifestName || name == manifestTemp || p == d.staging:
			if e.IsDir() {
				return filepath.SkipDir
			}
			return nil
		case e.IsDir():
			dirs = append(dirs, p)
			return nil
		}
		if !files.has(name) {
			removed = append(removed, name)
			return os.Remove(p)
		}
		return nil
	})
	for i := len(dirs) - 1; i >= 0; i-- {
		os.Remove(dirs[i]) // fails, as it should, unless empty
	}
	sort.Strings(removed)
	return removed, err
}
