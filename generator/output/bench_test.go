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

// BenchmarkColdCommit is the output's part of a cold build at 5,000
// episodes with files of no bytes, so that what is timed is the list of
// files: recording 160,000 of them, spilling them to run files (or not),
// and Commit's merge into the manifest.
func BenchmarkColdCommit(b *testing.B) {
	var names []string
	for i := range 5000 {
		for _, x := range []string{"index.html", "transcript.json", "transcript.vtt", "transcript.srt", "transcript.md", "transcript.txt"} {
			names = append(names, fmt.Sprintf("episodes/episode-%04d/%s", i, x))
		}
		for k := range 26 {
			names = append(names, fmt.Sprintf("search/e/%016x.txt", uint64(i)*1_000_003+uint64(k)*7_919))
		}
	}
	for _, spill := range []int{spillAt, len(names)} {
		b.Run(fmt.Sprint("SpillAt", spill), func(b *testing.B) {
			for b.Loop() {
				root := filepath.Join(b.TempDir(), "out")
				d, err := Open(root, Options{Version: "v1"})
				if err != nil {
					b.Fatal(err)
				}
				d.spillAt = spill
				for _, name := range names {
					if err := d.record(name, File{Size: int64(len(name))}); err != nil {
						b.Fatal(err)
					}
				}
				if ch, _, err := d.Commit(nil); err != nil || ch.Wrote != len(names) {
					b.Fatal(ch.Wrote, err)
				}
			}
		})
	}
}

// BenchmarkSharedRebuild is a rebuild that changes nothing, of a shared
// folder (not Private) of 30,000 files on disk: what the output adds to
// verbatim build run again at 5,000 episodes. Open checks every file of
// the manifest on disk (an lstat each, and a hash only for files whose
// time the manifest does not know); Commit rewrites the manifest.
func BenchmarkSharedRebuild(b *testing.B) {
	root := filepath.Join(b.TempDir(), "out")
	var names []string
	for i := range 5000 {
		for _, x := range []string{"index.html", "transcript.json", "transcript.vtt", "transcript.srt", "transcript.md", "transcript.txt"} {
			names = append(names, fmt.Sprintf("episodes/episode-%04d/%s", i, x))
		}
	}
	d, err := Open(root, Options{Version: "v1"})
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range names {
		if err := d.Write(name, []byte(name)); err != nil {
			b.Fatal(err)
		}
	}
	if _, _, err := d.Commit(nil); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		d, err := Open(root, Options{Version: "v1"})
		if err != nil {
			b.Fatal(err)
		}
		for _, name := range names {
			if !d.Keep(name) {
				b.Fatal("not kept: ", name)
			}
		}
		if ch, _, err := d.Commit(nil); err != nil || ch.Wrote != 0 || len(ch.Removed) != 0 {
			b.Fatal(ch, err)
		}
	}
}
