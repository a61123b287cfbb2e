//go:build darwin || ios || netbsd || freebsd

package output

import "syscall"

// mtime returns the modification time in st, in Unix nanoseconds, as
// os.FileInfo.ModTime().UnixNano() would.
func mtime(st *syscall.Stat_t) int64 { return int64(st.Mtimespec.Sec)*1e9 + int64(st.Mtimespec.Nsec) }
