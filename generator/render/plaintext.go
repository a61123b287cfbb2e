package render

import (
	"bytes"
	"html"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	gmhtml "github.com/yuin/goldmark/renderer/html"
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
	var scratch bytes.Buffer
	if renderPlain(&scratch, src) {
		return plainOfSimpleHTML(scratch.Bytes())
	}
	src = tame(src)
	return plainOfDoc(turnParser.Parse(gmtext.NewReader(src)), src)
}

// turnParser parses markdown as Markdown does, for turns whose plain text
// is wanted without their HTML. It holds no state between parses.
var turnParser = newGoldmark().Parser()

// plainOfSimpleHTML returns the plain text and paragraphs of HTML that
// renderPlain wrote: paragraphs, emphasis and links, with '"' the one
// character escaped.
func plainOfSimpleHTML(h []byte) (plain, paras string) {
	var p plainWriter
	for i := 0; i < len(h); {
		switch {
		case bytes.HasPrefix(h[i:], []byte("</p>")):
			p.endBlock()
			i += len("</p>")
		case h[i] == '<':
			i += bytes.IndexByte(h[i:], '>') + 1
		case bytes.HasPrefix(h[i:], []byte("&quot;")):
			p.raw = append(p.raw, '"')
			i += len("&quot;")
		default:
			p.raw = append(p.raw, h[i])
			i++
		}
	}
	return p.result()
}

// plainOfDoc returns the plain text and paragraphs of a parsed turn.
func plainOfDoc(doc ast.Node, src []byte) (plain, paras string) {
	p := plainWriter{src: src}
	p.blocks(doc)
	return p.result()
}

// plainWriter gathers a turn's paragraphs and words from its blocks.
type plainWriter struct {
	src    []byte
	paras  []byte // paragraphs, a blank line apart
	words  []byte // words, one space apart
	raw    []byte // the inline text of the block being read
	marker string // a list item's marker, waiting for its first block
	many   bool   // paras is not words: more than one paragraph, or code
}

// result returns what the writer read; NULs, which goldmark shows as
// U+FFFD, as U+FFFD.
func (p *plainWriter) result() (plain, paras string) {
	if bytes.IndexByte(p.paras, 0) >= 0 {
		p.words = bytes.ReplaceAll(p.words, []byte{0}, []byte("\uFFFD"))
		p.paras = bytes.ReplaceAll(p.paras, []byte{0}, []byte("\uFFFD"))
	}
	if !p.many {
		return string(p.words), ""
	}
	return string(p.words), string(p.paras)
}

// blocks reads the blocks under n.
func (p *plainWriter) blocks(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		p.block(c)
	}
}

func (p *plainWriter) block(n ast.Node) {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock, *ast.Heading:
		p.inlines(n)
		p.endBlock()
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		p.code(n.Lines())
	case *ast.HTMLBlock: // shown as text (safeRenderer.htmlBlock)
		p.lines(n.Lines())
		if n.HasClosure() {
			p.raw = append(p.raw, n.ClosureLine.Value(p.src)...)
		}
		p.endBlock()
	case *ast.ThematicBreak:
	case *ast.List:
		k, outer := n.Start, p.marker // a list first in an item: "- 1."
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			p.marker = "-"
			if n.IsOrdered() {
				p.marker = strconv.Itoa(k) + "."
				k++
			}
			if outer != "" {
				p.marker, outer = outer+" "+p.marker, ""
			}
			p.blocks(item)
			if p.marker != "" { // an empty item: its marker alone
				p.endBlock()
			}
		}
	case *extast.TableHeader, *extast.TableRow:
		for cell := n.FirstChild(); cell != nil; cell = cell.NextSibling() {
			if cell != n.FirstChild() {
				p.raw = append(p.raw, " | "...)
			}
			p.inlines(cell)
		}
		p.endBlock()
	default: // the document, a quote, a table
		p.blocks(n)
	}
}

// lines appends the text of a block's lines.
func (p *plainWriter) lines(lines *gmtext.Segments) {
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		p.raw = append(p.raw, s.Value(p.src)...)
	}
}

// code adds a code block as a paragraph of its lines, each indented four
// spaces, to the paragraphs, and its words to the words.
func (p *plainWriter) code(lines *gmtext.Segments) {
	if p.marker != "" {
		p.endBlock()
	}
	var block []byte
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		line := bytes.TrimRight(s.Value(p.src), " \t\r\n")
		if len(line) > 0 {
			block = append(append(block, "    "...), line...)
		}
		block = append(block, '\n')
	}
	block = bytes.Trim(block, "\n")
	if len(block) == 0 {
		return
	}
	p.many = true
	p.addParagraph(block)
	p.words = appendFields(p.words, block)
}

// endBlock makes the inline text read so far a paragraph, after the list
// marker waiting for it.
func (p *plainWriter) endBlock() {
	if p.marker != "" {
		p.raw = append(append([]byte(p.marker), ' '), p.raw...)
		p.marker = ""
	}
	n := len(p.words)
	p.words = appendFields(p.words, p.raw)
	p.raw = p.raw[:0]
	if len(p.words) == n {
		return
	}
	para := p.words[n:]
	if n > 0 {
		para = para[1:] // the space appendFields put before it
		p.many = true
	}
	p.addParagraph(para)
}

func (p *plainWriter) addParagraph(para []byte) {
	if len(p.paras) > 0 {
		p.paras = append(p.paras, "\n\n"...)
	}
	p.paras = append(p.paras, para...)
}

// inlines appends the text of the inline nodes under n, as goldmark's HTML
// renderer writes it, unescaped.
func (p *plainWriter) inlines(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			if c.IsRaw() {
				p.raw = append(p.raw, c.Segment.Value(p.src)...)
			} else {
				p.raw = appendResolved(p.raw, c.Segment.Value(p.src))
			}
			if c.SoftLineBreak() || c.HardLineBreak() {
				p.raw = append(p.raw, '\n')
			}
		case *ast.String:
			if c.IsCode() || c.IsRaw() {
				p.raw = append(p.raw, c.Value...)
			} else {
				p.raw = appendResolved(p.raw, c.Value)
			}
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					v := t.Segment.Value(p.src)
					if n := len(v) - 1; n >= 0 && v[n] == '\n' {
						v = append(v[:n:n], ' ')
					}
					p.raw = append(p.raw, v...)
				}
			}
		case *ast.AutoLink:
			p.raw = append(p.raw, c.Label(p.src)...)
		case *ast.RawHTML: // shown as text (safeRenderer.rawHTML)
			for i := 0; i < c.Segments.Len(); i++ {
				s := c.Segments.At(i)
				p.raw = append(p.raw, s.Value(p.src)...)
			}
		default: // emphasis, strikethrough, a link, an image's alt text
			p.inlines(c)
		}
	}
}

// appendResolved appends text with its backslash escapes and character
// references resolved, exactly as goldmark's HTML writer resolves them.
func appendResolved(b, s []byte) []byte {
	if bytes.IndexByte(s, '\\') < 0 && bytes.IndexByte(s, '&') < 0 && bytes.IndexByte(s, 0) < 0 {
		return append(b, s...)
	}
	var h bytes.Buffer
	gmhtml.DefaultWriter.Write(bufWriter{&h}, s)
	return append(b, html.UnescapeString(h.String())...)
}

// appendFields appends the words of s, as strings.Fields splits it, one
// space apart and a space after what b holds already.
func appendFields(b, s []byte) []byte {
	str := string(s)
	for i := skipSpaces(str, 0); i < len(str); i = skipSpaces(str, i) {
		end := i
		for end < len(str) && spaceAt(str, end) == 0 {
			end++
		}
		if len(b) > 0 {
			b = append(b, ' ')
		}
		b = append(b, str[i:end]...)
		i = end
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
