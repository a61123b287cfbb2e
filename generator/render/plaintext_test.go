package render

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"

	gmtext "github.com/yuin/goldmark/text"
	"golang.org/x/net/html"

	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

func TestPlainTextKeepsText(t *testing.T) {
	tests := []struct{ name, md, want string }{
		{"EscapedBrackets", `Well \[laughs\] yes`, "Well [laughs] yes"},
		{"BareBrackets", "[Music] and [laughs]", "[Music] and [laughs]"},
		{"CodeUnderscores", "Set `shared_buffers` high", "Set shared_buffers high"},
		{"EscapedUnderscores", `Set shared\_buffers high`, "Set shared_buffers high"},
		{"IntraWordUnderscores", "Set shared_buffers high", "Set shared_buffers high"},
		{"CodeStars", "It is `5 * 3` here", "It is 5 * 3 here"},
		{"LoneStars", "It is 5 * 3 here", "It is 5 * 3 here"},
		{"Emphasis", "Hello *big* __world__", "Hello big world"},
		{"Link", "See [the spec](https://x.org/a) now", "See the spec now"},
		{"Autolink", "At <https://x.org/a> now", "At https://x.org/a now"},
		{"Entity", "AT&amp;T &lt;3 Q&A", "AT&T <3 Q&A"},
		{"RawHTMLShown", "a <b>bold</b> claim", "a <b>bold</b> claim"},
		{"Paragraphs", "One.\n\nTwo.", "One. Two."},
		{"CodeKept", "Look:\n\n```go\nx := 1\n```\n\nDone.", "Look: x := 1 Done."},
		{"ListAndQuote", "- a\n- b\n\n> said", "- a - b said"},
		{"OrderedFrom", "3. a\n4. b", "3. a 4. b"},
		{"Heading", "# Top\nText", "Top Text"},
		{"Strike", "~~no~~ yes", "no yes"},
		{"Table", "a | b\n--|--\n1 | 2", "a | b 1 | 2"},
		{"Hyphen", "well-known, +1, #2 and x = y", "well-known, +1, #2 and x = y"},
		{"Nul", "a\x00b *c*", "a\uFFFDb c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PlainText(tt.md); got != tt.want {
				t.Errorf("PlainText(%q) = %q, want %q", tt.md, got, tt.want)
			}
		})
	}
}

func TestParagraphs(t *testing.T) {
	tests := []struct{ name, md, want string }{
		{"One", "a  b\nc", "a b c"},
		{"Two", "a\n \t\nb", "a\n\nb"},
		{"WideSpaceLineIsNoBreak", "a\n\u00a0\nb", "a b"},
		{"Code", "Look:\n\n```\nx :=  1\n\n  y\n```\n", "Look:\n\n    x :=  1\n\n      y"},
		{"ListItems", "- a\n- b", "- a\n\n- b"},
		{"Escaped", `\[Music\]` + "\n\nok", "[Music]\n\nok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(appendParagraphs(nil, tt.md)); got != tt.want {
				t.Errorf("paragraphs of %q = %q, want %q", tt.md, got, tt.want)
			}
		})
	}
}

// TestPlainPathsEveryByte checks that the paths without a parser give what
// goldmark's tree gives, for every byte and a few wider characters, alone
// and doubled, at a line's start, within it, at its end, after a blank
// line and after an indent.
func TestPlainPathsEveryByte(t *testing.T) {
	var chars []string
	for c := range 256 {
		chars = append(chars, string([]byte{byte(c)}))
	}
	chars = append(chars, "é", "\u00a0", "\u2003", "\u3000", "\u2028", "\u0085", "…", "😀", "1.", "1)", "10.", "0.")
	shapes := []string{"%", "%%", "% a", "a %", "a % b", "a%b", "a\n% b", "a\n\n% b", "  % b", "    % b",
		"a %\n\nb", "%amp; %#65; %lt;", "%a% b", "%%a%% b", "a\n%", "a\n%%%\n", "[a%b](/x)", "*a%b* c", "%\n\n%"}
	for _, c := range chars {
		for _, shape := range shapes {
			checkPlainPaths(t, strings.ReplaceAll(shape, "%", c))
		}
	}
}

// FuzzPlainPaths checks the paths without a parser against goldmark's tree
// on any markdown.
func FuzzPlainPaths(f *testing.F) {
	for _, s := range slices.Concat(plainSamples, inlineSamples, markdownSamples, plainTextSamples) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) { checkPlainPaths(t, md) })
}

// checkPlainPaths checks that plainSentences and plainOfSimpleHTML, where
// they answer, give what plainOfDoc gives, and that a turn's text and
// paragraphs hold the same words.
func checkPlainPaths(t *testing.T, md string) {
	t.Helper()
	src := []byte(md)
	tamed := tame(src)
	want, wantParas := plainOfDoc(turnParser.Parse(gmtext.NewReader(tamed)), tamed)
	if got, paras, ok := plainSentences(md, true); ok && (got != want || paras != wantParas) {
		t.Errorf("plainSentences(%q) = %q, %q; the tree gives %q, %q", md, got, paras, want, wantParas)
	}
	var h bytes.Buffer
	if renderPlain(&h, src) {
		if got, paras := plainOfSimpleHTML(h.Bytes()); got != want || paras != wantParas {
			t.Errorf("plainOfSimpleHTML(%q) = %q, %q; the tree gives %q, %q", h.String(), got, paras, want, wantParas)
		}
	}
	if wantParas != "" && strings.Join(strings.Fields(wantParas), " ") != want {
		t.Errorf("paragraphs of %q: %q, not the words of %q", md, wantParas, want)
	}
	if want != strings.Join(strings.Fields(want), " ") {
		t.Errorf("text of %q: %q is not words one space apart", md, want)
	}
}

// plainTextSamples are markdown whose plain text is not its words as they
// are.
var plainTextSamples = []string{
	`Well \[laughs\] yes`, "Set `shared_buffers` and `5 * 3`", "[Music]", "AT&amp;T &#65; &#x42; &bogus; Q&A",
	"- a\n- b\n\n> said", "3) x\n\n```\ncode\n```", "a <b>c</b> <!-- d -->", "<div>\nblock\n</div>",
	"a | b\n--|--\n1 | 2", "Title\n===\n\ntext", "![alt *x*](/i.png) `a\nb`", "a  \nb\\\nc", "\x00 *\x00*",
}

// FuzzPageTextSame checks that the text of a turn's HTML, as a reader sees
// it on the page, is the turn's plain text: the words every export and the
// search index get.
func FuzzPageTextSame(f *testing.F) {
	for _, s := range slices.Concat(plainSamples, inlineSamples, markdownSamples, plainTextSamples) {
		f.Add(s)
	}
	for _, src := range fuzzSources(f) {
		if tr, _ := transcript.Parse("f.md", src); tr != nil {
			for _, tt := range tr.Turns[:min(len(tr.Turns), 12)] {
				f.Add(tt.Text)
			}
		}
	}
	m := NewMarkdown()
	f.Fuzz(func(t *testing.T, md string) {
		var b bytes.Buffer
		plain, _, err := m.renderTurn(&b, []byte(md), md, true)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := pageWords(t, b.String()), fields(plain); got != want {
			t.Errorf("the page shows %q of %q\n(HTML %q)\nthe exports have %q", got, md, b.String(), want)
		}
		if plain != PlainText(md) {
			t.Errorf("PlainText(%q) = %q, the page's turn %q", md, PlainText(md), plain)
		}
	})
}

// fields is s's words, one space apart, with NULs and bytes that are not
// UTF-8 as U+FFFD, as a browser shows them (a run of them as one).
func fields(s string) string {
	s = strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", "\uFFFD"), "\uFFFD")
	for strings.Contains(s, "\uFFFD\uFFFD") {
		s = strings.ReplaceAll(s, "\uFFFD\uFFFD", "\uFFFD")
	}
	return strings.Join(strings.Fields(s), " ")
}

// pageWords returns the words a reader sees of a turn's HTML: its text,
// with a space at each block's edge, an image's alt text, a list item's
// marker before it ("-", or its number and "."), " | " between a table
// row's cells.
func pageWords(t *testing.T, h string) string {
	t.Helper()
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(h))
	type list struct {
		ordered bool
		next    int
	}
	var lists []list
	cell := false // a cell of this row was read
	for {
		switch z.Next() {
		case html.ErrorToken:
			return fields(b.String())
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			tok := z.Token()
			end := tok.Type == html.EndTagToken
			attr := func(k string) string {
				for _, a := range tok.Attr {
					if a.Key == k {
						return a.Val
					}
				}
				return ""
			}
			switch tok.Data {
			case "em", "strong", "a", "del", "code", "span":
			case "img":
				b.WriteString(attr("alt"))
			case "ul", "ol":
				if end {
					lists = lists[:len(lists)-1]
					break
				}
				n := 1
				if s := attr("start"); s != "" {
					n, _ = strconv.Atoi(s)
				}
				lists = append(lists, list{tok.Data == "ol", n})
			case "li":
				if !end && len(lists) > 0 {
					l := &lists[len(lists)-1]
					if l.ordered {
						b.WriteString(" " + strconv.Itoa(l.next) + ". ")
						l.next++
					} else {
						b.WriteString(" - ")
					}
				}
			case "tr":
				cell = false
				b.WriteByte(' ')
			case "td", "th":
				if !end && cell {
					b.WriteString(" | ")
				}
				cell = true
			default:
				b.WriteByte(' ')
			}
		}
	}
}
