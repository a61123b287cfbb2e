package transcript

import (
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/verbatim-ssg/verbatim/generator/diag"
)

// The formats a transcript can be written in; Transcript.Format holds one.
const (
	FormatMarkdown    = "markdown"  // **Name** (m:ss) on its own line, text below
	FormatBoldColon   = "changelog" // **Name:** text, no times
	FormatBoldBracket = "substack"  // **Name** [hh:mm:ss]: text
	FormatTimeBold    = "time-bold" // \[h:mm:ss.t\] **Name** text
	FormatHeading     = "heading"   // ### Name — m:ss
	FormatRev         = "rev"       // Name: (mm:ss) or Speaker 1 (00:00:00):
	FormatNameTime    = "lex"       // Name (hh:mm:ss) text, then (hh:mm:ss) text
	FormatTimeName    = "meeting"   // [hh:mm:ss] Name: text
	FormatOtter       = "otter"     // Name  m:ss on its own line, text below
	FormatPlain       = "plain"     // timestamped lines with no speakers
	FormatVTT         = "vtt"       // WebVTT, with <v Name> voices
	FormatSRT         = "srt"       // SubRip, with Name: at speaker changes
	FormatJSON        = "json"      // Podcasting 2.0 JSON transcript
)

// Formats lists every format's name, as front matter's format: key and
// the site config take them.
func Formats() []string {
	names := make([]string, 0, len(lineStyles)+3)
	for _, st := range lineStyles {
		names = append(names, st.name)
	}
	return append(names, FormatVTT, FormatSRT, FormatJSON)
}

// Parse reads a transcript file, detecting its format from its name and
// content; front matter's format: key overrides the detection. The result
// is best effort even when there are problems; the problems say what was
// wrong and where.
func Parse(file string, src []byte) (*Transcript, diag.List) {
	return ParseFormat(file, src, "")
}

// ParseFormat reads a transcript file in the named format, or detects it
// when format is "" (as a site's config may name it for files whose
// detection could go wrong). Front matter's format: key wins over both.
func ParseFormat(file string, src []byte, format string) (*Transcript, diag.List) {
	return ParseWith(file, src, Options{Format: format})
}

// Options are what a site's config says about reading its transcripts.
// The zero value reads as Parse does.
type Options struct {
	// Format names the format to read the file in; "" detects it.
	Format string
	// Markers are labels that name a stretch that is not speech, as
	// "**Break:** \[20:49\]" does, over DefaultMarkers.
	Markers []string
	// Limits bound what one file may hold; zero fields take
	// DefaultLimits.
	Limits Limits
}

// Oversized reports whether a file of size bytes is over the options'
// fileSize limit, and if so returns the transcript and the error ParseWith
// would give it: a build need not read into memory a file it will refuse.
func Oversized(file string, size int64, opt Options) (*Transcript, diag.List, bool) {
	limit := opt.Limits.orDefault().FileSize
	if size <= int64(limit) {
		return nil, nil, false
	}
	var problems diag.List
	problems.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, limitHint("fileSize", limit),
		"the file is %d bytes, over the limit of %d", size, limit)
	t := &Transcript{File: file, Format: opt.Format}
	t.Meta.Title = titleFromName(file)
	return t, problems, true
}

// ParseWith reads a transcript file as the options say; see ParseFormat.
func ParseWith(file string, src []byte, opt Options) (*Transcript, diag.List) {
	format := opt.Format
	p := newParser(file, src, format)
	p.markers = opt.Markers
	p.limits = opt.Limits.orDefault()
	if t, problems, ok := Oversized(file, int64(len(src)), opt); ok {
		return t, problems
	}
	if !utf8.Valid(src) {
		off := 0
		for off < len(src) {
			r, size := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			off += size
		}
		p.problems.Errorf(p.pos(off), "save the file as UTF-8 (your editor's \"Save with encoding\")", "the file is not UTF-8 text")
	}
	if format == "" {
		format = sniff(file, src)
	}
	body := bomLen(src)
	if format != FormatVTT && format != FormatSRT && format != FormatJSON {
		// Markdown-ish files may name their format in front matter.
		body = p.frontMatter()
		if f := p.t.Meta.Format; f != "" {
			if known(f) {
				format = f
			} else {
				hint := "the formats are " + strings.Join(Formats(), ", ")
				if near := diag.Nearest(f, Formats()); near != "" {
					hint = "did you mean " + near + "?"
				}
				p.problems.Errorf(p.pos(0), hint, "unknown format %q in front matter", f)
			}
		}
	}
	switch format {
	case FormatVTT:
		p.parseVTT(body)
	case FormatSRT:
		p.parseSRT(body)
	case FormatJSON:
		p.parseJSON(body)
	default:
		st := styleNamed(format)
		if st == nil {
			st = detectStyle(p.source(), body)
		}
		p.t.Format = st.name
		p.parseLines(st, body)
	}
	if p.t.Format == "" {
		p.t.Format = format
	}
	p.title()
	return p.t, p.problems
}

func known(format string) bool {
	for _, f := range Formats() {
		if f == format {
			return true
		}
	}
	return false
}

func styleNamed(name string) *lineStyle {
	for _, st := range lineStyles {
		if st.name == name {
			return st
		}
	}
	return nil
}

func bomLen(src []byte) int {
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		return 3
	}
	return 0
}

// sniff tells the cue formats by extension or first bytes; "" means a
// line format, told apart later by detectStyle.
func sniff(file string, src []byte) string {
	switch strings.ToLower(path.Ext(file)) {
	case ".vtt":
		return FormatVTT
	case ".srt":
		return FormatSRT
	case ".json":
		return FormatJSON
	}
	s := strings.TrimLeft(string(src[bomLen(src):min(len(src), 512)]), " \t\r\n")
	switch {
	case strings.HasPrefix(s, "WEBVTT"):
		return FormatVTT
	case strings.HasPrefix(s, "{") || strings.HasPrefix(s, "["):
		if i := strings.IndexAny(s[1:], "\"{[]}"); i >= 0 && strings.TrimSpace(s[1:1+i]) == "" {
			return FormatJSON
		}
	default:
		lines := strings.SplitN(s, "\n", 3)
		if len(lines) >= 2 && allDigits(strings.TrimSpace(lines[0])) && strings.Contains(lines[1], "-->") {
			return FormatSRT
		}
	}
	return ""
}

// detectLines is how many lines of random files TestDetectStopsOnlyWhenDecided
// writes: enough for counts to run close.
const detectLines = 400

// detectStyle picks the line style that recognises the most headers in
// the whole file, outside code blocks, preferring earlier styles on a tie.
// A style needs at least one header that names a speaker or opens a turn:
// a block that continues the speech before it never decides the format,
// and a paragraph that opens with a time counts for every style that
// names speakers, as parseLines reads it so. It stops reading as soon as
// the lines left could not change the pick.
func detectStyle(s string, from int) *lineStyle {
	counts, opens := countHeaders(s, from, decided)
	return lineStyles[leader(counts, opens)]
}

// countHeaders counts the headers each style recognises in the lines of
// s[from:] outside code blocks, and notes the styles with a header that
// opens a turn. It stops when stop says so, given how many lines at most
// are left to read.
func countHeaders(s string, from int, stop func(counts []int, opens []bool, left int) bool) (counts []int, opens []bool) {
	counts = make([]int, len(lineStyles))
	opens = make([]bool, len(lineStyles))
	fence := ""
	left := strings.Count(s[from:], "\n") + 1
	for off := from; off < len(s); left-- {
		if stop(counts, opens, left) {
			break
		}
		var l line
		l, off = nextLine(s, off)
		if f := fenceOf(l.text); f != "" {
			if fence == "" {
				fence = f
			} else if strings.HasPrefix(strings.TrimSpace(l.text), fence) {
				fence = ""
			}
			continue
		}
		if fence != "" || l.text == "" {
			continue
		}
		opener := false
		if c := l.text[0]; c == '[' || c == '(' || c == '\\' {
			_, opener = openingTime(l.text)
		}
		shaped := headerShaped(l.text)
		for i, st := range lineStyles {
			if st.shaped && !shaped {
				continue
			}
			if h, ok := st.header(l.text); ok {
				counts[i]++
				opens[i] = opens[i] || !h.cont
			} else if opener && !st.merge {
				counts[i]++
			}
		}
	}
	return counts, opens
}

// leader is the index of the style detection picks given the headers
// counted so far.
func leader(counts []int, opens []bool) int {
	best := 0
	for i := range counts {
		if opens[i] && (!opens[best] || counts[i] > counts[best]) {
			best = i
		}
	}
	return best
}

// decided reports whether the leader stays the leader whatever the next
// left lines hold: each can add at most one header to each style's count.
func decided(counts []int, opens []bool, left int) bool {
	if left <= 0 {
		return true
	}
	best := leader(counts, opens)
	if !opens[best] {
		return false
	}
	for i, n := range counts {
		// An earlier style wins a tie.
		if i < best && n+left >= counts[best] || i > best && n+left > counts[best] {
			return false
		}
	}
	return true
}

// noTurns reports a file in which no turn was found, with the formats
// tried and the first lines, so the writer sees what the parser saw.
func (p *parser) noTurns(body int, lines []line) {
	var quoted []string
	for _, l := range lines {
		if t := strings.TrimSpace(l.text); t != "" {
			quoted = append(quoted, fmt.Sprintf("%q", firstWords(t, 12)))
			if len(quoted) == 3 {
				break
			}
		}
	}
	tried := strings.Join(Formats(), ", ")
	if p.t.Meta.Format != "" {
		tried = p.t.Meta.Format + " (named in front matter)"
	}
	first := "the file is empty"
	if len(quoted) > 0 {
		first = "it starts " + strings.Join(quoted, ", ")
	}
	hint := `start each turn with a line such as **Jane Doe** (0:00), followed by what was said; or name the format in front matter (format: vtt)`
	if p.nearMissLine != "" {
		hint = fmt.Sprintf("the line %q is nearly a turn header: write it as **Name** (m:ss), with ** on both sides of the name and a time such as 1:05", p.nearMissLine)
	}
	p.problems.Errorf(p.pos(body), hint, "no turns found: tried formats %s; %s", tried, first)
}
