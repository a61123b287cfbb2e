package diag

import (
	"fmt"
	"strings"
	"testing"
)

func TestLinesPos(t *testing.T) {
	src := []byte("ab\nçé x\n\nlast")
	ls := NewLines("f.md", src)
	tests := []struct {
		name string
		off  int
		want string
	}{
		{"Start", 0, "f.md:1:1"},
		{"EndOfFirstLine", 2, "f.md:1:3"},
		{"SecondLine", 3, "f.md:2:1"},
		{"CountsCharactersNotBytes", strings.Index(string(src), "x"), "f.md:2:4"},
		{"EmptyLine", strings.Index(string(src), "\n\n") + 1, "f.md:3:1"},
		{"ClampedPastEnd", 999, "f.md:4:5"},
		{"ClampedBeforeStart", -4, "f.md:1:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ls.Pos(tt.off).String(); got != tt.want {
				t.Errorf("Pos(%d) = %s, want %s", tt.off, got, tt.want)
			}
		})
	}
	if got := ls.Line(2); got != "çé x" {
		t.Errorf("Line(2) = %q", got)
	}
	if got := ls.Line(9); got != "" {
		t.Errorf("Line(9) = %q, want empty", got)
	}
}

func TestListFormatSortsAndCaps(t *testing.T) {
	var l List
	for i := MaxReported + 2; i > 0; i-- {
		l.Errorf(Pos{File: "b.md", Line: i, Col: 1}, "", "problem %d", i)
	}
	l.Warnf(Pos{File: "a.md", Line: 3}, "fix it", "odd")
	out := l.Format()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if lines[0] != "a.md:3: warning: odd" || lines[1] != "\thint: fix it" {
		t.Fatalf("first problem not sorted first:\n%s", out)
	}
	if lines[2] != "b.md:1:1: problem 1" {
		t.Errorf("errors not sorted by line: %q", lines[2])
	}
	if last := lines[len(lines)-1]; last != "(and 3 more)" {
		t.Errorf("last line = %q, want the cap", last)
	}
	if !l.HasErrors() || len(l.Warnings()) != 1 || len(l.Errors()) != MaxReported+2 {
		t.Errorf("severity filters wrong")
	}
}

func ExampleProblem() {
	p := &Problem{Pos: Pos{File: "content/ep12.md", Line: 14, Col: 3}, Severity: Error,
		Msg: `timestamp "1:7" has one digit of seconds`, Hint: "write seconds with two digits, as in 1:07"}
	fmt.Println(p)
	// Output:
	// content/ep12.md:14:3: timestamp "1:7" has one digit of seconds
	//	hint: write seconds with two digits, as in 1:07
}
