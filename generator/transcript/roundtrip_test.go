package transcript

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestRoundTrip checks, for every golden sample, that the canonical
// markdown reads back as the same transcript: Parse(Markdown(Parse(x)))
// equals Parse(x) in metadata, speakers, turn speakers, starts and text.
// It also checks that the canonical output is a fixed point.
func TestRoundTrip(t *testing.T) {
	for _, in := range goldenInputs(t) {
		name := filepath.Base(in)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := Parse(name, src)
			canon := Markdown(want)
			got, problems := Parse(name+".md", canon)
			if problems.HasErrors() {
				t.Fatalf("canonical output has errors: %v\n%s", problems, canon)
			}
			if got.Format != FormatMarkdown {
				t.Errorf("canonical output read as %s, want markdown", got.Format)
			}
			if diff := sameTranscript(want, got); diff != "" {
				t.Errorf("%s\ncanonical output:\n%s", diff, canon)
			}
			if again := Markdown(got); string(again) != string(canon) {
				t.Errorf("canonical output is not a fixed point:\n%s\n---\n%s", canon, again)
			}
		})
	}
}

// sameTranscript describes the first difference between a and b in what
// the round trip keeps, or returns "".
func sameTranscript(a, b *Transcript) string {
	ma, mb := a.Meta, b.Meta
	ma.Format, mb.Format = "", "" // the format a file was named as is not content
	if !reflect.DeepEqual(ma, mb) {
		return fmt.Sprintf("meta differs:\n%+v\n%+v", ma, mb)
	}
	if len(a.Speakers) != len(b.Speakers) {
		return fmt.Sprintf("speakers: %d then %d", len(a.Speakers), len(b.Speakers))
	}
	for i := range a.Speakers {
		sa, sb := a.Speakers[i], b.Speakers[i]
		sa.Offset, sb.Offset = 0, 0
		if sa != sb {
			return fmt.Sprintf("speaker %d: %+v then %+v", i, sa, sb)
		}
	}
	if len(a.Turns) != len(b.Turns) {
		return fmt.Sprintf("turns: %d then %d", len(a.Turns), len(b.Turns))
	}
	for i := range a.Turns {
		ta, tb := a.Turns[i], b.Turns[i]
		if ta.Speaker != tb.Speaker || ta.Start != tb.Start || ta.Text != tb.Text || ta.Marker != tb.Marker || ta.Marker != "" && ta.End != tb.End {
			return fmt.Sprintf("turn %d:\n%q %q %v-%v %q\n%q %q %v-%v %q", i, ta.Speaker, ta.Marker, ta.Start, ta.End, ta.Text, tb.Speaker, tb.Marker, tb.Start, tb.End, tb.Text)
		}
	}
	if len(a.Chapters) != len(b.Chapters) {
		return fmt.Sprintf("chapters: %d then %d", len(a.Chapters), len(b.Chapters))
	}
	for i := range a.Chapters {
		ca, cb := a.Chapters[i], b.Chapters[i]
		if ca.Title != cb.Title || ca.Start != cb.Start || ca.Turn != cb.Turn {
			return fmt.Sprintf("chapter %d: %+v then %+v", i, ca, cb)
		}
	}
	return ""
}

// ExampleMarkdown shows the canonical form other formats are imported to.
func ExampleMarkdown() {
	src := "[00:00:03] Dana Whitfield: Morning all.\n[00:00:09.5] Kofi Mensah: Morning.\n"
	tr, _ := Parse("sync.txt", []byte(src))
	fmt.Print(string(Markdown(tr)))
	// Output:
	// ---
	// title: Sync
	// format: markdown
	// ---
	//
	// **Dana Whitfield** (0:03)
	//
	// Morning all.
	//
	// **Kofi Mensah** (0:09.5)
	//
	// Morning.
}

// TestNamesEndingInAFullStop: a speaker whose name ends in a full stop
// ("Dr.", "King Jr.", an initial) is a speaker in every header shape that
// allows one, so that their canonical form, "**Dr.** (0:00)", reads back.
// FuzzRoundTrip found the case: "0.(0:00):" read as a turn of "0.", whose
// canonical header did not.
func TestNamesEndingInAFullStop(t *testing.T) {
	for _, src := range []string{
		"**Martin Luther King Jr.** (0:01)\nI have a dream.\n",
		"**Dr.:**\nHello.\n",
		"**J.** [00:00:01] Hello.\n",
		"[00:00:01] **Dr.** Hello.\n",
		"Dr. (0:01): Hello.\n",
	} {
		want, problems := Parse("in.md", []byte(src))
		if problems.HasErrors() || len(want.Turns) != 1 {
			t.Errorf("%q: %d turns, problems %v", src, len(want.Turns), problems)
			continue
		}
		canon := Markdown(want)
		got, _ := Parse("canon.md", canon)
		if diff := sameTranscript(want, got); diff != "" {
			t.Errorf("%q: %s\ncanonical output:\n%s", src, diff, canon)
		}
	}
}
