package diag

import (
	"strconv"
	"strings"
	"unicode"
)

// Examples is how many problems of one kind Report shows before it counts
// the rest.
const Examples = 3

// Report formats l for a person at a terminal: every error first, then
// the warnings, so a failed build always shows why it failed even under
// thousands of warnings. Within each, problems of one kind past the first
// Examples are counted, with the files they are in, rather than shown;
// each severity is capped at MaxReported problems. With all, every
// problem is shown, errors still first. The list is sorted by position.
func (l List) Report(all bool) string {
	l.Sort()
	var b strings.Builder
	for _, s := range [...]Severity{Error, Warning} {
		group := l.filter(s).perSite()
		if all {
			for _, p := range group {
				b.WriteString(p.Error())
				b.WriteByte('\n')
			}
			continue
		}
		group.writeGrouped(&b)
	}
	return b.String()
}

// perSite returns l, sorted, with each PerSite problem shown once: the
// first of those with its message, counting the files of the others.
func (l List) perSite() List {
	var out List
	first := make(map[string]int) // message -> index in out
	files := make(map[string]map[string]bool)
	for _, p := range l {
		if !p.PerSite {
			out = append(out, p)
			continue
		}
		if _, ok := first[p.Msg]; !ok {
			first[p.Msg] = len(out)
			files[p.Msg] = make(map[string]bool)
			out = append(out, p)
		}
		files[p.Msg][p.Pos.File] = true
	}
	for msg, i := range first {
		if n := len(files[msg]); n > 1 {
			q := *out[i]
			q.Msg += " (in " + Count(n, "file") + ")"
			out[i] = &q
		}
	}
	return out
}

// writeGrouped writes l, all of one severity and sorted, a kind at a time
// in the order each kind first occurs.
func (l List) writeGrouped(b *strings.Builder) {
	var kinds []string
	byKind := make(map[string]List)
	for _, p := range l {
		k := p.kind()
		if _, ok := byKind[k]; !ok {
			kinds = append(kinds, k)
		}
		byKind[k] = append(byKind[k], p)
	}
	shown := 0
	for i, k := range kinds {
		same := byKind[k]
		if shown == MaxReported {
			rest := 0
			for _, k := range kinds[i:] {
				rest += len(byKind[k])
			}
			noun := "warning"
			if l[0].Severity == Error {
				noun = "error"
			}
			if rest != 1 {
				noun += "s"
			}
			b.WriteString("(and " + Thousands(rest) + " more " + noun + " of other kinds; -all shows them)\n")
			return
		}
		n := min(len(same), Examples, MaxReported-shown)
		for _, p := range same[:n] {
			b.WriteString(p.Error())
			b.WriteByte('\n')
		}
		shown += n
		if rest := len(same) - n; rest > 0 {
			b.WriteString("(and " + Thousands(rest) + " more like this: " + Thousands(len(same)) + " in " + Count(same.files(), "file") + "; -all shows them)\n")
		}
	}
}

// kind is the kind of problem p is, for grouping: its Kind, unless that
// says nothing of its own ("%s"), when its message is.
func (p *Problem) kind() string {
	if hasWords(p.Kind) {
		return p.Kind
	}
	return p.Msg
}

// hasWords reports whether a format has a letter outside its verbs.
func hasWords(format string) bool {
	verb := false
	for _, r := range format {
		switch {
		case verb:
			verb = !unicode.IsLetter(r) && r != '%' // flags, width: the verb goes on
		case r == '%':
			verb = true
		case unicode.IsLetter(r):
			return true
		}
	}
	return false
}

// files counts the files l's problems are in.
func (l List) files() int {
	seen := make(map[string]bool)
	for _, p := range l {
		seen[p.Pos.File] = true
	}
	return len(seen)
}

// Count writes n with its noun, made plural by an "s" unless n is 1, and
// n's thousands separated by commas: "1 episode", "4,512 warnings".
func Count(n int, noun string) string {
	s := Thousands(n) + " " + noun
	if n != 1 {
		s += "s"
	}
	return s
}

// Thousands writes n with commas between its thousands: 4,512.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Counts says how many errors and warnings l holds: "1 error, 2 warnings".
func (l List) Counts() string {
	errs := 0
	for _, p := range l {
		if p.Severity == Error {
			errs++
		}
	}
	return Count(errs, "error") + ", " + Count(len(l)-errs, "warning")
}
