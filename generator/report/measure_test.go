package report

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

func TestFalseSpeaker(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"Jane Roe", false},
		{"Speaker 1", false},
		{"Andrew 'Boz' Bosworth", false},
		{"Jiaona Zhang (JZ)", false},
		{"Break", true},
		{"BREAK", true},
		{"Cold open", true},
		{"Sample 2", true},
		{"Ad", true},
		{"So what I want to say is this.", true},
		{"Are you there?", true},
		{"one of the things we saw in the data", true},
		{"chg", false},
		{"sam boyer", false},
		{"Mireille Reece, PsyD", false},
		{"Well, I think so.", true},
		{"Mike Maples, Jr.", false},
		{"Mireille B. Reece, Psy.D.", false},
		{"That is all I have to say.", true},
	}
	for _, tt := range tests {
		if got := FalseSpeaker(tt.name); got != tt.want {
			t.Errorf("FalseSpeaker(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestScan(t *testing.T) {
	names := []string{"Jane Roe", "Kai"}
	tests := []struct {
		name, md      string
		times, labels int
	}{
		{"OKPlainSpeech", "We met at 3:30 and left at four.", 0, 0},
		{"OKVerse", "John 3:16 is a verse.", 0, 0},
		{"EscapedChangelogTime", "Before.\n\n\\[01:00:06.26\\] After.", 1, 0},
		{"BracketedTimeInASentenceIsMarkedUp", "So [12:34] then.", 0, 0},
		{"RevContinuation", "(00:00:48):\nMore.", 1, 0},
		{"OpeningBareTime", "One.\n\n12:34 Two.", 1, 0},
		{"KnownNameLabel", "Hi.\n\nKai: and then I said.", 0, 1},
		{"BoldLabel", "Hi.\n\n**Jane Roe:** yes.", 0, 1},
		{"TimedHeaderLeftInText", "Hi.\n\nAndrew Bosworth (00:00:07):\nYes.", 1, 1},
		{"OKNameInSpeech", "I told Kai: no.", 0, 0},
		{"OKTimeOfDay", "1:30 PM our time.\n5:30 a.m.? Early.", 0, 0},
		{"ErrTimeOpeningAParagraph", "12:34 and then", 1, 0},
		{"OKSentenceEndingInATime", "Hi.\n\nIt's clicky. \\[32:03\\]\n\nYeah. [40:16]", 0, 0},
		{"BracketTimedHeaderLeftInText", "Hi.\n\n**Ann Lee** [1:02]", 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			times, labels := scan(tt.md, names)
			if times != tt.times || labels != tt.labels {
				t.Errorf("scan(%q) = %d times, %d labels; want %d, %d", tt.md, times, labels, tt.times, tt.labels)
			}
		})
	}
}

func TestNotes(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		oxide bool
		want  []string
	}{
		{"OKNotesNotLinksTimesOrNames", `Yes \[laughs\] and [Music] but [a link](x) [12:34] [Speaker 1] [ two] [Crosstalk]`, false,
			[]string{"laughs", "music", "crosstalk"}},
		{"OKOxideLabelBeforeATime", `[Bryan] [00:03] hi [laughs]`, true, []string{"laughs"}},
		{"OKNoteBeforeATimeElsewhere", `**Jo:** \[laughter\] \[49:57\]`, false, []string{"laughter"}},
		{"OKEscapesResolved", `was \[target=\_blank\], or [target=_blank]`, false, []string{"target=_blank", "target=_blank"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			n := eachNote(tt.text, []string{"Speaker 1"}, tt.oxide, func(note string) { got = append(got, note) })
			if n != len(tt.want) || !slices.Equal(got, tt.want) {
				t.Errorf("eachNote(%q) = %d %q, want %q", tt.text, n, got, tt.want)
			}
		})
	}
}

func TestWords(t *testing.T) {
	var got []string
	eachWord(`\[Laughs\] it's 5 * 3, shared_buffers — Ünïcode!`, func(w string) { got = append(got, w) })
	want := []string{"laughs", "it", "s", "shared", "buffers", "ünïcode"}
	if !slices.Equal(got, want) {
		t.Errorf("words = %q, want %q", got, want)
	}
}

func TestSourceText(t *testing.T) {
	tests := []struct {
		name, format, src, want string
	}{
		{"FrontMatterLeftOut", transcript.FormatMarkdown, "---\ntitle: T\n---\n**A** (0:00)\nHi.\n", "**A** (0:00)\nHi.\n"},
		{"VoiceTagsLeftOut", "voice-lines", "00:00:03 <v Ann Lee>Hi there.</v>\n", "00:00:03  Hi there. \n"},
		{"EntitiesAreCharacters", transcript.FormatMarkdown, "She said &quot;no&quot; &amp; left.", `She said "no" & left.`},
		{"LinkTargetLeftOut", transcript.FormatMarkdown, "See [the page](https://example.com/a-b).", "See [the page]()."},
		{"CueTimingsAndTagsLeftOut", transcript.FormatVTT, "WEBVTT\n\nNOTE hidden\nnote text\n\nc1\n00:00.000 --> 00:01.000\n<v Ann>Hi &amp; bye.\n", " Hi & bye.\n"},
		{"SRTNumbersLeftOut", transcript.FormatSRT, "1\n00:00:00,000 --> 00:00:01,000\nHi.\n", "Hi.\n"},
		{"JSONSegmentStringsOnly", transcript.FormatJSON, `{"version":"1.0.0","text":"all of it","segments":[{"id":"s1","body":"Hi."}]}`, "Hi.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sourceText(tt.format, []byte(tt.src)); got != tt.want {
				t.Errorf("sourceText = %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzMeasure: any input measures without a panic, and the counts agree:
// no more words kept than either side has, lost words only when some are.
func FuzzMeasure(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "site", "content", "*"))
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(filepath.Base(name), src)
	}
	f.Fuzz(func(t *testing.T, name string, src []byte) {
		if strings.ContainsAny(name, "/\\") {
			return
		}
		tr, _ := transcript.Parse(name, src)
		m := Measure(tr, src)
		if m.KeptWords > m.SourceWords || m.KeptWords > m.BuiltWords || m.KeptWords < 0 {
			t.Errorf("kept %d of %d source words, %d built", m.KeptWords, m.SourceWords, m.BuiltWords)
		}
		if (len(m.Lost) > 0) != (m.KeptWords < m.SourceWords) || len(m.Lost) > MaxLost {
			t.Errorf("lost %q with %d of %d kept", m.Lost, m.KeptWords, m.SourceWords)
		}
		if m.Turns != len(tr.Turns) || m.LiteralTimes < 0 || m.Labels < 0 {
			t.Errorf("counts off: %+v", m)
		}
	})
}
