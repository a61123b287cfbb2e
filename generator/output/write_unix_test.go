//go:build unix

package output

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestWriteFile(t *testing.T) {
	tests := []struct {
		name  string
		umask int
		want  fs.FileMode
	}{
		{"Umask022Is0644", 0o022, 0o644},
		{"Umask077Is0600", 0o077, 0o600},
		{"Umask0Is0644", 0, 0o644},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := syscall.Umask(tt.umask)
			defer syscall.Umask(old)
			name := filepath.Join(t.TempDir(), "index.html")
			data := bytes.Repeat([]byte("<p>Hello</p>\n"), 10000)
			if _, err := writeFile(name, data); err != nil {
				t.Fatal(err)
			}
			if got := read(t, name); got != string(data) {
				t.Errorf("read back %d bytes, want the %d written", len(got), len(data))
			}
			info, err := os.Stat(name)
			if err != nil {
				t.Fatal(err)
			}
			if info.Mode() != tt.want {
				t.Errorf("mode %v, want %v", info.Mode(), tt.want)
			}
		})
	}
}

func TestWriteFileTruncatesALongerFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "index.html")
	if _, err := writeFile(name, []byte("a much longer old page")); err != nil {
		t.Fatal(err)
	}
	if _, err := writeFile(name, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if got := read(t, name); got != "new" {
		t.Errorf("got %q, want %q", got, "new")
	}
}

func TestWriteFileIntoMissingFolderIsPathError(t *testing.T) {
	name := filepath.Join(t.TempDir(), "missing", "index.html")
	_, err := writeFile(name, []byte("x"))
	var perr *fs.PathError
	if !errors.As(err, &perr) || perr.Op != "open" || perr.Path != name || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("got %#v, want an open *fs.PathError for %s that is fs.ErrNotExist", err, name)
	}
}
