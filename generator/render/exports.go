package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/site"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// Export is a per-episode file next to the episode page: a transcript in
// some format, or the chapters.
type Export struct {
	Name  string // file name, such as "transcript.json"
	Type  string // MIME type, as podcast:transcript and podcast:chapters have it
	Title string // link text on the episode page
	// Captions marks a timed format: rel="captions" in the feed, and only
	// written when the transcript has times.
	Captions bool
	// Chapters marks the chapters file: a podcast:chapters link rather
	// than a podcast:transcript, only written when there are chapters.
	Chapters bool
}

// exports are every export, in the order the feed lists them: WebVTT
// first, as Apple Podcasts ingests it and browsers play it. The types are
// those the Podcasting 2.0 transcript tag names, plus RFC 7763's
// text/markdown, which it does not name but does not rule out.
var exports = []Export{
	{Name: "transcript.vtt", Type: "text/vtt", Title: "WebVTT captions", Captions: true},
	{Name: "transcript.srt", Type: "application/x-subrip", Title: "SRT subtitles", Captions: true},
	{Name: "transcript.json", Type: "application/json", Title: "Podcasting 2.0 JSON"},
	{Name: "index.html", Type: "text/html", Title: "This page"},
	{Name: "transcript.txt", Type: "text/plain", Title: "Plain text"},
	{Name: "transcript.md", Type: "text/markdown", Title: "Markdown"},
	{Name: "chapters.json", Type: "application/json+chapters", Title: "Chapters (Podcasting 2.0 JSON)", Chapters: true},
}

// EpisodeExports returns the files an episode has next to its page,
// index.html included, from its summary alone: a build that keeps an
// unchanged episode must know them without reading its transcript.
// Captions need a time on at least one turn, chapters.json a timed chapter.
func EpisodeExports(e *site.Episode) []Export {
	timed := false
	for _, t := range e.Turns {
		if t.Start != transcript.NoTime {
			timed = true
			break
		}
	}
	out := make([]Export, 0, len(exports))
	for _, x := range exports {
		if (x.Captions && !timed) || (x.Chapters && e.Chapters == 0) {
			continue
		}
		out = append(out, x)
	}
	return out
}

// exportFiles renders an episode's exports other than its page.
func (r *Renderer) exportFiles(ep *Episode, t *transcript.Transcript, turns []*Turn) []File {
	var files []File
	for _, x := range ep.Exports {
		var data []byte
		switch x.Name {
		case "transcript.vtt":
			data = webVTT(turns)
		case "transcript.srt":
			data = subRip(turns)
		case "transcript.json":
			data = podcastJSON(turns)
		case "transcript.txt":
			data = plainText(t, ep.Blocks)
		case "transcript.md":
			data = transcript.Markdown(t)
		case "chapters.json":
			data = r.chaptersJSON(ep)
		default:
			continue
		}
		files = append(files, File{ep.URL() + x.Name, data})
	}
	return files
}

// podcastJSON writes the turns in the Podcasting 2.0 JSON transcript
// format: one segment per turn, startTime when the turn has a time,
// endTime where the next turn's start tells it (or, for the last turn,
// how long its words take to say).
func podcastJSON(turns []*Turn) []byte {
	type segment struct {
		Speaker   string   `json:"speaker,omitempty"`
		StartTime *float64 `json:"startTime,omitempty"`
		EndTime   *float64 `json:"endTime,omitempty"`
		Body      string   `json:"body"`
	}
	doc := struct {
		Version  string    `json:"version"`
		Segments []segment `json:"segments"`
	}{Version: "1.0.0", Segments: make([]segment, 0, len(turns))}
	for i, t := range turns {
		s := segment{Body: t.Text}
		if t.Speaker != nil {
			s.Speaker = t.Speaker.Name
		}
		if t.start != transcript.NoTime {
			start := t.start.Seconds()
			s.StartTime = &start
			switch {
			case i+1 < len(turns) && turns[i+1].start >= t.start:
				e := turns[i+1].start.Seconds()
				s.EndTime = &e
			case i+1 == len(turns):
				e := (t.start + sayingTime(t.Text)).Seconds()
				s.EndTime = &e
			}
		}
		doc.Segments = append(doc.Segments, s)
	}
	var b bytes.Buffer
	json.NewEncoder(&b).Encode(doc)
	return b.Bytes()
}

// sayingTime is how long text takes to say, at least minTurnLength.
func sayingTime(text string) time.Duration {
	return max(minTurnLength, time.Duration(len(strings.Fields(text)))*readingPace)
}

// chaptersJSON writes the Podcasting 2.0 chapters file (version 1.2.0):
// each chapter with a time, its title, and a link to its heading on the
// episode page. Chapters whose time does not move forward are left out,
// as the format wants them in order.
func (r *Renderer) chaptersJSON(ep *Episode) []byte {
	type chapter struct {
		StartTime float64 `json:"startTime"`
		Title     string  `json:"title"`
		URL       string  `json:"url"`
	}
	doc := struct {
		Version  string    `json:"version"`
		Chapters []chapter `json:"chapters"`
	}{Version: "1.2.0", Chapters: []chapter{}}
	var last time.Duration = -1
	for _, c := range ep.Chapters {
		if c.start == transcript.NoTime || c.start <= last {
			continue
		}
		last = c.start
		doc.Chapters = append(doc.Chapters, chapter{StartTime: c.start.Seconds(), Title: c.Title, URL: r.Abs(ep.URL()) + "#" + c.Anchor})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.Encode(doc)
	return b.Bytes()
}

// plainText writes the transcript as text to read or feed to a program:
// the title, then each turn as "Name (12:34)" over its paragraphs, and
// each chapter as "== Title (12:34) ==". Markup goes; code keeps its
// lines, indented.
func plainText(t *transcript.Transcript, blocks []Block) []byte {
	var b strings.Builder
	b.WriteString(t.Meta.Title + "\n")
	var about []string
	if t.Meta.Show != "" {
		about = append(about, t.Meta.Show)
	}
	if !t.Meta.Date.IsZero() {
		about = append(about, t.Meta.Date.Format("2006-01-02"))
	}
	if len(about) > 0 {
		b.WriteString(strings.Join(about, " · ") + "\n")
	}
	turn := 0
	for _, bl := range blocks {
		b.WriteByte('\n')
		if c := bl.Chapter; c != nil {
			b.WriteString("== " + c.Title)
			if c.Time != "" {
				b.WriteString(" (" + c.Time + ")")
			}
			b.WriteString(" ==\n")
			continue
		}
		head := ""
		if bl.Turn.Speaker != nil {
			head = bl.Turn.Speaker.Name
		}
		if bl.Turn.Time != "" {
			head = strings.TrimSpace(head + " (" + bl.Turn.Time + ")")
		}
		if head != "" {
			b.WriteString(head + "\n")
		}
		b.WriteString(strings.Join(paragraphs(t.Turns[turn].Text), "\n\n") + "\n")
		turn++
	}
	return []byte(b.String())
}

// paragraphs splits a turn's markdown at blank lines into plain-text
// paragraphs; a fenced code block stays as it is, indented four spaces.
func paragraphs(md string) []string {
	var out, para, code []string
	fence := ""
	flush := func() {
		if p := PlainText(strings.Join(para, "\n")); p != "" {
			out = append(out, p)
		}
		para = para[:0]
	}
	for _, line := range strings.Split(md, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case fence != "" && strings.HasPrefix(trimmed, fence):
			out = append(out, strings.Join(code, "\n"))
			code, fence = nil, ""
		case fence != "":
			code = append(code, strings.TrimRight("    "+line, " "))
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			flush()
			fence = trimmed[:3]
		case trimmed == "":
			flush()
		default:
			para = append(para, line)
		}
	}
	if fence != "" && len(code) > 0 {
		out = append(out, strings.Join(code, "\n"))
	}
	flush()
	return out
}
