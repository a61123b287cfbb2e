package render

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	gmtext "github.com/yuin/goldmark/text"
)

// A turn's plain text is the text a reader sees on its page, read from
// the parsed markdown: escapes resolved (`\[laughs\]` is "[laughs]"),
// entities decoded, code kept as it is written (`shared_buffers`, `5 * 3`),
// emphasis and link marks gone where they are markup and kept where they
// are text, links as their text, a list item after its marker ("-", "2."),
// a table row's cells between " | ". It is one rendering shared by every
// export and the search index: transcript.txt writes its paragraphs (code
// blocks as their lines, indented), the JSON, the captions and the search
// index its words one space apart (Turn.Text).
//
// Most turns are plain sentences, read without a parser (plainSentences);
// those whose page HTML renderPlain writes are read from that HTML; the
// others from goldmark's tree (plainOfDoc). FuzzPlainPaths holds the three
// to one another, and FuzzPageTextSame the result to the text of the HTML.

// PlainText returns a turn's markdown as plain text: its words, one space
// apart. It is what exports, excerpts and the search index show.
func PlainText(md string) string {
	t, _ := plainOf(md)
	return t
}

// plainOf returns the plain text of a turn's markdown and its paragraphs
// as transcript.txt writes them, or "" for those when they are the text.
func plainOf(md string) (plain, paras string) {
	if plain, paras, ok := plainSentences(md, true); ok {
		return plain, paras
	}
	src := []byte(md)
	scratch := bytes.NewBuffer(buffer(2 * len(src)))
	defer func() { recycle(scratch.Bytes()) }()
	if renderPlain(scratch, src) {
		return plainOfSimpleHTML(scratch.Bytes())
	}
	src = tame(src)
	return plainOfDoc(turnParser.Parse(gmtext.NewReader(src)), src)
}

// turnParser parses markdown as Markdown does, for turns whose plain text
// is wanted without their HTML. It holds no state between parses.
var turnParser = newGoldmark().Parser()

// plainOfSimpleHTML returns the plain text and paragraphs of HTML that
// renderPlain wrote: paragraphs of lines with emphasis and links, with '"'
// the one character escaped. It reads the HTML once, into the words, and
// makes the paragraphs from them when there are two or more: most of the
// turns with markup that an episode has come this way.
func plainOfSimpleHTML(h []byte) (plain, paras string) {
	var words strings.Builder // its String is the plain text, with no copy
	words.Grow(len(h))
	var room [8]int
	breaks := room[:0] // where in words each paragraph after the first starts
	space, para := false, false
	for i := 0; i < len(h); {
		c := h[i]
		switch {
		case c == '<':
			if bytes.HasPrefix(h[i:], []byte("</p>")) {
				para = true
			}
			i += bytes.IndexByte(h[i:], '>') + 1
			continue
		case c == '&': // &quot;, the one entity renderPlain writes
			c, i = '"', i+len("&quot;")-1
		case c < utf8.RuneSelf && asciiSpace[c]:
			space = true
			i++
			continue
		case c >= utf8.RuneSelf:
			if r, n := utf8.DecodeRune(h[i:]); unicode.IsSpace(r) {
				space = true
				i += n
				continue
			}
		}
		if words.Len() > 0 && (space || para) {
			if para {
				breaks = append(breaks, words.Len()+1)
			}
			words.WriteByte(' ')
		}
		space, para = false, false
		words.WriteByte(c)
		i++
	}
	plain = words.String()
	if len(breaks) == 0 {
		return plain, ""
	}
	var p strings.Builder
	p.Grow(len(plain) + len(breaks))
	from := 0
	for _, at := range breaks {
		p.WriteString(plain[from : at-1])
		p.WriteString("\n\n")
		from = at
	}
	p.WriteString(plain[from:])
	return plain, p.String()
}

// asciiSpace marks the ASCII bytes unicode.IsSpace holds spaces.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// appendFields appends the words of s, as strings.Fields splits it, one
// space apart and a space after what b holds already.
func appendFields(b, s []byte) []byte {
	space := len(b) > 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiSpace[c] {
				space = len(b) > 0
				i++
				continue
			}
		} else if r, n := utf8.DecodeRune(s[i:]); unicode.IsSpace(r) {
			space = len(b) > 0
			i += n
			continue
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		b = append(b, c)
		i++
	}
	return b
}

// writeSpaced writes text, which has no marks, to b with each run of
// spaces and tabs in it made one space, and a space before it if one is
// due (space; never while b is empty). It reports whether a space is due
// after it.
func writeSpaced(b *strings.Builder, text string, space bool) bool {
	// Blanks at either end of text only tell whether a space goes before
	// or after its words; the words in between are most often one space
	// apart, written at once.
	from, to := 0, len(text)
	for from < to && isBlank(text[from]) {
		from++
	}
	for to > from && isBlank(text[to-1]) {
		to--
	}
	if from > 0 {
		space = b.Len() > 0
	}
	if from == to {
		return space
	}
	words := text[from:to]
	if len(words) > 16 && strings.IndexByte(words, '\t') < 0 && !strings.Contains(words, "  ") {
		if space { // words one space apart already
			b.WriteByte(' ')
		}
		b.WriteString(words)
		return to < len(text)
	}
	for i := 0; i < len(words); {
		if isBlank(words[i]) {
			space = true
			i++
			continue
		}
		word := i + 1
		for word < len(words) && !isBlank(words[word]) {
			word++
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteString(words[i:word])
		i = word
	}
	return to < len(text)
}

// isBlank reports whether c is a space or a tab.
func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// lineEnd returns where the line that starts at s[i] ends: at its '\n',
// or at the end of s.
func lineEnd(s string, i int) int {
	if n := strings.IndexByte(s[i:], '\n'); n >= 0 {
		return i + n
	}
	return len(s)
}

// plainSentences returns the words of md, as strings.Fields splits it,
// joined by single spaces: a part of md when that is what they are
// already, else a copy made a line at a time. It gives up, returning
// false, when md may hold markup: a byte of plainStop anywhere, or a line
// that markdown may read as other than a paragraph's (plainLines).
//
// When paragraphs is set, it also returns the words with a blank line
// between those a blank line of md parts, as the plain text export writes
// a turn's paragraphs, or "" when that is text: a turn's text and its
// paragraphs come from one pass over its words, as reading them twice was
// most of the export's cost. FuzzPlainPaths holds both to goldmark's tree.
func plainSentences(md string, paragraphs bool) (text, paras string, ok bool) {
	if !plainLines(md) {
		return "", "", false
	}
	first := ""              // the words, while they are a part of md as they are
	var b, p strings.Builder // p holds the paragraphs once there are two
	prev := 0                // where the last words end, 0 before the first
	for i := skipSpaces(md, 0); i < len(md); i = skipSpaces(md, i) {
		end := plainRun(md, i)
		if end < 0 {
			return "", "", false
		}
		words := strings.TrimRight(md[i:end], " ")
		blank := paragraphs && prev > 0 && hasBlankLine(md[prev:i])
		prev, i = end, end
		switch {
		case blank && p.Len() == 0:
			p.Grow(len(md))
			if b.Len() == 0 {
				p.WriteString(first)
			} else {
				p.WriteString(b.String())
			}
			fallthrough
		case blank:
			p.WriteString("\n\n")
			writeSpaced(&p, words, false)
		case p.Len() > 0:
			writeSpaced(&p, words, true)
		}
		switch {
		case first == "" && b.Len() == 0 && !strings.Contains(words, "  "):
			first = words
			continue
		case b.Len() == 0:
			b.Grow(len(md))
			b.WriteString(first)
		}
		writeSpaced(&b, words, b.Len() > 0)
	}
	if b.Len() == 0 {
		return first, p.String(), true
	}
	return b.String(), p.String(), true
}

// hasBlankLine reports whether spaces hold a blank line as markdown has
// it: two line ends with only spaces and tabs between them.
func hasBlankLine(spaces string) bool {
	i := strings.IndexByte(spaces, '\n')
	for i >= 0 {
		j := i + 1
		for j < len(spaces) && isBlank(spaces[j]) {
			j++
		}
		if j < len(spaces) && spaces[j] == '\n' {
			return true
		}
		if k := strings.IndexByte(spaces[j:], '\n'); k >= 0 {
			i = j + k
		} else {
			i = -1
		}
	}
	return false
}

// plainLines reports whether every line of md would be a paragraph's line
// to markdown, as far as its start tells: no indented code (four columns
// of indent, or a tab), and none of the starts of a list item, a heading,
// a quote or a heading's underline ("-", "+", "#", ">", "=", "1." or "1)").
func plainLines(md string) bool {
	for i := 0; i < len(md); i = lineEnd(md, i) + 1 {
		j := i
		for j < len(md) && md[j] == ' ' {
			j++
		}
		if j == len(md) || md[j] == '\n' {
			continue
		}
		c := md[j]
		if j-i >= 4 || c == '\t' || strings.IndexByte("-+#>=", c) >= 0 {
			return false
		}
		if '0' <= c && c <= '9' {
			for j < len(md) && '0' <= md[j] && md[j] <= '9' {
				j++
			}
			if j < len(md) && (md[j] == '.' || md[j] == ')') {
				return false
			}
		}
	}
	return true
}

// plainStop are the bytes that may be markup anywhere in a line, or that
// markdown reads as other than themselves: plainSentences gives up at them.
const plainStop = "\\`*_[~|&<\x00\r"

// plainRun returns where the text from s[i] on stops having only ' ' for
// spaces: at the end of s or at another space; or -1 at a byte of
// plainStop.
func plainRun(s string, i int) int {
	for i < len(s) {
		for i < len(s) && plainByte[s[i]] {
			i++
		}
		switch {
		case i == len(s):
		case strings.IndexByte(plainStop, s[i]) >= 0:
			return -1
		case spaceAt(s, i) > 0:
			return i
		default:
			i++ // a control character or a byte of a wider character
		}
	}
	return i
}

// plainByte marks printable ASCII and ' ', but for the bytes of plainStop.
var plainByte = func() (p [256]bool) {
	for c := ' '; c < utf8.RuneSelf-1; c++ {
		p[c] = !strings.ContainsRune(plainStop, c)
	}
	return p
}()
