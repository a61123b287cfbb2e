package generator

import (
	"context"
	"fmt"
	"github.com/verbatim-ssg/verbatim/generator/output"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestPreviewConverges applies a seeded random sequence of creates, edits
// (written in place, atomically, or vim-style), renames, deletes, broken
// saves, folders moved, set aside or deleted, and config and template
// edits to a served site, repairs what is broken, and then expects
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
	// move renames from to to, a file or a folder, and keeps live and
	// broken in step.
	move := func(from, to string) {
		os.MkdirAll(filepath.Dir(filepath.Join(content, to)), 0o755)
		if err := os.Rename(filepath.Join(content, from), filepath.Join(content, to)); err != nil {
			t.Fatal(err)
		}
		for i, name := range live {
			if rest, ok := strings.CutPrefix(name, from); ok && (rest == "" || rest[0] == '/') {
				live[i] = to + rest
				if broken[name] {
					delete(broken, name)
					broken[to+rest] = true
				}
			}
		}
	}
	for step := range 60 {
		switch op := rng.IntN(15); {
		case op < 3 || len(live) == 0:
			name := fmt.Sprintf("e%02d.md", step)
			if rng.IntN(3) == 0 {
				name = fmt.Sprintf("season%d/%s", rng.IntN(2)+1, name) // new folders too
			}
			writeFile(t, filepath.Join(content, name), episodeText(rng, step))
			live = append(live, name)
		case op < 6:
			name := live[rng.IntN(len(live))]
			text := episodeText(rng, step)
			if rng.IntN(2) == 0 && !broken[name] {
				text = sameMeta(t, filepath.Join(content, name), text) // only the turns and chapters change
			}
			save(t, rng, filepath.Join(content, name), text)
			delete(broken, name)
		case op < 7:
			move(live[rng.IntN(len(live))], fmt.Sprintf("r%02d.md", step))
		case op < 8:
			i := rng.IntN(len(live))
			if err := os.Remove(filepath.Join(content, live[i])); err != nil {
				t.Fatal(err)
			}
			delete(broken, live[i])
			live = slices.Delete(live, i, i+1)
		case op < 9:
			name := live[rng.IntN(len(live))]
			save(t, rng, filepath.Join(content, name), "**Ann** (1:75)\nA timestamp with 75 seconds.\n")
			broken[name] = true
		case op < 12:
			// A folder moved, set aside (a name starting with "_"),
			// brought back, or deleted with what it holds.
			dir := path.Dir(live[rng.IntN(len(live))])
			switch {
			case dir == ".":
				move(live[rng.IntN(len(live))], fmt.Sprintf("_drafts/d%02d.md", step))
			case op == 9:
				move(dir, fmt.Sprintf("s%02d", step))
			case op == 10:
				move(dir, fmt.Sprintf("_aside%02d", step))
			default:
				if err := os.RemoveAll(filepath.Join(content, dir)); err != nil {
					t.Fatal(err)
				}
				live = slices.DeleteFunc(live, func(name string) bool { return strings.HasPrefix(name, dir+"/") })
				maps.DeleteFunc(broken, func(name string, _ bool) bool { return strings.HasPrefix(name, dir+"/") })
			}
		case step >= 40:
			// No more full looks at every transcript: what the watcher
			// reports about the last steps is all the preview has to go by.
			// A temporary file that comes and goes stops the index pass.
			tempFile(t, content, step)
		case op < 13:
			writeFile(t, filepath.Join(src, "verbatim.yaml"), fmt.Sprintf("title: Show %d\n", step))
		default:
			writeFile(t, filepath.Join(src, "templates", "404.html"), fmt.Sprintf("{{define \"main\"}}<h1>Lost %d</h1>{{end}}\n", step))
		}
		time.Sleep(time.Duration(rng.IntN(40)) * time.Millisecond)
	}
	for name := range broken {
		writeFile(t, filepath.Join(content, name), episodeText(rng, 99))
	}
	time.Sleep(40 * time.Millisecond) // the repair is built, and its index pass starts
	tempFile(t, content, 99)

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
	for len(p.builds) > 0 {
		if err := <-p.builds; err != nil {
			t.Logf("DEBUG build error: %v", err)
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
		if rng.IntN(4) == 0 { // a chapter: the feed links chapters.json
			fmt.Fprintf(&b, "## Part %d (%d:00)\n\n", i, i)
		}
		fmt.Fprintf(&b, "**%s** (%d:%02d)\n%s\n\n", speakers[rng.IntN(len(speakers))], i, rng.IntN(60), strings.Repeat("Words ", rng.IntN(20)+1))
	}
	return b.String()
}

// sameMeta is text with the front matter of the file at path: an edit
// that changes no title or date, which the site's lists must notice all
// the same when it gives an episode its first chapter.
func sameMeta(t *testing.T, path, text string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, oldBody, _ := strings.Cut(strings.TrimPrefix(string(data), "---\n"), "---\n")
	_, newBody, _ := strings.Cut(strings.TrimPrefix(text, "---\n"), "---\n")
	return strings.TrimSuffix(string(data), oldBody) + newBody
}

// tempFile writes a file in dir that a tool removes again at once: to a
// build, nothing happened.
func tempFile(t *testing.T, dir string, step int) {
	t.Helper()
	name := filepath.Join(dir, fmt.Sprintf("x%02d.md.tmp", step))
	writeFile(t, name, "scratch")
	if err := os.Remove(name); err != nil {
		t.Fatal(err)
	}
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
