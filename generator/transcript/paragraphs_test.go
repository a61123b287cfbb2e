package transcript

import (
	"strings"
	"testing"
)

// paragraphsByCopy is paragraphs as it was before it cut texts from the
// file: it always builds the text. paragraphs must agree with it.
func paragraphsByCopy(lines []line, wrapped bool) string {
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

// checkParagraphs compares paragraphs with paragraphsByCopy on src's lines,
// on runs of them, and on runs that start inside a line (a header's text)
// or hold a line that is not src's (one trimmed as the preamble trims).
func checkParagraphs(t *testing.T, src string) {
	lines := splitText(src, 0)
	for _, wrapped := range []bool{false, true} {
		for i := 0; i <= len(lines) && i < 6; i++ {
			for j := i; j <= len(lines); j++ {
				run := lines[i:j]
				if got, want := paragraphs(src, run, wrapped), paragraphsByCopy(run, wrapped); got != want {
					t.Fatalf("lines %d..%d of %q (wrapped %v):\ngot  %q\nwant %q", i, j, src, wrapped, got, want)
				}
				if len(run) == 0 {
					continue
				}
				for _, first := range []line{
					{run[0].text[len(run[0].text)/2:], run[0].off + len(run[0].text)/2},
					{strings.TrimSpace(run[0].text), run[0].off},
				} {
					changed := append([]line{first}, run[1:]...)
					if got, want := paragraphs(src, changed, wrapped), paragraphsByCopy(changed, wrapped); got != want {
						t.Fatalf("lines %d..%d of %q, first %q (wrapped %v):\ngot  %q\nwant %q", i, j, src, first.text, wrapped, got, want)
					}
				}
			}
		}
	}
}

func TestParagraphsCutFromTheFile(t *testing.T) {
	for _, src := range []string{
		"",
		"One line.",
		"First paragraph.\n\nSecond paragraph.",
		"Wrapped line one\nwrapped line two\n\nNext.",
		"\n\n  Leading blank lines.\n\nThen more.\n\n",
		"Windows\r\nline\r\n\r\nendings.\r\n",
		"A list:\n- one\n- two\n\nAfter.",
		"Code:\n```go\nx := 1\n\ny := 2\n```\nAfter code.",
		"  indented  \n\n\tcode block\n\ntrailing   ",
		"> quote\n> more\nplain\nplain again",
	} {
		checkParagraphs(t, src)
	}
}

func FuzzParagraphs(f *testing.F) {
	f.Add("First paragraph.\n\nSecond paragraph.\nThird line.\r\n")
	f.Add("```\ncode\n```\n- item\nplain")
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			return
		}
		checkParagraphs(t, src)
	})
}

// TestParagraphsShareABuffer checks that texts copied into one buffer, as
// a parser copies a file's turns, stay as they were cut while later texts
// fill the buffer and replace it when it is full.
func TestParagraphsShareABuffer(t *testing.T) {
	src := "One\ntwo\n\n- item\n  more\nthree\r\nfour\n```\ncode\n\n```\nfive\nsix\n"
	lines := splitText(src, 0)
	var b strings.Builder
	type cut struct {
		got, want string
	}
	var cuts []cut
	for i := range lines {
		for j := i + 1; j <= len(lines); j++ {
			for _, wrapped := range []bool{false, true} {
				got := paragraphsTo(&b, 24, src, lines[i:j], wrapped)
				cuts = append(cuts, cut{got, paragraphsByCopy(lines[i:j], wrapped)})
			}
		}
	}
	for _, c := range cuts {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// TestChunkSizeHoldsWhatIsLeft checks that a buffer of turn texts made
// near the end of a file, sized by chunkSize to what is left rather than to
// a whole chunk, holds the texts of the lines left: however they are cut
// into turns, wrapped or not, no second buffer is needed.
func TestChunkSizeHoldsWhatIsLeft(t *testing.T) {
	src := "One\ntwo\n\n- item\n  more\nthree\r\nfour\n```\ncode\n\n```\nfive\nsix"
	lines := splitText(src, 0)
	for i := range lines {
		for k := i; k <= len(lines); k++ {
			for _, wrapped := range []bool{false, true} {
				var b strings.Builder
				buffers, last := 0, 0
				for _, turn := range [][]line{lines[i:k], lines[k:]} {
					paragraphsTo(&b, 1<<10, src, turn, wrapped)
					if b.Cap() != last {
						buffers, last = buffers+1, b.Cap()
					}
				}
				if buffers > 1 {
					t.Errorf("from line %d, cut at %d, wrapped %v: %d buffers", i, k, wrapped, buffers)
				}
			}
		}
	}
}
