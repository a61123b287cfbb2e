//go:build unix

package output

import (
	"io"
	"io/fs"
	"syscall"
)

// writeFile is os.WriteFile(name, data, 0o644) in three system calls: open,
// write, close. An *os.File costs four fcntl calls and an epoll_ctl more per
// file (it sets the descriptor non-blocking to try the poller, which refuses
// a regular file, then sets it back), and a cold build writes ~10,000
// files per 1,000 episodes, where each system call is dear. Errors are the
// *fs.PathError that os would return. It returns the file's modification
// time (Unix nanoseconds), asked of the open file (a fourth call).
func writeFile(name string, data []byte) (int64, error) {
	const flags = syscall.O_WRONLY | syscall.O_CREAT | syscall.O_TRUNC | syscall.O_CLOEXEC
	fd, err := syscall.Open(name, flags, 0o644)
	for err == syscall.EINTR { // a signal came while a slow file system opened it
		fd, err = syscall.Open(name, flags, 0o644)
	}
	if err != nil {
		return 0, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	werr := writeAll(fd, data)
	var st syscall.Stat_t
	serr := syscall.Fstat(fd, &st)
	cerr := syscall.Close(fd) // never retried: Linux frees the descriptor even on EINTR
	switch {
	case werr != nil:
		return 0, &fs.PathError{Op: "write", Path: name, Err: werr}
	case serr != nil:
		return 0, &fs.PathError{Op: "fstat", Path: name, Err: serr}
	case cerr != nil:
		return 0, &fs.PathError{Op: "close", Path: name, Err: cerr}
	}
	return mtime(&st), nil
}

// maxWrite is the most one write call is asked for, as in package os: some
// systems refuse a write of 2 GiB or more.
const maxWrite = 1 << 30

// writeAll writes all of data to fd, going on after a short write or an
// interrupted one.
func writeAll(fd int, data []byte) error {
	for len(data) > 0 {
		n, err := syscall.Write(fd, data[:min(len(data), maxWrite)])
		if n > 0 {
			data = data[n:]
		}
		switch {
		case err == syscall.EINTR:
		case err != nil:
			return err
		case n == 0:
			return io.ErrUnexpectedEOF // the system wrote nothing and said nothing
		}
	}
	return nil
}
