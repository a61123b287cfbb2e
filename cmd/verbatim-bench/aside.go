package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
)

// Timed builds write into folders that nothing was deleted from in the
// minutes before. On ext4 without a journal (the file system of this
// project's CI machines), the kernel avoids handing out an inode freed less
// than a minute ago, or six while its inode table block is unwritten: each
// new file's allocation scans past every such inode of its block group,
// looking up each one's deletion time. A cold build of 1,000 episodes
// created ~34,000 files then (~10,000 now); into a folder whose ~34,000
// files were deleted just before, that scan was 30% of the build's CPU (perf
// record: recently_deleted, below __ext4_new_inode), where Hugo's ~1,500
// files barely notice it. So a step's last output is moved aside, which is
// one rename, and what was moved aside is deleted when the bench ends, or
// earlier if the disk runs short, which the report then says.

// asideReserve is the free space a set-aside output must leave on the
// disk, beyond room for the next run's output.
const asideReserve = 4 << 30

// aside is the folder outputs are moved into until the bench ends.
type aside struct {
	dir   string
	n     int // outputs moved aside so far
	early int // times the disk ran short and the set-aside outputs were deleted mid-run
	// free reports the space left on the disk holding a folder; nil
	// means freeBytes (tests make the disk short).
	free func(dir string) (int64, bool)
}

// clear moves dir, if it exists, out of the way, leaving its path free.
func (a *aside) clear(dir string) error {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	size, err := dirSize(dir)
	if err != nil {
		return err
	}
	free := a.free
	if free == nil {
		free = freeBytes
	}
	if left, ok := free(filepath.Dir(dir)); ok && left < 2*size+asideReserve && a.holds() {
		if err := a.empty(); err != nil {
			return err
		}
		a.early++
	}
	if err := os.MkdirAll(a.dir, 0o755); err != nil {
		return err
	}
	a.n++
	return os.Rename(dir, filepath.Join(a.dir, strconv.Itoa(a.n)))
}

// holds reports whether anything is moved aside.
func (a *aside) holds() bool {
	_, err := os.Lstat(a.dir)
	return err == nil
}

// empty deletes everything moved aside.
func (a *aside) empty() error { return os.RemoveAll(a.dir) }
