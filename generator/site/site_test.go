package site

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

func TestSlug(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Simple", "John Schulman", "john-schulman"},
		{"AccentsDropped", "José Núñez", "jose-nunez"},
		{"PunctuationCollapses", "Dr. Ann O'Neil, PhD", "dr-ann-o-neil-phd"},
		{"DigitsKept", "Episode 12: The End", "episode-12-the-end"},
		{"OtherScriptsKept", "東京 talk", "東京-talk"},
		{"NothingLeft", "!!!", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Slug(tt.in); got != tt.want {
				t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestAnchors(t *testing.T) {
	at := func(s string) transcript.Turn {
		if s == "" {
			return transcript.Turn{Start: transcript.NoTime}
		}
		d, err := transcript.ParseTimestamp(s)
		if err != nil {
			t.Fatal(err)
		}
		return transcript.Turn{Start: d}
	}
	turns := []transcript.Turn{at("0:00"), at("12:34"), at("12:34"), at(""), at("1:02:03"), at("12:34"), at("")}
	got := strings.Join(Anchors(turns), " ")
	want := "t-0-00 t-12-34 t-12-34-b turn-1 t-1-02-03 t-12-34-c turn-2"
	if got != want {
		t.Errorf("Anchors = %s\nwant      %s", got, want)
	}
	// Editing text never moves an anchor; inserting a turn moves none but
	// its own.
	turns = append(turns[:1], append([]transcript.Turn{at("5:00")}, turns[1:]...)...)
	if got := Anchors(turns); got[2] != "t-12-34" || got[1] != "t-5-00" {
		t.Errorf("after an insert: %v", got)
	}
}

func summary(source, title, date string, draft bool, speakers ...string) *Summary {
	tr := &transcript.Transcript{Meta: transcript.Meta{Title: title, Draft: draft}}
	if date != "" {
		tr.Meta.Date, _ = time.Parse("2006-01-02", date)
	}
	for i, s := range speakers {
		tr.Turns = append(tr.Turns, transcript.Turn{Speaker: s, Start: time.Duration(i) * time.Second})
	}
	return Summarize(source, tr)
}

func TestNew(t *testing.T) {
	sums := []*Summary{
		summary("content/a.md", "A", "2024-01-01", false, "Sam Rivera", "Mara Okafor"),
		summary("content/b.md", "B", "2024-03-01", false, "Sam Chen", "Mara Okafor", "Sam Chen"),
		summary("content/c.md", "C", "2024-02-01", true, "Ghost"),
	}
	s, problems := New(DefaultConfig(), sums, false)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	var order []string
	for _, e := range s.Episodes {
		order = append(order, e.Slug)
	}
	if got := strings.Join(order, ","); got != "b,a" {
		t.Errorf("episodes in order %s, want newest first without the draft: b,a", got)
	}
	var speakers []string
	for _, sp := range s.Speakers {
		speakers = append(speakers, fmt.Sprintf("%s:%d/%d", sp.Slug, len(sp.Episodes), sp.Turns))
	}
	if got := strings.Join(speakers, " "); got != "mara-okafor:2/2 sam-chen:1/2 sam-rivera:1/1" {
		t.Errorf("speakers %s", got)
	}
	if s.Episodes[0].Older != s.Episodes[1] || s.Episodes[1].Newer != s.Episodes[0] {
		t.Errorf("neighbours not linked")
	}
	if s, _ := New(DefaultConfig(), sums, true); len(s.Episodes) != 3 {
		t.Errorf("drafts not published with drafts set")
	}
}

func TestNewDuplicateSlug(t *testing.T) {
	a := summary("content/2024/intro.md", "A", "", false, "X")
	b := summary("content/2025/intro.md", "B", "", false, "Y")
	_, problems := New(DefaultConfig(), []*Summary{a, b}, false)
	if len(problems) != 1 || !strings.Contains(problems[0].Error(), "content/2025/intro.md: warning: episode URL /episodes/intro/ is taken by content/2024/intro.md: this one is /episodes/intro-2/") {
		t.Errorf("problems = %v", problems)
	}
}

func TestPages(t *testing.T) {
	tests := []struct{ n, size, k, pages, from, to int }{
		{0, 25, 1, 1, 0, 0},
		{25, 25, 1, 1, 0, 25},
		{26, 25, 2, 2, 25, 26},
		{60, 25, 3, 3, 50, 60},
	}
	for _, tt := range tests {
		pages, from, to := Pages(tt.n, tt.size, tt.k)
		if pages != tt.pages || from != tt.from || to != tt.to {
			t.Errorf("Pages(%d,%d,%d) = %d,%d,%d", tt.n, tt.size, tt.k, pages, from, to)
		}
	}
}

// TestEpisodeSlugFromFileName: without slug: in front matter, an episode's
// URL is its file's name, or its folder's when the file is named for the
// folder's sake, as in archives of one folder per episode.
func TestEpisodeSlugFromFileName(t *testing.T) {
	for _, c := range []struct{ name, source, want string }{
		{"FileName", "content/the-changelog-103.md", "the-changelog-103"},
		{"NestedFileName", "content/2024/ep-7.vtt", "ep-7"},
		{"TranscriptInFolder", "content/episodes/ada-chen/transcript.md", "ada-chen"},
		{"IndexInFolder", "content/ep-9/index.md", "ep-9"},
		{"CaseOfBundleName", "content/ep-10/Transcript.txt", "ep-10"},
		{"BundleNameAtTop", "content/transcript.md", "transcript"},
		{"OtherNameInFolder", "content/ep-11/episode.md", "episode"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, problems := New(DefaultConfig(), []*Summary{summary(c.source, "T", "", false, "X")}, false)
			if len(problems) > 0 {
				t.Fatal(problems)
			}
			if got := s.Episodes[0].Slug; got != c.want {
				t.Errorf("slug of %s is %q, want %q", c.source, got, c.want)
			}
		})
	}
}
