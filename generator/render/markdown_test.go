package render

import (
	"bytes"
	"slices"
	"testing"
)

// goldmarkOnly renders src with goldmark alone, bypassing the fast path.
func goldmarkOnly(t testing.TB, m *Markdown, src []byte) string {
	var b bytes.Buffer
	if err := m.md.Convert(src, &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

var plainSamples = []string{
	"Hello world.",
	"One line.\nAnother line of the same paragraph.",
	"First paragraph.\n\nSecond \"quoted\" paragraph, with commas; colons: and é ü 東京.",
	"Trailing blank lines.\n\n\n",
	"Numbers inside 1. are fine, and 3) too.",
	"A question? Yes. (Parenthesised.) 50% of $10 is {5}.",
}

// inlineSamples are plain paragraphs with the emphasis and links that the
// fast path writes itself.
var inlineSamples = []string{
	"Some *emphasis*.",
	"A [link](https://x.org).",
	"*Starts* with it, and **strong words** end it",
	"Both _underscores_ and __double ones__, then *more*: yes?",
	"Two links: [the blog](https://go.dev/blog/just-that-a) and [home](/) and [top](#top).",
	"First line *here*\nsecond [line](https://news.example.org/x?y=1#z) here.\n\nNew \"quoted\" *para* 2.",
}

var markdownSamples = []string{
	"*emphasis\nacross lines*",
	"**mismatched*",
	"intra*word*",
	"*nested **strong** inside*",
	"***both***",
	"snake_case_name",
	"[a](javascript:alert(1))",
	"[spaced ]( https://x.org)",
	"[a](https://x.org/&amp;)",
	"* a list item",
	"*a*b",
	"1. a list",
	"- a list",
	"Heading\n===",
	"Text\n---",
	"Tom &amp; Jerry",
	"<b>bold</b>",
	"    indented code",
	"line with hard break  \nnext",
	"back\\slash",
	"tab\tinside",
	"# heading",
	"> quote",
	"a | b\n--|--\n1 | 2",
}

func TestRenderPlainMatchesGoldmark(t *testing.T) {
	m := NewMarkdown()
	for _, s := range append(plainSamples, inlineSamples...) {
		var b bytes.Buffer
		if !renderPlain(&b, []byte(s)) {
			t.Errorf("fast path refused %q", s)
			continue
		}
		if want := goldmarkOnly(t, m, []byte(s)); b.String() != want {
			t.Errorf("%q:\nfast     %q\ngoldmark %q", s, b.String(), want)
		}
	}
	for _, s := range markdownSamples {
		var b bytes.Buffer
		if renderPlain(&b, []byte(s)) {
			t.Errorf("fast path took markdown %q", s)
		}
	}
}

// FuzzRenderPlain checks that whenever the fast path takes an input, it
// writes exactly what goldmark writes.
func FuzzRenderPlain(f *testing.F) {
	for _, s := range slices.Concat(plainSamples, inlineSamples, markdownSamples) {
		f.Add(s)
	}
	m := NewMarkdown()
	f.Fuzz(func(t *testing.T, s string) {
		var b bytes.Buffer
		if !renderPlain(&b, []byte(s)) {
			return
		}
		if want := goldmarkOnly(t, m, []byte(s)); b.String() != want {
			t.Errorf("%q:\nfast     %q\ngoldmark %q", s, b.String(), want)
		}
	})
}

func BenchmarkRenderTurn(b *testing.B) {
	m := NewMarkdown()
	src := []byte("So the first question I had is, we have these distinctions between pre-training and post-training, beyond what is actually happening in terms of loss function and training regimes.\n\nI'm just curious, taking a step back conceptually, like what kind of thing is pre-training creating?")
	b.SetBytes(int64(len(src)))
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		m.Render(&buf, src)
	}
}

// A code block is kept for reuse only from its second sighting, and every
// sighting renders the same HTML whether it came from the cache or not.
func TestHighlightCacheKeepsRecurringBlocks(t *testing.T) {
	m := NewMarkdown()
	recurring := []byte("```go\nfmt.Println(\"sponsored\")\n```\n")
	once := []byte("```python\nprint('only here')\n```\n")
	render := func(src []byte) string {
		var b bytes.Buffer
		if err := m.Render(&b, src); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	first := render(recurring)
	render(once)
	if len(m.cache) != 0 || len(m.seen) != 2 {
		t.Fatalf("after one sighting each: %d cached, %d seen; want 0 cached, 2 seen", len(m.cache), len(m.seen))
	}
	for i := 0; i < 3; i++ {
		if got := render(recurring); got != first {
			t.Fatalf("sighting %d rendered\n%s\nwant\n%s", i+2, got, first)
		}
	}
	if len(m.cache) != 1 || len(m.seen) != 1 {
		t.Fatalf("after the recurring block came back: %d cached, %d seen; want 1 and 1", len(m.cache), len(m.seen))
	}
	if !bytes.Contains([]byte(first), []byte(`class="chroma"`)) {
		t.Fatalf("block not highlighted: %s", first)
	}
}
