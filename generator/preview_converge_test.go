package generator

import (
	"context"
	"fmt"
	"github.com/verbatim-ssg/verbatim/generator/output"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestPreviewConverges applies a seeded random sequence of creates, edits
// (written in place, atomically, or vim-style), renames, deletes and
// broken saves to a served site, repairs what is broken, and then expects
// the served output to become byte-identical to a clean build of the final
// files. Set VERBATIM_SEED to replay another sequence.
func TestPreviewConverges(t *testing.T) {
	seed := uint64(20240601)
	if s, err := strconv.ParseUint(os.Getenv("VERBATIM_SEED"), 10, 64); err == nil {
		seed = s
	}
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	src := writeSite(t, previewSite)
	p := startPreview(t, src)
	content := filepath.Join(src, ContentDir)

	live := []string{"a.md", "b.md"} // files that exist, relative to content/
	broken := map[string]bool{}
	for step := range 40 {
		switch op := rng.IntN(10); {
		case op < 3 || len(live) == 0:
			name := fmt.Sprintf("e%02d.md", step)
			if rng.IntN(3) == 0 {
				name = fmt.Sprintf("season%d/%s", rng.IntN(2)+1, name) // new folders too
			}
			writeFile(t, filepath.Join(content, name), episodeText(rng, step))
			live = append(live, name)
		case op < 6:
			name := live[rng.IntN(len(live))]
			save(t, rng, filepath.Join(content, name), episodeText(rng, step))
			delete(broken, name)
		case op < 7:
			i := rng.IntN(len(live))
			to := fmt.Sprintf("r%02d.md", step)
			if err := os.Rename(filepath.Join(content, live[i]), filepath.Join(content, to)); err != nil {
				t.Fatal(err)
			}
			if broken[live[i]] {
				delete(broken, live[i])
				broken[to] = true
			}
			live[i] = to
		case op < 8:
			i := rng.IntN(len(live))
			if err := os.Remove(filepath.Join(content, live[i])); err != nil {
				t.Fatal(err)
			}
			delete(broken, live[i])
			live = slices.Delete(live, i, i+1)
		default:
			name := live[rng.IntN(len(live))]
			save(t, rng, filepath.Join(content, name), "**Ann** (1:75)\nA timestamp with 75 seconds.\n")
			broken[name] = true
		}
		time.Sleep(time.Duration(rng.IntN(40)) * time.Millisecond)
	}
	for name := range broken {
		writeFile(t, filepath.Join(content, name), episodeText(rng, 99))
	}

	cfg := DefaultConfig()
	cfg.Source, cfg.Output = src, filepath.Join(t.TempDir(), "clean")
	cfg.BaseURL, cfg.Fingerprint = p.url+"/", false
	if _, err := NewBuilder(cfg).Build(context.Background()); err != nil {
		t.Fatalf("clean build of the final files: %v", err)
	}
	want := snapshot(t, cfg.Output)
	delete(want, output.ManifestName) // a preview keeps its manifest in memory
	var diffs []string
	for end := time.Now().Add(15 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if diffs = diffSnapshots(want, snapshot(t, p.out)); len(diffs) == 0 {
			return
		}
	}
	t.Fatalf("served output never matched a clean build (seed %d); last differences:\n%s", seed, strings.Join(diffs, "\n"))
}

// episodeText is a valid transcript whose speakers, title and length vary.
func episodeText(rng *rand.Rand, step int) string {
	speakers := []string{"Ann", "Bob", "Cy", "Dee"}
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: Episode %d-%d\ndate: 2024-%02d-%02d\n---\n", step, rng.IntN(1000), rng.IntN(12)+1, rng.IntN(28)+1)
	for i := range rng.IntN(4) + 1 {
		fmt.Fprintf(&b, "**%s** (%d:%02d)\n%s\n\n", speakers[rng.IntN(len(speakers))], i, rng.IntN(60), strings.Repeat("Words ", rng.IntN(20)+1))
	}
	return b.String()
}

// save writes a file the way one of three editors would: in place, by a
// temporary file renamed over it, or vim's way (the old file renamed to a
// backup, a new one written, the backup removed).
func save(t *testing.T, rng *rand.Rand, path, text string) {
	t.Helper()
	switch rng.IntN(3) {
	case 0:
		writeFile(t, path, text)
	case 1:
		tmp := path + ".tmp" + strconv.Itoa(rng.IntN(1e6))
		writeFile(t, tmp, text)
		if err := os.Rename(tmp, path); err != nil {
			t.Fatal(err)
		}
	default:
		if err := os.Rename(path, path+"~"); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(filepath.Dir(path), "4913"), "")
		os.Remove(filepath.Join(filepath.Dir(path), "4913"))
		writeFile(t, path, text)
		if err := os.Remove(path + "~"); err != nil {
			t.Fatal(err)
		}
	}
}

// TestWatchRebuildsOutput is verbatim build -watch: the output folder
// follows an edit.
func TestWatchRebuildsOutput(t *testing.T) {
	src := writeSite(t, previewSite)
	out := filepath.Join(src, "public")
	cfg := DefaultConfig()
	cfg.Source = src
	ctx, cancel := context.WithCancel(context.Background())
	log := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- Watch(ctx, cfg, 0, log) }()
	page := filepath.Join(out, "episodes", "a", "index.html")
	waitFor(t, func() bool { data, _ := os.ReadFile(page); return strings.Contains(string(data), "Hello from A.") })
	writeFile(t, filepath.Join(src, "content/a.md"), "---\ntitle: A\ndate: 2024-01-01\n---\n**Ann** (0:00)\nWatched A.\n")
	waitFor(t, func() bool { data, _ := os.ReadFile(page); return strings.Contains(string(data), "Watched A.") })
	// The page is on disk before the build returns and reports.
	waitFor(t, func() bool { return strings.Contains(log.String(), "Rebuilt after content/a.md changed") })
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Watch: %v", err)
	}
}

func TestServeMissingSourceFails(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Source = filepath.Join(t.TempDir(), "nope")
	err := Serve(context.Background(), cfg, ServeConfig{Bind: "127.0.0.1"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "give the site's folder with -src") {
		t.Errorf("Serve on a missing folder: %v, want an error with a hint", err)
	}
}
