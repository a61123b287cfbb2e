package search

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

func TestAppendCleanMakesTabsAndLineBreaksSpaces(t *testing.T) {
	// Each of the bytes at every offset, so both the eight-byte words and
	// the bytes after them meet one.
	for _, c := range []byte{'\t', '\n', '\r'} {
		for at := range 19 {
			in := []byte("abcdefghijklmnopqrs")
			in[at] = c
			want := []byte("prefix:abcdefghijklmnopqrs")
			want[len("prefix:")+at] = ' '
			if got := appendClean([]byte("prefix:"), string(in)); string(got) != string(want) {
				t.Errorf("appendClean(%q) = %q, want %q", in, got, want)
			}
		}
	}
	keep := "\x00\x0b\x0c\x0e\x1f é\x8e\xff"
	if got := string(appendClean(nil, keep)); got != keep {
		t.Errorf("appendClean(%q) = %q, want it unchanged", keep, got)
	}
}

func TestTextFileHeadMeasuresItsLines(t *testing.T) {
	tests := []struct {
		name string
		e    Episode
		want string
	}{
		{"NoTurns", Episode{Slug: "empty", Title: "Nothing said"},
			"empty\tNothing said\t\n1\n\n"},
		{"OneTurn", Episode{Slug: "a", Title: "A", Date: "2024-01-01", Turns: []Turn{{Anchor: "t-0-00", Time: "0:00", Text: "Hello."}}},
			"a\tA\t2024-01-01\nj 1\nt-0-00\t0:00\tHello.\n\n"},
		{"TabsAndBreaksKeepTheirLength", Episode{Slug: "b", Title: "Tab\there", Turns: []Turn{{Anchor: "x", Text: "one\ntwo\r\nthree"}}},
			"b\tTab here\t\ni 1\nx\t\tone two  three\n\n"},
		{"BytesNotCharacters", Episode{Slug: "c", Turns: []Turn{{Anchor: "x", Speaker: "A", Text: "Zürich café"}, {Anchor: "y", Text: strings.Repeat("long ", 10)}}},
			"c\t\t\nh 1i 1\nx\t\tZürich café\ny\t\t" + strings.Repeat("long ", 10) + "\n\n"},
		{"EpisodeLineLast", Episode{Slug: "d", Description: "About\tit.", Chapters: []Chapter{{"chapter-a", "A\nB"}, {"chapter-c", "C"}},
			Turns: []Turn{{Anchor: "x", Text: "Hi."}}},
			"d\t\t\n7 10\nx\t\tHi.\nAbout it.\tchapter-a\tA B\tchapter-c\tC\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Prepare(tt.e)
			got := string(p.Text.Data)
			if got != tt.want {
				t.Errorf("text file\n%q\nwant\n%q", got, tt.want)
			}
			if head := strings.Count(got[:p.head], "\n"); head != 2 || got[p.head-1] != '\n' {
				t.Errorf("head of %d bytes %q is not the first two lines", p.head, got[:p.head])
			}
			if p.Text.Path != textPath(p.name) || p.name != hashName(p.Text.Data) {
				t.Errorf("text file %s named %s, want the hash of its bytes", p.Text.Path, p.name)
			}
		})
	}
}

func TestPutLengthMakesRoomForLongLengths(t *testing.T) {
	// Lengths of one, two and three bytes as uvarints, at their limits.
	for _, n := range []int{0, 1, 127, 128, 300, 16383, 16384} {
		rest := make([]byte, n)
		for i := range rest {
			rest[i] = byte(i)
		}
		b := append([]byte("head"), 0)
		b = putLength(append(b, rest...), len("head"))
		want := binary.AppendUvarint([]byte("head"), uint64(n))
		want = append(want, rest...)
		if !bytes.Equal(b, want) {
			t.Errorf("putLength with %d bytes after it: got %d bytes, want %d (% x...)", n, len(b), len(want), want[:min(len(want), 8)])
		}
	}
}

// FuzzTextFile reads an episode's text file as static/search.js does, a
// Range at a time: the head is two lines, and each length in it spans
// exactly its turn's line, with the turn's fields cleaned of tabs and line
// breaks. The fuzzer's text is cut into turns at each "|".
func FuzzTextFile(f *testing.F) {
	f.Add("slug", "A title", "Hello.|Zürich café|tab\there|line\nbreak\r\n|", "About\tit", "One|Two\n")
	f.Add("", "", "", "", "")
	f.Fuzz(func(t *testing.T, slug, title, text, description, chapters string) {
		e := Episode{Slug: slug, Title: title, Date: "2024-01-01", Description: description}
		for i, c := range strings.Split(chapters, "|") {
			e.Chapters = append(e.Chapters, Chapter{Anchor: fmt.Sprintf("chapter-%d", i), Title: c})
		}
		for i, part := range strings.Split(text, "|") {
			e.Turns = append(e.Turns, Turn{Anchor: fmt.Sprintf("t-%d", i), Speaker: string(rune('A' + i%3)), Time: "0:01", Text: part})
		}
		p := Prepare(e)
		data := string(p.Text.Data)
		head := strings.SplitAfter(data[:p.head], "\n")
		if len(head) != 3 || head[2] != "" {
			t.Fatalf("head %q is not two lines", data[:p.head])
		}
		if want := strings.Join([]string{clean(slug), clean(title), "2024-01-01"}, "\t") + "\n"; head[0] != want {
			t.Errorf("episode line %q, want %q", head[0], want)
		}
		at := p.head
		order := speakerOrder(e.Turns)
		lengths := strings.Fields(head[1])
		if len(lengths) != len(order)+1 {
			t.Fatalf("%d lengths for %d turns and the episode", len(lengths), len(order))
		}
		for k, n := range lengths[:len(order)] {
			size, err := strconv.ParseInt(n, 36, 0)
			if err != nil || at+int(size) > len(data) {
				t.Fatalf("length %q at %d of %d bytes: %v", n, at, len(data), err)
			}
			turn := e.Turns[order[k]]
			want := clean(turn.Anchor) + "\t" + clean(turn.Time) + "\t" + clean(turn.Text) + "\n"
			if got := data[at : at+int(size)]; got != want {
				t.Errorf("turn %d reads %q, want %q", k, got, want)
			}
			at += int(size)
		}
		want := clean(description)
		for _, c := range e.Chapters {
			want += "\t" + clean(c.Anchor) + "\t" + clean(c.Title)
		}
		if got := data[at:]; got != want+"\n" || strconv.FormatInt(int64(len(got)), 36) != lengths[len(order)] {
			t.Errorf("the episode's line is %q, want %q, measured %s", got, want+"\n", lengths[len(order)])
		}
	})
}

// clean is appendClean's reference: tabs and line breaks become spaces.
func clean(s string) string {
	return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
}
