//go:build unix

package main

import "syscall"

// freeBytes is the space an unprivileged user may still write on the file
// system holding dir.
func freeBytes(dir string) (int64, bool) {
	var st syscall.Statfs_t
	if syscall.Statfs(dir, &st) != nil {
		return 0, false
	}
	return int64(st.Bavail) * int64(st.Bsize), true
}

// flush writes every dirty page of every file system to disk, so that a
// timed run does not pay for writing back what the runs before it wrote.
func flush() { syscall.Sync() }
