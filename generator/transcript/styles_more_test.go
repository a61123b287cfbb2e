package transcript

import (
	"slices"
	"testing"
	"time"
)

// TestDetectMore names the format each line format of styles_more.go is
// read as, and the formats next to it that must not take its files.
func TestDetectMore(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"VoiceLines", "00:00:03 <v Ann>Hi.\n00:00:05 <v Bo>Ho.\n", FormatVoiceLines},
		{"VoiceLinesWithClass", "0:03 <v.loud Ann>Hi.\n", FormatVoiceLines},
		{"VoiceLinesSomeWithoutVoice", "00:00:03 <v Ann>Hi.\n00:00:04 more.\n00:00:05 more.\n00:00:06 <v Bo>Ho.\n", FormatVoiceLines},
		{"TimeTextLinesStayPlain", "00:00:03 Hi.\n00:00:04 more.\n", FormatPlain},
		{"WhisperSeconds", "[0.00 --> 2.24] Hi.\n[2.24 --> 3.5] Ho.\n", FormatWhisperSec},
		{"WhisperUnicodeArrow", "[0.00 → 1.82] Hi.\n[1.90 → 2.96] Ho.\n", FormatWhisperSec},
		{"WhisperClockUnicodeArrow", "[00:00.000 → 00:01.820] Hi.\n", FormatWhisperSec},
		{"WhisperClockStaysPlain", "[00:00.000 --> 00:02.000]  hello\n", FormatPlain},
		{"Oxide", "[Speaker 1] [00:00] Hi.\n[Speaker 2] [00:04] Ho.\n", FormatOxide},
		{"OxideHours", "[Ann] [1:02:03] Hi.\n", FormatOxide},
		{"RevUntimed", "Ann Smith:\nHi.\n\nBo Jones:\nHo.\n", FormatRevPlain},
		{"RevUntimedNotASentence", "Here is what we said:\nHi.\n", FormatMarkdown},
		{"RevUntimedNotAHeading", "COMPLETE RESULTS:\nHi.\n\nLinks:\nHo.\n", FormatMarkdown},
		{"YouTube", "0:00\nhello there\n0:03\nmore words\n", FormatYouTube},
		{"OtterTrailingSpaces", "Ann Smith  0:03  \nHi.\n\nBo Jones  0:07 \nHo.\n", FormatOtter},
		{"MeetingNotOxide", "[00:00:01] Jane: Hi.\n[00:00:04] Joe: Ho.\n", FormatTimeName},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, problems := Parse("a.txt", []byte(tt.src))
			if tr.Format != tt.want {
				t.Errorf("format = %s, want %s (problems: %v)", tr.Format, tt.want, problems)
			}
		})
	}
}

// TestVoiceLinesNoTag checks that no voice tag reaches a turn's text.
func TestVoiceLinesNoTag(t *testing.T) {
	tr, _ := Parse("a.txt", []byte("00:00:03 <v Ann>Hello.\n00:00:09 <v Bo>Hi <b>there</b>.\n"))
	if len(tr.Turns) != 2 {
		t.Fatalf("turns = %d, want 2", len(tr.Turns))
	}
	for _, turn := range tr.Turns {
		if len(turn.Text) > 0 && turn.Text[0] == '<' {
			t.Errorf("turn text %q starts with a tag", turn.Text)
		}
	}
	if tr.Turns[1].Speaker != "Bo" || tr.Turns[1].Start != 9*time.Second {
		t.Errorf("second turn = %q at %v", tr.Turns[1].Speaker, tr.Turns[1].Start)
	}
}

func TestParseTimestampPlainSeconds(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"0.860", 860 * time.Millisecond, true},
		{"7.38", 7380 * time.Millisecond, true},
		{"125.5", 125*time.Second + 500*time.Millisecond, true},
		{"0.00", 0, true},
		{"12", 0, false}, // a bare number is not a time
		{"1.2345", 0, false},
		{".5", 0, false},
		{"5.", 0, false},
		{"1:02.500", time.Minute + 2500*time.Millisecond, true},
	} {
		got, err := ParseTimestamp(c.in)
		if (err == nil) != c.ok || (c.ok && got != c.want) {
			t.Errorf("ParseTimestamp(%q) = %v, %v; want %v, ok %v", c.in, got, err, c.want, c.ok)
		}
	}
}

func TestInMilliseconds(t *testing.T) {
	f := func(v float64) jsonNumber { return jsonNumber{v, true} }
	none := jsonNumber{}
	for _, c := range []struct {
		name  string
		times [][2]jsonNumber
		want  bool
	}{
		{"SecondsWithFractions", [][2]jsonNumber{{f(0.5), f(1.5)}, {f(1.5), f(4)}}, false},
		{"WholeSecondsShortEpisode", [][2]jsonNumber{{f(0), f(4)}, {f(4), f(9)}}, false},
		{"MillisecondsLongCue", [][2]jsonNumber{{f(1), f(5000)}}, true},
		{"MillisecondsStartsOnly", [][2]jsonNumber{{f(1000), none}, {f(40000), none}}, true},
		{"FractionMeansSeconds", [][2]jsonNumber{{f(1), f(5000.5)}}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := inMilliseconds(len(c.times), func(i int) (jsonNumber, jsonNumber) { return c.times[i][0], c.times[i][1] })
			if got != c.want {
				t.Errorf("inMilliseconds = %v, want %v", got, c.want)
			}
		})
	}
}

// TestSplitVoicesKeepsChapters checks that a turn cut at its voice tags
// moves the chapters after it along.
func TestSplitVoicesKeepsChapters(t *testing.T) {
	turns := []Turn{{Text: "a"}, {Speaker: "Ann", Text: "b <v Bo>c <v Ann>d"}, {Text: "e <v.x Bo>"}, {Text: "f"}}
	chapters := []Chapter{{Turn: 0}, {Turn: 2}, {Turn: 3}, {Turn: 4}}
	got, chapters := splitVoices(turns, chapters)
	var texts, speakers []string
	for _, turn := range got {
		texts, speakers = append(texts, turn.Text), append(speakers, turn.Speaker)
	}
	if want := []string{"a", "b", "c", "d", "e", "f"}; !slices.Equal(texts, want) {
		t.Errorf("texts = %q, want %q", texts, want)
	}
	if want := []string{"", "Ann", "Bo", "Ann", "", ""}; !slices.Equal(speakers, want) {
		t.Errorf("speakers = %q, want %q", speakers, want)
	}
	var at []int
	for _, c := range chapters {
		at = append(at, c.Turn)
	}
	if want := []int{0, 4, 5, 6}; !slices.Equal(at, want) {
		t.Errorf("chapters at %v, want %v", at, want)
	}
}
