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

// spokenFacts are what every stage relies on in a sample of the spoken.md
// shape (spokenSample, and sharedSample when it is there), checked
// independently of the golden files.
type spokenFacts struct {
	path, title, show string
	speakers          []string
	date              time.Time
	turns             int
	footer            string // how the promo after the last turn starts
}

// spokenSamples lists the samples of the spoken.md shape that are there to
// read: the repository's own always, the shared real one when present.
func spokenSamples(t testing.TB) []spokenFacts {
	samples := []spokenFacts{{
		path:     spokenSample,
		title:    "Ines Dalca (Tidewater Lab) — Salt marshes, sea walls, & the tide tables of 2040",
		show:     "Harbour Lights",
		speakers: []string{"Rowan Pike", "Ines Dalca"},
		date:     time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC),
		turns:    12,
		footer:   "48 more minutes",
	}}
	if !haveShared() {
		t.Logf("%s is not there: checking the repository's own sample only", sharedSample)
		return samples
	}
	return append(samples, spokenFacts{
		path:     sharedSample,
		title:    "John Schulman (OpenAI Cofounder) — Reasoning, RLHF, & plan for 2027 AGI",
		show:     "Dwarkesh Podcast",
		speakers: []string{"Dwarkesh Patel", "John Schulman"},
		date:     time.Date(2024, 5, 15, 0, 0, 0, 0, time.UTC),
		turns:    12,
		footer:   "71 more minutes",
	})
}

// TestSpokenSample checks the facts of each spoken.md-shaped sample: the
// preamble read as metadata, the alt text dropped, the footer cut off the
// last turn into the trailer.
func TestSpokenSample(t *testing.T) {
	for _, want := range spokenSamples(t) {
		t.Run(filepath.Base(want.path), func(t *testing.T) {
			src, err := os.ReadFile(want.path)
			if err != nil {
				t.Fatal(err)
			}
			tr, problems := Parse("sample.md", src)
			if problems.HasErrors() {
				t.Fatalf("errors: %v", problems)
			}
			if got := len(tr.Turns); got != want.turns {
				t.Fatalf("turns = %d, want %d", got, want.turns)
			}
			if got := tr.SpeakerNames(); strings.Join(got, "|") != strings.Join(want.speakers, "|") {
				t.Errorf("speakers = %q, want %q", got, want.speakers)
			}
			if tr.Meta.Title != want.title {
				t.Errorf("title = %q, want %q", tr.Meta.Title, want.title)
			}
			if tr.Meta.Show != want.show {
				t.Errorf("show = %q, want %q", tr.Meta.Show, want.show)
			}
			if !tr.Meta.Date.Equal(want.date) {
				t.Errorf("date = %v, want %v", tr.Meta.Date, want.date)
			}
			last := tr.Turns[len(tr.Turns)-1].Text
			if !strings.HasPrefix(tr.Trailer, want.footer) || strings.Contains(last, want.footer) {
				t.Errorf("promo not cut into the trailer: trailer %q, last turn %q", tr.Trailer, last)
			}
			if len(problems) != 0 {
				t.Errorf("want no problems (lint reports the trailer), got %v", problems)
			}
		})
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
