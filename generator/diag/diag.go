// Package diag reports problems in a user's site: a position, what is wrong
// and how to fix it. Positions are carried as data through every stage and
// only become text here, in the form editors jump to: "file:line:col".
package diag

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Pos is a position in a source file. Line and Col count from 1; Col counts
// characters, not bytes. A zero Line means the whole file.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats p as "file:line:col", leaving out what is unknown.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Severity tells errors, which stop a build, from warnings, which do not.
type Severity int

// The severities, mildest first.
const (
	Warning Severity = iota
	Error
)

// Problem is one thing wrong in the input: where, what, and a hint on how to
// fix it.
type Problem struct {
	Pos      Pos
	Severity Severity
	Msg      string
	Hint     string
	// Kind groups problems of one sort across a site, so a report can
	// show a few and count the rest. Errorf and Warnf set it to their
	// format ("time %s repeats"); when it is empty, Msg is the kind.
	Kind string
	// PerSite marks a problem that says the same of every file it is in,
	// such as a front matter key another tool writes: a report shows it
	// once for the site, at its first place, with the number of files.
	PerSite bool
}

// Error formats the problem as "pos: msg", with the hint on the next line.
func (p *Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.Pos.String())
	b.WriteString(": ")
	if p.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(p.Msg)
	if p.Hint != "" {
		b.WriteString("\n\thint: ")
		b.WriteString(p.Hint)
	}
	return b.String()
}

// List collects the problems of a run so they can be reported all at once.
type List []*Problem

// Errorf adds an error at pos.
func (l *List) Errorf(pos Pos, hint, format string, args ...any) {
	*l = append(*l, &Problem{Pos: pos, Severity: Error, Msg: fmt.Sprintf(format, args...), Hint: hint, Kind: format})
}

// Warnf adds a warning at pos.
func (l *List) Warnf(pos Pos, hint, format string, args ...any) {
	*l = append(*l, &Problem{Pos: pos, Severity: Warning, Msg: fmt.Sprintf(format, args...), Hint: hint, Kind: format})
}

// HasErrors reports whether any problem in l is an error.
func (l List) HasErrors() bool {
	for _, p := range l {
		if p.Severity == Error {
			return true
		}
	}
	return false
}

// Errors returns the errors in l, leaving out warnings.
func (l List) Errors() List { return l.filter(Error) }

// Warnings returns the warnings in l.
func (l List) Warnings() List { return l.filter(Warning) }

func (l List) filter(s Severity) List {
	var out List
	for _, p := range l {
		if p.Severity == s {
			out = append(out, p)
		}
	}
	return out
}

// Sort orders l by file, line and column, errors before warnings at one place.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return l[i].Severity > l[j].Severity
	})
}

// MaxReported caps how many problems Format prints, so a wrong folder does
// not flood the terminal.
const MaxReported = 50

// Format writes l sorted, one problem per entry, capped at MaxReported with
// a closing "(and N more)".
func (l List) Format() string {
	l.Sort()
	var b strings.Builder
	for i, p := range l {
		if i == MaxReported {
			fmt.Fprintf(&b, "(and %d more)\n", len(l)-i)
			break
		}
		b.WriteString(p.Error())
		b.WriteByte('\n')
	}
	return b.String()
}

// Error makes a List usable as an error; it is Format without the final newline.
func (l List) Error() string { return strings.TrimSuffix(l.Format(), "\n") }

// Lines maps byte offsets in a source to positions. Build it once per file.
// The line starts are indexed on first use, so a file read without a
// problem never pays for them. A Lines is not safe for concurrent use.
type Lines struct {
	file  string
	src   []byte
	start []int // byte offset where each line starts; nil until indexed
}

// NewLines returns the line index of src, built when first asked.
func NewLines(file string, src []byte) *Lines {
	return &Lines{file: file, src: src}
}

// starts returns the offset where each line starts, indexing them the
// first time.
func (ls *Lines) starts() []int {
	if ls.start == nil {
		start := make([]int, 1, bytes.Count(ls.src, []byte{'\n'})+1)
		for off := 0; ; {
			i := bytes.IndexByte(ls.src[off:], '\n')
			if i < 0 {
				break
			}
			off += i + 1
			start = append(start, off)
		}
		ls.start = start
	}
	return ls.start
}

// Pos returns the position of byte offset off, clamped to the source.
func (ls *Lines) Pos(off int) Pos {
	start := ls.starts()
	off = max(0, min(off, len(ls.src)))
	i := sort.Search(len(start), func(i int) bool { return start[i] > off }) - 1
	col := utf8.RuneCount(ls.src[start[i]:off]) + 1
	return Pos{File: ls.file, Line: i + 1, Col: col}
}

// Line returns the text of line n (from 1) without its line ending, or ""
// when there is no such line.
func (ls *Lines) Line(n int) string {
	start := ls.starts()
	if n < 1 || n > len(start) {
		return ""
	}
	end := len(ls.src)
	if n < len(start) {
		end = start[n]
	}
	return strings.TrimRight(string(ls.src[start[n-1]:end]), "\r\n")
}

// Count returns the number of lines.
func (ls *Lines) Count() int { return len(ls.starts()) }

// Nearest returns the candidate closest to word by edit distance, ignoring
// case, when it is close enough to be a likely misspelling, or when one is a
// whole-word prefix of the other ("Dwarkesh" and "Dwarkesh Patel").
// Otherwise it returns "".
func Nearest(word string, candidates []string) string {
	w := strings.ToLower(word)
	best, bestDist := "", -1
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if lc == w {
			continue
		}
		if strings.HasPrefix(lc, w+" ") || strings.HasPrefix(w, lc+" ") {
			return c
		}
		d := editDistance(w, lc)
		if d <= max(1, len([]rune(w))/3) && (bestDist < 0 || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in characters.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
