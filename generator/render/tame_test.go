package render

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"
)

// pathological are inputs goldmark takes quadratic time or worse over,
// each about 400 KB: before tame, "[a](" took 79 s, "![a](" 108 s and
// "> " 230 s.
func pathological() map[string]string {
	const n = 400 << 10
	rep := func(s string) string { return strings.Repeat(s, n/len(s)) }
	var nested strings.Builder
	for k := 0; nested.Len() < n; k++ {
		nested.WriteString(strings.Repeat(" ", 2*k) + "- x\n")
	}
	var quotes strings.Builder
	for k := 0; quotes.Len() < n; k++ {
		quotes.WriteString(strings.Repeat("> ", k%200) + "x\n")
	}
	return map[string]string{
		"LinkOpeners":     rep("[a]("),
		"ImageOpeners":    rep("![a]("),
		"LinkAngle":       rep("[a](<"),
		"LinkTitles":      rep(`[a](x "`),
		"Brackets":        rep("["),
		"ImageBrackets":   rep("!["),
		"Emphasis":        rep("**a*"),
		"Underscores":     rep("_a "),
		"Strikethrough":   rep("~a "),
		"Backticks":       rep("`a``"),
		"RefDefinitions":  rep("[a]: "),
		"QuotesOnOneLine": rep("> "),
		"QuoteLines":      rep(">") + " x",
		"NestedList":      nested.String(),
		"ListsOnOneLine":  rep("1. "),
		"ManyLines":       rep("[a](\n"),
		"ManyParagraphs":  rep(strings.Repeat("[a](", 700) + "\n\n"),
		"QuotesDeepening": quotes.String(),
	}
}

// TestTameBounded checks that each pathological input renders, page and
// plain text, in well under the minutes it took before tame. The bound is
// ten times the goal of a second, so that a busy CI machine cannot fail
// it while a quadratic path (a minute or more) always does; the goal
// itself is measured by BenchmarkTamePathological and said in the README.
func TestTameBounded(t *testing.T) {
	m := NewMarkdown()
	for name, src := range pathological() {
		t.Run(name, func(t *testing.T) {
			// The best of three, as the machine may be busy: before tame,
			// most took a minute or more.
			best := time.Hour
			for range 3 {
				var b bytes.Buffer
				start := time.Now()
				if _, _, err := m.renderTurn(&b, []byte(src), src, true); err != nil {
					t.Fatal(err)
				}
				if best = min(best, time.Since(start)); best < 10*time.Second {
					return
				}
			}
			t.Errorf("%d bytes took %v", len(src), best)
		})
	}
}

// TestTameKeepsText checks that what tame escapes is shown as written.
func TestTameKeepsText(t *testing.T) {
	for _, src := range []string{strings.Repeat("[a](", 20000), strings.Repeat("![a](", 20000), strings.Repeat("*a_", 20000)} {
		if got := PlainText(src); got != src {
			t.Errorf("PlainText of %q… is %q…", src[:20], got[:min(len(got), 20)])
		}
	}
	deep := strings.Repeat("> ", 40) + "x"
	if got := PlainText(deep); got != strings.Repeat("> ", 40-maxNesting)+"x" {
		t.Errorf("PlainText of %d nested quotes is %q", 40, got)
	}
}

// TestTameLeavesMarkdown checks that tame changes no ordinary markdown.
func TestTameLeavesMarkdown(t *testing.T) {
	// A monologue of 10 KB with 40 links and 40 words emphasised, twice.
	long := strings.Repeat("A long paragraph with *some* emphasis and [a link](https://x.org/). ", 150)
	for _, s := range slices.Concat(plainSamples, inlineSamples, markdownSamples, plainTextSamples, []string{long, long + "\n\n" + long}) {
		if got := tame([]byte(s)); !bytes.Equal(got, []byte(s)) {
			t.Errorf("tame(%q) = %q", s, got)
		}
	}
}

func BenchmarkTamePathological(b *testing.B) {
	m := NewMarkdown()
	cases := pathological()
	names := make([]string, 0, len(cases))
	for name := range cases {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		src := cases[name]
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				m.renderTurn(&buf, []byte(src), src, true)
			}
		})
	}
}

// FuzzTame checks that tame only puts backslashes in and takes indent out.
func FuzzTame(f *testing.F) {
	for _, s := range slices.Concat(plainSamples, inlineSamples, markdownSamples, plainTextSamples) {
		f.Add(s)
	}
	f.Add(strings.Repeat("> - 1. ", 20) + "x\n" + strings.Repeat(" ", 80) + "- y\n```\n" + strings.Repeat("> ", 20) + "\n```\n")
	strip := strings.NewReplacer("\\", "", " ", "", "\t", "")
	f.Fuzz(func(t *testing.T, s string) {
		got := string(tame([]byte(s)))
		if strip.Replace(got) != strip.Replace(s) {
			t.Errorf("tame(%q) = %q", s, got)
		}
	})
}
