package generator

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verbatim-ssg/verbatim/generator/output"
)

const twoEpisodes = `
-- content/a.md --
---
title: A
date: 2024-01-01
---
**Ann** (0:00)
One.
-- content/b.md --
---
title: B
date: 2024-02-01
---
**Bob** (0:00)
Two.
`

// The output folder is the publisher's too: what verbatim did not write
// survives every build, including one that removes an episode, and a
// watching builder sees another build's changes to the folder.
func TestBuildKeepsThePublishersFiles(t *testing.T) {
	dir := writeSite(t, twoEpisodes)
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, dir, out)
	theirs := map[string]string{
		"CNAME": "podcast.example.org\n", ".nojekyll": "", ".well-known/security.txt": "Contact: x\n",
		".git/HEAD": "ref: refs/heads/main\n", "_redirects": "/a /b\n", "_headers": "/*\n", "episodes/a/notes.txt": "mine",
	}
	for name, body := range theirs {
		writeFile(t, filepath.Join(out, name), body)
	}
	if res := mustBuild(t, dir, out); res.Wrote != 0 || len(res.Removed) != 0 {
		t.Errorf("a rebuild with nothing changed wrote %d and removed %v", res.Wrote, res.Removed)
	}
	os.Remove(filepath.Join(dir, "content/a.md"))
	mustBuild(t, dir, out)
	for name, body := range theirs {
		if got, err := os.ReadFile(filepath.Join(out, name)); err != nil || string(got) != body {
			t.Errorf("%s: %q, %v; want it kept", name, got, err)
		}
	}
	clean := filepath.Join(t.TempDir(), "clean")
	mustBuild(t, dir, clean)
	got := snapshot(t, out)
	for name := range theirs {
		delete(got, name)
	}
	if diffs := diffSnapshots(snapshot(t, clean), got); len(diffs) > 0 {
		t.Errorf("besides the publisher's files, the folder differs from a clean build:\n%s", strings.Join(diffs, "\n"))
	}
}

// A builder that keeps its state in memory (build -watch) must not trust
// it after another build wrote the folder: its pages would be kept with
// the other build's bytes.
func TestWatchingBuilderSeesAnotherBuild(t *testing.T) {
	dir := writeSite(t, twoEpisodes)
	out := filepath.Join(t.TempDir(), "public")
	cfg := DefaultConfig()
	cfg.Source, cfg.Output, cfg.BaseURL = dir, out, "https://example.org/" // as mustBuild's
	watching := NewBuilder(cfg)
	if _, err := watching.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	other := cfg
	other.BaseURL = "https://other.example/"
	if _, err := NewBuilder(other).Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := watching.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	clean := filepath.Join(t.TempDir(), "clean")
	mustBuild(t, dir, clean)
	if diffs := diffSnapshots(snapshot(t, clean), snapshot(t, out)); len(diffs) > 0 {
		t.Errorf("the watching builder left the other build's pages:\n%s", strings.Join(diffs, "\n"))
	}
}

func TestForceWritesEveryFile(t *testing.T) {
	dir := writeSite(t, twoEpisodes)
	out := filepath.Join(t.TempDir(), "public")
	first := mustBuild(t, dir, out)
	cfg := DefaultConfig()
	cfg.Source, cfg.Output, cfg.BaseURL, cfg.Force = dir, out, "https://example.org/", true
	res, err := NewBuilder(cfg).Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Wrote != first.Wrote || len(res.Removed) != 0 {
		t.Errorf("-force wrote %d files and removed %v, want %d and none", res.Wrote, res.Removed, first.Wrote)
	}
}

func TestBuildRefusesAFolderAnotherBuildHolds(t *testing.T) {
	dir := writeSite(t, twoEpisodes)
	out := filepath.Join(t.TempDir(), "public")
	held, err := output.Open(out, output.Options{Version: Version})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Abort()
	_, err = build(t, dir, out) // waits output.DefaultLockWait
	var busy *output.BusyError
	if !errors.As(err, &busy) {
		t.Errorf("build = %v, want a BusyError", err)
	}
}

// An -out that reaches content/ through a symbolic link is refused like
// one that names it.
func TestOutputThroughALinkIntoContentIsRefused(t *testing.T) {
	dir := writeSite(t, twoEpisodes)
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(filepath.Join(dir, "content"), link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	for _, out := range []string{link, filepath.Join(link, "public")} {
		if _, err := build(t, dir, out); err == nil || !strings.Contains(err.Error(), "overlaps the site's content/") {
			t.Errorf("-out %s: %v, want the overlap refused", out, err)
		}
	}
}
