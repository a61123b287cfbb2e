// Package report measures how faithfully transcripts are read: for each
// file, the format chosen, its turns and speakers, the words of its source
// against the words the site publishes, and the signs of a misreading
// (timestamps or speaker labels left in the text, speakers who are not
// people, a missing title). It is what "verbatim check -report" prints,
// and the yardstick for real archives that nobody here wrote.
package report

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"

	"github.com/verbatim-ssg/verbatim/generator/render"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// File is what the report says of one transcript file.
type File struct {
	Name   string `json:"file"`
	Format string `json:"format"`
	// Built is whether the file has no errors, so would build.
	Built bool `json:"built"`
	// Untitled is set when the episode would be published without a
	// title: no front matter title, heading or file name gave one.
	Untitled bool `json:"untitled"`
	Turns    int  `json:"turns"`
	Speakers int  `json:"speakers"`
	// Unattributed counts speech turns with no speaker.
	Unattributed int `json:"unattributed_turns"`
	// SourceWords counts the words of the source's text: its body
	// without front matter, markup, times, cue timings or JSON keys, and
	// without the speakers' names, which the headers repeat.
	SourceWords int `json:"source_words"`
	// BuiltWords counts the words of the text the site publishes: each
	// turn's plain text as render makes it, markers, the title and
	// chapter titles; speakers' names left out as in SourceWords.
	BuiltWords int `json:"built_words"`
	// KeptWords counts the source's words found in the built text, each
	// as many times as it is in both.
	KeptWords int `json:"kept_words"`
	// Lost are the first few source words missing from the built text,
	// in source order, to show what went.
	Lost []string `json:"lost_words,omitempty"`
	// Notes counts the bracketed notes of the source, "[laughs]" or
	// "\[Music\]" (not links, times or speakers' names); NotesKept, those
	// found, brackets and all, in the built text.
	Notes     int `json:"notes"`
	NotesKept int `json:"notes_kept"`
	// FalseSpeakers are speaker names that are not people: a label for
	// a break, intro or music, or a sentence.
	FalseSpeakers []string `json:"false_speakers,omitempty"`
	// LiteralTimes counts timestamps left as text in turns: "[12:34]",
	// "\[01:00:06.26\]", "(00:00:48)", or a time opening a paragraph.
	LiteralTimes int `json:"literal_timestamps"`
	// Labels counts paragraphs in turns that open with a speaker label:
	// a known speaker's "Name:", or a "Name (00:00:48)" header.
	Labels   int           `json:"speaker_labels_in_text"`
	Errors   int           `json:"errors"`
	Warnings int           `json:"warnings"`
	Time     time.Duration `json:"time_ns"` // reading, parsing and checking the file
}

// Measure fills in what t and its source src tell of a file: everything
// but its name, problems, title and time, which the caller knows.
func Measure(t *transcript.Transcript, src []byte) File {
	f := File{Format: t.Format, Turns: len(t.Turns)}
	names := t.SpeakerNames()
	f.Speakers = len(names)
	nameWords := make(map[string]bool)
	for _, n := range names {
		eachWord(n, func(w string) { nameWords[w] = true })
	}
	source := make(map[string]int)
	text := sourceText(t.Format, src)
	eachWord(text, func(w string) {
		if !nameWords[w] {
			source[w]++
			f.SourceWords++
		}
	})
	notes := make(map[string]int)
	oxide := t.Format == transcript.FormatOxide
	f.Notes = eachNote(text, names, oxide, func(n string) { notes[n]++ })
	built := make(map[string]int, len(source))
	count := func(w string) {
		if !nameWords[w] {
			built[w]++
			f.BuiltWords++
		}
	}
	add := func(s string) { eachWord(s, count) }
	builtNotes := make(map[string]int)
	noteCount := func(n string) { builtNotes[n]++ }
	add(t.Meta.Title)
	for _, c := range t.Chapters {
		add(c.Title)
	}
	for _, turn := range t.Turns {
		add(turn.Marker)
		plain := render.PlainText(turn.Text)
		add(plain)
		eachNote(plain, names, oxide, noteCount)
		if turn.Speaker == "" && turn.Marker == "" && strings.TrimSpace(turn.Text) != "" {
			f.Unattributed++
		}
		times, labels := scan(turn.Text, names)
		f.LiteralTimes += times
		f.Labels += labels
	}
	for w, n := range source {
		f.KeptWords += min(n, built[w])
	}
	for w, n := range notes {
		f.NotesKept += min(n, builtNotes[w])
	}
	if f.KeptWords < f.SourceWords {
		f.Lost = lost(text, built, nameWords)
	}
	seen := make(map[string]bool)
	for _, turn := range t.Turns {
		if n := turn.Speaker; n != "" && !seen[n] {
			seen[n] = true
			if FalseSpeaker(n) {
				f.FalseSpeakers = append(f.FalseSpeakers, n)
			}
		}
	}
	return f
}

// eachNote calls f with each bracketed note of text, "[laughs]", its
// brackets maybe escaped ("\[laughs\]" in a changelog file), and returns
// how many there were, in lower case and with markdown's escapes resolved
// ("target=\_blank" is the page's "target=_blank"). A note starts with a
// letter and holds no bracket; a link ("[text](url)"), a time and a
// speaker's name are not notes, nor, in an Oxide file (oxide), a label
// before a time ("[Speaker 1] [00:03]"). Elsewhere a note before a time
// is a note: "\[laughter\] \[49:57\]" in a changelog file.
func eachNote(text string, names []string, oxide bool, f func(string)) int {
	n := 0
	for i := 0; i < len(text); i++ {
		if text[i] != '[' {
			continue
		}
		end := strings.IndexAny(text[i+1:], "[]\n")
		if end < 0 {
			return n
		}
		inner := text[i+1 : i+1+end]
		close := i + 1 + end
		if text[close] != ']' {
			continue
		}
		inner = strings.TrimSuffix(inner, `\`)
		r, _ := utf8.DecodeRuneInString(inner)
		after := text[close+1:]
		label := oxide && strings.HasPrefix(after, " [") && timeLen(after[2:]) > 0 // "[Speaker 1] [00:03] text"
		if !unicode.IsLetter(r) || len(inner) > 80 || strings.HasPrefix(after, "(") || label || slices.Contains(names, inner) {
			continue
		}
		n++
		f(strings.ToLower(string(util.UnescapePunctuations([]byte(inner)))))
		i = close
	}
	return n
}

// MaxLost is how many lost words a File lists.
const MaxLost = 5

// lost returns the first MaxLost words of text, in order, that built does
// not hold as many times as text does by then. It spends built.
func lost(text string, built map[string]int, names map[string]bool) []string {
	var out []string
	eachWord(text, func(w string) {
		switch {
		case names[w] || len(out) == MaxLost:
		case built[w] > 0:
			built[w]--
		default:
			out = append(out, w)
		}
	})
	return out
}

// scan counts, in a turn's markdown, the timestamps left as text (a time
// in parentheses, anywhere; a time opening a line, bare or in brackets; a
// time in square brackets within a sentence, "the \[53:33\] before", is
// marked up as a time on the page) and
// the lines that open with a speaker label (one of names and a colon, or a
// capitalised "Name (00:00:48)" header).
func scan(md string, names []string) (times, labels int) {
	for i := 0; i < len(md); i++ {
		if md[i] == '(' && i+1 < len(md) {
			if n := timeLen(md[i+1:]); n > 0 && strings.HasPrefix(md[i+1+n:], ")") {
				times++
			}
		}
	}
	for line := range strings.Lines(md) {
		line = strings.TrimLeft(line, " \t")
		if b := strings.TrimPrefix(strings.TrimPrefix(line, `\`), "["); b != line {
			// A bracketed time opening a paragraph is one the parser
			// should have read as the start of a continued turn.
			if n := timeLen(b); n > 0 && (strings.HasPrefix(b[n:], "]") || strings.HasPrefix(b[n:], `\]`)) {
				times++
			}
		}
		if n := timeLen(line); n > 0 && (n == len(line) || line[n] == ' ' || line[n] == '\t' || line[n] == '\n' || line[n] == '\r') && !clock(line[n:]) {
			times++
		}
		if timedLabel(line) || namedLabel(strings.TrimLeft(line, "*"), names) {
			labels++
		}
	}
	return times, labels
}

// clock reports whether the text after a time makes it a time of day,
// "1:30 PM our time", which is speech, not a timestamp.
func clock(after string) bool {
	f := strings.Fields(after)
	if len(f) == 0 {
		return false
	}
	switch strings.ToLower(strings.TrimRight(f[0], ",.?!;:")) {
	case "am", "pm", "a.m", "p.m", "o'clock":
		return true
	}
	return false
}

// timeLen returns the length of the time s opens with, "1:23", "01:02:03",
// "01:00:06.26", or 0.
func timeLen(s string) int {
	i := digits(s, 0, 2)
	if i == 0 || i >= len(s) || s[i] != ':' {
		return 0
	}
	j := digits(s, i+1, 2)
	if j != i+3 {
		return 0
	}
	if j < len(s) && s[j] == ':' {
		if k := digits(s, j+1, 2); k == j+3 {
			j = k
		}
	}
	if j < len(s) && (s[j] == '.' || s[j] == ',') {
		if k := digits(s, j+1, 3); k > j+1 {
			j = k
		}
	}
	return j
}

// digits returns the offset after up to n ASCII digits of s from i.
func digits(s string, i, n int) int {
	j := i
	for j < len(s) && j-i < n && '0' <= s[j] && s[j] <= '9' {
		j++
	}
	if j == i {
		return 0
	}
	return j
}

// timedLabel reports whether line is a capitalised name, maybe in bold,
// then a time in brackets and nothing more but a colon: "Ann Lee
// (00:00:48):", "**Ann** [1:02]".
func timedLabel(line string) bool {
	line = strings.TrimPrefix(line, "**")
	r, _ := utf8.DecodeRuneInString(line)
	if !unicode.IsUpper(r) {
		return false
	}
	end := strings.IndexAny(line, "[(")
	if end < 0 || end > 48 {
		return false
	}
	name := strings.TrimRight(strings.TrimSuffix(strings.TrimRight(line[:end], " \\"), "**"), " ")
	for _, r := range name {
		if !unicode.IsLetter(r) && !strings.ContainsRune(" .'’-", r) {
			return false
		}
	}
	// A name's words are capitalised and it ends in no stop: "It's
	// clicky. \[32:03\]" is a sentence with its time, not a header.
	for _, w := range strings.Fields(name) {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
			return false
		}
	}
	if strings.HasSuffix(name, ".") && !strings.Contains(name, " ") {
		return false
	}
	rest := line[end+1:]
	n := timeLen(rest)
	if n == 0 {
		return false
	}
	rest = strings.TrimPrefix(rest[n:], `\`)
	if rest == "" || rest[0] != ']' && rest[0] != ')' {
		return false
	}
	return strings.Trim(rest[1:], ":* \t\r\n") == ""
}

// namedLabel reports whether line opens with one of names and a colon,
// maybe with the name in bold: "Ann:", "**Ann:**", "**Ann**:".
func namedLabel(line string, names []string) bool {
	for _, name := range names {
		if rest, ok := strings.CutPrefix(line, name); ok && strings.HasPrefix(strings.TrimLeft(rest, "*"), ":") {
			return true
		}
	}
	return false
}

// notSpeakers are labels that name a stretch of a show, not a person.
var notSpeakers = []string{"break", "intro", "outro", "jingle", "music", "song", "sample", "ad", "ads", "sponsor",
	"cold open", "interlude", "transition", "applause", "laughter", "clip", "teaser", "promo", "trailer", "theme",
	"midroll", "mid-roll", "preroll", "pre-roll", "postroll", "post-roll", "silence", "crosstalk", "inaudible"}

// FalseSpeaker reports whether a speaker name is not a person's: a label
// such as "Break" or "Cold open" (maybe numbered, "Sample 2"), or text
// that reads as a sentence: more than six words, or a final stop,
// question or exclamation mark (a stop after a short word or an
// abbreviation is none: "Mike Maples, Jr."). A lower-case name is a person's still
// (handles such as "chg" are), and so is one with a comma ("Mireille
// Reece, PsyD").
func FalseSpeaker(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.TrimRight(n, "0123456789 #")
	for _, label := range notSpeakers {
		if n == label {
			return true
		}
	}
	f := strings.Fields(name)
	if len(f) == 0 {
		return false
	}
	if len(f) > 6 || strings.ContainsAny(name[len(name)-1:], "?!") {
		return true
	}
	// A final stop ends a sentence, not an abbreviation ("Jr.", "Ph.D.").
	last := strings.TrimSuffix(f[len(f)-1], ".")
	if last == f[len(f)-1] {
		return false
	}
	abbreviation := last != "" && unicode.IsUpper(rune(last[0])) && (len(last) <= 3 || strings.Contains(last, "."))
	return !abbreviation
}
