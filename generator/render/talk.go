package render

import (
	"fmt"
	"html/template"
	"strconv"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/site"
)

// The pictures of a speaker's talk time, drawn at build time: a column per
// episode across all of them on the speaker's first page, and a bar of each
// episode's share on the episode's entry. Both are SVG with no script and no
// style attribute (the site's CSP), coloured by the stylesheet through the
// speaker's colour class; their text is beside them, so the SVG itself is
// hidden from screen readers.

// chartHeight is the height of the talk chart's columns, in its own units.
const chartHeight = 40

// maxColumns is how many columns the talk chart has at most: a host of
// thousands of episodes gets one per few episodes, a picture of a few
// kilobytes where a column each would be a tenth of a pixel.
const maxColumns = 240

// talkChartHTML draws the speaker's talk time in each of their episodes,
// oldest first, with its caption: "" when no episode of theirs is timed,
// or they are in one.
//
//	<figure class="talk-chart c3"><svg …><path d="M0 40v-12h.8v12zM1 40…"/></svg>
//	<figcaption>Talk time in each of 12 episodes, oldest first: …</figcaption></figure>
func talkChartHTML(sp *site.Speaker) template.HTML {
	n := len(sp.Episodes)
	var most time.Duration
	var top *site.Episode
	timed := 0
	for _, e := range sp.Episodes {
		d := e.TalkTime(sp)
		if d > 0 {
			timed++
		}
		if d > most || top == nil {
			most, top = d, e
		}
	}
	if most <= 0 || n < 2 { // one episode's talk is its entry's share
		return ""
	}
	cols := min(n, maxColumns)
	width := max(cols, 24) // a few episodes make a few columns, not a wall
	b := make([]byte, 0, 300+cols*24)
	b = append(b, `<figure class="talk-chart `...)
	b = append(b, colorClass(sp)...)
	b = append(b, `"><svg viewBox="0 0 `...)
	b = strconv.AppendInt(b, int64(width), 10)
	b = append(b, ` `+strconv.Itoa(chartHeight)+`" preserveAspectRatio="none" aria-hidden="true" focusable="false">`...)
	b = append(b, `<rect class="axis" x="0" y="`+strconv.Itoa(chartHeight-1)+`" height="1" width="`...)
	b = strconv.AppendInt(b, int64(width), 10)
	b = append(b, `"/><path d="`...)
	for c := range cols {
		// Column c is the longest talk of its share of the episodes,
		// oldest first: one episode each, unless there are more than
		// maxColumns.
		var d time.Duration
		for i := c * n / cols; i < (c+1)*n/cols; i++ {
			d = max(d, sp.Episodes[n-1-i].TalkTime(sp)) // Episodes are newest first
		}
		h := float64(d) / float64(most) * chartHeight
		if h <= 0 {
			continue
		}
		h = max(h, 1) // a short turn still shows
		b = append(b, 'M')
		b = strconv.AppendInt(b, int64(c), 10)
		b = append(b, ` `+strconv.Itoa(chartHeight)+`v-`...)
		b = strconv.AppendFloat(b, h, 'f', 1, 64)
		b = append(b, `h.8v`...)
		b = strconv.AppendFloat(b, h, 'f', 1, 64)
		b = append(b, 'z')
	}
	b = append(b, `"/></svg><figcaption>`...)
	average := talkDuration(sp.TalkTime/time.Duration(timed)) + " on average"
	if timed < n {
		average += fmt.Sprintf(" in the %d timed", timed)
	}
	caption := fmt.Sprintf("Talk time in each of %d episodes, oldest first: %s in all, %s, the most %s in “%s”.",
		n, talkDuration(sp.TalkTime), average, talkDuration(most), top.Meta.Title)
	if cols < n {
		caption += fmt.Sprintf(" Each column is the longest of %d or %d episodes.", n/cols, (n+cols-1)/cols)
	}
	b = append(appendHTML(b, caption), `</figcaption></figure>`...)
	return template.HTML(b)
}

// talkDuration is Duration, but in seconds under a minute: a guest's
// 40 seconds are not "1 min".
func talkDuration(d time.Duration) string {
	if d < time.Minute {
		return strconv.Itoa(int(d/time.Second)) + " s"
	}
	return Duration(d)
}

// TalkShare is a speaker's part of one episode's talk, for the episode's
// entry on the speaker's page.
type TalkShare struct {
	Talk    time.Duration // the speaker's
	Percent int           // of everyone's talk in the episode
}

// shareOf is the speaker's share of episode e's talk; zero when e is not
// timed.
func shareOf(e *site.Episode, sp *site.Speaker) TalkShare {
	all := e.Talk()
	s := TalkShare{Talk: e.TalkTime(sp)}
	if all > 0 {
		s.Percent = int((s.Talk*100 + all/2) / all)
	}
	return s
}

// HTML writes the share as words and a bar: "31 min, 43% of the talk".
func (s TalkShare) HTML() template.HTML {
	if s.Talk <= 0 {
		return ""
	}
	p := strconv.Itoa(s.Percent)
	return template.HTML(`<span class="talk-share">` + talkDuration(s.Talk) + `, ` + p + `% of the talk ` +
		`<svg class="talk-bar" viewBox="0 0 100 4" preserveAspectRatio="none" aria-hidden="true" focusable="false">` +
		`<rect class="track" width="100" height="4"/><rect width="` + p + `" height="4"/></svg></span>`)
}
