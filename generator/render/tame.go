package render

import (
	"bytes"
	"cmp"
	"slices"

	"github.com/yuin/goldmark/util"
)

// goldmark takes time quadratic in some shapes of input: the openers of a
// link with no end ("[a](" repeated: 400 KB took 79 s), of an image, of
// emphasis or strikethrough, all looked back over or scanned forward from
// each time; and containers nested deep ("> " repeated on one line, a
// list nested a thousand levels by its indent). The parser's per-file
// limits (size, turn length, nesting) keep most of it out; tame makes
// sure that what passes them cannot stall a build, by changing only what
// no transcript writes:
//
//   - a line's containers (quotes, list items) beyond maxNesting are text:
//     their marker is escaped;
//   - a list item indented beyond maxIndent columns is indented maxIndent;
//   - inline markup is text (escaped) in a paragraph (a run of lines
//     between blank lines, outside fenced code) whose bytes of markup
//     times its length, a bound of goldmark's work on it, would take the
//     turn's total past markupBudget. A long monologue of 10 KB with 160
//     bytes of emphasis and links is 1.6 M of it; "[a](" repeated over
//     400 KB is 80 G.
//
// The page and the plain text read the same tamed source, so they agree;
// TestTameBounded times each shape. The text a reader sees stays the
// source's, markup shown as written.
const (
	maxNesting   = 16
	maxIndent    = 64
	markupBudget = 50_000_000
)

// tame returns src, or a copy changed as the comment above says when it
// needs to be.
func tame(src []byte) []byte {
	t := tamer{src: src}
	runStart, markup := 0, 0
	budget := markupBudget
	fence := []byte(nil) // the open fence's marker, or nil
	endRun := func(end int) {
		if cost := markup * (end - runStart); cost > budget {
			t.escapeRun(runStart, end)
		} else {
			budget -= cost
		}
		markup = 0
	}
	for i := 0; i < len(src); {
		end := bytes.IndexByte(src[i:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += i
		}
		line := src[i:end]
		trimmed := bytes.TrimLeft(line, " ")
		switch {
		case fence != nil:
			if bytes.HasPrefix(trimmed, fence) {
				fence = nil
			}
			runStart = end + 1
		case bytes.HasPrefix(trimmed, []byte("```")) || bytes.HasPrefix(trimmed, []byte("~~~")):
			endRun(i)
			fence = trimmed[:3]
			runStart = end + 1
		case blankLine(line):
			endRun(i)
			runStart = end + 1
		default:
			t.nesting(i, end)
			markup += countMarkup(line)
		}
		i = end + 1
	}
	endRun(len(src))
	return t.result()
}

// blankLine reports whether line is blank to markdown: spaces and tabs.
func blankLine(line []byte) bool {
	for _, c := range line {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

// tamer gathers the changes to src: bytes cut, and backslashes put before
// bytes.
type tamer struct {
	src   []byte
	edits []edit
}

// edit is a change at src[at]: a backslash before it, or cut bytes from it.
type edit struct{ at, cut int }

func (t *tamer) escape(at int) { t.edits = append(t.edits, edit{at, 0}) }
func (t *tamer) cut(at, n int) { t.edits = append(t.edits, edit{at, n}) }

// result returns src with the edits made, or src itself when there are
// none (most often).
func (t *tamer) result() []byte {
	if len(t.edits) == 0 {
		return t.src
	}
	// A run's escapes come after its lines' nesting edits.
	slices.SortStableFunc(t.edits, func(a, b edit) int { return cmp.Compare(a.at, b.at) })
	out := make([]byte, 0, len(t.src)+len(t.edits))
	from := 0
	for _, e := range t.edits {
		if e.at < from {
			continue // inside a cut already made
		}
		out = append(out, t.src[from:e.at]...)
		if e.cut > 0 {
			from = e.at + e.cut
		} else {
			out = append(out, '\\')
			from = e.at
		}
	}
	return append(out, t.src[from:]...)
}

// nesting reads the containers that open the line src[i:end]: quote
// markers and list markers, and the spaces between. The marker of one too
// many is escaped; the indent before a list marker past maxIndent is cut
// to it.
func (t *tamer) nesting(i, end int) {
	depth := 0
	for i < end {
		spaces := i
		for i < end && (t.src[i] == ' ' || t.src[i] == '\t') {
			i++
		}
		n := markerLen(t.src[i:end])
		if n == 0 {
			return
		}
		if cols := i - spaces; cols > maxIndent && t.src[i] != '>' {
			t.cut(spaces, cols-maxIndent)
		}
		if depth++; depth > maxNesting {
			last := i + n - 1 // the marker's last byte, not the space after it
			for t.src[last] == ' ' || t.src[last] == '\t' {
				last--
			}
			t.escape(last)
			return
		}
		i += n
	}
}

// markerLen returns the length of the container marker line starts with
// (">", "- ", "1. ", with the space after it), or 0.
func markerLen(line []byte) int {
	if len(line) == 0 {
		return 0
	}
	if line[0] == '>' {
		return 1
	}
	k := 0
	switch c := line[0]; {
	case c == '-' || c == '+' || c == '*':
		k = 1
	case '0' <= c && c <= '9':
		for k < len(line) && k < 9 && '0' <= line[k] && line[k] <= '9' {
			k++
		}
		if k == len(line) || line[k] != '.' && line[k] != ')' {
			return 0
		}
		k++
	default:
		return 0
	}
	if k < len(line) && line[k] != ' ' && line[k] != '\t' {
		return 0
	}
	if k < len(line) {
		k++ // the space after the marker
	}
	return k
}

// inlineMarkup marks the bytes that open or close inline markup whose
// matching goldmark may search for.
var inlineMarkup = [256]bool{'`': true, '*': true, '_': true, '[': true, ']': true, '<': true, '~': true}

// countMarkup returns how many bytes of inline markup line holds.
func countMarkup(line []byte) int {
	n := 0
	for _, c := range line {
		if inlineMarkup[c] {
			n++
		}
	}
	return n
}

// escapeRun escapes the inline markup of the lines src[from:to], after
// each line's containers, and leaves backslash escapes as they are.
func (t *tamer) escapeRun(from, to int) {
	for i := from; i < to; {
		end := bytes.IndexByte(t.src[i:to], '\n')
		if end < 0 {
			end = to
		} else {
			end += i
		}
		j := i
		for j < end {
			k := j
			for k < end && (t.src[k] == ' ' || t.src[k] == '\t') {
				k++
			}
			n := markerLen(t.src[k:end])
			if n == 0 {
				break
			}
			j = k + n
		}
		for ; j < end; j++ {
			switch c := t.src[j]; {
			case c == '\\' && j+1 < end && util.IsPunct(t.src[j+1]):
				j++ // an escape already
			case c == '\\' || inlineMarkup[c]:
				t.escape(j)
			}
		}
		i = end + 1
	}
}
