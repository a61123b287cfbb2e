package render

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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
// The slice is shared: callers must not change it.
func EpisodeExports(e *site.Episode) []Export {
	i := 0
	if e.Timed {
		i |= 1
	}
	if e.Chapters > 0 {
		i |= 2
	}
	return exportSets[i]
}

// exportSets are the four lists EpisodeExports chooses from, made once:
// a build asks for every episode's a few times.
var exportSets = func() (sets [4][]Export) {
	for i := range sets {
		for _, x := range exports {
			if (x.Captions && i&1 == 0) || (x.Chapters && i&2 == 0) {
				continue
			}
			sets[i] = append(sets[i], x)
		}
	}
	return sets
}()

// exportFiles renders an episode's exports other than its page.
func (r *Renderer) exportFiles(ep *Episode, t *transcript.Transcript, turns []*Turn) []File {
	var vtt, srt []byte
	turns = withMarkerNotes(turns)
	if slices.ContainsFunc(ep.Exports, func(x Export) bool { return x.Captions }) {
		vtt, srt = captions(turns)
	}
	files := make([]File, 0, len(ep.Exports))
	for _, x := range ep.Exports {
		var data []byte
		switch x.Name {
		case "transcript.vtt":
			data = vtt
		case "transcript.srt":
			data = srt
		case "transcript.json":
			data = podcastJSON(turns)
		case "transcript.txt":
			data = plainText(t, ep.Blocks)
		case "transcript.md":
			data = transcript.AppendMarkdown(buffer(0), t)
		case "chapters.json":
			data = r.chaptersJSON(ep)
		default:
			continue
		}
		files = append(files, File{ep.URL() + x.Name, data})
	}
	return files
}

// withMarkerNotes returns the turns with each marker's text as the JSON
// and captions have it, "[Break]" before its note if it has one, and no
// speaker: the turns themselves when none is a marker.
func withMarkerNotes(turns []*Turn) []*Turn {
	if !slices.ContainsFunc(turns, func(t *Turn) bool { return t.Marker != "" }) {
		return turns
	}
	out := slices.Clone(turns)
	for i, t := range out {
		if t.Marker != "" {
			c := *t
			c.Text, c.Speaker = "["+t.Marker+"]", nil
			if t.Text != "" {
				c.Text += " " + t.Text
			}
			out[i] = &c
		}
	}
	return out
}

// podcastJSON writes the turns in the Podcasting 2.0 JSON transcript
// format: one segment per turn, startTime when the turn has a time,
// endTime where the transcript gives it or the next turn's start tells it
// (or, for the last turn, how long its words take to say). A marker is a
// segment with no speaker whose body is "[Break]" and its note, if any.
//
// It writes what encoding/json writes for
//
//	{"version": "1.0.0", "segments": [{"speaker,omitempty", "startTime,omitempty",
//	"endTime,omitempty", "body"}]}
//
// byte for byte (FuzzExportsSame holds it to that), but appends to one
// buffer: encoding/json's reflection was most of this file's cost.
func podcastJSON(turns []*Turn) []byte {
	size := len(`{"version":"1.0.0","segments":[]}` + "\n")
	for _, t := range turns {
		size += len(t.Text) + 96
	}
	b := buffer(size)
	b = append(b, `{"version":"1.0.0","segments":[`...)
	for i, t := range turns {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		if t.Speaker != nil && t.Speaker.Name != "" {
			b = append(b, `"speaker":`...)
			b = appendJSONString(b, t.Speaker.Name)
			b = append(b, ',')
		}
		if t.start != transcript.NoTime {
			b = append(b, `"startTime":`...)
			b = appendJSONSeconds(b, t.start)
			b = append(b, ',')
			switch {
			case t.end > 0 && t.end > t.start: // the transcript says
				b = append(b, `"endTime":`...)
				b = appendJSONSeconds(b, t.end)
				b = append(b, ',')
			case i+1 < len(turns) && turns[i+1].start >= t.start:
				b = append(b, `"endTime":`...)
				b = appendJSONSeconds(b, turns[i+1].start)
				b = append(b, ',')
			case i+1 == len(turns):
				b = append(b, `"endTime":`...)
				b = appendJSONSeconds(b, t.start+sayingTime(t.Text))
				b = append(b, ',')
			}
		}
		b = append(b, `"body":`...)
		b = appendJSONString(b, t.Text)
		b = append(b, '}')
	}
	return append(b, "]}\n"...)
}

// appendJSONSeconds appends d in seconds as encoding/json writes a
// float64: like strconv's shortest 'f' format, but in 'e' format, with
// its exponent unpadded, below 1e-6 and from 1e21.
func appendJSONSeconds(b []byte, d time.Duration) []byte {
	f := d.Seconds()
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		b = strconv.AppendFloat(b, f, 'e', -1, 64)
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1] // e-09 becomes e-9
			b = b[:n-1]
		}
		return b
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64)
}

// appendJSONString appends s quoted as encoding/json quotes a string with
// its HTML escaping on: '"' and '\\' escaped with a backslash, control
// characters as \b, \f, \n, \r, \t or \u00XX, '<', '>' and '&' as \u003c,
// \u003e and \u0026, U+2028 and U+2029 as \u2028 and \u2029, and invalid
// UTF-8 as \ufffd.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		for i < len(s) && jsonPlain[s[i]] {
			i++
		}
		if i == len(s) {
			break
		}
		if c := s[i]; c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(append(b, s[start:]...), '"')
}

// jsonPlain marks the ASCII bytes a JSON string holds as they are, with
// encoding/json's HTML escaping.
var jsonPlain = func() (p [256]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		p[c] = !strings.ContainsRune(`"\\<>&`, c)
	}
	return p
}()

// sayingTime is how long text takes to say, at least minTurnLength.
func sayingTime(text string) time.Duration {
	return max(minTurnLength, time.Duration(wordCount(text))*readingPace)
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
// the title, then each turn as "Name (12:34)" over its paragraphs ("(12:34)"
// for a turn that continues its speaker's speech), each marker as
// "[Break 48:33–50:10]" over its note, and each chapter as
// "== Title (12:34) ==". Markup goes; code keeps its lines, indented.
func plainText(t *transcript.Transcript, blocks []Block) []byte {
	size := len(t.Meta.Title) + len(t.Meta.Show) + 32
	for _, bl := range blocks {
		size += 64 // a turn's head or a chapter's time, and slack for code's indent
		if c := bl.Chapter; c != nil {
			size += len(c.Title)
		}
	}
	for _, tt := range t.Turns {
		size += len(tt.Text)
	}
	b := buffer(size)
	b = append(append(b, t.Meta.Title...), '\n')
	date := !t.Meta.Date.IsZero()
	b = append(b, t.Meta.Show...)
	if t.Meta.Show != "" && date {
		b = append(b, " · "...)
	}
	if date {
		b = t.Meta.Date.AppendFormat(b, "2006-01-02")
	}
	if t.Meta.Show != "" || date {
		b = append(b, '\n')
	}
	turn := 0
	for _, bl := range blocks {
		b = append(b, '\n')
		if c := bl.Chapter; c != nil {
			b = append(append(b, "== "...), c.Title...)
			if c.Time != "" {
				b = append(append(append(b, " ("...), c.Time...), ')')
			}
			b = append(b, " ==\n"...)
			continue
		}
		name := ""
		if bl.Turn.Speaker != nil && (!bl.Turn.Continues || bl.Turn.Time == "") {
			name = bl.Turn.Speaker.Name
		}
		md := t.Turns[turn].Text
		turn++
		if bl.Turn.Marker != "" { // "[Break 48:33–50:10]", then its note
			b = append(append(b, '['), bl.Turn.Marker...)
			if bl.Turn.Time != "" {
				b = append(append(b, ' '), bl.Turn.Time...)
			}
			if bl.Turn.End != "" {
				b = append(append(b, "–"...), bl.Turn.End...)
			}
			b = append(b, "]\n"...)
			if bl.Turn.Text == "" {
				continue
			}
		} else if bl.Turn.Time != "" { // "Name (12:34)", or "(12:34)" for no one or a speaker going on
			if name = strings.TrimLeftFunc(name, unicode.IsSpace); name != "" {
				b = append(append(b, name...), ' ')
			}
			b = append(append(append(b, '('), bl.Turn.Time...), ")\n"...)
		} else if name != "" {
			b = append(append(b, name...), '\n')
		}
		switch {
		case bl.Turn.source != md: // markup, or a turn not made from md
			b = appendParagraphs(b, md)
		case bl.Turn.paragraphs != "":
			b = append(b, bl.Turn.paragraphs...)
		default:
			b = append(b, bl.Turn.Text...)
		}
		b = append(b, '\n')
	}
	return b
}

// appendParagraphs appends a turn's markdown as the plain text export
// writes it: its paragraphs a blank line apart, code blocks as their lines
// indented four spaces (plainOf).
func appendParagraphs(b []byte, md string) []byte {
	text, paras := plainOf(md)
	if paras == "" {
		return append(b, text...)
	}
	return append(b, paras...)
}
