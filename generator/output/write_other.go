//go:build !unix

package output

import "os"

// writeFile writes data to the file name, created with mode 0644 or
// truncated. On Unix it skips what an *os.File costs (see write_unix.go);
// elsewhere os.WriteFile is the way to write a file.
func writeFile(name string, data []byte) error {
	return os.WriteFile(name, data, 0o644)
}
