package transcript

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// canonicalMeta is the front matter Markdown writes, in this key order.
type canonicalMeta struct {
	Title       string   `yaml:"title,omitempty"`
	Show        string   `yaml:"show,omitempty"`
	Date        string   `yaml:"date,omitempty"`
	Description string   `yaml:"description,omitempty"`
	Speakers    []any    `yaml:"speakers,omitempty"`
	Audio       string   `yaml:"audio,omitempty"`
	Video       string   `yaml:"video,omitempty"`
	Slug        string   `yaml:"slug,omitempty"`
	Draft       bool     `yaml:"draft,omitempty"`
	Tags        []string `yaml:"tags,omitempty"`
	Image       string   `yaml:"image,omitempty"`
	Format      string   `yaml:"format,omitempty"`
}

type canonicalSpeaker struct {
	Name   string `yaml:"name"`
	Role   string `yaml:"role,omitempty"`
	URL    string `yaml:"url,omitempty"`
	Avatar string `yaml:"avatar,omitempty"`
}

// Markdown writes t in the canonical markdown format: YAML front matter
// with the metadata, the speakers and "format: markdown", then each turn as a "**Name** (m:ss)"
// line followed by its text, and each chapter as a "## Title (m:ss)"
// heading before its first turn. Parsing the result gives t back: same
// metadata, speakers, turns, starts and text. Times carry a fraction
// (m:ss.fff) only when they have one. A turn with no time is written
// "**Name:**", one with no speaker "(m:ss)"; a marker "**Break** (m:ss)",
// with "to \[m:ss\]" opening its note when it has an end; a turn that
// continues the speech before it, a paragraph opening "\[m:ss\]". The
// trailer, which is debris, is left out.
func Markdown(t *Transcript) []byte { return AppendMarkdown(nil, t) }

// AppendMarkdown appends Markdown(t) to dst and returns the result.
func AppendMarkdown(dst []byte, t *Transcript) []byte {
	b := bytes.NewBuffer(dst)
	size := 512 // front matter and chapters, roughly
	for _, turn := range t.Turns {
		size += len(turn.Speaker) + len(turn.Text) + 24
	}
	b.Grow(size) // one allocation rather than a dozen doublings of a 90 KB file
	m := canonicalMeta{
		Title: t.Meta.Title, Show: t.Meta.Show, Description: t.Meta.Description,
		Audio: t.Meta.Media.Audio, Video: t.Meta.Media.Video,
		Slug: t.Meta.Slug, Draft: t.Meta.Draft, Tags: t.Meta.Tags, Image: t.Meta.Image,
		// Named, so that no text in a turn (a line "4:05 ..." or
		// "**Note:** ...") can tip detection to another format.
		Format: FormatMarkdown,
	}
	if !t.Meta.Date.IsZero() {
		m.Date = t.Meta.Date.Format("2006-01-02")
		if d := t.Meta.Date; d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Location() != time.UTC {
			m.Date = d.Format(time.RFC3339)
		}
	}
	for _, s := range t.Speakers {
		if s.Role == "" && s.URL == "" && s.Avatar == "" {
			m.Speakers = append(m.Speakers, s.Name)
		} else {
			m.Speakers = append(m.Speakers, canonicalSpeaker{s.Name, s.Role, s.URL, s.Avatar})
		}
	}
	front, err := yaml.Marshal(m)
	if err != nil {
		panic(fmt.Sprintf("transcript: marshalling front matter: %v", err)) // plain strings cannot fail
	}
	b.WriteString("---\n")
	b.Write(front)
	b.WriteString("---\n")
	chapter := 0
	writeChapters := func(upTo int) {
		for ; chapter < len(t.Chapters) && t.Chapters[chapter].Turn <= upTo; chapter++ {
			c := t.Chapters[chapter]
			ts := canonicalTime(c.Start)
			switch title, got := splitChapter(c.Title + " (" + ts + ")"); {
			case c.Start == NoTime:
				fmt.Fprintf(b, "\n## %s\n", c.Title)
			case title == c.Title && got == ts:
				fmt.Fprintf(b, "\n## %s (%s)\n", c.Title, ts)
			default:
				// A title that starts with a time of its own, or ends
				// with a dash, reads back whole when the time comes first.
				fmt.Fprintf(b, "\n## (%s) %s\n", ts, c.Title)
			}
		}
	}
	for i, turn := range t.Turns {
		writeChapters(i)
		switch {
		case turn.Marker != "":
			// "**Break** (20:49)", its end as the note's start.
			if turn.Start != NoTime {
				fmt.Fprintf(b, "\n**%s** (%s)\n", turn.Marker, canonicalTime(turn.Start))
			} else {
				fmt.Fprintf(b, "\n**%s:**\n", turn.Marker)
			}
			if turn.End != 0 {
				fmt.Fprintf(b, "\nto \\[%s\\]", canonicalTime(turn.End))
				if turn.Text != "" {
					b.WriteString(" ")
				} else {
					b.WriteString("\n")
				}
				if turn.Text != "" {
					b.WriteString(turn.Text)
					b.WriteString("\n")
				}
				continue
			}
		case turn.Continues && turn.Start != NoTime && i > 0 && t.Turns[i-1].Text != "" && turn.Text != "" && !chapterAt(t, i):
			// A paragraph that opens with its time goes on with the
			// speech of the turn before.
			fmt.Fprintf(b, "\n\\[%s\\]\n", canonicalTime(turn.Start))
			b.WriteString(turn.Text)
			b.WriteString("\n")
			continue
		case turn.Speaker != "" && turn.Start != NoTime:
			fmt.Fprintf(b, "\n**%s** (%s)\n", turn.Speaker, canonicalTime(turn.Start))
		case turn.Speaker != "":
			fmt.Fprintf(b, "\n**%s:**\n", turn.Speaker)
		case turn.Start != NoTime:
			fmt.Fprintf(b, "\n(%s)\n", canonicalTime(turn.Start))
		default:
			// No speaker and no time: nothing can head it, so it
			// goes on the turn before, or opens the file.
		}
		if turn.Text != "" {
			b.WriteString("\n")
			b.WriteString(turn.Text)
			b.WriteString("\n")
		}
	}
	writeChapters(len(t.Turns))
	return b.Bytes()
}

// chapterAt reports whether a chapter opens at turn i.
func chapterAt(t *Transcript, i int) bool {
	for _, c := range t.Chapters {
		if c.Turn == i {
			return true
		}
	}
	return false
}

// canonicalTime writes d as m:ss or h:mm:ss, with a fraction of a second
// only when there is one, so that reading it back gives d.
func canonicalTime(d time.Duration) string {
	s := FormatTimestamp(d)
	if ms := int64(d/time.Millisecond) % 1000; ms != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%03d", ms), "0")
	}
	return s
}
