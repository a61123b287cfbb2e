package transcript

import (
	"regexp"
	"strings"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/diag"
)

// parser holds what every format's reader needs: the source, its line
// index, the transcript being filled and the problems found.
type parser struct {
	file     string
	src      []byte
	lines    *diag.Lines
	t        *Transcript
	problems diag.List
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

// line is one line of the source: its text without the line ending, and
// the offset where it starts.
type line struct {
	text string
	off  int
}

// splitLines cuts src[from:] into lines, dropping "\r" before "\n".
func splitLines(src []byte, from int) []line {
	var out []line
	for off := from; off < len(src); {
		end, next, _ := cutLine(src, off)
		out = append(out, line{strings.TrimSuffix(string(src[off:end]), "\r"), off})
		off = next
	}
	return out
}

// Patterns of the markdown transcript format.
var (
	// headerRE matches a turn header: **Name** (m:ss) alone on a line.
	headerRE = regexp.MustCompile(`^\*\*([^*]+?)\*\*\s*\(([0-9][0-9:.,]*)\)\s*$`)
	// chapterRE matches a heading between turns, with an optional time
	// before or after its title.
	chapterRE    = regexp.MustCompile(`^#{1,6}\s+(.*?)\s*#*\s*$`)
	chapterTime  = regexp.MustCompile(`^(?:\(([0-9][0-9:.,]*)\)|\[([0-9][0-9:.,]*)\]|([0-9]+:[0-9]{2}(?::[0-9]{2})?))\s*[-–—:]?\s*|\s*[-–—]?\s*(?:\(([0-9][0-9:.,]*)\)|\[([0-9][0-9:.,]*)\])$`)
	speakersRE   = regexp.MustCompile(`(?i)^speakers?\s*:\s*(.+)$`)
	speakerSplit = regexp.MustCompile(`\s*(?:,|;|&|\band\b)\s*`)
	// footerRE matches the first line of a tool's footer or promo after
	// the last turn.
	footerRE = regexp.MustCompile(`(?i)^(?:\d+ more minutes? of (?:the )?transcript|feed this to your agent|(?:this )?transcript(?:ion)? (?:was )?(?:generated|transcribed|created|produced|provided|powered) (?:by|with|using)|transcribed (?:by|with|using)|(?:generated|powered) by \S)`)
)

// ParseMarkdown reads the markdown transcript format:
//
//	file     = [front-matter] preamble *(turn / chapter) [footer]
//	preamble = [alt-text] title [show] [date] *description [speakers]
//	speakers = "Speakers:" name *("," name)
//	turn     = "**" name "**" "(" timestamp ")" EOL *text-line
//	chapter  = 1*6"#" title [timestamp] EOL
//
// Text lines are markdown. Lines inside fenced code blocks are never
// headers. A footer is text after the last turn that starts like a tool's
// promo ("71 more minutes of transcript", "Transcribed by"); it is kept in
// Trailer, reported as a warning and left out of the turn.
func ParseMarkdown(file string, src []byte) (*Transcript, diag.List) {
	p := newParser(file, src, "markdown")
	p.parseMarkdown()
	return p.t, p.problems
}

func (p *parser) parseMarkdown() {
	body := p.frontMatter()
	lines := splitLines(p.src, body)

	type header struct {
		i       int // line index
		speaker string
		start   time.Duration
		chapter bool
	}
	var headers []header
	fence := ""
	for i, l := range lines {
		if f := fenceOf(l.text); f != "" {
			if fence == "" {
				fence = f
			} else if strings.HasPrefix(strings.TrimSpace(l.text), fence) {
				fence = ""
			}
			continue
		}
		if fence != "" {
			continue
		}
		if m := headerRE.FindStringSubmatch(l.text); m != nil {
			name := strings.TrimSpace(m[1])
			d, err := ParseTimestamp(m[2])
			if err != nil {
				p.problems.Errorf(p.pos(l.off+strings.LastIndex(l.text, "(")+1), TimestampHint, "%v", err)
				d = NoTime
			}
			headers = append(headers, header{i: i, speaker: name, start: d})
			continue
		}
		if len(headers) > 0 && chapterRE.MatchString(l.text) {
			headers = append(headers, header{i: i, chapter: true})
		}
	}

	first := len(lines)
	for _, h := range headers {
		if !h.chapter {
			first = h.i
			break
		}
	}
	p.preamble(lines[:first])
	if first == len(lines) {
		p.problems.Errorf(p.pos(body), `start each turn with a line such as **Jane Doe** (0:00), followed by what was said`, "no turns found")
		return
	}

	wrapped := hardWrapped(lines[first:])
	for k, h := range headers {
		if h.i < first {
			continue
		}
		end := len(lines)
		if k+1 < len(headers) {
			end = headers[k+1].i
		}
		text := lines[h.i+1 : end]
		if h.chapter {
			p.chapter(lines[h.i])
			text = p.orphanText(text)
			continue
		}
		if k == len(headers)-1 {
			text = p.footer(text)
		}
		turn := Turn{Speaker: h.speaker, Start: h.start, Offset: lines[h.i].off}
		turn.Text = paragraphs(text, wrapped)
		if len(text) > 0 {
			turn.TextOffset = text[0].off
		}
		if turn.Text == "" {
			p.problems.Warnf(p.pos(turn.Offset), "write what was said under the header, or delete the header", "turn of %s has no text", turn.Speaker)
		}
		p.t.Turns = append(p.t.Turns, turn)
	}
	p.resolveChapters()
}

// frontMatter decodes any front matter and returns where the body starts.
func (p *parser) frontMatter() int {
	start := 0
	if strings.HasPrefix(string(p.src), "\uFEFF") {
		start = 3
	}
	fence, text, textOff, body := splitFrontMatter(p.src[start:])
	if fence == "" {
		return start
	}
	textOff += start
	body += start
	if body == len(p.src) && !strings.HasSuffix(strings.TrimRight(string(p.src), "\r\n \t"), fence) {
		p.problems.Errorf(p.pos(start), "close the front matter with a line holding only "+fence, "front matter is not closed")
		return len(p.src)
	}
	switch fence {
	case "---":
		p.decodeYAML(text, textOff)
	case "+++":
		p.decodeTOML(text, textOff)
	}
	return body
}

// preamble reads the lines before the first turn: title, show, date,
// description and speakers. Front matter, already read, wins over it.
func (p *parser) preamble(lines []line) {
	var items []line
	for _, l := range lines {
		if t := strings.TrimSpace(l.text); t != "" {
			items = append(items, line{t, l.off})
		}
	}
	// An image's alt text glued before the title, as some sites export it:
	// "Title artwork" followed by "Title".
	if len(items) >= 2 && len(items[0].text) > len(items[1].text) && strings.HasPrefix(items[0].text, items[1].text) {
		items = items[1:]
	}
	var title, show, desc []string
	var date time.Time
	var declared []Speaker
	dated := false
	for i, it := range items {
		if m := speakersRE.FindStringSubmatch(it.text); m != nil {
			for _, name := range speakerSplit.Split(m[1], -1) {
				if name = strings.TrimSpace(name); name != "" {
					declared = append(declared, Speaker{Name: name, Offset: it.off})
				}
			}
			continue
		}
		text := strings.TrimSpace(strings.TrimLeft(it.text, "#"))
		switch {
		case i == 0:
			title = append(title, text)
		case !dated && i < 4:
			if d, err := ParseDate(text); err == nil {
				date, dated = d, true
				show = append(show, desc...)
				desc = nil
				continue
			}
			desc = append(desc, it.text)
		default:
			desc = append(desc, it.text)
		}
	}
	m := &p.t.Meta
	if m.Title == "" && len(title) > 0 {
		m.Title = title[0]
	}
	if m.Show == "" {
		m.Show = strings.Join(show, " ")
	}
	if m.Date.IsZero() {
		m.Date = date
	}
	if m.Description == "" {
		m.Description = strings.Join(desc, "\n\n")
	}
	if len(p.t.Speakers) == 0 {
		p.t.Speakers = declared
	}
}

// footer cuts a tool's footer off the last turn's lines.
func (p *parser) footer(text []line) []line {
	for i, l := range text {
		if footerRE.MatchString(strings.TrimSpace(l.text)) {
			var b strings.Builder
			for _, f := range text[i:] {
				b.WriteString(f.text)
				b.WriteByte('\n')
			}
			p.t.Trailer = strings.TrimSpace(b.String())
			p.t.TrailerOffset = l.off
			p.problems.Warnf(p.pos(l.off), "delete it from the transcript; if it is speech, put it under a turn header",
				"text after the last turn looks like a footer (%q) and is left out", firstWords(l.text, 8))
			return text[:i]
		}
	}
	return text
}

// chapter records a heading between turns.
func (p *parser) chapter(l line) {
	title := chapterRE.FindStringSubmatch(l.text)[1]
	start := NoTime
	if loc := chapterTime.FindStringSubmatchIndex(title); loc != nil {
		for g := 2; g < len(loc); g += 2 {
			if loc[g] >= 0 {
				ts := title[loc[g]:loc[g+1]]
				if d, err := ParseTimestamp(ts); err == nil {
					start = d
				} else {
					p.problems.Errorf(p.pos(l.off+strings.Index(l.text, ts)), TimestampHint, "%v", err)
				}
				title = strings.TrimSpace(title[:loc[0]] + title[loc[1]:])
				break
			}
		}
	}
	p.t.Chapters = append(p.t.Chapters, Chapter{Title: title, Start: start, Turn: len(p.t.Turns), Offset: l.off})
}

// orphanText keeps text between a chapter heading and the next turn in the
// previous turn, so nothing is lost, and reports it.
func (p *parser) orphanText(text []line) []line {
	for _, l := range text {
		if strings.TrimSpace(l.text) == "" {
			continue
		}
		if n := len(p.t.Turns); n > 0 {
			p.t.Turns[n-1].Text += "\n\n" + paragraphs(text, false)
			p.problems.Warnf(p.pos(l.off), "put it under a turn header, or before the heading", "text after a chapter heading is not in a turn; it is kept in the turn before")
		}
		return nil
	}
	return nil
}

// resolveChapters gives chapters without a time the start of their first turn.
func (p *parser) resolveChapters() {
	for i := range p.t.Chapters {
		c := &p.t.Chapters[i]
		if c.Start == NoTime && c.Turn < len(p.t.Turns) {
			c.Start = p.t.Turns[c.Turn].Start
		}
	}
}

// fenceOf returns the fence ("```" or "~~~", as long as written) when the
// line opens or closes a fenced code block, or "".
func fenceOf(s string) string {
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
	longest := 0
	for _, l := range lines {
		longest = max(longest, len([]rune(l.text)))
	}
	return longest <= 100
}

// paragraphs joins a turn's lines into markdown. Unless the file is hard
// wrapped, consecutive plain lines become separate paragraphs; lists, quotes,
// tables and code keep their line structure.
func paragraphs(lines []line, wrapped bool) string {
	var b strings.Builder
	fence := ""
	prevPlain := false
	for _, l := range lines {
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
		if b.Len() > 0 {
			b.WriteByte('\n')
			if plain && prevPlain && !wrapped {
				b.WriteByte('\n')
			}
		}
		b.WriteString(s)
		prevPlain = plain
	}
	return strings.TrimSpace(b.String())
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
