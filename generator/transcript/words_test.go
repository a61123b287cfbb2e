package transcript

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// labelWords are the words a line format reads as labels and keeps
// nowhere: "## Transcript" before the first turn, "Speakers:" and
// "Chapters:" (or another of listLabels) before their lists.
var labelWords = map[string]bool{"transcript": true, "transcription": true, "full": true, "episode": true, "speakers": true, "speaker": true,
	"chapters": true, "outline": true, "timestamps": true, "contents": true, "topics": true}

// letterWords counts the words of s made of letters: numbers are left out,
// as times are read into data rather than kept as text.
func letterWords(s string, into map[string]int) {
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		into[w]++
	}
}

// wordsLost returns the words of a line-format source that are in no
// place of what parsing it gives: turn texts, speakers and their roles,
// markers, metadata, chapters, the trailer, or a problem reported.
func wordsLost(src []byte) []string {
	tr, problems := Parse("words.md", src)
	in := map[string]int{}
	// A WebVTT voice tag is markup, as "**" is: its name is the turn's
	// speaker, which a run of one speaker's cues names once.
	letterWords(voiceTag.ReplaceAllString(withoutAltText(string(src)), " "), in)
	out := map[string]int{}
	m := tr.Meta
	letterWords(m.Title+" "+m.Show+" "+m.Description+" "+tr.Trailer, out)
	if !m.Date.IsZero() {
		letterWords(m.Date.Format("January Jan Monday Mon"), out)
	}
	roles := map[string]string{}
	for _, s := range tr.Speakers {
		letterWords(s.Name+" "+s.Role, out)
		roles[s.Name] = s.Role
	}
	for _, c := range tr.Chapters {
		letterWords(c.Title, out)
	}
	for _, turn := range tr.Turns {
		if !turn.Continues {
			letterWords(turn.Speaker+" "+roles[turn.Speaker], out)
		}
		letterWords(turn.Marker+" "+turn.Text, out)
		if turn.End != 0 {
			out["to"]++ // "\[20:49\] to \[22:26\]" is read into Start and End
		}
	}
	for _, p := range problems {
		letterWords(p.Msg+" "+p.Hint, out)
	}
	var lost []string
	for w, n := range in {
		if out[w] < n && !labelWords[w] {
			lost = append(lost, w)
		}
	}
	return lost
}

// voiceTag matches a WebVTT voice tag, opening or closing.
var voiceTag = regexp.MustCompile(`<v[ .\t][^>]*>|</v>`)

// withoutAltText leaves out an image's alt text glued before the title,
// which preamble reads as such: "Title artwork" followed by "Title".
func withoutAltText(s string) string {
	var first []int // the offsets of the first two non-blank lines
	for off := 0; off < len(s) && len(first) < 2; {
		l, next := nextLine(s, off)
		if strings.TrimSpace(l.text) != "" {
			first = append(first, off)
		}
		off = next
	}
	if len(first) < 2 {
		return s
	}
	a, _ := nextLine(s, first[0])
	b, _ := nextLine(s, first[1])
	at, bt := strings.TrimSpace(a.text), strings.TrimSpace(b.text)
	if len(at) > len(bt) && strings.HasPrefix(at, bt) {
		return s[:first[0]] + s[first[1]:]
	}
	return s
}

// lineFormatBody reports whether src is a body the word check applies to:
// UTF-8 text in a line format, with no front matter (whose keys are not
// words of the transcript).
func lineFormatBody(src []byte) bool {
	s := strings.TrimLeft(string(src), " \t\r\n")
	return utf8.Valid(src) && sniff("words.md", src) == "" && !strings.HasPrefix(s, "---") && !strings.HasPrefix(s, "+++") && !strings.HasPrefix(string(src), "\uFEFF")
}

// TestWordsKept checks, on every line-format sample, that each word of
// the source is somewhere in what parsing gives, or in a problem.
func TestWordsKept(t *testing.T) {
	inputs := []string{
		"**Ann (host)** (0:00)\nHi.\n\n**Jane Doe (guest)** (0:05)\nHo.\n\n**Ann (host)** (0:09)\nBye.\n",
		"**Bob** (-1:00)\nEarly words.\n",
		"**Bob* (0:00)\nNearly a turn.\n",
		"A title\n\nSome prose before the turns.\n\nLenny (00:00:00):\nHi.\n\n(00:00:04):\nMore.\n",
		"**Break:** \\[20:49\\] to \\[22:26\\] plus a note\n\n**Ann:** Back.\n",
	}
	files, _ := filepath.Glob("testdata/formats/*")
	for _, f := range files {
		if strings.HasSuffix(f, ".golden") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, string(src))
	}
	for _, in := range inputs {
		if !lineFormatBody([]byte(in)) {
			continue
		}
		if lost := wordsLost([]byte(in)); len(lost) > 0 {
			t.Errorf("words lost %q from:\n%s", lost, in)
		}
	}
}

// FuzzWordsKept is the differential property on any input: no word of a
// line-format source is lost without a problem that says so.
func FuzzWordsKept(f *testing.F) {
	seedGoldens(f, ".md", ".txt")
	f.Fuzz(func(t *testing.T, src []byte) {
		if !lineFormatBody(src) {
			return
		}
		if lost := wordsLost(src); len(lost) > 0 {
			t.Errorf("words lost %q from:\n%s", lost, src)
		}
	})
}
