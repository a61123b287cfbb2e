package transcript

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/diag"
)

// parser holds what every format's reader needs: the source, its line
// index, the transcript being filled and the problems found.
type parser struct {
	file     string
	src      []byte
	text     string // src as a string, which lines and turn texts share; see source
	lines    *diag.Lines
	t        *Transcript
	problems diag.List
	// texts holds the turn texts that could not be cut from the source;
	// see textChunk.
	texts strings.Builder
	// markers are the site's labels of stretches that are not speech,
	// over DefaultMarkers.
	markers []string
	limits  Limits
	// nearMissLine is the first line that was nearly a turn header; see
	// nearMiss.
	nearMissLine string
	// looks are the lines read as text that another line style reads
	// as turn headers; see lookalike.
	looks lookalikes
}

func newParser(file string, src []byte, format string) *parser {
	return &parser{
		file:  file,
		src:   src,
		lines: diag.NewLines(file, src),
		t:     &Transcript{File: file, Format: format},
	}
}

func (p *parser) pos(off int) diag.Pos { return p.lines.Pos(off) }

// source returns the file as one string, made once: the lines of a file
// and the texts of its turns are cut from it, so that a turn whose text
// is written as the file has it costs no copy.
func (p *parser) source() string {
	if p.text == "" {
		p.text = string(p.src)
	}
	return p.text
}

// linesFrom cuts the file from offset from into lines.
func (p *parser) linesFrom(from int) []line { return splitText(p.source(), from) }

// line is one line of the source: its text without the line ending, and
// the offset where it starts.
type line struct {
	text string
	off  int
}

// splitLines cuts src[from:] into lines, dropping any "\r" before "\n". The
// lines share one copy of the source.
func splitLines(src []byte, from int) []line { return splitText(string(src), from) }

// splitText is splitLines for a source already in a string, which the
// lines' texts are cut from.
func splitText(s string, from int) []line {
	return appendLines(make([]line, 0, strings.Count(s[from:], "\n")+1), s, from, len(s))
}

// appendLines appends the lines of s[from:to] to dst, to being the start of
// a line or len(s): the lines are those splitText would give there.
func appendLines(dst []line, s string, from, to int) []line {
	for off := from; off < to; {
		var l line
		l, off = nextLine(s, off)
		dst = append(dst, l)
	}
	return dst
}

// nextLine returns the line of s starting at off, without its line ending
// or any "\r" before it, and the offset where the next line starts.
func nextLine(s string, off int) (l line, next int) {
	end, next := len(s), len(s)
	if i := strings.IndexByte(s[off:], '\n'); i >= 0 {
		end, next = off+i, off+i+1
	}
	text := s[off:end]
	for len(text) > 0 && text[len(text)-1] == '\r' {
		text = text[:len(text)-1]
	}
	return line{text, off}, next
}

// Patterns of the markdown transcript format. Turn headers are matched by
// hand (see markdown_styles.go): regexps run only on the few lines that
// are headings, and in the preamble.
var (
	// chapterRE matches a heading between turns, with an optional time
	// before or after its title.
	chapterRE    = regexp.MustCompile(`^#{1,6}\s+(.*?)\s*#*\s*$`)
	chapterTime  = regexp.MustCompile(`^(?:\(([0-9][0-9:.,]*)\)|\[([0-9][0-9:.,]*)\]|([0-9]+:[0-9]{2}(?::[0-9]{2})?))\s*[-–—:]?\s*|\s*[-–—]?\s*(?:\(([0-9][0-9:.,]*)\)|\[([0-9][0-9:.,]*)\])$|\s+[-–—]\s+([0-9]+:[0-9]{2}(?::[0-9]{2})?)$`)
	speakersRE   = regexp.MustCompile(`(?i)^speakers?\s*:\s*(.+)$`)
	speakerSplit = regexp.MustCompile(`\s*(?:,|;|&|\band\b)\s*`)
	// footerRE matches the first line of a tool's footer or promo after
	// the last turn.
	footerRE = regexp.MustCompile(`(?i)^(?:\d+ more minutes? of (?:the )?transcript|feed this to your agent|(?:this )?transcript(?:ion)? (?:was )?(?:generated|transcribed|created|produced|provided|powered) (?:by|with|using)|transcribed (?:by|with|using)|(?:generated|powered) by \S)`)
)

// ParseMarkdown reads the markdown transcript format:
//
//	file     = [front-matter] preamble *(turn / chapter) [footer]
//	preamble = [alt-text] title [show] [date] *description [chapter-list] [speakers]
//	speakers = "Speakers:" name *("," name)
//	turn     = header EOL *text-line
//	header   = "**" label "**" "(" timestamp ")"  ; a timed turn
//	         / "**" label ":**"                   ; a turn with no time
//	         / "(" timestamp ")"                  ; a turn with no speaker
//	label    = name [" (" role ")"]               ; a role is in lower case
//	text-line = bracketed-timestamp [":"] text    ; a turn that continues the speech
//	         / text
//	chapter  = 1*6"#" title [timestamp] EOL
//
// Text lines are markdown. Lines inside fenced code blocks are never
// headers. A label that is a marker (DefaultMarkers, Options.Markers)
// makes a turn that is not speech, with its time and "to" an end. A footer
// is text after the last turn that starts like a tool's promo ("71 more
// minutes of transcript", "Transcribed by"); it is kept in Trailer,
// reported as a warning and left out of the turn. A "# Transcript"
// heading before the first turn is a label, not a chapter.
func ParseMarkdown(file string, src []byte) (*Transcript, diag.List) {
	return ParseFormat(file, src, FormatMarkdown)
}

// parseLines reads a line format: a preamble, then turns that each start at
// a header line the style recognises, with chapters between them.
//
// It keeps no slice of every line of the file (a 90 KB file has hundreds,
// and a parse allocates little else but its output): it notes where the
// headers are, and cuts each turn's lines from the source again when it
// makes the turn, into one slice reused from turn to turn.
func (p *parser) parseLines(st *lineStyle, body int) {
	s := p.source()
	// A header is kept as its line's offset alone, and read again when
	// its turn is made: a slice with no pointers in it is cheaper to grow
	// and for the garbage collector, and headers are a few lines in many.
	type found struct {
		off  int // where the header's line starts
		kind uint8
	}
	const (
		turnHeader = iota
		chapterHeading
		timeOpener // a paragraph of a turn that opens with a time
		badTime    // a header but for its time; see nearMiss
	)
	var headers []found
	first := -1 // where the first turn's header line starts
	fence, fenceAt := "", 0
	// A line right after a header line with no text is the header's
	// text: a time there is the turn's (see turn); on any other line it
	// opens a paragraph of its own.
	afterHeader := false
	deep := false // whether nesting over the limit was reported
	for off := body; off < len(s); {
		var l line
		l, off = nextLine(s, off)
		if f := fenceOf(l.text); f != "" {
			if fence == "" {
				fence, fenceAt = f, l.off
			} else if strings.HasPrefix(strings.TrimSpace(l.text), fence) {
				fence = ""
			}
			afterHeader = false
			continue
		}
		if fence != "" {
			continue
		}
		if trimLeftBlank(l.text) == "" {
			continue
		}
		opens := !afterHeader
		afterHeader = false
		if h, ok := st.header(l.text); ok {
			// A block that continues the speech before it cannot open the
			// transcript: before the first turn it is show notes.
			if first < 0 && h.cont {
				continue
			}
			if first < 0 {
				first = l.off
			}
			headers = append(headers, found{off: l.off})
			afterHeader = h.text < 0
			continue
		}
		if _, ok := p.nearMiss(l); ok {
			if first < 0 {
				first = l.off
			}
			headers = append(headers, found{off: l.off, kind: badTime})
			continue
		}
		if first < 0 {
			continue
		}
		p.lookalike(st, l)
		switch c := l.text[0]; {
		case c == '#' && chapterRE.MatchString(l.text):
			headers = append(headers, found{off: l.off, kind: chapterHeading})
		case opens && !st.merge && (c == '[' || c == '(' || c == '\\'):
			if _, ok := openingTime(l.text); ok {
				headers = append(headers, found{off: l.off, kind: timeOpener})
				continue
			}
		case c == '>' || c == ' ' || c == '\t' || c == '-' || c == '*' || c == '+':
			if !deep && nesting(l.text) > p.limits.Nesting {
				deep = true
				p.problems.Errorf(p.pos(l.off), limitHint("nesting", p.limits.Nesting),
					"lists or quotes nest %d deep, over the limit of %d", nesting(l.text), p.limits.Nesting)
			}
		}
	}
	p.reportLookalikes(st)
	if fence != "" {
		p.problems.Warnf(p.pos(fenceAt), "close the code block with a line of "+fence,
			"code block is never closed: everything after it is read as code, turn headers too")
	}
	if first < 0 {
		lines := splitText(s, body)
		p.preamble(lines)
		p.resolveChapters()
		p.noTurns(body, lines)
		return
	}
	// Headings right before the first turn open chapters, each when it
	// carries a time or when something came before it (else it is the
	// title). One that only says "Transcript" labels what follows.
	lines := appendLines(nil, s, body, first) // the lines before the first turn
	pre := len(lines)
	for {
		k := lastNonBlank(lines[:pre])
		if k < 0 || lines[k].text[0] != '#' || !chapterRE.MatchString(lines[k].text) {
			break
		}
		m := chapterRE.FindStringSubmatch(lines[k].text)
		if transcriptLabel(m[1]) {
			pre = k
			continue
		}
		if !chapterTime.MatchString(m[1]) && (lastNonBlank(lines[:k]) < 0 && p.t.Meta.Title == "" || m[1] == p.t.Meta.Title) {
			break
		}
		pre = k
		headers = slices.Insert(headers, 0, found{off: lines[k].off, kind: chapterHeading})
	}
	p.preamble(lines[:pre])

	p.t.Turns = make([]Turn, 0, len(headers))
	text := lines[:0] // a turn's lines, reused from turn to turn (the preamble is read)
	for k, f := range headers {
		end := len(s)
		if k+1 < len(headers) {
			end = headers[k+1].off
		}
		l, next := nextLine(s, f.off)
		text = text[:0]
		if f.kind == chapterHeading {
			p.chapter(l)
			p.orphanText(appendLines(text, s, next, end))
			continue
		}
		var h header
		switch f.kind {
		case timeOpener:
			h, _ = openingTime(l.text)
		case badTime:
			h = badTimeHeader(l.text)
		default:
			h, _ = st.header(l.text)
		}
		if end-f.off > p.limits.TurnLength {
			p.problems.Errorf(p.pos(f.off), limitHint("turnLength", p.limits.TurnLength),
				"the turn is %d bytes long, over the limit of %d", end-f.off, p.limits.TurnLength)
		}
		if h.text >= 0 && h.text < len(l.text) {
			// The turn's text starts on its header line.
			text = append(text, line{l.text[h.text:], l.off + h.text})
		}
		text = appendLines(text, s, next, end)
		if k == len(headers)-1 {
			text = p.footer(text)
		}
		p.t.Turns = append(p.t.Turns, p.turn(h, l, text))
	}
	if st.merge {
		p.t.Turns = mergeTurns(p.t.Turns, p.t.Chapters)
	}
	p.resolveChapters()
}

// transcriptLabel reports whether a heading only says that the transcript
// follows, as "## Transcript" does.
func transcriptLabel(title string) bool {
	switch strings.ToLower(strings.TrimSpace(title)) {
	case "transcript", "full transcript", "episode transcript", "transcription":
		return true
	}
	return false
}

// openingTime reads a time that opens a paragraph within a turn:
// bracketed-timestamp [":"] [text], as "\[01:00:06.26\] Right." or Rev's
// "(00:00:48):". It goes on with the speech of the turn before.
func openingTime(s string) (header, bool) {
	t := trimLeftBlank(s)
	ts, n, ok := bracketTime(t)
	if !ok {
		return header{}, false
	}
	rest := t[n:]
	if rest != "" && rest[0] == ':' {
		rest = rest[1:]
	}
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' && t[0] != '\\' {
		// "\[28:05\]They": an escaped bracket is a time mark, not the
		// start of a link.
		return header{}, false
	}
	return header{ts: ts, tsAt: len(s) - len(t) + strings.Index(t, ts), text: textAt(s, rest), cont: true}, true
}

// turn makes the turn that header h on line l opens, with the given text.
func (p *parser) turn(h header, l line, text []line) Turn {
	turn := Turn{Speaker: h.speaker, Start: NoTime, Offset: l.off}
	if h.ts != "" {
		d, err := ParseTimestamp(h.ts)
		if err != nil {
			p.problems.Errorf(p.pos(l.off+h.tsAt), TimestampHint, "%v", err)
		} else {
			turn.Start = d
		}
	}
	if h.cont {
		// The speech goes on: the speaker is the last one to speak,
		// though a marker may have come between.
		for i := len(p.t.Turns) - 1; i >= 0; i-- {
			if prev := p.t.Turns[i]; prev.Speaker != "" {
				turn.Speaker = prev.Speaker
				turn.Continues = i == len(p.t.Turns)-1
				break
			}
		}
	} else if m := p.markerOf(turn.Speaker); m != "" {
		turn.Marker, turn.Speaker = m, ""
	} else if h.role != "" {
		p.declare(Speaker{Name: h.speaker, Role: h.role, Offset: l.off})
	}
	// Whether line breaks are a hard wrap is decided per turn, from the
	// turn's own lines, so that a turn reads the same wherever it is
	// written (the canonical form must read back as it was).
	turn.Text = paragraphsTo(&p.texts, textChunk, p.source(), text, hardWrapped(text))
	turn.TextOffset = min(l.off+len(l.text), len(p.src))
	for _, t := range text {
		if s := trimLeftBlank(t.text); s != "" {
			turn.TextOffset = t.off + len(t.text) - len(s)
			break
		}
	}
	if turn.Start == NoTime && h.ts == "" {
		// A time mark such as \[00:04:07.06\] that opens the text of a
		// turn with no time of its own (Changelog's transcripts place
		// them so) is the turn's start.
		if ts, n, ok := bracketTime(turn.Text); ok {
			if d, err := ParseTimestamp(ts); err == nil {
				turn.Start, turn.Text = d, strings.TrimSpace(turn.Text[n:])
			}
		}
	}
	if turn.Marker != "" {
		turn.End, turn.Text = endOf(turn.Text)
	}
	return turn
}

// endOf reads the end of a marker's stretch from its note, as in
// "**Break:** \[20:49\] to \[22:26\]", returning it (0 for none) and what
// is left of the note.
func endOf(note string) (time.Duration, string) {
	rest, ok := strings.CutPrefix(note, "to ")
	if !ok {
		rest, ok = strings.CutPrefix(note, "- ")
	}
	if !ok {
		return 0, note
	}
	ts, n, ok := bracketTime(trimLeftBlank(rest))
	if !ok {
		return 0, note
	}
	d, err := ParseTimestamp(ts)
	if err != nil || d == 0 {
		// 0 is "no end": the note keeps what it says.
		return 0, note
	}
	return d, strings.TrimSpace(trimLeftBlank(rest)[n:])
}

// declare adds a speaker a turn header describes, as "**Ann (host)**"
// does, unless front matter or the preamble declared one of that name.
// One declared without a role takes the header's; one declared with
// another keeps its own, and the header's is reported.
func (p *parser) declare(sp Speaker) {
	for i, d := range p.t.Speakers {
		switch {
		case d.Name != sp.Name || d.Role == sp.Role:
		case d.Role == "":
			p.t.Speakers[i].Role = sp.Role
		default:
			p.problems.Warnf(p.pos(sp.Offset), fmt.Sprintf("give %s one role, or write the name alone after the first header", d.Name),
				"%s is %s here but %s before: the first is kept", d.Name, sp.Role, d.Role)
		}
		if d.Name == sp.Name {
			return
		}
	}
	p.t.Speakers = append(p.t.Speakers, sp)
}

func lastNonBlank(lines []line) int {
	for k := len(lines) - 1; k >= 0; k-- {
		if strings.TrimSpace(lines[k].text) != "" {
			return k
		}
	}
	return -1
}

// fenceOf returns the fence ("```" or "~~~", as long as written) when the
// line opens or closes a fenced code block, or "".
func fenceOf(s string) string {
	// Most lines start with neither a space nor a fence: it runs for
	// every line, up to three times.
	if s == "" || s[0] != ' ' && s[0] != '`' && s[0] != '~' {
		return ""
	}
	t := strings.TrimLeft(s, " ")
	if len(s)-len(t) > 3 {
		return ""
	}
	for _, c := range []byte{'`', '~'} {
		n := 0
		for n < len(t) && t[n] == c {
			n++
		}
		if n >= 3 {
			return t[:n]
		}
	}
	return ""
}

// hardWrapped reports whether the text looks wrapped at a fixed width, in
// which case a line break continues a paragraph as markdown says; otherwise
// each line is a paragraph, as transcription services write them.
func hardWrapped(lines []line) bool {
	for _, l := range lines {
		// A character takes one to four bytes: count only the lines
		// whose bytes leave it open.
		if len(l.text) > 4*100 || (len(l.text) > 100 && moreRunesThan(l.text, 100)) {
			return false
		}
	}
	return true
}

// moreRunesThan is utf8.RuneCountInString(s) > n, counting no further
// than it must: most lines of a turn that is not wrapped run to hundreds.
func moreRunesThan(s string, n int) bool {
	for range s {
		if n == 0 {
			return true
		}
		n--
	}
	return false
}

// paragraphs joins a turn's lines, cut from src, into markdown. Unless the
// file is hard wrapped, consecutive plain lines become separate paragraphs;
// lists, quotes, tables and code keep their line structure.
//
// Most turns come out as the file has them: paragraphs already apart, no
// "\r". Their text is then cut from src rather than copied, and a copy is
// made only from the first line where the text differs from the file.
func paragraphs(src string, lines []line, wrapped bool) string {
	return paragraphsTo(new(strings.Builder), 0, src, lines, wrapped)
}

// textChunk is the least a parser's buffer of turn texts grows by. Where
// each line of a turn is a paragraph, as transcription services write
// them, every turn's text is a copy; copying a file's 200 turns into a
// few shared chunks rather than 200 strings of their own saves most of
// the allocations of a parse. 16 KiB is a size the allocator has a class
// for.
const textChunk = 16 << 10

// paragraphsTo is paragraphs writing any copy to the end of b, which may
// hold texts cut before: a text is a slice of b's string. When b has not
// room for the text, a new buffer of at least chunk bytes replaces it
// rather than b growing, which would copy the texts already cut (they
// stay valid either way: a strings.Builder never changes what it wrote).
func paragraphsTo(b *strings.Builder, chunk int, src string, lines []line, wrapped bool) string {
	if len(lines) == 0 {
		return ""
	}
	from := 0 // where the text starts in b, once copied
	copied := false
	start, end := lines[0].off, lines[0].off // src[start:end] is the text so far, until copied
	fence := ""
	prevPlain := false
	for i, l := range lines {
		s := l.text
		plain := false
		if f := fenceOf(s); f != "" && (fence == "" || strings.HasPrefix(strings.TrimSpace(s), fence)) {
			if fence == "" {
				fence = f
			} else {
				fence = ""
			}
		} else if fence == "" {
			plain = isPlain(s)
		}
		double := i > 0 && plain && prevPlain && !wrapped
		if !copied && (double || !inPlace(src, l) || i > 0 && (l.off != end+1 || src[end] != '\n')) {
			n := end - start
			for _, l := range lines[i:] {
				n += len(l.text) + 2 // and at most two line breaks
			}
			if b.Cap()-b.Len() < n {
				*b = strings.Builder{}
				b.Grow(max(n, chunkSize(chunk, src, start)))
			}
			from = b.Len()
			b.WriteString(src[start:end])
			copied = true
		}
		// Leading blank lines give leading line breaks, which the trimming
		// below takes off, as it takes the blank lines.
		if copied && i > 0 {
			b.WriteByte('\n')
			if double {
				b.WriteByte('\n')
			}
		}
		if copied {
			b.WriteString(s)
		}
		end = l.off + len(s)
		prevPlain = plain
	}
	if !copied {
		return strings.TrimSpace(src[start:end])
	}
	return strings.TrimSpace(b.String()[from:])
}

// chunkSize is how much a new buffer of turn texts is to hold, given
// that the texts still to copy start at offset start in src: chunk, or
// less near the end of the file, where what is left may not fill a chunk
// and the rest of it would be allocated for nothing. Copied, a line takes
// at most one byte more than in the file (a second line break).
func chunkSize(chunk int, src string, start int) int {
	left := len(src) - start
	if left >= chunk {
		return chunk
	}
	return min(chunk, left+strings.Count(src[start:], "\n")+1)
}

// inPlace reports whether l's text is src's at l's offset. For a line cut
// from src it is the same string, which compares in constant time.
func inPlace(src string, l line) bool {
	return l.off >= 0 && l.off+len(l.text) <= len(src) && src[l.off:l.off+len(l.text)] == l.text
}

// isPlain reports whether a line is ordinary paragraph text.
func isPlain(s string) bool {
	t := strings.TrimLeft(s, " ")
	if t == "" || len(s)-len(t) >= 4 {
		return false
	}
	switch t[0] {
	case '-', '*', '+', '>', '|', '#', '<':
		return t[0] == '*' && len(t) > 1 && t[1] != ' '
	}
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return i == 0 || (t[i] != '.' && t[i] != ')')
		}
	}
	return true
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		return strings.Join(f[:n], " ") + " …"
	}
	return strings.Join(f, " ")
}
