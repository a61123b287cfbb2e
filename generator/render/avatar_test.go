package render

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/site"
)

func TestAppendAvatar(t *testing.T) {
	r := &Renderer{base: &url.URL{Scheme: "https", Host: "example.org", Path: "/pod/"}}
	tests := []struct {
		name   string
		sp     site.Speaker
		px     int
		want   string
		inTurn string // turnFace
		src    string // AvatarURL, which the search index carries
	}{
		{"Initials", site.Speaker{Name: "Ana María López", Color: 2}, 40,
			`<span class="avatar c3" data-i="AL"></span>`, ` data-i="AL">`, ""},
		{"InitialsEscaped", site.Speaker{Name: `<"&>`, Color: 7}, 40,
			`<span class="avatar c8" data-i="&lt;"></span>`, ` data-i="&lt;">`, ""},
		{"PathBelowTheSite", site.Speaker{Name: "Ann", Avatar: "/img/ann.png"}, 40,
			`<img class="avatar c1" src="/pod/img/ann.png" alt="" width="40" height="40" loading="lazy" decoding="async">`,
			`><img class="avatar" src="/pod/img/ann.png" alt="" width="28" height="28" loading="lazy" decoding="async">`,
			"/pod/img/ann.png"},
		{"PortraitLoadsAtOnce", site.Speaker{Name: "Ann", Avatar: "https://cdn.example.net/a.jpg?s=1&t=2", Color: 4}, 96,
			`<img class="avatar c5" src="https://cdn.example.net/a.jpg?s=1&amp;t=2" alt="" width="96" height="96" decoding="async">`,
			`><img class="avatar" src="https://cdn.example.net/a.jpg?s=1&amp;t=2" alt="" width="28" height="28" loading="lazy" decoding="async">`,
			"https://cdn.example.net/a.jpg?s=1&t=2"},
		{"UnsafeURLIsNoPicture", site.Speaker{Name: "Ann", Avatar: "javascript:alert(1)"}, 40,
			`<span class="avatar c1" data-i="A"></span>`, ` data-i="A">`, ""},
		{"EncodedScriptURLIsNoPicture", site.Speaker{Name: "Ann", Avatar: "&#106;avascript:alert(1)"}, 40,
			`<span class="avatar c1" data-i="A"></span>`, ` data-i="A">`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sp := tt.sp
			if got := string(r.appendAvatar(nil, &sp, tt.px)); got != tt.want {
				t.Errorf("appendAvatar:\n got %s\nwant %s", got, tt.want)
			}
			if got := r.turnFace(&sp); got != tt.inTurn {
				t.Errorf("turnFace:\n got %s\nwant %s", got, tt.inTurn)
			}
			if got := r.AvatarURL(&sp); got != tt.src {
				t.Errorf("AvatarURL = %q, want %q", got, tt.src)
			}
		})
	}
}

// talkSite is a site of three episodes of Ann and Bo, the last untimed.
func talkSite(t *testing.T) (*Renderer, *site.Site) {
	t.Helper()
	r, s, _ := testRenderer(t, map[string]string{
		"content/a.md": "---\ntitle: First\ndate: 2024-01-01\n---\n**Ann** (0:00)\nHi.\n\n**Bo** (1:00)\nHello.\n\n**Ann** (1:30)\nBye.\n",
		"content/b.md": "---\ntitle: Second\ndate: 2024-02-01\n---\n**Ann** (0:00)\nHi.\n\n**Bo** (3:00)\nHello.\n\n**Ann** (4:00)\nBye.\n",
		"content/c.md": "---\ntitle: Third\ndate: 2024-03-01\n---\nAnn:\nHi.\n\nBo:\nHello.\n",
	})
	return r, s
}

func TestTalkChart(t *testing.T) {
	_, s := talkSite(t)
	ann := s.Speaker("ann")
	if ann.TalkTime != 4*time.Minute {
		t.Fatalf("Ann talks %s, want 4m0s", ann.TalkTime)
	}
	got := string(talkChartHTML(ann))
	for _, want := range []string{
		`<figure class="talk-chart ` + colorClass(ann) + `">`,
		`viewBox="0 0 24 40"`,
		// Oldest first: a full column for the 3 minutes of "Second" in
		// column 1, a third of one for "First" in column 0, none for the
		// untimed "Third".
		`<path d="M0 40v-13.3h.8v13.3zM1 40v-40.0h.8v40.0z"/>`,
		`aria-hidden="true"`,
		`<figcaption>Talk time in each of 3 episodes, oldest first: 4 min in all, 2 min on average in the 2 timed, the most 3 min in “Second”.</figcaption>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("chart lacks %s\n%s", want, got)
		}
	}
	bo := s.Speaker("bo")
	if bo.TalkTime != 90*time.Second {
		t.Errorf("Bo talks %s, want 1m30s (the last turn of each has no end)", bo.TalkTime)
	}
}

func TestTalkChartUntimed(t *testing.T) {
	_, s, _ := testRenderer(t, map[string]string{"content/c.md": "Ann:\nHi.\n\nBo:\nHello.\n"})
	if got := talkChartHTML(s.Speaker("ann")); got != "" {
		t.Errorf("an untimed speaker has a chart: %s", got)
	}
}

func TestTalkShare(t *testing.T) {
	_, s := talkSite(t)
	second := s.Episodes[1]
	share := shareOf(second, s.Speaker("ann"))
	if share.Talk != 3*time.Minute || share.Percent != 75 {
		t.Errorf("Ann in Second: %+v, want 3m0s and 75%%", share)
	}
	got := string(share.HTML())
	if !strings.Contains(got, `3 min, 75% of the talk`) || !strings.Contains(got, `<rect width="75" height="4"/>`) {
		t.Errorf("share HTML: %s", got)
	}
	if got := shareOf(s.Episodes[0], s.Speaker("ann")).HTML(); got != "" {
		t.Errorf("an untimed episode has a share: %s", got)
	}
}

func TestSpeakerPages(t *testing.T) {
	r, s := talkSite(t)
	ann := s.Speaker("ann")
	var entries []SpeakerEntry
	for _, e := range ann.Episodes {
		entries = append(entries, SpeakerEntry{Episode: e, Turns: []TurnRef{{ID: "t-0-00", Time: "0:00", Excerpt: "Hi."}}})
	}
	_, page, err := r.SpeakerPage(ann, 1, entries)
	if err != nil {
		t.Fatal(err)
	}
	_, list, err := r.Speakers()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ page, want string }{
		{string(page), `<header class="speaker-head ` + colorClass(ann) + `">`},
		{string(page), `<span class="avatar ` + colorClass(ann) + `" data-i="A"></span>`},
		{string(page), `<span class="talk-time">4 min of talk</span>`},
		{string(page), `<figure class="talk-chart`},
		{string(page), `3 min, 75% of the talk`},
		{string(list), `<span class="avatar ` + colorClass(s.Speaker("bo")) + `" data-i="B"></span>`},
		{string(list), `3 episodes, 3 turns, 2 min of talk`},
	} {
		if !strings.Contains(c.page, c.want) {
			t.Errorf("page lacks %s", c.want)
		}
	}
	if s.Speaker("ann").Color == s.Speaker("bo").Color {
		t.Errorf("Ann and Bo share a colour")
	}
}

// TestTurnsCarryTheirSpeaker checks a turn's face and colour where the name
// shows, and only there.
func TestTurnsCarryTheirSpeaker(t *testing.T) {
	src := "**Ann López** (0:00)\nHi.\n\n\\[0:05\\] And more.\n\n**Bo** (0:10)\nHello.\n"
	r, s, trs := testRenderer(t, map[string]string{"content/a.md": src})
	files, err := r.EpisodeFiles(s.Episodes[0], trs["content/a.md"])
	if err != nil {
		t.Fatal(err)
	}
	page := string(files.Files[0].Data)
	ann, bo := s.Speaker("ann-lopez"), s.Speaker("bo")
	for _, want := range []string{
		`<section class="turn ` + colorClass(ann) + `" data-start="0" data-speaker="ann-lopez">`,
		`data-pagefind-filter="speaker" data-i="AL">Ann López</a>`,
		`<section class="turn continues" data-start="5" data-speaker="ann-lopez">`,
		`<section class="turn ` + colorClass(bo) + `" data-start="10" data-speaker="bo">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if n := strings.Count(page, `data-i=`); n != 2 {
		t.Errorf("%d turns carry initials, want 2 (not the continued one)", n)
	}
}

func TestTalkChartColumnsAreCapped(t *testing.T) {
	files := map[string]string{}
	for i := range maxColumns*2 + 1 {
		files[fmt.Sprintf("content/%03d.md", i)] = fmt.Sprintf("---\ntitle: E%d\ndate: 2024-01-01\n---\n**Ann** (0:00)\nHi.\n\n**Bo** (%d:00)\nHello.\n", i, 1+i%7)
	}
	_, s, _ := testRenderer(t, files)
	got := string(talkChartHTML(s.Speaker("ann")))
	if n := strings.Count(got, "h.8v"); n != maxColumns {
		t.Errorf("%d columns, want %d", n, maxColumns)
	}
	if !strings.Contains(got, "Each column is the longest of 2 or 3 episodes.") || !strings.Contains(got, `v-40.0h`) {
		t.Errorf("caption or tallest column missing: %s", got)
	}
}

func TestTalkChartNotForOneEpisode(t *testing.T) {
	_, s, _ := testRenderer(t, map[string]string{"content/a.md": "**Ann** (0:00)\nHi.\n\n**Bo** (1:00)\nHello.\n\n**Ann** (1:30)\nBye.\n"})
	if got := talkChartHTML(s.Speaker("ann")); got != "" {
		t.Errorf("a speaker of one episode has a chart: %s", got)
	}
}
