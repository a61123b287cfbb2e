package render

import (
	"bytes"
	"html"
	"strconv"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	gmtext "github.com/yuin/goldmark/text"
)

// The plain text of a turn with markup beyond emphasis and links is read
// from goldmark's tree, as the page's HTML is written from it: a block at
// a time, each leaf block a paragraph of transcript.txt.

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
