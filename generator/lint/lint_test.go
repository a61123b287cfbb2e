package lint

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

func check(t *testing.T, file, src string) []string {
	t.Helper()
	tr, problems := transcript.Parse(file, []byte(src))
	if problems.HasErrors() {
		t.Fatalf("input does not parse: %v", problems)
	}
	var got []string
	for _, p := range Transcript(tr, []byte(src)) {
		if p.Severity != 0 {
			t.Errorf("lint reported an error, not a warning: %v", p)
		}
		got = append(got, p.Error())
	}
	return got
}

// TestTranscript gives, for each mistake, the warnings lint reports: each
// want is a substring of one warning, and there are no others.
func TestTranscript(t *testing.T) {
	tests := []struct {
		name, file, src string
		want            []string
	}{
		{"OKCleanTranscript", "a.md", "Speakers: Ann Lee, Bo Park\n**Ann Lee** (0:00)\nHi.\n\n**Bo Park** (0:05)\nHo.\n", nil},
		{"OKNoDeclaredSpeakers", "a.md", "**Ann** (0:00)\nHi.\n\n**Bo** (0:05)\nHo.\n", nil},
		{"UndeclaredSpeakerDidYouMean", "a.md", "Speakers: Dwarkesh Patel, John Schulman\n**Dwarkesh** (0:00)\nHi.\n\n**John Schulman** (0:05)\nHo.\n\n**Dwarkesh** (0:09)\nSo.\n",
			[]string{"a.md:2:1: warning: speaker \"Dwarkesh\" is not declared (2 turns)\n\thint: did you mean Dwarkesh Patel?", "a.md:1:1: warning: declared speaker \"Dwarkesh Patel\" has no turns\n\thint: the turns say Dwarkesh: use one spelling"}},
		{"UndeclaredSpeakerMisspelt", "a.md", "Speakers: Ann Lee, Bo Park\n**Ann Lee** (0:00)\nHi.\n\n**Bo Prak** (0:05)\nHo.\n\n**Bo Park** (0:07)\nYes.\n",
			[]string{"a.md:5:1: warning: speaker \"Bo Prak\" is not declared\n\thint: did you mean Bo Park?"}},
		{"UndeclaredStranger", "a.md", "Speakers: Ann Lee\n**Ann Lee** (0:00)\nHi.\n\n**Zed** (0:05)\nHo.\n",
			[]string{"a.md:5:1: warning: speaker \"Zed\" is not declared\n\thint: the declared speakers are Ann Lee; add \"Zed\""}},
		{"TimeGoesBackwards", "a.md", "**Ann** (0:00)\nHi.\n\n**Bo** (1:30)\nHo.\n\n**Ann** (1:03)\nSo.\n",
			[]string{"a.md:7:1: warning: time goes backwards: 1:03 after 1:30\n\thint: the turn before (line 4) starts at 1:30"}},
		{"OKOverlapMarkedEarly", "a.md", "**Ann** (0:00)\nHi.\n\n**Bo** (1:30)\nHo.\n\n**Ann** (1:27)\nSo.\n", nil},
		{"OKTwoTurnsInOneSecond", "a.md", "**Ann** (0:00)\nHi.\n\n**Bo** (0:00)\nHo.\n", nil},
		{"OKQuickExchange", "a.md", "**Ann** (0:03)\nYes.\n\n**Bo** (0:03)\nNo.\n\n**Ann** (0:03)\nRight.\n\n**Bo** (0:03)\nOK.\n", nil},
		{"OKQuickExchangeOfFive", "a.md", "**Ann** (0:03)\nA?\n\n**Bo** (0:03)\nB.\n\n**Ann** (0:03)\nC.\n\n**Bo** (0:03)\nD, d d.\n\n**Ann** (0:03)\nE.\n", nil},
		{"SameTimeCopiedDown", "a.md", strings.Repeat("**Ann** (0:03)\nA few more words than anyone could say in one second, by far.\n\n", 6),
			[]string{"a.md:13:1: warning: 5 turns in a row start at 0:03"}},
		{"OKCueVoicesShareATime", "a.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\n<v Ann>Hi.\n<v Bo>Ho.\n", nil},
		{"LongGap", "a.md", "**Ann** (0:00)\nHi.\n\n**Bo** (1:05:00)\nHo.\n",
			[]string{"a.md:4:1: warning: 1h05m without a turn before 1:05:00"}},
		{"OKGapJustUnderLimit", "a.md", "**Ann** (0:00)\nHi.\n\n**Bo** (10:00)\nHo.\n", nil},
		{"OKLongStretchOfUntimedTurns", "a.md", "**Ann** (0:00)\nHi.\n\n**Bo**\n" + strings.Repeat("word ", 12*Pace) + "\n\n**Ann** (12:00)\nHo.\n", nil},
		{"OKLongAnswer", "a.md", "**Ann** (0:00)\n" + strings.Repeat("word ", 12*Pace) + "\n\n**Bo** (12:00)\nHo.\n", nil},
		{"LongGapAfterShortAnswer", "a.md", "**Ann** (0:00)\n" + strings.Repeat("word ", 40) + "\n\n**Bo** (12:00)\nHo.\n",
			[]string{"a.md:4:1: warning: 12 minutes without a turn before 12:00\n\thint: check both times; a digit may be off (the timed turn before, line 1, starts at 0:00, and 40 words said since)"}},
		{"EmptyTurn", "a.md", "**Ann** (0:00)\n\n**Bo** (0:05)\nHo.\n",
			[]string{"a.md:1:1: warning: turn of Ann has no text"}},
		{"DebrisAfterLastTurn", "a.md", "**Ann** (0:00)\nHi.\n\nTranscribed by Robots Inc.\n",
			[]string{`a.md:4:1: warning: text after the last turn looks like a footer ("Transcribed by Robots Inc.")`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := check(t, tt.file, tt.src)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d warnings, want %d:\n%s", len(got), len(tt.want), strings.Join(got, "\n"))
			}
			// Warnings come sorted by position; match each want to some warning.
			for _, w := range tt.want {
				found := false
				for _, g := range got {
					found = found || strings.Contains(g, w)
				}
				if !found {
					t.Errorf("no warning contains %q:\n%s", w, strings.Join(got, "\n"))
				}
			}
		})
	}
}

// TestMarkers: a break or an intro is not speech, so it needs no text,
// and the gap it fills is no gap to warn of when it ends; a time left at
// the end of a turn loses nothing.
func TestMarkers(t *testing.T) {
	tr := &transcript.Transcript{File: "a.md", Format: transcript.FormatMarkdown, Turns: []transcript.Turn{
		{Speaker: "Ann", Start: 0, End: 11 * time.Minute, Text: "Hi.", Offset: 0},
		{Marker: "Break", Start: 11 * time.Minute, End: 22 * time.Minute, Offset: 5},
		{Speaker: "Bo", Start: 22 * time.Minute, Text: "Ho.", Offset: 10},
		{Speaker: "Bo", Start: 23 * time.Minute, Continues: true, Offset: 12}, // a time left at the end
	}}
	if got := Transcript(tr, []byte("**Ann** (0:00)\n")); len(got) != 0 {
		t.Errorf("warnings about markers:\n%s", got)
	}
}

const (
	ownSample    = "../transcript/testdata/formats/spoken.md"
	sharedSample = "../../../shared/fixtures/spoken-md-sample.md"
)

// spokenSamples are transcripts in the shape of a transcription site's
// export, each with the warning lint gives it: the repository's own, and
// the real one beside the repository (../shared) when it is there.
func spokenSamples(t testing.TB) map[string]string {
	samples := map[string]string{
		ownSample: `sample.md:54:1: warning: text after the last turn looks like a footer ("48 more minutes of transcript below")`,
	}
	if _, err := os.Stat(sharedSample); err != nil {
		t.Logf("%s is not there: checking the repository's own sample only", sharedSample)
		return samples
	}
	samples[sharedSample] = `sample.md:54:1: warning: text after the last turn looks like a footer ("71 more minutes of transcript below")`
	return samples
}

// TestSpokenSample: a spoken.md export's only warning is the promo after
// the last turn.
func TestSpokenSample(t *testing.T) {
	for path, want := range spokenSamples(t) {
		t.Run(path, func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got := check(t, "sample.md", string(src))
			if len(got) != 1 || !strings.HasPrefix(got[0], want) {
				t.Errorf("warnings:\n%s\nwant one starting\n%s", strings.Join(got, "\n"), want)
			}
		})
	}
}

func BenchmarkTranscript(b *testing.B) {
	// The real sample when it is there, so figures stay comparable.
	src, err := os.ReadFile(sharedSample)
	if err != nil {
		src, err = os.ReadFile(ownSample)
	}
	if err != nil {
		b.Fatal(err)
	}
	tr, _ := transcript.Parse("sample.md", src)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		Transcript(tr, src)
	}
}
