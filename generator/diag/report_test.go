package diag

import (
	"fmt"
	"strings"
	"testing"
)

// TestReportErrorsFirst: an error is shown even behind thousands of
// warnings that sort before it, and warnings of one kind are counted past
// the first few.
func TestReportErrorsFirst(t *testing.T) {
	var l List
	for i := 1; i <= 4500; i++ {
		l.Warnf(Pos{File: fmt.Sprintf("a/%04d.md", i), Line: 3, Col: 1}, "give it its own time", "time %s repeats", "0:01")
	}
	l.Warnf(Pos{File: "a/0001.md", Line: 9}, "", "text after the last turn looks like a footer (%q)", "Thanks")
	l.Errorf(Pos{File: "z.md", Line: 1, Col: 1}, "start each turn with a header", "no turns found")
	want := `z.md:1:1: no turns found
	hint: start each turn with a header
a/0001.md:3:1: warning: time 0:01 repeats
	hint: give it its own time
a/0002.md:3:1: warning: time 0:01 repeats
	hint: give it its own time
a/0003.md:3:1: warning: time 0:01 repeats
	hint: give it its own time
(and 4,497 more like this: 4,500 in 4,500 files; -all shows them)
a/0001.md:9: warning: text after the last turn looks like a footer ("Thanks")
`
	if got := l.Report(false); got != want {
		t.Errorf("Report(false):\n%s\nwant:\n%s", got, want)
	}
	all := strings.Split(strings.TrimSuffix(l.Report(true), "\n"), "\n")
	if len(all) != 2*len(l)-1 || all[0] != "z.md:1:1: no turns found" { // a line for each problem and each hint
		t.Errorf("Report(true) has %d lines, first %q; want %d, the error first", len(all), all[0], 2*len(l)-1)
	}
}

// TestReportCapsKinds: many kinds of one problem each stop at MaxReported.
func TestReportCapsKinds(t *testing.T) {
	var l List
	for i := 0; i < MaxReported+5; i++ {
		l = append(l, &Problem{Pos: Pos{File: "a.md", Line: i + 1}, Severity: Error, Msg: fmt.Sprintf("odd thing %d", i)})
	}
	lines := strings.Split(strings.TrimSuffix(l.Report(false), "\n"), "\n")
	if len(lines) != MaxReported+1 || lines[MaxReported] != "(and 5 more errors of other kinds; -all shows them)" {
		t.Errorf("%d lines, last %q", len(lines), lines[len(lines)-1])
	}
}

// TestReportKinds: problems group by the format that made them, and a
// format with no words of its own ("%s") groups by message.
func TestReportKinds(t *testing.T) {
	var l List
	for i := 1; i <= 5; i++ {
		l.Warnf(Pos{File: "a.md", Line: i}, "", "%s", fmt.Sprintf("different %d", i))
		l.Warnf(Pos{File: "b.md", Line: i}, "", "%d%% of %q", i, "same")
	}
	got := l.Report(false)
	if !strings.Contains(got, "b.md:3: warning: 3% of \"same\"\n(and 2 more like this: 5 in 1 file;") {
		t.Errorf("grouped wrongly:\n%s", got)
	}
	if strings.Count(got, "a.md:") != 5 {
		t.Errorf("messages made by %%s were grouped:\n%s", got)
	}
	for format, want := range map[string]bool{"%s": false, "%s: %q": false, "%5.2f%%": false, "time %s repeats": true, "%sx": true} {
		if hasWords(format) != want {
			t.Errorf("hasWords(%q) = %v", format, !want)
		}
	}
}

func TestCount(t *testing.T) {
	tests := []struct {
		n    int
		noun string
		want string
	}{
		{0, "episode", "0 episodes"},
		{1, "episode", "1 episode"},
		{2, "error", "2 errors"},
		{4512, "warning", "4,512 warnings"},
		{1234567, "word", "1,234,567 words"},
		{-1500, "second", "-1,500 seconds"},
	}
	for _, tt := range tests {
		if got := Count(tt.n, tt.noun); got != tt.want {
			t.Errorf("Count(%d, %q) = %q, want %q", tt.n, tt.noun, got, tt.want)
		}
	}
}

func ExampleList_Counts() {
	var l List
	l.Errorf(Pos{File: "a.md", Line: 1}, "", "bad")
	l.Warnf(Pos{File: "a.md", Line: 2}, "", "odd")
	l.Warnf(Pos{File: "a.md", Line: 3}, "", "odd")
	fmt.Println(l.Counts())
	// Output: 1 error, 2 warnings
}

// TestReportPerSite: a problem marked PerSite (a key another tool writes)
// is shown once per message across the site, at its first place, with the
// number of files it is in, with -all too; other problems are untouched.
func TestReportPerSite(t *testing.T) {
	var l List
	for _, file := range []string{"c.md", "a.md", "b.md"} {
		for _, key := range []string{"guid", "permalink"} {
			l.Warnf(Pos{File: file, Line: 2}, "other keys do no harm", "front matter key %q is ignored", key)
			l[len(l)-1].PerSite = true
		}
	}
	l.Warnf(Pos{File: "d.md", Line: 2}, "", "front matter key %q is ignored", "guid") // not per site
	l.Warnf(Pos{File: "e.md", Line: 5}, "", "time %s repeats", "0:01")
	want := `a.md:2: warning: front matter key "guid" is ignored (in 3 files)
	hint: other keys do no harm
a.md:2: warning: front matter key "permalink" is ignored (in 3 files)
	hint: other keys do no harm
d.md:2: warning: front matter key "guid" is ignored
e.md:5: warning: time 0:01 repeats
`
	for _, all := range []bool{false, true} {
		if got := l.Report(all); got != want {
			t.Errorf("Report(%v):\n%s\nwant:\n%s", all, got, want)
		}
	}
	if l[0].Msg != `front matter key "guid" is ignored` {
		t.Errorf("Report changed a problem of the list: %q", l[0].Msg)
	}
}
