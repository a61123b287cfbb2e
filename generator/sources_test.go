package generator

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/diag"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

func TestChangedSources(t *testing.T) {
	tests := []struct {
		name    string
		files   []string // what the folder holds now; a trailing / is an empty folder
		last    []string // the last build's transcripts
		changed []string // what the watcher saw change
		want    []string // the transcripts now
		reread  []string
		full    bool // only a full listing will do
	}{{
		name:    "EditedFileIsReadAgain",
		files:   []string{"content/a.md", "content/b.md"},
		last:    []string{"content/a.md", "content/b.md"},
		changed: []string{"content/a.md"},
		want:    []string{"content/a.md", "content/b.md"},
		reread:  []string{"content/a.md"},
	}, {
		name:    "NewFile",
		files:   []string{"content/a.md", "content/b.vtt"},
		last:    []string{"content/a.md"},
		changed: []string{"content/b.vtt"},
		want:    []string{"content/a.md", "content/b.vtt"},
		reread:  []string{"content/b.vtt"},
	}, {
		name:    "RemovedFile",
		files:   []string{"content/a.md"},
		last:    []string{"content/a.md", "content/b.md"},
		changed: []string{"content/b.md"},
		want:    []string{"content/a.md"},
	}, {
		name:    "RenamedFile",
		files:   []string{"content/a.md", "content/c.md"},
		last:    []string{"content/a.md", "content/b.md"},
		changed: []string{"content/b.md", "content/c.md"},
		want:    []string{"content/a.md", "content/c.md"},
		reread:  []string{"content/c.md"},
	}, {
		name:    "NewFolderIsWalked",
		files:   []string{"content/a.md", "content/s1/x.md", "content/s1/deep/y.srt", "content/s1/cover.jpg", "content/s1/_aside/z.md"},
		last:    []string{"content/a.md"},
		changed: []string{"content/s1"},
		want:    []string{"content/a.md", "content/s1/deep/y.srt", "content/s1/x.md"},
		reread:  []string{"content/s1/deep/y.srt", "content/s1/x.md"},
	}, {
		// "content/s1-b.md" sorts between "content/s1" and "content/s1/x.md".
		name:    "RemovedFolderTakesOnlyItsFiles",
		files:   []string{"content/s1-b.md", "content/s10/x.md"},
		last:    []string{"content/s1-b.md", "content/s1/x.md", "content/s1/y/z.md", "content/s10/x.md"},
		changed: []string{"content/s1"},
		want:    []string{"content/s1-b.md", "content/s10/x.md"},
	}, {
		name:    "RenamedFolder",
		files:   []string{"content/s2/x.md", "content/s2/y.md"},
		last:    []string{"content/s1/x.md", "content/s1/y.md"},
		changed: []string{"content/s1", "content/s2"},
		want:    []string{"content/s2/x.md", "content/s2/y.md"},
		reread:  []string{"content/s2/x.md", "content/s2/y.md"},
	}, {
		name:    "MovedIntoDraftsFolder",
		files:   []string{"content/_drafts/a.md", "content/b.md"},
		last:    []string{"content/a.md", "content/b.md"},
		changed: []string{"content/a.md", "content/_drafts/a.md"},
		want:    []string{"content/b.md"},
	}, {
		name:    "DotFilesAndOtherExtensionsAreNotTranscripts",
		files:   []string{"content/.a.md", "content/cover.jpg", "content/notes.MD"},
		changed: []string{"content/.a.md", "content/cover.jpg", "content/notes.MD"},
		want:    []string{"content/notes.MD"},
		reread:  []string{"content/notes.MD"},
	}, {
		name:    "FileBecameFolder",
		files:   []string{"content/a.md/x.md"},
		last:    []string{"content/a.md"},
		changed: []string{"content/a.md"},
		want:    []string{"content/a.md/x.md"},
		reread:  []string{"content/a.md/x.md"},
	}, {
		name:    "SameFileTwice",
		files:   []string{"content/a.md"},
		last:    []string{"content/a.md"},
		changed: []string{"content/a.md", "content/a.md"},
		want:    []string{"content/a.md"},
		reread:  []string{"content/a.md"},
	}, {
		name:  "NothingChanged",
		files: []string{"content/a.md"},
		last:  []string{"content/a.md"},
		want:  []string{"content/a.md"},
	}, {
		name:    "TemplateChangeListsEverything",
		files:   []string{"content/a.md", "templates/base.html"},
		last:    []string{"content/a.md"},
		changed: []string{"content/a.md", "templates/base.html"},
		full:    true,
	}, {
		name:    "ConfigChangeListsEverything",
		files:   []string{"content/a.md", "verbatim.yaml"},
		changed: []string{"verbatim.yaml"},
		full:    true,
	}, {
		name:    "ContentFolderItselfListsEverything",
		files:   []string{"content/a.md"},
		changed: []string{"content"},
		full:    true,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			for _, f := range tt.files {
				p := filepath.Join(root, filepath.FromSlash(f))
				if strings.HasSuffix(f, "/") {
					os.MkdirAll(p, 0o755)
					continue
				}
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var changed []string
			for _, c := range tt.changed {
				changed = append(changed, filepath.Join(root, filepath.FromSlash(c)))
			}
			got, reread, ok, err := changedSources(root, tt.last, changed)
			if err != nil {
				t.Fatal(err)
			}
			if ok == tt.full {
				t.Fatalf("ok = %v, want %v", ok, !tt.full)
			}
			if tt.full {
				return
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("transcripts = %q, want %q", got, tt.want)
			}
			if r := slices.Sorted(maps.Keys(reread)); !slices.Equal(r, tt.reread) {
				t.Errorf("read again = %q, want %q", r, tt.reread)
			}
			// Whatever the changes, the list is the one a full listing gives.
			if full, _ := listSources(root); !slices.Equal(got, full) {
				t.Errorf("transcripts = %q, a full listing gives %q", got, full)
			}
		})
	}
}

// TestLineFormatReadsTheSame checks that each golden sample, read again in
// the format its first reading recorded, as the render pass reads it,
// gives the same transcript and problems as reading it with detection,
// including samples whose front matter names a format.
func TestLineFormatReadsTheSame(t *testing.T) {
	files, err := filepath.Glob("transcript/testdata/formats/*")
	if err != nil {
		t.Fatal(err)
	}
	samples := map[string][]byte{
		"fm-cue.md":  []byte("---\nformat: srt\n---\n1\n00:00:00,000 --> 00:00:01,000\nJane: hi\n"),
		"fm-line.md": []byte("---\nformat: plain\n---\n**Jane:** 0:00 hi\n"),
		"fm-bad.md":  []byte("---\nformat: markdwn\n---\n**A** (0:00)\nhi\n"),
	}
	for _, f := range files {
		if !strings.HasSuffix(f, ".golden") {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			samples[filepath.Base(f)] = src
		}
	}
	for name, src := range samples {
		first, firstProblems := transcript.Parse(name, src)
		again, againProblems := transcript.ParseFormat(name, src, lineFormat(first))
		if !reflect.DeepEqual(first, again) || !reflect.DeepEqual(firstProblems, againProblems) {
			t.Errorf("%s reads differently in format %q", name, lineFormat(first))
		}
	}
}

// TestSourcesDoNotHoldTheirFiles reads transcripts whose title, speakers and
// turns' speakers come from the text (no front matter), as a spoken.md
// export's do (spokenSample), and checks what a build keeps of each (its source, held for
// every episode until the build ends and by serve between builds) is not
// the whole file: substrings of it would keep all its bytes alive.
func TestSourcesDoNotHoldTheirFiles(t *testing.T) {
	sample, err := os.ReadFile(spokenSample)
	if err != nil {
		t.Fatal(err)
	}
	// Pad the last turn to an hour's worth of words, so that holding the
	// file would show.
	padded := append(slices.Clip(sample), "\n\n"+strings.Repeat("And then we talked about it some more, at length. ", 2000)+"\n"...)
	root := t.TempDir()
	const files = 40
	names := make([]string, files)
	for i := range names {
		names[i] = "content/ep" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ".md"
		writeFile(t, filepath.Join(root, filepath.FromSlash(names[i])), string(padded))
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	kept := make([]*source, files)
	for i, name := range names {
		if kept[i], err = readSource(root, name, nil, time.Now(), transcript.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if kept[0].Summary.Meta.Title == "" || len(kept[0].Summary.Speakers) == 0 {
		t.Fatalf("the sample's title and speakers were not read: %+v", kept[0].Summary)
	}
	held := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("%d sources hold %d KB", files, held>>10)
	if total := int64(files * len(padded)); held > total/10 {
		t.Errorf("%d sources hold %d KB of heap, for %d KB of transcripts: each holds its file", files, held>>10, total>>10)
	}
	runtime.KeepAlive(kept)
}

// TestListSourcesFollowsLinks checks that links are followed, the content
// folder's own included, and that a loop or a broken link is a problem at
// its path, each reported.
func TestListSourcesFollowsLinks(t *testing.T) {
	link := func(t *testing.T, target, name string) {
		t.Helper()
		if err := os.Symlink(target, name); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("LinkedContentFolderFilesAndFolders", func(t *testing.T) {
		root := t.TempDir()
		writeFile(t, filepath.Join(root, "elsewhere/a.md"), "**Ann:** hi\n")
		writeFile(t, filepath.Join(root, "more/b.vtt"), "WEBVTT\n")
		writeFile(t, filepath.Join(root, "one.srt"), "")
		link(t, "elsewhere", filepath.Join(root, "content"))
		link(t, "../more", filepath.Join(root, "elsewhere/more"))
		link(t, "../one.srt", filepath.Join(root, "elsewhere/one.srt"))
		link(t, "../one.srt", filepath.Join(root, "elsewhere/_aside.srt"))
		got, err := listSources(root)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"content/a.md", "content/more/b.vtt", "content/one.srt"}
		if !slices.Equal(got, want) {
			t.Errorf("listSources = %q, want %q", got, want)
		}
	})
	t.Run("ErrLoopAndBrokenLink", func(t *testing.T) {
		root := t.TempDir()
		writeFile(t, filepath.Join(root, "content/s/a.md"), "**Ann:** hi\n")
		link(t, "..", filepath.Join(root, "content/s/up"))
		link(t, "missing.md", filepath.Join(root, "content/gone.md"))
		link(t, "missing", filepath.Join(root, "content/gone-folder")) // not a transcript's name: no problem
		got, err := listSources(root)
		var problems diag.List
		if !errors.As(err, &problems) {
			t.Fatalf("err = %v, want problems", err)
		}
		files := []string{}
		for _, p := range problems {
			files = append(files, p.Pos.File)
			if p.Hint == "" {
				t.Errorf("problem without a hint: %v", p)
			}
		}
		if want := []string{"content/gone.md", "content/s/up"}; !slices.Equal(files, want) {
			t.Errorf("problems at %q, want %q:\n%s", files, want, problems.Format())
		}
		if !strings.Contains(problems.Format(), "loops back to content") {
			t.Errorf("the loop is not named as one:\n%s", problems.Format())
		}
		if want := []string{"content/s/a.md"}; !slices.Equal(got, want) {
			t.Errorf("listSources = %q, want %q (the files around a loop are still listed)", got, want)
		}
	})
}

// TestUnreadableSourcesAreProblems checks that files that cannot be read
// are each a problem at their path with a hint, not an error that stops
// at the first. (A folder named like a transcript stands in for a file
// without read permission, which root, running the tests in CI, reads.)
func TestUnreadableSourcesAreProblems(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "content/ok.md"), "**Ann:** hi\n")
	for _, name := range []string{"content/x.md/keep", "content/y.md/keep"} {
		writeFile(t, filepath.Join(root, name), "")
	}
	names := []string{"content/ok.md", "content/x.md", "content/y.md"}
	sources, err := readSources(context.Background(), root, names, nil, transcript.Options{}, 2, nil)
	if err != nil {
		t.Fatalf("readSources: %v", err)
	}
	if p := sources["content/ok.md"].Problems; p.HasErrors() {
		t.Errorf("ok.md: %v", p)
	}
	for _, name := range names[1:] {
		s := sources[name]
		if s == nil || !s.Problems.HasErrors() || s.Summary == nil {
			t.Fatalf("%s: want a source with an error, got %+v", name, s)
		}
		p := s.Problems[0]
		if p.Pos.File != name || p.Hint == "" || !strings.Contains(p.Msg, "cannot read") {
			t.Errorf("%s: problem %v (hint %q)", name, p, p.Hint)
		}
		if s.Size != -1 {
			t.Errorf("%s: size %d, want -1 so the next build reads it again", name, s.Size)
		}
	}
}

// TestStaticLinkedFolder checks that a linked folder in static/ is copied,
// not refused as "is a directory".
func TestStaticLinkedFolder(t *testing.T) {
	src := writeSite(t, `
-- content/ep1.md --
---
title: One
---
**Ada** (0:01)

Hello.
-- shared-images/logo.png --
png
`)
	writeFile(t, filepath.Join(src, "static/extra.txt"), "x")
	if err := os.Symlink("../shared-images", filepath.Join(src, "static/img")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, src, out)
	if b, err := os.ReadFile(filepath.Join(out, "img/logo.png")); err != nil || strings.TrimSpace(string(b)) != "png" {
		t.Errorf("img/logo.png = %q, %v", b, err)
	}
}

// TestRepositoryFilesAreNotTranscripts: a repository of transcripts cloned
// into content/ keeps its README, CONTRIBUTING and package files beside
// the episodes; they are not read as episodes.
func TestRepositoryFilesAreNotTranscripts(t *testing.T) {
	for name, want := range map[string]bool{
		"ep1.md": true, "shows/gotime/go-time-1.md": true, "ep1.vtt": true, "ep1.json": true,
		"changelog-news-1.md": true, "readme-driven-development.md": true,
		"README.md": false, "sub/Readme.markdown": false, "CONTRIBUTING.md": false, "LICENSE.txt": false,
		"package.json": false, "package-lock.json": false, "CODE_OF_CONDUCT.md": false,
		"cover.png": false,
	} {
		if got := isTranscript(name); got != want {
			t.Errorf("isTranscript(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestOversizedSourceIsRefusedUnread: a transcript over the fileSize limit
// is an error at its first line, made from its size alone, so one huge
// file costs a build no memory; a file at the limit is read.
func TestOversizedSourceIsRefusedUnread(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	src := "**Ann** (0:00)\nHello there.\n"
	for name, body := range map[string]string{"content/big.md": src + "More words.\n", "content/fits.md": src} {
		if err := os.WriteFile(filepath.Join(root, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	opt := transcript.Options{Limits: transcript.Limits{FileSize: len(src)}}
	big, err := readSource(root, "content/big.md", nil, time.Now(), opt)
	if err != nil {
		t.Fatal(err)
	}
	want := "content/big.md:1:1: the file is 40 bytes, over the limit of 28"
	if len(big.Problems) != 1 || !strings.HasPrefix(big.Problems[0].Error(), want) {
		t.Errorf("problems of an oversized file:\n%s\nwant %s", big.Problems.Format(), want)
	}
	if big.Summary == nil || big.Summary.Meta.Title != "Big" {
		t.Errorf("an oversized file's summary has no title from its name: %+v", big.Summary)
	}
	fits, err := readSource(root, "content/fits.md", nil, time.Now(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if fits.Problems.HasErrors() {
		t.Errorf("a file at the limit is refused:\n%s", fits.Problems.Format())
	}
}
