package transcript

// The parts of a line format around its turns: the preamble before the
// first turn (title, show, date, description, speakers, a chapter list),
// chapter headings between turns, and a tool's footer after the last.

import (
	"sort"
	"strings"
	"time"
)

// preamble reads the lines before the first turn: title, show, date,
// description and speakers. Front matter, already read, wins over it.
func (p *parser) preamble(lines []line) {
	var items []line
	for _, l := range lines {
		if t := strings.TrimSpace(l.text); t != "" {
			items = append(items, line{t, l.off})
		}
	}
	// An image's alt text glued before the title, as some sites export it:
	// "Title artwork" followed by "Title".
	if len(items) >= 2 && len(items[0].text) > len(items[1].text) && strings.HasPrefix(items[0].text, items[1].text) {
		items = items[1:]
	}
	items = p.chapterList(items)
	var title, show, desc []string
	var date time.Time
	var declared []Speaker
	dated := false
	for i, it := range items {
		if m := speakersRE.FindStringSubmatch(it.text); m != nil {
			for _, name := range speakerSplit.Split(m[1], -1) {
				if name = strings.TrimSpace(name); name != "" {
					declared = append(declared, Speaker{Name: name, Offset: it.off})
				}
			}
			continue
		}
		text := strings.TrimSpace(strings.TrimLeft(it.text, "#"))
		if it.text[0] == '#' && transcriptLabel(text) {
			continue
		}
		switch {
		case i == 0 && (p.t.Meta.Title == "" || text == p.t.Meta.Title):
			title = append(title, text)
		case i == 0:
			// Front matter named the title: this is prose.
			desc = append(desc, it.text)
		case !dated && i < 4:
			if d, err := ParseDate(text); err == nil {
				date, dated = d, true
				show = append(show, desc...)
				desc = nil
				continue
			}
			desc = append(desc, it.text)
		default:
			desc = append(desc, it.text)
		}
	}
	m := &p.t.Meta
	if m.Title == "" && len(title) > 0 {
		m.Title = title[0]
	}
	if m.Show == "" {
		m.Show = strings.Join(show, " ")
		show = nil
	}
	if m.Date.IsZero() {
		m.Date = date
	}
	if m.Description == "" {
		m.Description = strings.Join(desc, "\n\n")
	} else if len(desc) > 0 && strings.Join(desc, "\n\n") != m.Description {
		p.problems.Warnf(p.pos(firstOf(items, desc[0])), "move it into a turn, or into the description: in front matter",
			"text before the first turn is left out, as front matter gives a description: %q", firstWords(desc[0], 12))
	}
	if len(show) > 0 && m.Show != strings.Join(show, " ") {
		p.problems.Warnf(p.pos(firstOf(items, show[0])), "remove the line, or the show: in front matter",
			"the line %q before the date is left out, as front matter names the show", firstWords(show[0], 12))
	}
	if len(p.t.Speakers) == 0 {
		p.t.Speakers = declared
	}
}

// firstOf is the offset of the item whose text is s.
func firstOf(items []line, s string) int {
	for _, it := range items {
		if it.text == s {
			return it.off
		}
	}
	return 0
}

// footer cuts a tool's footer off the last turn's lines.
func (p *parser) footer(text []line) []line {
	for i, l := range text {
		if footerRE.MatchString(strings.TrimSpace(l.text)) {
			var b strings.Builder
			for _, f := range text[i:] {
				b.WriteString(f.text)
				b.WriteByte('\n')
			}
			// lint reports it: parsing reports only what it could not read.
			p.t.Trailer = strings.TrimSpace(b.String())
			p.t.TrailerOffset = l.off
			return text[:i]
		}
	}
	return text
}

// chapter records a heading between turns.
func (p *parser) chapter(l line) {
	title, ts := splitChapter(chapterRE.FindStringSubmatch(l.text)[1])
	start := NoTime
	if ts != "" {
		if d, err := ParseTimestamp(ts); err == nil {
			start = d
		} else {
			p.problems.Errorf(p.pos(l.off+strings.Index(l.text, ts)), TimestampHint, "%v", err)
		}
	}
	p.t.Chapters = append(p.t.Chapters, Chapter{Title: title, Start: start, Turn: len(p.t.Turns), Offset: l.off})
}

// splitChapter cuts the time, if any, off a heading's text: first or last,
// bracketed or not.
func splitChapter(text string) (title, ts string) {
	loc := chapterTime.FindStringSubmatchIndex(text)
	if loc == nil {
		return text, ""
	}
	for g := 2; g < len(loc); g += 2 {
		if loc[g] >= 0 {
			return strings.TrimSpace(text[:loc[0]] + text[loc[1]:]), text[loc[g]:loc[g+1]]
		}
	}
	return text, ""
}

// orphanText keeps text between a chapter heading and the next turn in the
// previous turn, so nothing is lost, and reports it.
func (p *parser) orphanText(text []line) {
	for _, l := range text {
		if strings.TrimSpace(l.text) == "" {
			continue
		}
		if n := len(p.t.Turns); n > 0 {
			p.t.Turns[n-1].Text += "\n\n" + paragraphs(p.source(), text, false)
			p.problems.Warnf(p.pos(l.off), "put it under a turn header, or before the heading", "text after a chapter heading is not in a turn; it is kept in the turn before")
		}
		return
	}
}

// resolveChapters gives chapters without a time the start of their first
// turn, and chapters from a list in the show notes (Turn -1) the first
// turn that starts at or after their time.
func (p *parser) resolveChapters() {
	for i := range p.t.Chapters {
		c := &p.t.Chapters[i]
		if c.Turn < 0 {
			c.Turn = len(p.t.Turns)
			for k, t := range p.t.Turns {
				// A chapter at 0:00 opens the transcript even when the
				// first turns carry no time.
				if c.Start == 0 || (t.Start != NoTime && t.Start >= c.Start) {
					c.Turn = k
					break
				}
			}
		}
		if c.Start == NoTime && c.Turn < len(p.t.Turns) {
			c.Start = p.t.Turns[c.Turn].Start
		}
	}
	// A show-notes list need not be in order; the chapters are.
	sort.SliceStable(p.t.Chapters, func(i, j int) bool { return p.t.Chapters[i].Turn < p.t.Chapters[j].Turn })
}

// listLabels are the labels a chapter list in the show notes goes under,
// read as part of the list; any other line before it stays in the notes.
var listLabels = map[string]bool{"chapters": true, "outline": true, "timestamps": true, "contents": true, "table of contents": true, "in this episode": true, "topics": true, "episode chapters": true}

// chapterList takes a list of chapters out of the show notes before the
// first turn ("0:00 Intro", "- (4:12) Scaling laws"), with the label line
// before it ("Chapters:"), and keeps them as Chapters. Two or more lines
// make a list; one is just a sentence.
func (p *parser) chapterList(items []line) []line {
	var list []int
	var chapters []Chapter
	for i, it := range items {
		s := strings.TrimLeft(it.text, "-*•+ ")
		ts, n, ok := bracketTime(s)
		if !ok {
			n = timeLen(s)
			ts, ok = s[:n], n > 0
		}
		if !ok {
			continue
		}
		d, err := ParseTimestamp(ts)
		title := strings.TrimSpace(strings.TrimLeft(s[n:], " -–—:|"))
		if err != nil || title == "" {
			continue
		}
		list = append(list, i)
		chapters = append(chapters, Chapter{Title: title, Start: d, Turn: -1, Offset: it.off})
	}
	if len(list) < 2 {
		return items
	}
	p.t.Chapters = append(p.t.Chapters, chapters...)
	drop := make(map[int]bool, len(list)+1)
	for _, i := range list {
		drop[i] = true
	}
	if k := list[0] - 1; k >= 0 && listLabels[strings.ToLower(strings.TrimSuffix(strings.TrimLeft(items[k].text, "#* "), ":"))] {
		drop[k] = true
	}
	out := items[:0:0]
	for i, it := range items {
		if !drop[i] {
			out = append(out, it)
		}
	}
	return out
}
