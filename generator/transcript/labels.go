package transcript

// What a line format's labels mean beyond a speaker's name: markers of
// stretches that are not speech, the limits one file is held to, and the
// title a file without one is given.

import (
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// DefaultMarkers are the labels that name a stretch that is not speech
// ("**Break:** \[20:49\] to \[22:26\]"), matched without regard to case. A
// label that is one of them followed by lower-case words ("Song extract",
// "Ad break") or by "from" ("Clip from Go Time #273") is a marker too;
// "Breakmaster Cylinder", a name, is not.
var DefaultMarkers = []string{"Break", "Intro", "Outro", "Jingle", "Music", "Song", "Sample", "Ad", "Sponsor", "Cold open", "Clip", "Promo"}

// markerInitials are the first letters of DefaultMarkers, in lower case.
const markerInitials = "biojmsacp"

// markerOf returns the marker a turn label names, or "" for a speaker.
func (p *parser) markerOf(label string) string {
	if label == "" {
		return ""
	}
	lists := [][]string{DefaultMarkers, p.markers}
	if !strings.ContainsRune(markerInitials, rune(label[0]|0x20)) {
		// Most labels are names; a name seldom starts as a default does.
		lists = lists[1:]
	}
	for _, list := range lists {
		for _, m := range list {
			if len(label) < len(m) || !strings.EqualFold(label[:len(m)], m) {
				continue
			}
			rest := label[len(m):]
			if rest == "" || rest[0] == ' ' && (lowerWords(rest) || strings.HasPrefix(rest, " from ")) {
				return label
			}
		}
	}
	return ""
}

// lowerWords reports whether every word of s starts with a lower-case
// letter.
func lowerWords(s string) bool {
	n := 0
	for w := range strings.FieldsSeq(s) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLower(r) {
			return false
		}
		n++
	}
	return n > 0
}

// Limits bound what one transcript file may hold, so that no single file
// can stall a build or exhaust its memory. Each is an error with the
// file's position when exceeded.
type Limits struct {
	// FileSize is the most bytes a transcript file may have.
	FileSize int `yaml:"fileSize"`
	// TurnLength is the most bytes the text of one turn may have.
	TurnLength int `yaml:"turnLength"`
	// Nesting is how deep lists and quotes may nest in a turn's text.
	Nesting int `yaml:"nesting"`
}

// DefaultLimits are the limits a site that sets none is held to: several
// times the largest values of the real archives the parser is checked on
// (Changelog, Lenny's Rev export, Talk Python, Oxide, Podcasting 2.0 and
// transcriptator's samples: the largest file 590 KB, the longest turn
// 38 KB, lists and quotes nested 5 deep).
var DefaultLimits = Limits{FileSize: 8 << 20, TurnLength: 256 << 10, Nesting: 16}

// orDefault fills the zero fields of l from DefaultLimits.
func (l Limits) orDefault() Limits {
	if l.FileSize <= 0 {
		l.FileSize = DefaultLimits.FileSize
	}
	if l.TurnLength <= 0 {
		l.TurnLength = DefaultLimits.TurnLength
	}
	if l.Nesting <= 0 {
		l.Nesting = DefaultLimits.Nesting
	}
	return l
}

// nesting is how deep the line s nests lists and quotes: each ">" and each
// step of indentation (two spaces, or a tab) before a list item counts one.
func nesting(s string) int {
	depth, indent := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '>':
			depth++
			indent = 0
		case ' ':
			indent++
		case '\t':
			indent += 4
		case '-', '*', '+':
			if i+1 < len(s) && s[i+1] != ' ' {
				return depth + indent/2
			}
			depth += 1 + indent/2
			indent = 0
		default:
			return depth + indent/4
		}
	}
	return depth
}

// title gives a transcript with no title one: its first "# " heading, or
// else one made from its file name, which it reports for a line format
// (cue formats have no place for a title: theirs always comes so).
func (p *parser) title() {
	m := &p.t.Meta
	if strings.TrimSpace(m.Title) != "" {
		return
	}
	for _, c := range p.t.Chapters {
		if c.Offset+2 <= len(p.src) && p.src[c.Offset] == '#' && p.src[c.Offset+1] == ' ' && c.Title != "" {
			m.Title = c.Title
			return
		}
	}
	m.Title = titleFromName(p.file)
	switch p.t.Format {
	case FormatVTT, FormatSRT, FormatJSON:
		return
	}
	p.problems.Warnf(p.pos(0), "add a title: line to front matter, or a # heading before the first turn",
		"the transcript has no title: it is called %q, after its file name", m.Title)
}

// FileStem is the name a transcript file gives its episode when nothing
// else does, its URL's and its title's: the file's name without its
// extension, or, for a file named for its folder's sake
// ("content/episodes/boz/transcript.md", as archives of a folder per
// episode and Hugo's page bundles name them), the folder's name. Only
// below the content folder: content/transcript.md is called transcript.
func FileStem(file string) string {
	file = strings.ReplaceAll(file, "\\", "/")
	stem := strings.TrimSuffix(path.Base(file), path.Ext(file))
	switch strings.ToLower(stem) {
	case "transcript", "index":
		if dir := path.Dir(file); strings.Contains(dir, "/") {
			return path.Base(dir)
		}
	}
	return stem
}

// titleFromName makes a title of a file's name (FileStem):
// "the-changelog-103.md" gives "The Changelog 103".
func titleFromName(file string) string {
	base := FileStem(file)
	words := strings.FieldsFunc(base, func(r rune) bool { return r == '-' || r == '_' || r == ' ' || r == '.' })
	for i, w := range words {
		r, n := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + w[n:]
	}
	if len(words) == 0 {
		return "Untitled"
	}
	return strings.Join(words, " ")
}

// limitHint is the hint of an error for a limit exceeded.
func limitHint(key string, now int) string {
	return fmt.Sprintf("split it, or raise limits: %s: in verbatim.yaml (now %d)", key, now)
}

// nearMiss reports a line that is nearly a bold turn header but is not
// one, as "**Bob* (0:00)" or "**Bob** (-1:00)" are: read as text, it
// would join the turn before it, and its speaker would be lost.
//
// A header whose only fault is its time ("**Bob** (-1:00)") is a turn by
// its speaker with no time, and an error: nearMiss returns it.
func (p *parser) nearMiss(l line) (header, bool) {
	t := trimLeftBlank(l.text)
	if len(t) < 6 || t[0] != '*' {
		return header{}, false
	}
	a := 0
	for a < len(t) && a < 3 && t[a] == '*' {
		a++
	}
	end := strings.IndexByte(t[a:], '*')
	if end <= 0 || end > maxName {
		return header{}, false
	}
	name := t[a : a+end]
	b := a + end
	for b < len(t) && t[b] == '*' {
		b++
	}
	stars := b - a - end
	rest := trimLeftBlank(t[b:])
	if r, ok := strings.CutPrefix(rest, ":"); ok {
		rest = trimLeftBlank(r)
	}
	if rest == "" || rest[0] != '(' && rest[0] != '[' {
		return header{}, false
	}
	closing := byte(')')
	if rest[0] == '[' {
		closing = ']'
	}
	c := strings.IndexByte(rest, closing)
	if c < 0 || strings.TrimSpace(rest[c+1:]) != "" {
		return header{}, false
	}
	inner := rest[1:c]
	if !strings.ContainsRune(inner, ':') || strings.IndexAny(inner, "0123456789") < 0 {
		return header{}, false
	}
	if _, _, ok := boldLabel(strings.TrimSuffix(name, ":")); !ok {
		return header{}, false
	}
	if p.nearMissLine == "" {
		p.nearMissLine = t
	}
	_, _, timed := bracketTime(rest)
	switch {
	case a == 2 && stars == 2 && !timed:
		p.problems.Errorf(p.pos(l.off+len(l.text)-len(rest)), TimestampHint,
			"%s is not a time: the turn of %q has none", rest[:c+1], t)
		speaker, role, _ := boldLabel(strings.TrimSuffix(name, ":"))
		return header{speaker: speaker, role: role, text: -1}, true
	case a != 2 || stars != 2:
		p.problems.Warnf(p.pos(l.off+len(l.text)-len(t)), fmt.Sprintf("write it as **%s** %s", strings.TrimSpace(name), rest[:c+1]),
			"%q looks like a turn header, but its name is not between ** and **: the line is read as text", t)
	}
	return header{}, false
}

// badTimeHeader reads again a header nearMiss found at fault for its time
// alone: the speaker's turn, with no time.
func badTimeHeader(s string) header {
	name, _, _ := boldName(trimLeftBlank(s))
	speaker, role, _ := boldLabel(strings.TrimSuffix(name, ":"))
	return header{speaker: speaker, role: role, text: -1}
}

// lookalikes are the lines of a file read as text that another line
// style would read as turn headers naming a speaker.
type lookalikes struct {
	n     int
	style string // the first such line's style
	lines []int  // the first few such lines' offsets
}

// lookalike notes l, a line read as text of a turn, when another line
// style reads it as a turn header that names a speaker: the speaker would
// be lost, and the line joined to the turn before.
func (p *parser) lookalike(st *lineStyle, l line) {
	shaped := headerShaped(l.text)
	for _, other := range lineStyles {
		if other == st || other.merge || other.shaped && !shaped {
			continue
		}
		if h, ok := other.header(l.text); ok && h.speaker != "" && p.markerOf(h.speaker) == "" {
			if p.looks.n == 0 {
				p.looks.style = other.name
			}
			if len(p.looks.lines) < 3 {
				p.looks.lines = append(p.looks.lines, l.off)
			}
			p.looks.n++
			return
		}
	}
}

// headerShaped reports whether s could be a turn header of the built-in
// line styles at all: it opens with markup, a bracket or a digit, ends
// with a digit or a colon, or has a bracket where a name would end. Most
// lines of speech do none of these, and are not tried against the styles
// marked shaped.
func headerShaped(s string) bool {
	t := trimLeftBlank(s)
	if t == "" {
		return false
	}
	switch c := t[0]; {
	case c == '*' || c == '[' || c == '(' || c == '\\' || c == '#' || isDigit(c):
		return true
	case isDigit(t[len(t)-1]) || t[len(t)-1] == ':':
		return true
	}
	return strings.IndexByte(t[:min(len(t), maxName+8)], '(') >= 0
}

// reportLookalikes warns of the lines lookalike noted, once per file.
func (p *parser) reportLookalikes(st *lineStyle) {
	if p.looks.n == 0 {
		return
	}
	at := make([]string, len(p.looks.lines))
	for i, off := range p.looks.lines {
		at[i] = fmt.Sprint(p.pos(off).Line)
	}
	hint := fmt.Sprintf("write them as turn headers of the %s format, as the rest of the file is; or name the format in front matter (format: %s)", st.name, p.looks.style)
	if p.looks.n == 1 {
		p.problems.Warnf(p.pos(p.looks.lines[0]), hint,
			"line %s, read as text, looks like a turn header of the %s format: its speaker is not shown", at[0], p.looks.style)
		return
	}
	more := ""
	if p.looks.n > len(at) {
		more = ", …"
	}
	p.problems.Warnf(p.pos(p.looks.lines[0]), hint,
		"%d lines (%s%s), read as text, look like turn headers of the %s format: their speakers are not shown", p.looks.n, strings.Join(at, ", "), more, p.looks.style)
}
