package watch

import (
	"io/fs"
	"path/filepath"
	"time"
)

// stat is what polling compares: a file whose size and modification time
// are both unchanged is taken as unchanged, as make and rsync do.
type stat struct {
	size  int64
	mtime time.Time
	dir   bool
}

// snapshot maps each path under the roots to its stat.
type snapshot map[string]stat

// change is one difference between two snapshots.
type change struct {
	path string
	op   Op
}

// takeSnapshot walks the roots, skipping noise folders. A root that does
// not exist is simply absent, so its creation shows up as a change.
func takeSnapshot(roots []string) snapshot {
	s := make(snapshot)
	for _, r := range roots {
		_ = filepath.WalkDir(r, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // gone or unreadable: absent from the snapshot
			}
			rel, _ := filepath.Rel(r, path)
			if path != r && Ignored(filepath.ToSlash(rel)) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			fi, err := d.Info()
			if err != nil {
				return nil
			}
			s[path] = stat{size: fi.Size(), mtime: fi.ModTime(), dir: fi.IsDir()}
			return nil
		})
	}
	return s
}

// diff returns what changed from s to next: paths created, written (size or
// mtime differ, or a file became a folder) and gone. A folder's mtime
// changes whenever its entries do; that is reported through the entries,
// so folders count as written only when they change kind.
func (s snapshot) diff(next snapshot) []change {
	var out []change
	for path, n := range next {
		o, ok := s[path]
		switch {
		case !ok:
			out = append(out, change{path, Created})
		case o.dir != n.dir:
			out = append(out, change{path, Written})
		case !n.dir && (o.size != n.size || !o.mtime.Equal(n.mtime)):
			out = append(out, change{path, Written})
		}
	}
	for path := range s {
		if _, ok := next[path]; !ok {
			out = append(out, change{path, Gone})
		}
	}
	return out
}
