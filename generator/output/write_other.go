//go:build !unix

package output

import "os"

// writeFile writes data to the file name, created with mode 0644 or
// truncated. On Unix it skips what an *os.File costs (see write_unix.go);
// elsewhere os.WriteFile is the way to write a file. It returns the file's
// modification time (Unix nanoseconds).
func writeFile(name string, data []byte) (int64, error) {
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return 0, err
	}
	info, err := os.Lstat(name)
	if err != nil {
		return 0, err
	}
	return info.ModTime().UnixNano(), nil
}
