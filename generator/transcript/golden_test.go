package transcript

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestGolden parses every sample and compares the dump of the transcript
// with its golden file: testdata/formats/NAME.golden.
func TestGolden(t *testing.T) {
	for _, in := range goldenInputs(t) {
		name := filepath.Base(in)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			tr, problems := Parse(name, src)
			checkInvariants(t, tr, src)
			golden(t, filepath.Join("testdata/formats", strings.TrimSuffix(name, filepath.Ext(name))+filepath.Ext(name)+".golden"), dump(tr, src, problems))
		})
	}
}

// TestSharedSample checks the facts of the shared sample that every stage
// relies on, independently of the golden file.
func TestSharedSample(t *testing.T) {
	src, err := os.ReadFile(sharedSample)
	if err != nil {
		t.Fatal(err)
	}
	tr, problems := Parse("sample.md", src)
	if problems.HasErrors() {
		t.Fatalf("errors: %v", problems)
	}
	if got := len(tr.Turns); got != 12 {
		t.Errorf("turns = %d, want 12", got)
	}
	if got := tr.SpeakerNames(); len(got) != 2 || got[0] != "Dwarkesh Patel" || got[1] != "John Schulman" {
		t.Errorf("speakers = %q", got)
	}
	if want := "John Schulman (OpenAI Cofounder) — Reasoning, RLHF, & plan for 2027 AGI"; tr.Meta.Title != want {
		t.Errorf("title = %q, want %q", tr.Meta.Title, want)
	}
	if tr.Meta.Show != "Dwarkesh Podcast" {
		t.Errorf("show = %q", tr.Meta.Show)
	}
	if want := time.Date(2024, 5, 15, 0, 0, 0, 0, time.UTC); !tr.Meta.Date.Equal(want) {
		t.Errorf("date = %v", tr.Meta.Date)
	}
	if !strings.HasPrefix(tr.Trailer, "71 more minutes") || strings.Contains(tr.Turns[11].Text, "71 more") {
		t.Errorf("promo not cut into the trailer: trailer %q, last turn %q", tr.Trailer, tr.Turns[11].Text)
	}
	if len(problems) != 0 {
		t.Errorf("want no problems (lint reports the trailer), got %v", problems)
	}
}

// checkInvariants holds for any input: offsets inside the source, starts
// known or NoTime, chapters pointing at turns.
func checkInvariants(t testing.TB, tr *Transcript, src []byte) {
	t.Helper()
	if tr == nil {
		t.Fatal("nil transcript")
	}
	in := func(what string, off int) {
		if off < 0 || off > len(src) {
			t.Errorf("%s offset %d outside [0, %d]", what, off, len(src))
		}
	}
	for i, turn := range tr.Turns {
		in("turn", turn.Offset)
		in("turn text", turn.TextOffset)
		if turn.Start < 0 && turn.Start != NoTime {
			t.Errorf("turn %d starts at %v", i, turn.Start)
		}
	}
	for _, s := range tr.Speakers {
		in("speaker", s.Offset)
	}
	for _, c := range tr.Chapters {
		in("chapter", c.Offset)
		if c.Turn < 0 || c.Turn > len(tr.Turns) {
			t.Errorf("chapter %q points at turn %d of %d", c.Title, c.Turn, len(tr.Turns))
		}
	}
	if tr.Trailer != "" {
		in("trailer", tr.TrailerOffset)
	}
}
