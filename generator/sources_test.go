package generator

import (
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

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
