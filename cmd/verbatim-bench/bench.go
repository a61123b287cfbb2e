package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/corpus"
)

// bench holds what every measurement needs.
type bench struct {
	bin      string          // the verbatim binary
	against  string          // another verbatim binary whose cold builds alternate with bin's, or ""
	hugo     string          // the hugo binary, or "" to leave Hugo out
	steps    map[string]bool // which of cold, noop, edit and reload to time
	build    bool            // the binary has "build"
	serve    bool            // the binary has "serve"
	runs     int
	seed     int64
	work     string
	aside    *aside // where cold builds' outputs go between runs
	progress io.Writer
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.progress, "verbatim-bench: "+format+"\n", args...)
}

// result is every step measured at one archive size.
type result struct {
	episodes int
	bytes    int64    // of markdown in the archive
	steps    []series // cold build, rebuilds, edit-to-reload
	hugo     *series  // Hugo's cold build, when it ran
}

// Names of the steps, as the report shows them.
const (
	stepCold    = "cold build"
	stepNoop    = "rebuild, nothing changed"
	stepEdit    = "rebuild, one file changed"
	stepReload  = "serve: write to reload event"
	stepHugo    = "Hugo cold build"
	stepAgainst = "cold build, the other binary"
	stepFloor   = "writing the cold build's files alone"
)

// measure times the chosen steps at n episodes.
func (b *bench) measure(ctx context.Context, n int) (result, error) {
	tag := fmt.Sprintf("seed%d-n%d", b.seed, n)
	site := filepath.Join(b.work, "corpus-"+tag)
	content := filepath.Join(site, "content")
	res := result{episodes: n}
	originals, err := b.prepareCorpus(site, content, n)
	if err != nil {
		return res, err
	}
	// Whatever happens, leave the cached corpus as generated.
	defer restore(content, originals)
	if res.bytes, err = dirSize(content); err != nil {
		return res, err
	}
	out := filepath.Join(b.work, "out-"+tag)
	build := []string{b.bin, "build", "-src", site, "-out", out}
	// Edits alternate between two files; edit k of a file always differs
	// from what the file held before it.
	targets := editTargets(n)
	edit := func(k int) error {
		name := targets[k%len(targets)]
		return os.WriteFile(filepath.Join(content, name), corpus.Edit(originals[name], k), 0o644)
	}

	if b.steps["cold"] {
		var steps []step
		if b.build {
			steps = append(steps, step{name: stepCold, argv: build, prepare: func(int) error { return b.aside.clear(out) }})
		} else {
			res.steps = append(res.steps, series{step: stepCold, skipped: "this verbatim has no build command yet"})
		}
		if b.against != "" {
			againstOut := filepath.Join(b.work, "against-"+tag)
			steps = append(steps, step{
				name:    stepAgainst,
				argv:    []string{b.against, "build", "-src", site, "-out", againstOut},
				prepare: func(int) error { return b.aside.clear(againstOut) },
			})
		}
		if b.hugo != "" {
			hugoSite, hugoOut := filepath.Join(b.work, "hugo-"+tag), filepath.Join(b.work, "hugo-out-"+tag)
			if err := writeHugoSite(hugoSite, content); err != nil {
				return res, err
			}
			steps = append(steps, step{
				name:    stepHugo,
				argv:    []string{b.hugo, "--quiet", "-s", hugoSite, "-d", hugoOut},
				prepare: func(int) error { return b.aside.clear(hugoOut) },
			})
		}
		if b.steps["floor"] && b.build {
			floor, err := floorStep(out, filepath.Join(b.work, "floor-"+tag), b.aside)
			if err != nil {
				return res, err
			}
			steps = append(steps, floor)
		}
		b.logf("%d episodes: cold builds, %d runs after a warm-up", n, b.runs)
		measured, err := repeat(ctx, b.runs, steps...)
		if err != nil {
			return res, err
		}
		for _, s := range measured {
			if s.step == stepHugo {
				res.hugo = &s
			} else {
				res.steps = append(res.steps, s)
			}
		}
	}
	// The rebuilds' warm-up runs leave an up-to-date output to rebuild.
	for _, r := range []struct {
		key, name string
		prepare   func(run int) error
	}{
		{"noop", stepNoop, nil},
		{"edit", stepEdit, func(run int) error { return edit(run + 2) }},
	} {
		if !b.steps[r.key] {
			continue
		}
		if !b.build {
			res.steps = append(res.steps, series{step: r.name, skipped: "this verbatim has no build command yet"})
			continue
		}
		b.logf("%d episodes: %s", n, r.name)
		measured, err := repeat(ctx, b.runs, step{name: r.name, argv: build, prepare: r.prepare})
		if err != nil {
			return res, err
		}
		res.steps = append(res.steps, measured...)
		if err := restore(content, originals); err != nil {
			return res, err
		}
	}
	if b.steps["reload"] {
		reload := series{step: stepReload}
		if !b.serve {
			reload.skipped = "this verbatim has no serve command yet"
		} else if reload, err = b.reload(ctx, site, content, targets, originals); err != nil {
			// The other steps' figures still stand; say what went wrong.
			b.logf("%d episodes: %s: %v", n, stepReload, err)
			reload = series{step: stepReload, skipped: "failed: " + err.Error()}
		}
		res.steps = append(res.steps, reload)
	}
	return res, nil
}

// reload starts serve once and times, per run, a transcript's write to the
// reload event the browser would get. Its peak memory is the session's.
func (b *bench) reload(ctx context.Context, site, content string, targets []string, originals map[string][]byte) (series, error) {
	b.logf("serve: starting on %s", site)
	s := series{step: stepReload}
	t, err := startServe(ctx, b.bin, site, b.progress)
	if err != nil {
		return s, err
	}
	for run := -1; run < b.runs; run++ {
		name := targets[(run+2)%len(targets)]
		// Let the watcher's debounce window from the last write pass, so
		// each write is timed on its own.
		time.Sleep(300 * time.Millisecond)
		d, err := t.time(filepath.Join(content, name), corpus.Edit(originals[name], 100+run))
		if err != nil {
			t.stop()
			return s, err
		}
		if run >= 0 {
			s.samples = append(s.samples, sample{wall: d})
		}
	}
	peak := t.stop()
	for i := range s.samples {
		s.samples[i].rss = peak
	}
	return s, nil
}

// editTargets are the files the rebuild steps edit: the first episode and
// one in the middle of the archive.
func editTargets(n int) []string {
	names := []string{corpus.Name(0)}
	if n >= 2 {
		names = append(names, corpus.Name(n/2))
	}
	return names
}

// prepareCorpus generates the archive into content unless a complete one
// from the same generator is there already, and returns the original bytes
// of the files the steps edit (rewriting them, in case an earlier run was
// interrupted mid-edit).
func (b *bench) prepareCorpus(site, content string, n int) (map[string][]byte, error) {
	_, first := corpus.Episode(b.seed, 0)
	stamp := filepath.Join(site, "corpus.stamp")
	want := fmt.Sprintf("seed %d, %d episodes, episode 0 sha256 %x\n", b.seed, n, sha256.Sum256(first))
	if got, err := os.ReadFile(stamp); err != nil || string(got) != want {
		b.logf("generating %d episodes in %s", n, content)
		start := time.Now()
		if err := os.RemoveAll(site); err != nil {
			return nil, err
		}
		if err := corpus.Write(content, b.seed, n); err != nil {
			return nil, err
		}
		if err := os.WriteFile(stamp, []byte(want), 0o644); err != nil {
			return nil, err
		}
		b.logf("generated in %v", time.Since(start).Round(time.Millisecond))
	}
	originals := map[string][]byte{}
	for _, i := range []int{0, n / 2} {
		name, src := corpus.Episode(b.seed, i)
		originals[name] = src
	}
	return originals, restore(content, originals)
}

func restore(content string, originals map[string][]byte) error {
	for name, src := range originals {
		if err := os.WriteFile(filepath.Join(content, name), src, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func dirSize(dir string) (int64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		total += info.Size()
		return err
	})
	return total, err
}
