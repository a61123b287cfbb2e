package render

import (
	"bytes"
	"encoding/json"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/site"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// Episode is an episode page's data.
type Episode struct {
	*site.Episode
	Blocks   []Block // turns, with chapter headings between them
	Chapters []*Chapter
	Media    Media
	Exports  []Export // the files next to the page, for "Take the text"
	JSONLD   template.JS
	// Timeline is the picture of who spoke when, with each speaker's
	// share of the talk, or "" when the episode has no timed turns.
	Timeline template.HTML
	// Transcript is the turns and chapter headings as HTML, for the
	// template to print. It is written by Go rather than by a template: an
	// hour holds hundreds of turns, and html/template's reflection made
	// this loop most of a build. While the page renders, Transcript holds
	// a mark that is replaced by transcript, the HTML itself, afterwards
	// (Renderer.execute says why).
	Transcript template.HTML
	transcript []byte
}

// Block is a turn or a chapter heading.
type Block struct {
	Turn    *Turn
	Chapter *Chapter
}

// Turn is a turn ready for the page.
type Turn struct {
	ID      string
	Speaker *site.Speaker // nil when the transcript names none
	Start   string        // seconds, as data-start has it; "" when untimed
	Time    string        // "12:34"; "" when untimed
	Href    string        // where the time link goes without JavaScript
	HTML    template.HTML
	Text    string // plain text
	// Marker names a stretch that is not speech ("Break"): the turn has no
	// speaker, and its text, if any, is a note.
	Marker string
	// Continues marks a turn that goes on with its speaker's speech from a
	// time of its own: the page shows its time, not the name again.
	Continues bool
	End       string // "50:10" when the transcript says when the turn ends
	start     time.Duration
	end       time.Duration // 0 when unknown
	// source is the markdown Text was made from, and paragraphs are its
	// paragraphs as the plain text export writes them, or "" when they are
	// Text: the export need not read the markdown again (setText).
	source, paragraphs string
}

// Chapter is a chapter heading.
type Chapter struct {
	Title  string
	Anchor string
	Time   string // "12:34"; "" when untimed
	Start  string // seconds, as data-start has it; "" when untimed
	start  time.Duration
	turn   int
}

// Media is the player of an episode page.
type Media struct {
	Kind    string // "audio", "video", or "" for none
	Src     string // URL of the audio or video file, or the video page
	YouTube string // YouTube video id, when the video is on YouTube
}

// File is one output file.
type File struct {
	Path string
	Data []byte
}

// Rendered is an episode's page and exports, and what the rest of the site
// takes from it.
type Rendered struct {
	Files []File
	Refs  map[string][]TurnRef // the turns each speaker spoke, by speaker slug, for their pages
	Turns []*Turn              // in spoken order, for the search index
}

// EpisodeFiles renders an episode's page and its exports.
func (r *Renderer) EpisodeFiles(e *site.Episode, t *transcript.Transcript) (*Rendered, error) {
	ep := &Episode{Episode: e, Media: r.mediaOf(e.Meta.Media)}
	turns, err := r.turns(e, t, ep.Media, true)
	if err != nil {
		return nil, err
	}
	ep.Chapters = chapters(t.Chapters, turns)
	ep.Blocks = blocks(turns, ep.Chapters)
	ep.JSONLD = r.jsonLD(ep)
	ep.Timeline = timelineHTML(e, turns, ep.Chapters)
	ep.transcript = r.transcriptHTML(ep.Blocks)
	ep.Exports = EpisodeExports(e)

	p := &Page{Path: e.URL(), Title: e.Meta.Title, Description: e.Meta.Description, Episode: ep}
	if repo := r.site.Config.Repository; repo != "" {
		p.EditURL = SafeURL(strings.TrimSuffix(repo, "/") + "/" + strings.TrimPrefix(e.Source, "content/"))
	}
	html, err := r.execute("episode", p)
	recycle(ep.transcript)
	ep.transcript, ep.Transcript = nil, ""
	if err != nil {
		return nil, err
	}
	files := append([]File{{e.URL() + "index.html", html}}, r.exportFiles(ep, t, turns)...)
	return &Rendered{Files: files, Refs: RefsOf(turns), Turns: turns}, nil
}

// blocks puts each chapter's heading before its first turn.
func blocks(turns []*Turn, chapters []*Chapter) []Block {
	out := make([]Block, 0, len(turns)+len(chapters))
	next := 0
	for i, turn := range turns {
		for next < len(chapters) && chapters[next].turn == i {
			out = append(out, Block{Chapter: chapters[next]})
			next++
		}
		out = append(out, Block{Turn: turn})
	}
	for ; next < len(chapters); next++ {
		out = append(out, Block{Chapter: chapters[next]})
	}
	return out
}

// Turns returns an episode's turns as its page shows them, without
// rendering their markdown to HTML.
func (r *Renderer) Turns(e *site.Episode, t *transcript.Transcript) []*Turn {
	turns, _ := r.turns(e, t, r.mediaOf(e.Meta.Media), false)
	return turns
}

// turns makes an episode's turns, with their HTML when html is set.
//
// An hour holds hundreds of turns, so their parts are made a few at a time
// rather than one per turn: the turns themselves in one slice, and their
// HTML in one buffer, made a string once and cut into each turn's.
func (r *Renderer) turns(e *site.Episode, t *transcript.Transcript, media Media, html bool) ([]*Turn, error) {
	ids := site.Anchors(t.Turns)
	var buf *bytes.Buffer
	var src []byte // the turn's markdown, as goldmark wants it
	var ends []int // where each turn's HTML ends in buf
	if html {
		size := 0
		for _, tt := range t.Turns {
			size += len(tt.Text) + len(tt.Text)/4 + 16 // markdown grows a little as HTML
		}
		buf = bytes.NewBuffer(buffer(size))
		ends = make([]int, len(t.Turns))
	}
	all := make([]Turn, len(t.Turns))
	turns := make([]*Turn, len(t.Turns))
	for i, tt := range t.Turns {
		turn := &all[i]
		turn.ID, turn.start = ids[i], tt.Start
		if html { // the text from the markdown parsed for the HTML
			src = append(src[:0], tt.Text...)
			before := buf.Len()
			text, paras, err := r.md.renderTurn(buf, src, tt.Text, true)
			if err != nil {
				return nil, err
			}
			if seg := buf.Bytes()[before:]; bytes.IndexByte(seg, '[') >= 0 {
				if marked := linkTimes(seg, media); len(marked) != len(seg) {
					buf.Truncate(before)
					buf.Write(marked)
				}
			}
			turn.Text, turn.paragraphs, turn.source = text, paras, tt.Text
			ends[i] = buf.Len()
		} else {
			turn.setText(tt.Text)
		}
		turn.Marker, turn.Continues = tt.Marker, tt.Continues
		if k := e.SpeakerIndex(tt.Speaker); k >= 0 && tt.Marker == "" {
			turn.Speaker = e.Speakers[k]
		}
		if tt.Start != transcript.NoTime {
			turn.Start = seconds(tt.Start)
			turn.Time = transcript.FormatTimestamp(tt.Start)
			if tt.End > tt.Start {
				turn.end, turn.End = tt.End, transcript.FormatTimestamp(tt.End)
			}
			if tt.Start%time.Second == 0 { // most often: its link's seconds are Start
				turn.Href = media.at(turn.Start)
			} else {
				turn.Href = media.At(tt.Start)
			}
		}
		if turn.Href == "" {
			turn.Href = "#" + turn.ID
		}
		turns[i] = turn
	}
	if html {
		page, start := buf.String(), 0
		recycle(buf.Bytes())
		for i, end := range ends {
			turns[i].HTML = template.HTML(page[start:end])
			start = end
		}
	}
	return turns, nil
}

// setText sets the turn's Text, PlainText of its markdown, and what the
// plain text export writes of it.
func (t *Turn) setText(md string) {
	t.Text, t.paragraphs = plainOf(md)
	t.source = md
}

// RefsOf returns the turns each speaker spoke, by speaker slug, as their
// pages list them.
func RefsOf(turns []*Turn) map[string][]TurnRef {
	refs := make(map[string][]TurnRef)
	for _, t := range turns {
		if t.Speaker != nil {
			slug := t.Speaker.Slug
			// A copy: refs wait for speaker pages thousands of episodes on,
			// and a turn's text may be cut from its whole file.
			excerpt := Shorten(t.Text, excerptLength)
			if len(excerpt) == len(t.Text) { // t.Text itself, not a new string
				excerpt = strings.Clone(excerpt)
			}
			refs[slug] = append(refs[slug], TurnRef{ID: t.ID, Time: t.Time, Excerpt: excerpt})
		}
	}
	return refs
}

// excerptLength is how many characters of a turn a speaker's page shows.
const excerptLength = 160

// chapters names each chapter's anchor after its title, uniquely.
func chapters(cs []transcript.Chapter, turns []*Turn) []*Chapter {
	out := make([]*Chapter, len(cs))
	seen := make(map[string]int)
	for i, c := range cs {
		anchor := "chapter-" + site.Slug(c.Title)
		if n := seen[anchor]; n > 0 {
			anchor += "-" + strconv.Itoa(n+1)
		}
		seen[anchor]++
		ch := &Chapter{Title: c.Title, Anchor: anchor, start: c.Start, turn: c.Turn}
		if c.Start != transcript.NoTime {
			ch.Time = transcript.FormatTimestamp(c.Start)
			ch.Start = seconds(c.Start)
		}
		out[i] = ch
	}
	return out
}

// mediaOf tells what player an episode gets.
func (r *Renderer) mediaOf(m transcript.Media) Media {
	switch {
	case m.Video != "" && r.media(m.Video) != "":
		v := Media{Kind: "video", Src: r.media(m.Video), YouTube: youTubeID(m.Video)}
		return v
	case m.Audio != "" && r.media(m.Audio) != "":
		return Media{Kind: "audio", Src: r.media(m.Audio)}
	}
	return Media{}
}

// At is the URL that opens the media at d without JavaScript: a media
// fragment for a file, YouTube's t parameter for a YouTube video.
func (m Media) At(d time.Duration) string {
	return m.at(seconds(d.Truncate(time.Second)))
}

// at is At for a time in whole seconds, s as seconds writes it.
func (m Media) at(s string) string {
	switch {
	case m.YouTube != "":
		return "https://www.youtube.com/watch?v=" + m.YouTube + "&t=" + s + "s"
	case m.Src == "":
		return ""
	case m.Kind == "video" && strings.Contains(m.Src, "vimeo.com/"):
		return m.Src + "#t=" + s + "s"
	}
	src, _, _ := strings.Cut(m.Src, "#")
	return src + "#t=" + s
}

// youTubeID returns the video id of a YouTube URL, or "".
func youTubeID(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	switch {
	case host == "youtu.be":
		return strings.Trim(u.Path, "/")
	case strings.HasSuffix(host, "youtube.com") || strings.HasSuffix(host, "youtube-nocookie.com"):
		if v := u.Query().Get("v"); v != "" {
			return v
		}
		parts := strings.Split(strings.Trim(u.Path, "/"), "/")
		if len(parts) == 2 && (parts[0] == "embed" || parts[0] == "live" || parts[0] == "shorts" || parts[0] == "v") {
			return parts[1]
		}
	}
	return ""
}

// seconds writes d in seconds as data-start and JSON have it: "754",
// "754.5".
func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
}

// jsonLD describes the episode for search engines: a schema.org
// PodcastEpisode with its series, media, transcript and chapters as clips.
func (r *Renderer) jsonLD(ep *Episode) template.JS {
	type thing = map[string]any
	e := ep.Episode
	doc := thing{
		"@context": "https://schema.org",
		"@type":    "PodcastEpisode",
		"name":     e.Meta.Title,
		"url":      r.Abs(e.URL()),
	}
	if e.Meta.Description != "" {
		doc["description"] = e.Meta.Description
	}
	if !e.Meta.Date.IsZero() {
		doc["datePublished"] = e.Meta.Date.Format("2006-01-02")
	}
	if e.Meta.Show != "" {
		doc["partOfSeries"] = thing{"@type": "PodcastSeries", "name": e.Meta.Show}
	}
	if e.Duration > 0 {
		doc["timeRequired"] = isoDuration(e.Duration)
	}
	if img := r.imageOf(e); img != "" {
		doc["image"] = img
	}
	transcriptURL := r.Abs(e.URL() + "transcript.json")
	if ep.Media.Kind != "" {
		kind := "AudioObject"
		if ep.Media.Kind == "video" {
			kind = "VideoObject"
		}
		doc["associatedMedia"] = thing{"@type": kind, "contentUrl": r.Abs(ep.Media.Src), "transcript": transcriptURL}
	}
	doc["subjectOf"] = thing{"@type": "DigitalDocument", "name": "Transcript", "encodingFormat": "application/json", "url": transcriptURL}
	var people []thing
	for _, sp := range e.Speakers {
		p := thing{"@type": "Person", "name": sp.Name, "url": r.Abs(sp.Page(1))}
		if SafeURL(sp.URL) != "" {
			p["sameAs"] = sp.URL
		}
		people = append(people, p)
	}
	if len(people) > 0 {
		doc["actor"] = people
	}
	var clips []thing
	for i, c := range ep.Chapters {
		if c.start == transcript.NoTime {
			continue
		}
		clip := thing{"@type": "Clip", "name": c.Title, "startOffset": int(c.start.Seconds()), "url": r.Abs(e.URL()) + "#" + c.Anchor}
		if i+1 < len(ep.Chapters) && ep.Chapters[i+1].start != transcript.NoTime {
			clip["endOffset"] = int(ep.Chapters[i+1].start.Seconds())
		}
		clips = append(clips, clip)
	}
	if len(clips) > 0 {
		doc["hasPart"] = clips
	}
	data, _ := json.Marshal(doc)
	return template.JS(data)
}

// isoDuration writes d as ISO 8601, as schema.org wants: "PT1H2M3S".
func isoDuration(d time.Duration) string {
	s := int(d.Seconds())
	return "PT" + strconv.Itoa(s/3600) + "H" + strconv.Itoa(s/60%60) + "M" + strconv.Itoa(s%60) + "S"
}

// Chapters returns the chapters of t with the titles and anchors their
// headings have on the episode page, for the search index.
func Chapters(t *transcript.Transcript) []*Chapter { return chapters(t.Chapters, nil) }
