package render

import (
	"bytes"
	"hash/maphash"
	"html"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// Markdown renders the markdown of turns. It is configured once: tables and
// strikethrough on; no linkify and no typographer (transcripts do not need
// them and they are the costliest parts of goldmark); raw HTML shown as
// text, never passed through; fenced code highlighted by chroma with CSS
// classes, each block that recurs highlighted once.
type Markdown struct {
	md        goldmark.Markdown
	formatter *chromahtml.Formatter
	seed      maphash.Seed

	mu    sync.Mutex
	cache map[uint64]string   // highlighted code of blocks seen more than once
	seen  map[uint64]struct{} // blocks seen once
	size  int
}

// A code block's highlighted HTML is kept only once the block has been seen
// twice: in a podcast archive most blocks appear once, and the ones that
// recur (a sponsor's snippet, a show's recurring example) recur often. At
// 5,000 generated episodes half the blocks were unique, and keeping them
// held 6 MB that the collector marked on every cycle for no reuse; a block
// seen once costs 8 bytes of hash instead.
const (
	maxHighlightCache = 8 << 20 // bytes of highlighted code kept
	maxHighlightSeen  = 1 << 20 // hashes of blocks seen once
)

// NewMarkdown returns the renderer for turn text.
func NewMarkdown() *Markdown {
	m := &Markdown{
		formatter: chromahtml.New(chromahtml.WithClasses(true), chromahtml.PreventSurroundingPre(false)),
		seed:      maphash.MakeSeed(),
		cache:     make(map[uint64]string),
		seen:      make(map[uint64]struct{}),
	}
	m.md = goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough),
		goldmark.WithRendererOptions(gmhtml.WithXHTML()),
	)
	m.md.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&safeRenderer{m}, 100)))
	return m
}

// Render writes the HTML of src to w.
func (m *Markdown) Render(w *bytes.Buffer, src []byte) error {
	if renderPlain(w, src) {
		return nil
	}
	return m.md.Convert(src, bufWriter{w})
}

// bufWriter lets goldmark write straight into the buffer: given any other
// writer, its renderer wraps it in a new 4 KB bufio.Writer on every call.
type bufWriter struct{ *bytes.Buffer }

func (bufWriter) Buffered() int { return 0 }
func (bufWriter) Flush() error  { return nil }

// renderPlain writes src the way goldmark would when src is only plain
// paragraphs, and reports whether it did. Most of what people say is plain
// sentences; writing those directly skips goldmark's parser for most turns.
// Besides text, a paragraph's lines may hold emphasis of plain words and
// links with plain text to plain addresses, the markup transcripts use
// most (writeInline says exactly which). Anything else that could be
// markdown syntax (code, lists, headings, HTML, entities, escapes, tables,
// indentation, emphasis that spans lines or nests) is left to goldmark.
// FuzzRenderPlain checks the two agree.
func renderPlain(w *bytes.Buffer, src []byte) bool {
	start := w.Len()
	open := false
	for i := 0; i < len(src); {
		end := bytes.IndexByte(src[i:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += i
		}
		line := src[i:end]
		switch {
		case len(line) == 0 && open:
			w.WriteString("</p>\n")
			open = false
		case len(line) == 0:
		default:
			if open {
				w.WriteByte('\n')
			} else {
				w.WriteString("<p>")
				open = true
			}
			if !writeInline(w, line) {
				w.Truncate(start)
				return false
			}
		}
		i = end + 1
	}
	if open {
		w.WriteString("</p>\n")
	}
	return true
}

// writeInline writes one line of a paragraph as goldmark would and reports
// whether it could: the line starts with a letter-like byte, does not end
// in a space, and holds no markdown punctuation but emphasis and links of
// these shapes, all on the line:
//
//	*plain words*  **plain words**  _plain words_  __plain words__
//	[plain words](https://example.org/plain-path)
//
// An emphasis opens after the line's start or a space, before a letter or
// digit, and closes after a letter or digit, before the line's end, a
// space or one of .,;:? (so each delimiter can only open or only close, and
// the pairs are the ones goldmark makes). A link's address is made of bytes
// goldmark writes as they are, and starts as a web address or a path.
func writeInline(w *bytes.Buffer, line []byte) bool {
	if notFirst[line[0]] || line[len(line)-1] == ' ' {
		return false
	}
	plain := 0 // where the text not yet written starts
	for i := 0; i < len(line); {
		c := line[i]
		if !markup[c] {
			i++
			continue
		}
		writeEscaped(w, line[plain:i])
		var n int
		switch c {
		case '*', '_':
			n = writeEmphasis(w, line, i)
		case '[':
			n = writeLink(w, line, i)
		}
		if n == 0 {
			return false
		}
		i += n
		plain = i
	}
	writeEscaped(w, line[plain:])
	return true
}

// writeEmphasis writes the emphasis that opens at line[i], and returns how
// many bytes it took, or 0 when it is not of writeInline's shape.
func writeEmphasis(w *bytes.Buffer, line []byte, i int) int {
	d, k := line[i], 1
	if i+1 < len(line) && line[i+1] == d {
		k = 2
	}
	from := i + k
	if i > 0 && line[i-1] != ' ' || from >= len(line) || !alnum(line[from]) {
		return 0
	}
	to := from
	for to < len(line) && line[to] != d {
		if markup[line[to]] {
			return 0
		}
		to++
	}
	after := to + k // line[to] is d; for **, so must line[to+1] be
	if to == len(line) || !alnum(line[to-1]) || after > len(line) || line[after-1] != d ||
		after < len(line) && !closesBefore[line[after]] {
		return 0
	}
	opening, closing := "<em>", "</em>"
	if k == 2 {
		opening, closing = "<strong>", "</strong>"
	}
	w.WriteString(opening)
	writeEscaped(w, line[from:to])
	w.WriteString(closing)
	return after - i
}

// writeLink writes the link that opens at line[i], and returns how many
// bytes it took, or 0 when it is not of writeInline's shape.
func writeLink(w *bytes.Buffer, line []byte, i int) int {
	end := i + 1
	for end < len(line) && line[end] != ']' {
		if markup[line[end]] {
			return 0
		}
		end++
	}
	text := line[i+1 : end]
	if end+1 >= len(line) || line[end+1] != '(' || len(text) == 0 || text[0] == ' ' || text[len(text)-1] == ' ' {
		return 0
	}
	paren := end + 2
	for paren < len(line) && urlByte[line[paren]] {
		paren++
	}
	url := line[end+2 : paren]
	if paren == len(line) || line[paren] != ')' || !webOrPath(url) {
		return 0
	}
	w.WriteString(`<a href="`)
	w.Write(url)
	w.WriteString(`">`)
	writeEscaped(w, text)
	w.WriteString("</a>")
	return paren + 1 - i
}

// webOrPath reports whether a link's address is a web address or a path,
// which goldmark keeps (it empties javascript: and the like).
func webOrPath(url []byte) bool {
	for _, p := range []string{"https://", "http://", "/", "#"} {
		if bytes.HasPrefix(url, []byte(p)) {
			return true
		}
	}
	return false
}

func alnum(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' }

// markup marks the bytes that may be markdown syntax anywhere in a line;
// notFirst, those that may be at its start; closesBefore, those that may
// follow a closing emphasis in writeInline; urlByte, those goldmark writes
// as they are in a link's address.
var markup, notFirst, closesBefore, urlByte = func() (m, f, c, u [256]bool) {
	for _, b := range []byte("\\`*_[]<>&!|~#\t\r\x00") {
		m[b] = true
	}
	for _, b := range []byte("0123456789-+=: ") {
		f[b] = true
	}
	for _, b := range []byte(" .,;:?") {
		c[b] = true
	}
	for b := range 256 {
		u[b] = alnum(byte(b)) || strings.IndexByte("-._~:/?#=+", byte(b)) >= 0
	}
	return m, f, c, u
}()

// writeEscaped writes text escaped as goldmark escapes it.
func writeEscaped(w *bytes.Buffer, text []byte) {
	for {
		i := bytes.IndexByte(text, '"')
		if i < 0 {
			w.Write(text)
			return
		}
		w.Write(text[:i])
		w.WriteString("&quot;")
		text = text[i+1:]
	}
}

// safeRenderer escapes raw HTML and highlights fenced code.
type safeRenderer struct{ m *Markdown }

func (r *safeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, r.rawHTML)
	reg.Register(ast.KindHTMLBlock, r.htmlBlock)
	reg.Register(ast.KindFencedCodeBlock, r.fencedCode)
}

func (r *safeRenderer) rawHTML(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		segs := n.(*ast.RawHTML).Segments
		for i := 0; i < segs.Len(); i++ {
			s := segs.At(i)
			w.WriteString(html.EscapeString(string(s.Value(src))))
		}
	}
	return ast.WalkSkipChildren, nil
}

func (r *safeRenderer) htmlBlock(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	b := n.(*ast.HTMLBlock)
	w.WriteString("<p>")
	lines := b.Lines()
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		w.WriteString(html.EscapeString(string(s.Value(src))))
	}
	if b.HasClosure() {
		w.WriteString(html.EscapeString(string(b.ClosureLine.Value(src))))
	}
	w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}

func (r *safeRenderer) fencedCode(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	b := n.(*ast.FencedCodeBlock)
	var code bytes.Buffer
	lines := b.Lines()
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		code.Write(s.Value(src))
	}
	lang := string(b.Language(src))
	w.WriteString(r.m.highlight(lang, code.String()))
	return ast.WalkSkipChildren, nil
}

// highlight returns the HTML of one code block, from the cache when the
// same block was highlighted before.
func (m *Markdown) highlight(lang, code string) string {
	var h maphash.Hash
	h.SetSeed(m.seed)
	h.WriteString(lang)
	h.WriteByte(0)
	h.WriteString(code)
	key := h.Sum64()
	m.mu.Lock()
	out, ok := m.cache[key]
	m.mu.Unlock()
	if ok {
		return out
	}
	out = m.highlightUncached(lang, code)
	m.mu.Lock()
	if _, again := m.seen[key]; !again {
		if len(m.seen) < maxHighlightSeen {
			m.seen[key] = struct{}{}
		}
	} else if m.size+len(out) <= maxHighlightCache {
		delete(m.seen, key)
		m.cache[key] = out
		m.size += len(out)
	}
	m.mu.Unlock()
	return out
}

func (m *Markdown) highlightUncached(lang, code string) string {
	lexer := lexers.Get(lang)
	if lexer == nil {
		lexer = lexers.Fallback
	}
	lexer = chroma.Coalesce(lexer)
	it, err := lexer.Tokenise(nil, code)
	var b strings.Builder
	if err == nil {
		err = m.formatter.Format(&b, styles.Fallback, it)
	}
	if err != nil {
		return "<pre><code>" + html.EscapeString(code) + "</code></pre>\n"
	}
	if lang != "" {
		return `<div class="code" data-lang="` + html.EscapeString(lang) + `">` + b.String() + "</div>\n"
	}
	return b.String() + "\n"
}

// PlainText returns a turn's markdown as plain text: emphasis, links and
// code marks removed, code blocks left out, paragraphs joined by spaces.
// It is what exports and excerpts show. It is called for every turn a few
// times a build, so it makes at most one string, and none for a sentence
// that is plain text already.
func PlainText(md string) string {
	if text, _, ok := plainSentences(md, false); ok {
		return text
	}
	return plainMarkup(md)
}

// plainMarkup is PlainText for markdown that may hold markup.
func plainMarkup(md string) string {
	var b strings.Builder
	b.Grow(len(md))
	space := false
	inCode := false
	for i := 0; i <= len(md); {
		end := lineEnd(md, i)
		t := strings.TrimSpace(md[i:end])
		i = end + 1
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			inCode = !inCode
			continue
		}
		if inCode {
			continue
		}
		t = strings.TrimLeft(t, "#>-+| ")
		for j := 0; j < len(t); {
			k := j // text up to the next mark stays, but for its spaces
			for {
				for k < len(t) && !marks[t[k]] {
					k++
				}
				if k == len(t) || t[k] != ']' || strings.HasPrefix(t[k:], "](") {
					break
				}
				k++ // a ']' that ends no link text stays too
			}
			space = writeSpaced(&b, t[j:k], space)
			if k < len(t) && t[k] == ']' { // the link's "](url)" goes
				if n := strings.IndexByte(t[k:], ')'); n > 0 {
					k += n
				}
			}
			j = k + 1
		}
		space = b.Len() > 0
	}
	return b.String()
}

// lineEnd returns where the line that starts at s[i] ends: at its '\n',
// or at the end of s.
func lineEnd(s string, i int) int {
	if n := strings.IndexByte(s[i:], '\n'); n >= 0 {
		return i + n
	}
	return len(s)
}

// marks are the bytes PlainText drops: those of emphasis, code and links.
var marks = [256]bool{'*': true, '_': true, '`': true, '\\': true, '[': true, ']': true}

// writeSpaced writes text, which has no marks, to b with each run of
// spaces and tabs in it made one space, and a space before it if one is
// due (space; never while b is empty). It reports whether a space is due
// after it.
func writeSpaced(b *strings.Builder, text string, space bool) bool {
	// Blanks at either end of text only tell whether a space goes before
	// or after its words; text cut at marks ("said *this* then") mostly
	// has some, and its words in between are most often one space apart,
	// written at once.
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

// isBlank reports whether c is a space or a tab, the spaces PlainText
// collapses within a line.
func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// plainSentences returns the words of md, as strings.Fields splits it,
// joined by single spaces: a part of md when that is what they are
// already, else a copy made a line at a time. It gives up, returning
// false, at a byte that may be markup (one of \`*_[#>-+|~).
//
// When paragraphs is set, it also returns the words with a blank line
// between those a blank line of md parts, as the plain text export writes
// a turn's paragraphs (appendParagraphs), or "" when that is text: a turn's
// text and its paragraphs come from one pass over its words, as reading
// them twice was most of the export's cost. FuzzPlainTextSame holds both
// to the reference.
func plainSentences(md string, paragraphs bool) (text, paras string, ok bool) {
	first := ""              // the words, while they are a part of md as they are
	var b, p strings.Builder // p holds the paragraphs once there are two
	prev := 0                // where the last words end, 0 before the first
	for i := skipSpaces(md, 0); i < len(md); i = skipSpaces(md, i) {
		end := plainRun(md, i)
		if end < 0 {
			return "", "", false
		}
		words := strings.TrimRight(md[i:end], " ")
		// The spaces since the last words hold a blank line when they hold
		// two line ends.
		blank := paragraphs && prev > 0 && strings.Count(md[prev:i], "\n") >= 2
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

// plainRun returns where the text from s[i] on stops having only ' ' for
// spaces: at the end of s or at another space; or -1 at a byte that may
// be markup.
func plainRun(s string, i int) int {
	for i < len(s) {
		for i < len(s) && plainByte[s[i]] {
			i++
		}
		switch {
		case i == len(s):
		case strings.IndexByte("\\`*_[#>-+|~", s[i]) >= 0:
			return -1
		case spaceAt(s, i) > 0:
			return i
		default:
			i++ // a control character or a byte of a wider character
		}
	}
	return i
}

// plainByte marks printable ASCII and ' ', but for the bytes that may be
// markup where PlainText looks for it.
var plainByte = func() (p [256]bool) {
	for c := ' '; c < utf8.RuneSelf-1; c++ {
		p[c] = !strings.ContainsRune("\\`*_[#>-+|~", c)
	}
	return p
}()

// Shorten cuts s to at most n characters at a word boundary, adding "…".
func Shorten(s string, n int) string {
	count := 0
	for i := range s {
		if count == n {
			cut := s[:i]
			if j := strings.LastIndexByte(cut, ' '); j > i/2 {
				cut = cut[:j]
			}
			return strings.TrimRight(cut, " ,.;:") + "…"
		}
		count++
	}
	return s
}
