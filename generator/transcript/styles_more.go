package transcript

import "strings"

// Line formats that other tools write, each a lineStyle registered in
// lineStyles (markdown_styles.go). Detection counts their headers like any
// other style's.
const (
	FormatVoiceLines = "voice-lines" // 00:00:03 <v Name>text
	FormatWhisperSec = "whisper"     // [0.00 --> 2.24] text, [0.00 → 1.82] text
	FormatOxide      = "oxide"       // [Name] [mm:ss] text
	FormatRevPlain   = "rev-untimed" // Name: alone on a line, text below
	FormatYouTube    = "youtube"     // a time alone on a line, the caption below
)

// voiceLineHeader: timestamp 1*WSP ["<v" [classes] SP name ">"] text, as
// a WebVTT file flattened to one line a cue writes it. The voice tag is
// never left in the text; a line without one goes on with the speaker
// before (a file with no voice at all is plainHeader's: a style needs a
// header that opens a turn).
func voiceLineHeader(s string) (header, bool) {
	if !isDigit(s[0]) {
		return header{}, false
	}
	n := timeLen(s)
	if n == 0 {
		return header{}, false
	}
	rest := trimLeftBlank(s[n:])
	if len(rest) == len(s)-n {
		return header{}, false // no blank between the time and the tag
	}
	name, ok := voiceOf(rest)
	if !ok {
		// A line with no voice goes on with the speaker before, as a
		// WebVTT cue with no voice does.
		return header{ts: s[:n], text: textAt(s, rest), cont: true}, true
	}
	if len(name) > maxName {
		return header{}, false
	}
	tag := strings.IndexByte(rest, '>')
	return header{speaker: name, ts: s[:n], text: textAt(s, rest[tag+1:])}, true
}

// whisperSecondsHeader: "[" time arrow time "]" [text], Whisper's output
// as other tools write it: times in plain seconds ("[0.00 --> 2.24]"), or
// an arrow other than "-->" ("[0.00 → 1.82]"). The clock form with "-->"
// ("[00:00.000 --> 00:02.240]") is plainHeader's, which comes first.
//
//	time  = seconds / timestamp
//	arrow = "-->" / "->" / "→"
func whisperSecondsHeader(s string) (header, bool) {
	if s[0] != '[' {
		return header{}, false
	}
	n := cueTimeLen(s[1:])
	if n == 0 {
		return header{}, false
	}
	rest := trimLeftBlank(s[1+n:])
	var after string
	ok := false
	for _, arrow := range []string{"-->", "->", "→"} {
		if after, ok = strings.CutPrefix(rest, arrow); ok {
			break
		}
	}
	if !ok {
		return header{}, false
	}
	after = trimLeftBlank(after)
	m := cueTimeLen(after)
	if m == 0 || !strings.HasPrefix(after[m:], "]") {
		return header{}, false
	}
	return header{ts: s[1 : 1+n], tsAt: 1, text: textAt(s, after[m+1:])}, true
}

// cueTimeLen is the length of plain seconds or a timestamp at the start
// of s.
func cueTimeLen(s string) int {
	if n := timeLen(s); n > 0 {
		return n
	}
	return secondsLen(s)
}

// secondsLen is the length of plain seconds at the start of s: digits, a
// full stop and one to three digits.
func secondsLen(s string) int {
	i := 0
	for i < len(s) && i < 8 && isDigit(s[i]) {
		i++
	}
	if i == 0 || i == len(s) || s[i] != '.' {
		return 0
	}
	j := i + 1
	for j < len(s) && j-i <= 3 && isDigit(s[j]) {
		j++
	}
	if j == i+1 || (j < len(s) && isDigit(s[j])) {
		return 0
	}
	return j
}

// oxideHeader: "[" name "]" 1*WSP bracketed-timestamp [text], as in
// "[Speaker 1] [00:07] Well, thank you".
func oxideHeader(s string) (header, bool) {
	if s[0] != '[' {
		return header{}, false
	}
	end := nameEnd(s, ']')
	if end < 2 {
		return header{}, false
	}
	name := strings.TrimSpace(s[1:end])
	if !isName(name) {
		return header{}, false
	}
	rest := trimLeftBlank(s[end+1:])
	ts, n, ok := bracketTime(rest)
	if !ok || (n < len(rest) && rest[n] != ' ' && rest[n] != '\t') {
		return header{}, false
	}
	at := len(s) - len(rest)
	return header{speaker: name, ts: ts, tsAt: at + 1, text: textAt(s, rest[n:])}, true
}

// revPlainHeader (Rev without times): name ":" alone on its line, what
// was said on the lines below.
func revPlainHeader(s string) (header, bool) {
	s = trimRightBlank(s)
	if len(s) < 3 || s[len(s)-1] != ':' || len(s) > maxName+1 {
		return header{}, false
	}
	name := s[:len(s)-1]
	if !isName(name) || notSpeakers[name] || (strings.IndexByte(name, ' ') > 0 && strings.ToUpper(name) == name) {
		// "COMPLETE RESULTS:" and "Links:" head a section, not a turn.
		return header{}, false
	}
	return header{speaker: name, text: -1}, true
}

// notSpeakers are the words that, alone before a colon on a line, head a
// section of show notes rather than name who speaks.
var notSpeakers = map[string]bool{
	"Transcript": true, "Summary": true, "Notes": true, "Note": true, "Links": true, "Sponsors": true,
	"Resources": true, "Topics": true, "Chapters": true, "Timestamps": true, "Speakers": true,
	"Description": true, "Contents": true, "References": true, "Results": true, "Update": true,
	"Show Notes": true, "Episode Links": true, "Referenced": true, "Where to find": true,
}

// youTubeHeader (a YouTube transcript copied from its page): a timestamp
// alone on its line, the caption on the lines below. Each time opens a
// turn of its own: captions carry no full stops to merge them at.
func youTubeHeader(s string) (header, bool) {
	if !isDigit(s[0]) {
		return header{}, false
	}
	t := trimRightBlank(s)
	if n := timeLen(t); n == 0 || n != len(t) {
		return header{}, false
	}
	return header{ts: t, text: -1}, true
}

// otterLine is otterHeader on a line whose trailing blanks are ignored:
// Otter's exports end the header lines with spaces.
func otterLine(s string) (header, bool) {
	t := trimRightBlank(s)
	if t == "" {
		return header{}, false
	}
	return otterHeader(t)
}
