package transcript

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verbatim-ssg/verbatim/generator/diag"
)

var update = flag.Bool("update", os.Getenv("UPDATE_GOLDEN") == "1", "rewrite golden files under testdata/")

// dump writes a transcript and its problems as readable, deterministic
// text: what a golden file holds. Positions are shown as line:col so a
// reviewer can check them against the input.
func dump(t *Transcript, src []byte, problems diag.List) string {
	lines := diag.NewLines(t.File, src)
	at := func(off int) string {
		p := lines.Pos(off)
		return fmt.Sprintf("%d:%d", p.Line, p.Col)
	}
	var b strings.Builder
	m := t.Meta
	fmt.Fprintf(&b, "format: %s\n", t.Format)
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s: %q\n", k, v)
		}
	}
	field("title", m.Title)
	field("show", m.Show)
	if !m.Date.IsZero() {
		field("date", m.Date.Format("2006-01-02"))
	}
	field("description", m.Description)
	field("audio", m.Media.Audio)
	field("video", m.Media.Video)
	field("slug", m.Slug)
	field("front-matter-format", m.Format)
	if m.Draft {
		b.WriteString("draft: true\n")
	}
	if len(m.Tags) > 0 {
		fmt.Fprintf(&b, "tags: %q\n", m.Tags)
	}
	fmt.Fprintf(&b, "speakers: %d\n", len(t.Speakers))
	for _, s := range t.Speakers {
		fmt.Fprintf(&b, "  %q role=%q url=%q avatar=%q @%s\n", s.Name, s.Role, s.URL, s.Avatar, at(s.Offset))
	}
	fmt.Fprintf(&b, "chapters: %d\n", len(t.Chapters))
	for _, c := range t.Chapters {
		fmt.Fprintf(&b, "  [%s] %q -> turn %d @%s\n", stamp(c.Start), c.Title, c.Turn, at(c.Offset))
	}
	fmt.Fprintf(&b, "turns: %d\n", len(t.Turns))
	for i, turn := range t.Turns {
		fmt.Fprintf(&b, "  %d [%s] %q", i, stamp(turn.Start), turn.Speaker)
		if turn.End != 0 {
			fmt.Fprintf(&b, " to %s", turn.End)
		}
		if turn.Marker != "" {
			fmt.Fprintf(&b, " marker=%q", turn.Marker)
		}
		if turn.Continues {
			b.WriteString(" continues")
		}
		fmt.Fprintf(&b, " @%s text@%s\n", at(turn.Offset), at(turn.TextOffset))
		for _, l := range strings.Split(turn.Text, "\n") {
			fmt.Fprintf(&b, "    | %s\n", l)
		}
	}
	if t.Trailer != "" {
		fmt.Fprintf(&b, "trailer @%s\n", at(t.TrailerOffset))
		for _, l := range strings.Split(t.Trailer, "\n") {
			fmt.Fprintf(&b, "    | %s\n", l)
		}
	}
	fmt.Fprintf(&b, "problems: %d\n", len(problems))
	if len(problems) > 0 {
		b.WriteString(problems.Format())
	}
	return b.String()
}

func stamp(d interface{ String() string }) string {
	if d == NoTime {
		return "-"
	}
	return d.String()
}

// golden compares got with the golden file, or rewrites it with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run go test -update and review the diff):\n--- got\n%s", path, got)
	}
}

// spokenSample is the repository's own transcript in the shape of a
// transcription site's export (spoken.md): an image's alt text glued
// before the title, the show, a date and a blurb as a preamble, a
// "Speakers:" line, bold names with times, and a promo footer after the
// last turn. Every stage is tested on it.
const spokenSample = "testdata/formats/spoken.md"

// sharedSample is a real export of that shape, kept beside the repository
// (../shared) on the team's machines and CI. Tests read it when it is there
// and never need it: a fresh clone has only spokenSample.
const sharedSample = "../../../shared/fixtures/spoken-md-sample.md"

// haveShared reports whether sharedSample is there to read.
func haveShared() bool {
	_, err := os.Stat(sharedSample)
	return err == nil
}

// spineSample is the sample the spine format's benchmarks measure: the
// real one when it is there, so figures stay comparable with earlier runs.
func spineSample() string {
	if haveShared() {
		return sharedSample
	}
	return spokenSample
}

// goldenInputs lists the golden samples: every input under
// testdata/formats, and the shared sample when it is there.
func goldenInputs(t testing.TB) []string {
	files, err := filepath.Glob("testdata/formats/*")
	if err != nil {
		t.Fatal(err)
	}
	var inputs []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".golden") {
			inputs = append(inputs, f)
		}
	}
	if haveShared() {
		inputs = append(inputs, sharedSample)
	}
	return inputs
}
