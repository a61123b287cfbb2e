package output

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// TestWriteFileGoesOnAfterShortWrite provokes a short write with a file
// size limit: Linux writes up to the limit and returns the count, and only
// the next write fails (EFBIG; Go ignores the SIGXFSZ that comes with it).
// A writeFile that stopped after one write would report success with the
// file cut short. The limit is the whole process's, so a child process
// runs the write.
func TestWriteFileGoesOnAfterShortWrite(t *testing.T) {
	const limit = 1000
	if name := os.Getenv("VERBATIM_TEST_SHORT_WRITE"); name != "" {
		var lim syscall.Rlimit
		if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
			t.Fatal(err)
		}
		lim.Cur = limit
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
			t.Fatal(err)
		}
		_, err := writeFile(name, bytes.Repeat([]byte("x"), 4*limit))
		var perr *fs.PathError
		if !errors.As(err, &perr) || perr.Op != "write" || perr.Path != name || !errors.Is(err, syscall.EFBIG) {
			t.Fatalf("got %#v, want a write *fs.PathError for %s that is EFBIG", err, name)
		}
		return
	}
	name := filepath.Join(t.TempDir(), "big.html")
	cmd := exec.Command(os.Args[0], "-test.run=^TestWriteFileGoesOnAfterShortWrite$")
	cmd.Env = append(os.Environ(), "VERBATIM_TEST_SHORT_WRITE="+name)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	// The limit cut the first write short: the test did provoke one.
	info, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if info.Size() != limit {
		t.Fatalf("file is %d bytes, want the %d the limit allows", info.Size(), limit)
	}
}
