package transcript

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// header is a turn header recognised on a line by a lineStyle.
type header struct {
	speaker string
	ts      string // the timestamp as written, "" when the header has none
	tsAt    int    // index of ts in the line, for error positions
	text    int    // index in the line where the turn's text starts; -1 for none
	cont    bool   // continues the speech of the turn before: same speaker
	role    string // the speaker's part, as in "**Ann (host)** (0:00)"; "" for none
}

// lineStyle is one markdown-ish line format: what its turn headers look
// like. Everything else (front matter, preamble, chapters, fences, footers,
// paragraphs) is shared by parseLines.
type lineStyle struct {
	name   string
	header func(s string) (header, bool)
	// merge joins runs of speakerless lines into readable turns.
	merge bool
	// shaped is set when every header of the style is headerShaped:
	// detection and lookalike then try only such lines.
	shaped bool
}

// lineStyles are the line formats, in the order detection prefers them
// when two recognise as many headers.
var lineStyles = []*lineStyle{
	{name: FormatMarkdown, header: spineHeader, shaped: true},
	{name: FormatBoldColon, header: boldColonHeader, shaped: true},
	{name: FormatBoldBracket, header: boldBracketHeader, shaped: true},
	{name: FormatTimeBold, header: timeBoldHeader, shaped: true},
	{name: FormatHeading, header: headingHeader, shaped: true},
	{name: FormatRev, header: revHeader, shaped: true},
	{name: FormatNameTime, header: nameTimeHeader, shaped: true},
	{name: FormatTimeName, header: timeNameHeader, shaped: true},
	{name: FormatOtter, header: otterLine}, // not shaped: its lines may end in spaces
	{name: FormatOxide, header: oxideHeader, shaped: true},
	{name: FormatRevPlain, header: revPlainHeader}, // not shaped: "Name:" may end in spaces
	{name: FormatVoiceLines, header: voiceLineHeader, merge: true, shaped: true},
	{name: FormatYouTube, header: youTubeHeader, shaped: true},
	{name: FormatPlain, header: plainHeader, merge: true, shaped: true},
	{name: FormatWhisperSec, header: whisperSecondsHeader, merge: true, shaped: true},
}

// spineHeader: "**" name "**" "(" timestamp ")" / "**" name ":**" / "(" timestamp ")",
// each alone on its line.
func spineHeader(s string) (header, bool) {
	if s[0] == '(' {
		ts, n, ok := bracketTime(s)
		if ok && strings.TrimSpace(s[n:]) == "" {
			return header{ts: ts, tsAt: 1, text: -1}, true
		}
		return header{}, false
	}
	name, rest, ok := boldName(s)
	if !ok {
		return header{}, false
	}
	rest = trimLeftBlank(rest)
	if rest == "" || rest == ":" {
		if n := strings.TrimSuffix(name, ":"); n != name || rest == ":" {
			speaker, role, ok := boldLabel(n)
			return header{speaker: speaker, role: role, text: -1}, ok
		}
		return header{}, false
	}
	if rest[0] != '(' {
		return header{}, false
	}
	ts, n, ok := bracketTime(rest)
	if !ok || strings.TrimSpace(rest[n:]) != "" {
		return header{}, false
	}
	speaker, role, ok := boldLabel(name)
	return header{speaker: speaker, role: role, ts: ts, tsAt: len(s) - len(rest) + 1, text: -1}, ok
}

// boldLabel reads the text of a bold speaker label: a name, and maybe a
// part in brackets after it. A part in lower case is the speaker's role
// ("Ann (host)"); any other is part of the name ("Jiaona Zhang (JZ)").
func boldLabel(label string) (name, role string, ok bool) {
	label = strings.TrimSpace(label)
	if !strings.HasSuffix(label, ")") {
		return label, "", isBoldName(label)
	}
	if k := strings.LastIndex(label, " ("); k > 0 {
		part := label[k+2 : len(label)-1]
		base := trimRightBlank(label[:k])
		if part == "" || strings.ContainsAny(part, "()[]*") || strings.Count(part, " ") > 2 || !isBoldName(base) {
			return "", "", false
		}
		if r, _ := utf8.DecodeRuneInString(part); unicode.IsLower(r) {
			return base, part, true
		}
		return label, "", true
	}
	return label, "", isBoldName(label)
}

// boldColonHeader (Changelog): "**" name ":**" text / "**" name "**:" text,
// with maybe a space before the closing "**" ("**Ann: **", a typo of a
// few real files).
func boldColonHeader(s string) (header, bool) {
	name, rest, ok := boldName(s)
	if !ok {
		return header{}, false
	}
	name = trimRightBlank(name)
	if n := strings.TrimSuffix(name, ":"); n != name {
		name = n
	} else if r := trimLeftBlank(rest); strings.HasPrefix(r, ":") {
		rest = r[1:]
	} else {
		return header{}, false
	}
	speaker, role, ok := boldLabel(name)
	if !ok {
		return header{}, false
	}
	return header{speaker: speaker, role: role, text: textAt(s, rest)}, true
}

// boldBracketHeader (Substack): "**" name "**" "[" timestamp "]" [":"] [text],
// the brackets possibly escaped.
func boldBracketHeader(s string) (header, bool) {
	name, rest, ok := boldName(s)
	if !ok || !isBoldName(name) {
		return header{}, false
	}
	r := trimLeftBlank(rest)
	if r == "" || (r[0] != '[' && r[0] != '\\') {
		return header{}, false
	}
	ts, n, ok := bracketTime(r)
	if !ok {
		return header{}, false
	}
	at := len(s) - len(r) + strings.Index(r, ts)
	r = strings.TrimPrefix(trimLeftBlank(r[n:]), ":")
	return header{speaker: name, ts: ts, tsAt: at, text: textAt(s, r)}, true
}

// timeBoldHeader: bracketed-timestamp "**" name "**" [":"] [text], as in
// "\[1:02:03.4\] **Jane** text".
func timeBoldHeader(s string) (header, bool) {
	if s[0] != '[' && s[0] != '(' && s[0] != '\\' {
		return header{}, false
	}
	ts, n, ok := bracketTime(s)
	if !ok {
		return header{}, false
	}
	name, rest, ok := boldName(trimLeftBlank(s[n:]))
	if !ok {
		return header{}, false
	}
	name = strings.TrimSpace(strings.TrimSuffix(name, ":"))
	if !isBoldName(name) {
		return header{}, false
	}
	rest = strings.TrimPrefix(rest, ":")
	return header{speaker: name, ts: ts, tsAt: strings.Index(s, ts), text: textAt(s, rest)}, true
}

// headingHeader: 1*6"#" name ("—" / "–" / "-" / "|") timestamp.
func headingHeader(s string) (header, bool) {
	if s[0] != '#' || !isDigit(s[len(s)-1]) {
		return header{}, false
	}
	t := strings.TrimLeft(s, "#")
	if len(s)-len(t) > 6 || t == "" || t[0] != ' ' {
		return header{}, false
	}
	ts, at, ok := trailingTime(s)
	if !ok {
		return header{}, false
	}
	head := trimRightBlank(s[:at])
	for _, sep := range []string{"—", "–", "-", "|", "·"} {
		if h, ok := strings.CutSuffix(head, sep); ok {
			name := strings.TrimSpace(strings.TrimLeft(h, "#"))
			if isName(name) {
				return header{speaker: name, ts: ts, tsAt: at, text: -1}, true
			}
		}
	}
	return header{}, false
}

// revHeader (Rev): name ":" bracketed-timestamp [text] / name bracketed-timestamp ":" [text];
// a later block of the same speaker is bracketed-timestamp ":" [text]. The
// name may carry a nickname in quotes or a part in brackets
// ("Jiaona Zhang (JZ)"), and the line may start with blanks.
func revHeader(s string) (header, bool) {
	t := trimLeftBlank(s)
	lead := len(s) - len(t)
	if t == "" {
		return header{}, false
	}
	if t[0] == '(' {
		ts, n, ok := bracketTime(t)
		if !ok || n >= len(t) || t[n] != ':' {
			return header{}, false
		}
		return header{ts: ts, tsAt: lead + 1, text: textAt(s, t[n+1:]), cont: true}, true
	}
	i := timeParen(t)
	if i < 2 {
		return header{}, false
	}
	ts, n, _ := bracketTime(t[i:])
	name, rest := trimRightBlank(t[:i]), t[i+n:]
	if n, ok := strings.CutSuffix(name, ":"); ok {
		name = n
	} else if r, ok := strings.CutPrefix(rest, ":"); ok {
		rest = r
	} else if trimRightBlank(rest) != "" {
		// Without its colon a header is the name and time alone on
		// their line, as Rev exports have them now and then.
		return header{}, false
	}
	if !isRevName(name) {
		return header{}, false
	}
	return header{speaker: name, ts: ts, tsAt: lead + i + 1, text: textAt(s, rest)}, true
}

// timeParen is the index in s of the first "(" that opens a timestamp, or
// -1 when there is none where a name would end.
func timeParen(s string) int {
	for i := 0; i <= maxName+8 && i < len(s); {
		k := strings.IndexByte(s[i:min(len(s), maxName+8)], '(')
		if k < 0 {
			return -1
		}
		i += k
		if _, _, ok := bracketTime(s[i:]); ok {
			return i
		}
		i++
	}
	return -1
}

// isRevName is isName for a name that may end in a part in brackets, as
// "Jiaona Zhang (JZ)" does, or in a suffix after a comma, as "Mike
// Maples, Jr." does.
func isRevName(name string) bool {
	if k := strings.LastIndex(name, ", "); k > 0 && nameSuffixes[name[k+2:]] {
		name = name[:k]
	}
	if k := strings.LastIndex(name, " ("); k > 0 && strings.HasSuffix(name, ")") {
		part := name[k+2 : len(name)-1]
		if part == "" || strings.ContainsAny(part, "()") || strings.Count(part, " ") > 2 {
			return false
		}
		name = name[:k]
	}
	return isName(name)
}

// nameTimeHeader (Lex Fridman): name "(" timestamp ")" [text]; a block
// that goes on with the same speech is "(" timestamp ")" text.
func nameTimeHeader(s string) (header, bool) {
	i := nameEnd(s, '(')
	if i < 0 || i > maxName {
		return header{}, false
	}
	ts, n, ok := bracketTime(s[i:])
	if !ok || (i+n < len(s) && s[i+n] != ' ') {
		return header{}, false
	}
	if i == 0 {
		return header{ts: ts, tsAt: 1, text: textAt(s, s[n:]), cont: true}, true
	}
	name := trimRightBlank(s[:i])
	if len(name) == i || !isName(name) {
		return header{}, false
	}
	return header{speaker: name, ts: ts, tsAt: i + 1, text: textAt(s, s[i+n:])}, true
}

// timeNameHeader (meeting tools): bracketed-timestamp name ":" text; a line
// with no name goes on with the speech before.
func timeNameHeader(s string) (header, bool) {
	if s[0] != '[' && s[0] != '(' {
		return header{}, false
	}
	ts, n, ok := bracketTime(s)
	if !ok {
		return header{}, false
	}
	rest := trimLeftBlank(s[n:])
	if c := nameEnd(rest, ':'); c > 0 && c <= maxName && isName(rest[:c]) {
		return header{speaker: rest[:c], ts: ts, tsAt: 1, text: textAt(s, rest[c+1:])}, true
	}
	return header{ts: ts, tsAt: 1, text: textAt(s, rest), cont: true}, true
}

// otterHeader (Otter.ai): name 1*WSP timestamp, alone on its line.
func otterHeader(s string) (header, bool) {
	if !isDigit(s[len(s)-1]) {
		return header{}, false
	}
	ts, at, ok := trailingTime(s)
	if !ok || at == 0 || (s[at-1] != ' ' && s[at-1] != '\t') {
		return header{}, false
	}
	name := trimRightBlank(s[:at])
	if !isName(name) {
		return header{}, false
	}
	return header{speaker: name, ts: ts, tsAt: at, text: -1}, true
}

// plainHeader (YouTube, Whisper): [bracket] timestamp [" --> " timestamp]
// [bracket] [text], with no speaker.
func plainHeader(s string) (header, bool) {
	c := s[0]
	if !isDigit(c) && c != '[' && c != '(' && c != '\\' {
		return header{}, false
	}
	if isDigit(c) {
		n := timeLen(s)
		if n == 0 || (n < len(s) && s[n] != ' ' && s[n] != '\t') {
			return header{}, false
		}
		return header{ts: s[:n], text: textAt(s, s[n:])}, true
	}
	if ts, n, ok := bracketTime(s); ok {
		return header{ts: ts, tsAt: strings.Index(s, ts), text: textAt(s, s[n:])}, true
	}
	// Whisper: [00:00.000 --> 00:05.000]
	if c != '[' {
		return header{}, false
	}
	n := timeLen(s[1:])
	end := strings.IndexByte(s, ']')
	if n == 0 || end < 0 || !strings.HasPrefix(strings.TrimSpace(s[1+n:end]), "-->") {
		return header{}, false
	}
	return header{ts: s[1 : 1+n], tsAt: 1, text: textAt(s, s[end+1:])}, true
}

// maxName is the longest a speaker's name may be, in bytes.
const maxName = 64

// nameEnd is the index of the first c in s, or -1 when there is none in
// the first maxName+1 bytes, where a name would end: a line of text need
// not be searched to its end.
func nameEnd(s string, c byte) int {
	return strings.IndexByte(s[:min(len(s), maxName+1)], c)
}

// boldName cuts "**name**" off the start of s.
func boldName(s string) (name, rest string, ok bool) {
	if len(s) < 5 || s[0] != '*' || s[1] != '*' {
		return "", "", false
	}
	end := strings.Index(s[2:], "**")
	if end <= 0 {
		return "", "", false
	}
	return s[2 : 2+end], s[4+end:], true
}

// isBoldName accepts the text of a bold speaker label: short, a few
// words, not a sentence. It may end in a full stop, as "Dr." or "Martin
// Luther King Jr." do: every label it is asked about is followed by a
// colon or a timestamp, which a bold sentence is not.
func isBoldName(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxName {
		return false
	}
	spaces := 0 // one pass, as it runs on every header line
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '[', ']', '(', ')':
			return false
		case ' ':
			spaces++
		}
	}
	if spaces > 5 {
		return false
	}
	switch s[len(s)-1] {
	case '?', '!', ',', ';':
		return false
	}
	return true
}

// isName accepts a speaker's name written without markup: one to six
// words, each capitalised (or a number, or a particle such as "van"), as
// in "Speaker 1", "Jane van Dijk" or "李明". It is what keeps a sentence
// that happens to contain a colon or a time from becoming a speaker.
func isName(s string) bool {
	if s == "" || len(s) > maxName || strings.TrimSpace(s) != s {
		return false
	}
	i := 0 // words so far; not strings.Fields, which allocates on every line tried
	for w := range strings.FieldsSeq(s) {
		if i == 6 {
			return false
		}
		r, n := utf8.DecodeRuneInString(w)
		if strings.ContainsRune(quotes, r) && n < len(w) {
			r, _ = utf8.DecodeRuneInString(w[n:])
		}
		switch {
		case unicode.IsDigit(r):
		case unicode.IsLetter(r) && !unicode.IsLower(r):
		case i > 0 && particles[w]:
		default:
			return false
		}
		i++
		for _, c := range w {
			if !unicode.IsLetter(c) && !unicode.IsDigit(c) && !strings.ContainsRune(".'’‘-&\"“”", c) {
				return false
			}
		}
	}
	return true
}

// quotes open a nickname within a name: "Andrew 'Boz' Bosworth".
const quotes = "'‘\"“"

// nameSuffixes are what a name may end in after a comma.
var nameSuffixes = map[string]bool{"Jr.": true, "Jr": true, "Sr.": true, "Sr": true, "II": true, "III": true, "IV": true,
	"PhD": true, "Ph.D.": true, "MD": true, "M.D.": true, "Esq.": true}

// particles are the lower-case words that names carry.
var particles = map[string]bool{"van": true, "von": true, "der": true, "den": true, "de": true, "da": true, "di": true, "du": true, "la": true, "le": true, "del": true, "bin": true, "al": true, "ten": true, "ter": true, "y": true}

// bracketTime reads a timestamp in (), [] or escaped \[\] at the start of
// s, returning it, the bytes consumed and whether there was one.
func bracketTime(s string) (ts string, n int, ok bool) {
	open, close := "", ""
	switch {
	case strings.HasPrefix(s, `\[`):
		open, close = `\[`, `\]`
	case strings.HasPrefix(s, "["):
		open, close = "[", "]"
	case strings.HasPrefix(s, "("):
		open, close = "(", ")"
	default:
		return "", 0, false
	}
	l := timeLen(s[len(open):])
	if l == 0 || !strings.HasPrefix(s[len(open)+l:], close) {
		return "", 0, false
	}
	return s[len(open) : len(open)+l], len(open) + l + len(close), true
}

// timeLen is the length of a timestamp at the start of s: digits and
// colons, with at least one colon, and an optional fraction. It checks the
// shape only; ParseTimestamp checks the numbers.
func timeLen(s string) int {
	i, colons := 0, 0
	for i < len(s) && (isDigit(s[i]) || (s[i] == ':' && i > 0 && isDigit(s[i-1]))) {
		if s[i] == ':' {
			colons++
		}
		i++
	}
	if colons == 0 || colons > 2 || !isDigit(s[i-1]) {
		return 0
	}
	if i+1 < len(s) && (s[i] == '.' || s[i] == ',') && isDigit(s[i+1]) {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	return i
}

// trailingTime finds a timestamp that ends s, returning it and its index.
func trailingTime(s string) (string, int, bool) {
	i := len(s)
	for i > 0 && (isDigit(s[i-1]) || s[i-1] == ':' || s[i-1] == '.' || s[i-1] == ',') {
		i--
	}
	for i < len(s) && !isDigit(s[i]) {
		i++
	}
	if n := timeLen(s[i:]); n == len(s)-i && n > 0 {
		return s[i:], i, true
	}
	return "", 0, false
}

// textAt returns the index in s where the text in its suffix rest starts,
// or -1 when rest is blank.
func textAt(s, rest string) int {
	t := trimLeftBlank(rest)
	if t == "" {
		return -1
	}
	return len(s) - len(t)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// trimLeftBlank is strings.TrimLeft(s, " \t"), which makes a set of the
// two bytes on every call: header recognition trims on every line.
func trimLeftBlank(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	return s
}

// trimRightBlank is strings.TrimRight(s, " \t"); see trimLeftBlank.
func trimRightBlank(s string) string {
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}
