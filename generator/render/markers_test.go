package render

import (
	"bytes"
	"encoding/json"
	"os"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/site"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// markersSource is an episode with bracketed notes, code and escapes;
// markedTurns makes its second turn a break from 0:30 to 0:50 and its
// fourth a paragraph that continues Ann's speech from 1:20, as the
// parsers of `**Break:** \[0:30\]` and of a paragraph opening with a time
// make them.
const markersSource = `---
title: Markers
speakers: [Ann, Bob]
---
**Ann** (0:00)
Welcome \[laughs\] to the show about ` + "`shared_buffers`" + ` and 5 \* 3.

**Ann** (0:30)
placeholder

**Ann** (1:00)
Back again, with *emphasis*.

**Ann** (1:20)
A paragraph going on.

**Bob** (1:40)
[Music] and [laughs], shared_buffers.
`

func markedTurns(tr *transcript.Transcript) {
	tr.Turns[1].Speaker, tr.Turns[1].Marker, tr.Turns[1].End, tr.Turns[1].Text = "", "Break", 50*time.Second, ""
	tr.Turns[3].Continues = true
}

// markedFiles renders markersSource with markedTurns, and returns its
// files by name, the site and the turns.
func markedFiles(t *testing.T) (map[string][]byte, *site.Site, []*Turn) {
	t.Helper()
	tr, problems := transcript.Parse("content/ep.md", []byte(markersSource))
	if problems.HasErrors() {
		t.Fatal(problems)
	}
	markedTurns(tr)
	cfg := site.DefaultConfig()
	cfg.BaseURL = "https://example.org/pod/"
	s, problems := site.New(cfg, []*site.Summary{site.Summarize("content/ep.md", tr)}, false)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	th, problems := LoadTheme(t.TempDir(), cfg.HighlightStyle, cfg.HighlightStyleDark, false)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	r, problems := New(s, th, NewMarkdown())
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	rendered, err := r.EpisodeFiles(s.Episodes[0], tr)
	if err != nil {
		t.Fatal(err)
	}
	files := make(map[string][]byte)
	for _, f := range rendered.Files {
		files[path.Base(f.Path)] = f.Data
	}
	return files, s, rendered.Turns
}

func TestMarkersGolden(t *testing.T) {
	files, s, _ := markedFiles(t)
	page := files["index.html"]
	from, to := bytes.Index(page, []byte("<h2>Transcript</h2>")), bytes.Index(page, []byte(`<nav class="exports"`))
	if from < 0 || to < from {
		t.Fatalf("no transcript in the page:\n%s", page)
	}
	golden(t, "markers/transcript.html", page[from:to])
	for _, name := range []string{"transcript.txt", "transcript.json", "transcript.vtt", "transcript.srt"} {
		golden(t, "markers/"+name, files[name])
	}
	for _, sp := range s.Speakers {
		if sp.Name != "Ann" && sp.Name != "Bob" {
			t.Errorf("a speaker %q, who is not one", sp.Name)
		}
	}
	for _, want := range []string{
		`<section class="turn marker" data-start="30">`,
		`<span class="marker">Break</span>`,
		`<span class="time-end">to 0:50</span>`,
		`<section class="turn continues" data-start="80" data-speaker="ann">`,
		`<span class="speaker continued">Ann</span>`,
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the page has no %s", want)
		}
	}
	for name, want := range map[string]string{
		"transcript.txt":  "[Break 0:30–0:50]\n",
		"transcript.json": `{"startTime":30,"endTime":50,"body":"[Break]"}`,
		"transcript.vtt":  "00:00:30.000 --> 00:00:50.000\n[Break]\n",
	} {
		if !bytes.Contains(files[name], []byte(want)) {
			t.Errorf("%s has no %q:\n%s", name, want, files[name])
		}
	}
	if bytes.Contains(files["transcript.txt"], []byte("Ann (1:20)")) {
		t.Errorf("transcript.txt names Ann again on the turn that continues her speech")
	}
	for _, note := range []string{"[laughs]", "shared_buffers", "5 * 3", "[Music]"} {
		if !bytes.Contains(files["transcript.txt"], []byte(note)) {
			t.Errorf("transcript.txt lost %q", note)
		}
		for _, name := range []string{"transcript.vtt", "transcript.srt"} { // cut anywhere between cues
			if !strings.Contains(captionWords(files[name], name == "transcript.vtt"), strings.ReplaceAll(note, " ", "")) {
				t.Errorf("%s lost %q", name, note)
			}
		}
	}
}

// TestExportsAgree checks that the JSON, the captions and the plain text
// hold the same text, the turns' (less the spaces: captions cut words
// longer than a line).
func TestExportsAgree(t *testing.T) {
	src, err := transcriptFile("testdata/exports.md")
	if err != nil {
		t.Fatal(err)
	}
	marked, _, turns := markedFiles(t)
	for name, files := range map[string]map[string][]byte{"exports.md": exportsOf(t, src), "markers": marked} {
		var doc struct{ Segments []struct{ Body string } }
		if err := json.Unmarshal(files["transcript.json"], &doc); err != nil {
			t.Fatal(err)
		}
		var bodies []string
		for _, s := range doc.Segments {
			bodies = append(bodies, s.Body)
		}
		// Captions cut a word longer than a line (a URL) into pieces: the
		// characters, without spaces, are the same.
		words := strings.Join(strings.Fields(strings.Join(bodies, " ")), "")
		if got := captionWords(files["transcript.vtt"], true); got != words {
			t.Errorf("%s: the WebVTT captions say\n%q\nthe JSON\n%q", name, got, words)
		}
		if got := captionWords(files["transcript.srt"], false); got != words {
			t.Errorf("%s: the SRT captions say\n%q\nthe JSON\n%q", name, got, words)
		}
		if name != "markers" {
			continue
		}
		for _, turn := range turns {
			if turn.Text != "" && !bytes.Contains(files["transcript.txt"], []byte(turn.Text)) {
				t.Errorf("transcript.txt has not %q", turn.Text)
			}
		}
	}
}

// transcriptFile reads a transcript source.
func transcriptFile(name string) (string, error) {
	b, err := os.ReadFile(name)
	return string(b), err
}

// captionWords returns the words of a caption file's cues, without their
// voice spans (WebVTT) or their speaker labels and numbers (SRT).
func captionWords(data []byte, vtt bool) string {
	var words []string
	for _, block := range strings.Split(strings.TrimSpace(string(data)), "\n\n") {
		lines := strings.Split(block, "\n")
		k := 0
		for k < len(lines) && !strings.Contains(lines[k], "-->") {
			k++
		}
		if k == len(lines) {
			continue // the WEBVTT header
		}
		text := strings.Join(lines[k+1:], " ")
		if vtt {
			if strings.HasPrefix(text, "<v ") {
				text = text[strings.IndexByte(text, '>')+1:]
			}
			text = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(text)
		} else {
			for _, name := range []string{"Ann Example: ", "Bob Example: ", "Ann: ", "Bob: "} {
				text = strings.TrimPrefix(text, name)
			}
		}
		words = append(words, strings.Fields(text)...)
	}
	return strings.Join(words, "")
}
