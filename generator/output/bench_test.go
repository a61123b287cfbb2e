package output

import (
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkPrivateRebuild is a preview's rebuild at 5,000 episodes seen by
// the output: 30,000 files kept, a few written, nothing removed.
func BenchmarkPrivateRebuild(b *testing.B) {
	root := filepath.Join(b.TempDir(), "out")
	files := make(map[string]File)
	var names []string
	for i := range 5000 {
		for _, x := range []string{"index.html", "transcript.json", "transcript.vtt", "transcript.srt", "transcript.md", "transcript.txt"} {
			name := fmt.Sprintf("episodes/episode-%04d/%s", i, x)
			names = append(names, name)
			files[name] = File{Sum: SumOf([]byte(name)), Size: int64(len(name))}
		}
	}
	prev := newManifest("v1", files, nil)
	for b.Loop() {
		d, err := Open(root, Options{Version: "v1", Previous: prev, Private: true})
		if err != nil {
			b.Fatal(err)
		}
		for _, name := range names {
			if !d.Keep(name) {
				b.Fatal("not kept")
			}
		}
		if ch, m, err := d.Commit(nil); err != nil || len(ch.Removed) != 0 || m.Len() != len(names) {
			b.Fatal(ch.Removed, err)
		}
	}
}
