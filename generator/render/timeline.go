package render

import (
	"html/template"
	"strconv"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/site"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// The timeline is an episode's conversation drawn at build time: one lane
// per speaker, each speaker's stretches of speech in it, breaks and music
// as grey bands across the lanes, chapter starts as lines; beside each lane
// the speaker's name and share of the talk. It is a picture with a text
// alternative, and the page's script makes it a slider that seeks.
//
//	<figure class="timeline">
//	<figcaption class="visually-hidden">Who spoke when: Ana 46% (41 min), …; chapters: …</figcaption>
//	<div class="timeline-plot" data-duration="5400" aria-hidden="true">
//	<ul class="timeline-who"><li class="c1">Ana <span class="share">46%</span></li>…</ul>
//	<div class="timeline-track"><svg viewBox="0 0 1000 20" preserveAspectRatio="none">
//	<path class="timeline-markers" d="M400 0h20v20h-20z"/>
//	<path class="timeline-speaker c1" d="M0 5h12m3 0h40"/>…
//	<path class="timeline-chapters" d="M250 0v20"/>
//	</svg></div>
//	<p class="timeline-axis"><span>0:00</span> <span>1:30:00</span></p>
//	</div></figure>
//
// Coordinates are integers on a 0..timelineWidth view box that the browser
// stretches to the column; a lane is laneHeight units high. A speaker's
// stretches are one path, each stretch a stroked run of it ("m3 0h40": move
// on from the last run's end, draw), so an hour of a thousand turns is a
// few kilobytes, and turns that touch once rounded are one run.

// timelineWidth is the view box's width: a unit is a second in a
// 17-minute episode, 5.4 seconds in a 90-minute one.
const timelineWidth = 1000

// laneHeight is a lane's height in view box units; the stylesheet draws
// runs 7 units thick, so lanes have a gap between them.
const laneHeight = 10

// timeline is the geometry of an episode's timeline.
type timeline struct {
	Duration time.Duration // the end of the last stretch: the width's worth
	Lanes    []lane        // speakers heard, in the episode's order
	Markers  []run         // breaks, music: stretches that are not speech
	Chapters []int         // x of each timed chapter's start
}

// lane is one speaker's row.
type lane struct {
	Speaker *site.Speaker
	Color   int           // the speaker's colour, below site.Colors: class c1 … c8
	Talk    time.Duration // how long they spoke, as drawn, or as the site counts it (useTalkOf)
	Runs    []run
}

// run is a stretch on the view box: from X, W units wide (at least 1).
type run struct{ X, W int }

// timelineOf measures who spoke when. A turn lasts as the site's talk time
// counts it (site.Talk): until its own end when the transcript gives one,
// else until the next timed turn starts; the last turn, whose end nothing
// tells, is given the time its words take to say. Untimed turns, and turns
// that last no time, are not drawn. It returns nil when there is nothing to
// draw: no timed turn, or none that lasts.
func timelineOf(turns []*Turn, speakers []*site.Speaker, chapters []*Chapter) *timeline {
	// First pass: each timed turn's end, and the episode's.
	var total time.Duration
	next := time.Duration(-1) // the start of the next timed turn, going backwards
	ends := make([]time.Duration, len(turns))
	for i := len(turns) - 1; i >= 0; i-- {
		t := turns[i]
		if t.start < 0 {
			continue
		}
		d := site.Talk(t.start, t.end, next)
		if d == 0 && next < 0 { // the last timed turn, whose end nothing tells
			d = speakingTime(t.Text)
		}
		end := t.start + d
		ends[i], next = end, t.start
		total = max(total, end)
	}
	if total <= 0 {
		return nil
	}
	// Whole seconds, as the page tells the script: a click maps back to
	// the second it was drawn at.
	total = max(time.Second, total.Round(time.Second))
	tl := &timeline{Duration: total}
	byIndex := make([]lane, len(speakers))
	for k, sp := range speakers {
		byIndex[k] = lane{Speaker: sp, Color: sp.Color % site.Colors}
	}
	last := -1 // the index of the last turn's speaker: turns come in runs
	for i, t := range turns {
		if t.start < 0 || ends[i] <= t.start {
			continue
		}
		if t.Marker != "" {
			tl.Markers = addRun(tl.Markers, tl.x(t.start), tl.x(ends[i]))
			continue
		}
		if t.Speaker == nil {
			continue
		}
		if last < 0 || byIndex[last].Speaker != t.Speaker {
			last = -1
			for k := range byIndex {
				if byIndex[k].Speaker == t.Speaker {
					last = k
					break
				}
			}
			if last < 0 {
				continue
			}
		}
		l := &byIndex[last]
		l.Talk += ends[i] - t.start
		l.Runs = addRun(l.Runs, tl.x(t.start), tl.x(ends[i]))
	}
	for _, l := range byIndex {
		if l.Talk > 0 {
			tl.Lanes = append(tl.Lanes, l)
		}
	}
	for _, c := range chapters {
		if c.start >= 0 && c.start <= total {
			tl.Chapters = append(tl.Chapters, tl.x(c.start))
		}
	}
	if len(tl.Lanes) == 0 && len(tl.Markers) == 0 {
		return nil
	}
	return tl
}

// speakingTime is how long text takes to say: about 15 characters a
// second, at least a second.
func speakingTime(text string) time.Duration {
	return max(time.Second, time.Duration(len(text))*time.Second/15)
}

// x is d's place on the view box, rounded.
func (tl *timeline) x(d time.Duration) int {
	return int((int64(d)*timelineWidth + int64(tl.Duration)/2) / int64(tl.Duration))
}

// addRun adds the stretch from x0 to x1 to runs, which go left to right:
// a stretch too short to see is widened to a unit, and one that overlaps
// the last run, touches it, or is a unit from it, extends it. The column is
// at most some 700 pixels wide, so a unit's gap is less than a pixel, and
// an hour's quick exchanges would spend most of the picture's bytes on gaps
// no one sees.
func addRun(runs []run, x0, x1 int) []run {
	if x1 <= x0 {
		x1 = x0 + 1
	}
	if x1 > timelineWidth {
		x0, x1 = min(x0, timelineWidth-1), timelineWidth
	}
	if n := len(runs); n > 0 && x0 <= runs[n-1].X+runs[n-1].W+1 {
		r := &runs[n-1]
		if x0 >= r.X { // in order: extend
			r.W = max(r.W, x1-r.X)
			return runs
		}
	}
	return append(runs, run{x0, x1 - x0})
}

// share returns a lane's share of the talk in whole percent, at least 1
// (shown as "<1%") for anyone heard at all.
func (tl *timeline) share(l lane) int {
	all := tl.talk()
	return max(1, int((int64(l.Talk)*100+int64(all)/2)/int64(all)))
}

// talk is how long everyone spoke, in all.
func (tl *timeline) talk() time.Duration {
	var all time.Duration
	for _, l := range tl.Lanes {
		all += l.Talk
	}
	return all
}

// appendShare appends a lane's share: "46%", or "&lt;1%" for a speaker
// heard for less than half a percent of the talk.
func (tl *timeline) appendShare(b []byte, l lane) []byte {
	n := tl.share(l)
	if n == 1 && l.Talk*200 < tl.talk() {
		return append(b, "&lt;1%"...)
	}
	return append(strconv.AppendInt(b, int64(n), 10), '%')
}

// timelineHTML writes episode e's timeline, or "" when it has none.
func timelineHTML(e *site.Episode, turns []*Turn, chapters []*Chapter) template.HTML {
	tl := timelineOf(turns, e.Speakers, chapters)
	if tl == nil {
		return ""
	}
	tl.useTalkOf(e)
	size := 600
	for _, l := range tl.Lanes {
		size += 120 + len(l.Speaker.Name)*2 + len(l.Runs)*9
	}
	return template.HTML(tl.append(make([]byte, 0, size), chapters))
}

// useTalkOf takes the lanes' talk times from the site's summary of e, when
// it has them, so that the shares are those the speakers' pages show. They
// differ from the drawing's only in the last turn, to which the summary
// gives no time unless the transcript says when it ends.
func (tl *timeline) useTalkOf(e *site.Episode) {
	if e.Talk() <= 0 {
		return
	}
	for i := range tl.Lanes {
		tl.Lanes[i].Talk = e.TalkTime(tl.Lanes[i].Speaker)
	}
}

// append writes the timeline's markup to b.
func (tl *timeline) append(b []byte, chapters []*Chapter) []byte {
	height := max(1, len(tl.Lanes)) * laneHeight
	b = append(b, "<figure class=\"timeline\">\n<figcaption class=\"visually-hidden\">Who spoke when"...)
	for i, l := range tl.Lanes {
		if i == 0 {
			b = append(b, ": "...)
		} else {
			b = append(b, ", "...)
		}
		b = appendHTML(b, l.Speaker.Name)
		b = append(tl.appendShare(append(b, ' '), l), " ("...)
		b = append(append(b, talkDuration(l.Talk)...), ')')
	}
	n := 0
	for _, c := range chapters {
		if c.Time == "" {
			continue
		}
		if n == 0 {
			b = append(b, "; chapters: "...)
		} else {
			b = append(b, ", "...)
		}
		n++
		b = append(append(append(appendHTML(b, c.Title), " ("...), c.Time...), ')')
	}
	b = append(b, ".</figcaption>\n<div class=\"timeline-plot\" data-duration=\""...)
	b = append(b, seconds(tl.Duration)...)
	b = append(b, "\" aria-hidden=\"true\">\n<ul class=\"timeline-who\">"...)
	for _, l := range tl.Lanes {
		b = strconv.AppendInt(append(b, "<li class=\"c"...), int64(1+l.Color), 10)
		b = appendHTML(append(b, "\"><span class=\"name\">"...), l.Speaker.Name)
		b = tl.appendShare(append(b, "</span> <span class=\"share\">"...), l)
		b = append(b, "</span></li>"...)
	}
	b = append(b, "</ul>\n<div class=\"timeline-track\"><svg viewBox=\"0 0 1000 "...)
	b = strconv.AppendInt(b, int64(height), 10)
	b = append(b, "\" preserveAspectRatio=\"none\" focusable=\"false\">\n"...)
	if len(tl.Markers) > 0 {
		b = append(b, "<path class=\"timeline-markers\" d=\""...)
		for _, r := range tl.Markers {
			b = appendInts(append(b, 'M'), r.X, 0)
			b = strconv.AppendInt(append(b, 'h'), int64(r.W), 10)
			b = strconv.AppendInt(append(b, 'v'), int64(height), 10)
			b = append(strconv.AppendInt(append(b, "h-"...), int64(r.W), 10), 'z')
		}
		b = append(b, "\"/>\n"...)
	}
	for k, l := range tl.Lanes {
		b = strconv.AppendInt(append(b, "<path class=\"timeline-speaker c"...), int64(1+l.Color), 10)
		b = append(b, "\" d=\""...)
		end := 0 // where the last run ended: the next moves on from there
		for i, r := range l.Runs {
			if i == 0 {
				b = appendInts(append(b, 'M'), r.X, k*laneHeight+laneHeight/2)
			} else {
				b = appendInts(append(b, 'm'), r.X-end, 0)
			}
			b = strconv.AppendInt(append(b, 'h'), int64(r.W), 10)
			end = r.X + r.W
		}
		b = append(b, "\"/>\n"...)
	}
	if len(tl.Chapters) > 0 {
		b = append(b, "<path class=\"timeline-chapters\" d=\""...)
		for _, x := range tl.Chapters {
			b = appendInts(append(b, 'M'), x, 0)
			b = strconv.AppendInt(append(b, 'v'), int64(height), 10)
		}
		b = append(b, "\"/>\n"...)
	}
	b = append(b, "</svg></div>\n<p class=\"timeline-axis\"><span>0:00</span> <span>"...)
	b = append(b, transcript.FormatTimestamp(tl.Duration)...)
	return append(b, "</span></p>\n</div>\n</figure>"...)
}

// appendInts appends "x y".
func appendInts(b []byte, x, y int) []byte {
	return strconv.AppendInt(append(strconv.AppendInt(b, int64(x), 10), ' '), int64(y), 10)
}
