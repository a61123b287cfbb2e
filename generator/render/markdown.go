package render

import (
	"bytes"
	"hash/maphash"
	"html"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	gmtext "github.com/yuin/goldmark/text"
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
	m.md = newGoldmark()
	m.md.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&safeRenderer{m}, 100)))
	return m
}

// newGoldmark returns goldmark as Markdown configures it, but for its
// renderers of code and raw HTML.
func newGoldmark() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough),
		goldmark.WithRendererOptions(gmhtml.WithXHTML()),
	)
}

// Render writes the HTML of src to w.
func (m *Markdown) Render(w *bytes.Buffer, src []byte) error {
	_, _, err := m.renderTurn(w, src, "", false)
	return err
}

// renderTurn writes the HTML of a turn's markdown, src, to w, and when
// withText is set returns its plain text and paragraphs (plainOf) too, md
// being src as a string: the markdown is parsed once for both.
func (m *Markdown) renderTurn(w *bytes.Buffer, src []byte, md string, withText bool) (plain, paras string, err error) {
	fast := false
	if withText {
		plain, paras, fast = plainSentences(md, true)
	}
	start := w.Len()
	if renderPlain(w, src) {
		if withText && !fast {
			plain, paras = plainOfSimpleHTML(w.Bytes()[start:])
		}
		return plain, paras, nil
	}
	src = tame(src)
	doc := m.md.Parser().Parse(gmtext.NewReader(src))
	if err := m.md.Renderer().Render(bufWriter{w}, src, doc); err != nil {
		return "", "", err
	}
	if withText && !fast {
		plain, paras = plainOfDoc(doc, src)
	}
	return plain, paras, nil
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
