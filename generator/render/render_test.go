package render

import (
	"bufio"
	"encoding/json"
	"encoding/xml"
	"flag"
	"html/template"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/site"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

var update = flag.Bool("update", os.Getenv("UPDATE_GOLDEN") != "", "rewrite golden files")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file; run go test -update and review the diff.\ngot:\n%s", name, got)
	}
}

// testRenderer renders the transcripts in files (name -> source) as a site
// with the built-in theme.
func testRenderer(t *testing.T, files map[string]string) (*Renderer, *site.Site, map[string]*transcript.Transcript) {
	t.Helper()
	return testRendererIn(t, t.TempDir(), files)
}

// testRendererIn is testRenderer for the site folder dir, whose templates
// folder may override the built-in theme's.
func testRendererIn(t *testing.T, dir string, files map[string]string) (*Renderer, *site.Site, map[string]*transcript.Transcript) {
	t.Helper()
	var sums []*site.Summary
	trs := make(map[string]*transcript.Transcript)
	for name, src := range files {
		tr, problems := transcript.Parse(name, []byte(src))
		if problems.HasErrors() {
			t.Fatal(problems)
		}
		trs[name] = tr
		sums = append(sums, site.Summarize(name, tr))
	}
	cfg := site.DefaultConfig()
	cfg.BaseURL = "https://example.org/pod/"
	s, problems := site.New(cfg, sums, false)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	th, problems := LoadTheme(dir, cfg.HighlightStyle, cfg.HighlightStyleDark, false)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	r, problems := New(s, th, NewMarkdown())
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return r, s, trs
}

func TestEpisodeGolden(t *testing.T) {
	src, err := os.ReadFile("testdata/episode.md")
	if err != nil {
		t.Fatal(err)
	}
	r, s, trs := testRenderer(t, map[string]string{"content/episode.md": string(src)})
	rendered, err := r.EpisodeFiles(s.Episodes[0], trs["content/episode.md"])
	if err != nil {
		t.Fatal(err)
	}
	files, refs := rendered.Files, rendered.Refs
	if len(files) < 2 || !strings.HasSuffix(files[0].Path, "/index.html") {
		t.Fatalf("want the page first, then the exports; got %d files", len(files))
	}
	for _, f := range files {
		if strings.HasSuffix(f.Path, "/transcript.json") {
			files[1] = f
		}
	}
	golden(t, "episode.html", files[0].Data)
	golden(t, "episode.json", files[1].Data)
	if n := len(refs["bob-example"]); n != 2 {
		t.Errorf("Bob has %d turn refs, want 2", n)
	}
	var doc struct {
		Version  string
		Segments []map[string]any
	}
	if err := json.Unmarshal(files[1].Data, &doc); err != nil || doc.Version == "" || len(doc.Segments) != 4 {
		t.Errorf("transcript.json: %v %+v", err, doc)
	}
}

func TestMediaAt(t *testing.T) {
	d := 754*time.Second + 500*time.Millisecond
	tests := []struct {
		name  string
		media Media
		want  string
	}{
		{"AudioFragment", Media{Kind: "audio", Src: "/pod/audio/ep1.mp3"}, "/pod/audio/ep1.mp3#t=754"},
		{"ReplacesFragment", Media{Kind: "audio", Src: "https://cdn.example/a.mp3#x"}, "https://cdn.example/a.mp3#t=754"},
		{"YouTube", Media{Kind: "video", Src: "https://youtu.be/abc", YouTube: "abc"}, "https://www.youtube.com/watch?v=abc&t=754s"},
		{"Vimeo", Media{Kind: "video", Src: "https://vimeo.com/123"}, "https://vimeo.com/123#t=754s"},
		{"None", Media{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.media.At(d); got != tt.want {
				t.Errorf("At = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestYouTubeID(t *testing.T) {
	for url, want := range map[string]string{
		"https://www.youtube.com/watch?v=aqz-KE-bpKQ&t=3": "aqz-KE-bpKQ",
		"https://youtu.be/aqz-KE-bpKQ":                    "aqz-KE-bpKQ",
		"https://www.youtube.com/embed/aqz-KE-bpKQ":       "aqz-KE-bpKQ",
		"https://vimeo.com/123":                           "",
		"/audio/x.mp3":                                    "",
	} {
		if got := youTubeID(url); got != want {
			t.Errorf("youTubeID(%q) = %q, want %q", url, got, want)
		}
	}
}

func TestShorten(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"one two three four", 12, "one two…"},
		{"exactly ten", 11, "exactly ten"},
		{"short", 99, "short"},
		{"été été été", 5, "été…"},
		{"nospacesatall", 4, "nosp…"},
	} {
		if got := Shorten(tt.in, tt.n); got != tt.want {
			t.Errorf("Shorten(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestFeedAndSitemapAreWellFormed(t *testing.T) {
	src, _ := os.ReadFile("testdata/episode.md")
	r, _, _ := testRenderer(t, map[string]string{"content/episode.md": string(src), "content/b.md": "**X & Y** (0:00)\n<b>hi</b>\n"})
	for name, f := range map[string]func(*bufio.Writer){"feed": r.Feed, "sitemap": r.Sitemap} {
		dec := xml.NewDecoder(strings.NewReader(written(f)))
		for {
			_, err := dec.Token()
			if err != nil {
				if err.Error() != "EOF" {
					t.Errorf("%s: %v", name, err)
				}
				break
			}
		}
	}
	feed := written(r.Feed)
	for _, want := range []string{"<guid isPermaLink=\"true\">https://example.org/pod/episodes/episode/</guid>",
		"<pubDate>Wed, 15 May 2024 00:00:00 +0000</pubDate>",
		`<podcast:transcript url="https://example.org/pod/episodes/episode/transcript.json" type="application/json" language="en"/>`} {
		if !strings.Contains(feed, want) {
			t.Errorf("feed lacks %s", want)
		}
	}
}

// The transcript is put into an episode's page after its template ran
// (Renderer.execute): wherever and however often a theme prints it, the
// page must be what the template would have written with the transcript
// itself.
func TestThemesPrintTheTranscriptAsIs(t *testing.T) {
	src, err := os.ReadFile("testdata/episode.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, main string }{
		{"twice", `<div>{{.Episode.Transcript}}</div><div>{{.Episode.Transcript}}</div>`},
		{"in an attribute", `<div data-x="{{.Episode.Transcript}}"></div>`},
		{"not at all", `<p>No transcript here.</p>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			os.Mkdir(filepath.Join(dir, "templates"), 0o755)
			theme := `{{define "head"}}{{end}}{{define "main"}}` + tc.main + `{{end}}`
			if err := os.WriteFile(filepath.Join(dir, "templates", "episode.html"), []byte(theme), 0o644); err != nil {
				t.Fatal(err)
			}
			r, s, trs := testRendererIn(t, dir, map[string]string{"content/episode.md": string(src)})
			tr := trs["content/episode.md"]
			rendered, err := r.EpisodeFiles(s.Episodes[0], tr)
			if err != nil {
				t.Fatal(err)
			}
			page := string(rendered.Files[0].Data)
			turns, err := r.turns(s.Episodes[0], tr, r.mediaOf(s.Episodes[0].Meta.Media), true)
			if err != nil {
				t.Fatal(err)
			}
			html := string(r.transcriptHTML(blocks(turns, chapters(tr.Chapters, turns))))
			if strings.Contains(page, "\x00") || strings.Contains(page, "verbatim:transcript") {
				t.Fatalf("the mark is left on the page:\n%s", page)
			}
			// What html/template writes for the theme's main with the
			// transcript itself, on a page of nothing else.
			var want strings.Builder
			var data struct {
				Episode struct{ Transcript template.HTML }
			}
			data.Episode.Transcript = template.HTML(html)
			if err := template.Must(template.New("").Parse(tc.main)).Execute(&want, data); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(page, want.String()) {
				t.Fatalf("page:\n%s\nlacks:\n%s", page, want.String())
			}
		})
	}
}

// Rendered files' bytes are recycled once written: an episode rendered
// after others came and went is byte for byte what it was the first time.
func TestRecycledBuffersLeaveNoTrace(t *testing.T) {
	src, err := os.ReadFile("testdata/episode.md")
	if err != nil {
		t.Fatal(err)
	}
	other := "---\ntitle: Other\ndate: 2024-01-02\n---\n\n**Zed** (0:01)\n\n" + strings.Repeat("Something much longer than the first episode says. ", 4000) + "\n"
	r, s, trs := testRenderer(t, map[string]string{"content/episode.md": string(src), "content/other.md": other})
	render := func(i int) []File {
		e := s.Episodes[i]
		rendered, err := r.EpisodeFiles(e, trs[e.Source])
		if err != nil {
			t.Fatal(err)
		}
		return rendered.Files
	}
	first := map[string]string{}
	for i := range s.Episodes {
		for _, f := range render(i) {
			first[f.Path] = string(f.Data)
		}
	}
	for round := 0; round < 3; round++ {
		for i := range s.Episodes {
			files := render(i)
			for _, f := range files {
				if string(f.Data) != first[f.Path] {
					t.Fatalf("round %d: %s differs from its first rendering", round, f.Path)
				}
			}
			Recycle(files)
		}
	}
}

// A speaker's page waits for its episodes' turn refs while the build goes
// on through thousands of others: the refs must not keep the transcript
// they came from alive, though a turn's text may be cut from its file.
func TestTurnRefsDoNotHoldTheirFiles(t *testing.T) {
	src := "---\ntitle: Held\ndate: 2024-01-02\n---\n\n**Ann** (0:00)\nShort.\n\n**Bob** (0:05)\n" +
		strings.Repeat("And then we talked about it some more, at length. ", 2000) + "\n"
	r, s, _ := testRenderer(t, map[string]string{"content/held.md": src})
	const files = 40
	kept := make([]map[string][]TurnRef, files)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range kept {
		tr, problems := transcript.Parse("content/held.md", []byte(src))
		if problems.HasErrors() {
			t.Fatal(problems)
		}
		kept[i] = RefsOf(r.Turns(s.Episodes[0], tr))
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if len(kept[0]["bob"]) != 1 {
		t.Fatalf("Bob's refs: %+v", kept[0])
	}
	held := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	if total := int64(files * len(src)); held > total/10 {
		t.Errorf("%d episodes' refs hold %d KB of heap, for %d KB of transcripts: each holds its file", files, held>>10, total>>10)
	}
	runtime.KeepAlive(kept)
}

// written returns what f writes.
func written(f func(w *bufio.Writer)) string {
	var b strings.Builder
	w := bufio.NewWriter(&b)
	f(w)
	w.Flush()
	return b.String()
}
