package render

import (
	"encoding/xml"
	"strings"
	"testing"
)

// The feed lists a transcript only with a type the Podcasting 2.0 namespace
// names, each with the site's language.
func TestFeedTranscriptTypes(t *testing.T) {
	r, _, _ := testRenderer(t, map[string]string{"content/a.md": "---\ntitle: A\ndate: 2024-01-02\n---\n**Ann** (0:00)\nHi.\n"})
	feed := written(r.Feed)
	var doc struct {
		Items []struct {
			Transcripts []struct {
				Type     string `xml:"type,attr"`
				Language string `xml:"language,attr"`
				Rel      string `xml:"rel,attr"`
			} `xml:"https://podcastindex.org/namespace/1.0 transcript"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal([]byte(feed), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Items) != 1 || len(doc.Items[0].Transcripts) == 0 {
		t.Fatalf("no transcripts in the feed:\n%s", feed)
	}
	var types []string
	for _, x := range doc.Items[0].Transcripts {
		if !transcriptTypes[x.Type] {
			t.Errorf("podcast:transcript type %q is not one the namespace names", x.Type)
		}
		if x.Language != "en" {
			t.Errorf("podcast:transcript type %q: language %q, want en", x.Type, x.Language)
		}
		if (x.Rel == "captions") != (x.Type == "text/vtt" || x.Type == "application/x-subrip") {
			t.Errorf("podcast:transcript type %q: rel %q", x.Type, x.Rel)
		}
		types = append(types, x.Type)
	}
	if got, want := strings.Join(types, " "), "text/vtt application/x-subrip application/json text/html text/plain"; got != want {
		t.Errorf("types %s, want %s", got, want)
	}
	if strings.Contains(feed, "transcript.md") {
		t.Errorf("the feed links the markdown export")
	}
}

// Each speaker of an episode is a podcast:person with a role from the
// Podcast Taxonomy, their speaker page and their picture when known.
func TestFeedPersons(t *testing.T) {
	r, _, _ := testRenderer(t, map[string]string{
		"content/a.md": `---
title: A
date: 2024-01-02
speakers:
  - name: Ann & Co
    role: Host
    avatar: /img/ann.jpg
  - name: Bob
    role: data editor
  - name: Cy
    role: co host
  - name: Dee
    role: Sound Designer
    avatar: https://cdn.example.net/dee.png
  - name: Eve
---
**Ann & Co** (0:00)
Hi.

**Bob** (0:01)
Hi.

**Cy** (0:02)
Hi.

**Dee** (0:03)
Hi.
`,
		// Eve has a role in an older episode, and speaks there.
		"content/b.md": "---\ntitle: B\ndate: 2023-01-02\nspeakers:\n  - name: Eve\n    role: reporter\n---\n**Eve** (0:00)\nHi.\n",
	})
	feed := written(r.Feed)
	item := strings.Split(feed, "<item>")[1]
	for _, want := range []string{
		`<podcast:person role="host" href="https://example.org/pod/speakers/ann-co/" img="https://example.org/pod/img/ann.jpg">Ann &amp; Co</podcast:person>`,
		`<podcast:person role="guest" href="https://example.org/pod/speakers/bob/">Bob</podcast:person>`,
		`<podcast:person role="co-host" href="https://example.org/pod/speakers/cy/">Cy</podcast:person>`,
		`<podcast:person group="audio post-production" role="sound designer" href="https://example.org/pod/speakers/dee/" img="https://cdn.example.net/dee.png">Dee</podcast:person>`,
		`<podcast:person role="reporter" href="https://example.org/pod/speakers/eve/">Eve</podcast:person>`,
	} {
		if !strings.Contains(item, want) {
			t.Errorf("the item lacks %s\n%s", want, item)
		}
	}
	if n := strings.Count(item, "<podcast:person "); n != 5 {
		t.Errorf("%d persons, want 5", n)
	}
}

func TestPersonRole(t *testing.T) {
	for _, tt := range []struct{ in, role, group string }{
		{"host", "host", "cast"},
		{"Co-Host", "co-host", "cast"},
		{"cohost", "co-host", "cast"},
		{"Guest host", "guest host", "cast"},
		{"Editor", "editor", "writing"},
		{"executive  producer", "executive producer", "creative direction"},
		{"", "guest", "cast"},
		{"data editor", "guest", "cast"},
	} {
		if role, group := personRole(tt.in); role != tt.role || group != tt.group {
			t.Errorf("personRole(%q) = %q, %q; want %q, %q", tt.in, role, group, tt.role, tt.group)
		}
	}
}

// A media path below the site root is absolute in the feed and in Open
// Graph with the base URL's path once, not twice.
func TestMediaURLsUnderABasePath(t *testing.T) {
	r, s, trs := testRenderer(t, map[string]string{"content/a.md": "---\ntitle: A\naudio: /audio/a.mp3\n---\n**Ann** (0:00)\nHi.\n"})
	want := "https://example.org/pod/audio/a.mp3"
	if feed := written(r.Feed); !strings.Contains(feed, `<enclosure url="`+want+`"`) {
		t.Errorf("the feed's enclosure is not %s\n%s", want, feed)
	}
	out, err := r.EpisodeFiles(s.Episodes[0], trs["content/a.md"])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out.Files[0].Data), `<meta property="og:audio" content="`+want+`">`) {
		t.Errorf("og:audio is not %s", want)
	}
}
