package render

import (
	"html/template"
	"slices"
	"strings"

	"github.com/verbatim-ssg/verbatim/generator/site"
)

// transcriptHTML writes the turns and chapter headings of an episode page:
//
//	<h2 class="chapter" id="chapter-x">Title <span class="time">0:05</span></h2>
//	<section class="turn" data-start="754" data-speaker="slug">
//	<h3 class="turn-head" id="t-12-34"><a class="speaker" href="…" tabindex="-1">Name</a>
//	<a class="time" href="…" aria-label="Play from 12:34">12:34</a></h3>
//	<a class="permalink" href="#t-12-34" tabindex="-1" aria-label="Link to 12:34"></a>
//	<div class="text">…</div>
//	</section>
//
// A marker of a stretch that is not speech has its name where a speaker's
// would be, its time and end if known, and its note as text if it has one:
//
//	<section class="turn marker" data-start="2913">
//	<h3 class="turn-head" id="t-48-33"><span class="marker">Break</span>
//	<a class="time" …>48:33</a>
//	<span class="time-end">to 50:10</span></h3> …
//
// A speaker's turn has the class of the speaker's colour ("turn c3"), and
// its link the speaker's initials or picture (see avatar.go):
//
//	<a class="speaker" href="…" tabindex="-1" data-pagefind-filter="speaker" data-i="AL">Name</a>
//
// A turn that continues its speaker's speech from a time of its own is a
// "turn continues" whose heading shows its time; the name is there for
// screen readers and quotes, but hidden.
//
// The turn's anchor is on its heading, whose text is who spoke and when: a
// heading with an id is what Pagefind splits a page into sub-results at, and
// what a screen reader lists. The heading holds nothing else, so the ¶ of the
// permalink is drawn by the stylesheet and stays out of the heading's text,
// out of copied text and out of search excerpts. Turns are h3 under the
// page's "Transcript" or a chapter's h2.
//
// A turn is one Tab stop: its time link, which plays from there (the
// permalink of an untimed turn). The speaker's link and the permalink stay
// clickable but out of the Tab order, so a keyboard reader crosses a
// 200-turn episode in 200 presses, not 600. The time link takes its second
// from its turn's data-start, written once per turn: the bytes saved pay for
// the tabindex attributes, and per-turn markup is the build's main cost.
func (r *Renderer) transcriptHTML(blocks []Block) []byte {
	size := 0
	for _, bl := range blocks {
		if bl.Turn != nil {
			size += len(bl.Turn.HTML) + 600
		}
	}
	b := buffer(size)
	// Each speaker's page is linked from each of their turns: its address
	// is made once, as an episode has a few speakers and hundreds of turns.
	type speakerLink struct {
		speaker *site.Speaker
		href    string // escaped
		face    string // turnFace
	}
	var links []speakerLink
	for _, bl := range blocks {
		if c := bl.Chapter; c != nil {
			b = append(b, `<h2 class="chapter" id="`...)
			b = appendHTML(b, c.Anchor)
			b = append(b, `">`...)
			b = appendHTML(b, c.Title)
			if c.Time != "" {
				b = append(append(append(b, ` <span class="time">`...), c.Time...), `</span>`...)
			}
			b = append(b, "</h2>\n"...)
			continue
		}
		t := bl.Turn
		continued := t.Continues && t.Speaker != nil && t.Time != ""
		b = append(b, `<section class="turn`...)
		switch {
		case t.Marker != "":
			b = append(b, ` marker`...)
		case continued:
			b = append(b, ` continues`...)
		case t.Speaker != nil:
			b = append(b, " c"...)
			b = append(b, byte('1'+t.Speaker.Color%site.Colors)) // colorClass, without allocating
		}
		b = append(b, '"')
		if t.Start != "" {
			b = append(append(append(b, ` data-start="`...), t.Start...), '"')
		}
		if t.Speaker != nil {
			b = append(appendHTML(append(b, ` data-speaker="`...), t.Speaker.Slug), '"')
		}
		b = append(append(append(b, ">\n<h3 class=\"turn-head\" id=\""...), t.ID...), `">`...)
		switch {
		case t.Marker != "":
			b = appendHTML(append(b, `<span class="marker">`...), t.Marker)
			b = append(b, "</span>"...)
			if t.Time != "" {
				b = append(b, '\n')
			}
		case continued: // the name for screen readers and quotes, not to see
			b = append(b, `<span class="speaker continued">`...)
			b = appendHTML(b, t.Speaker.Name)
			b = append(b, "</span>\n"...)
		case t.Speaker != nil:
			k := slices.IndexFunc(links, func(l speakerLink) bool { return l.speaker == t.Speaker })
			if k < 0 {
				k = len(links)
				links = append(links, speakerLink{t.Speaker, template.HTMLEscapeString(r.Rel(t.Speaker.Page(1))), r.turnFace(t.Speaker)})
			}
			// Out of the Tab order (after href, where tests and readers look for it): the turn's
			// time link is its one stop; the speaker's page is linked from the episode's header.
			b = append(append(b, `<a class="speaker" href="`...), links[k].href...)
			b = append(append(b, `" tabindex="-1" data-pagefind-filter="speaker"`...), links[k].face...)
			b = appendHTML(b, t.Speaker.Name)
			b = append(b, "</a>"...)
			if t.Time != "" {
				b = append(b, '\n')
			}
		case t.Time == "":
			b = append(b, "Turn"...) // neither who nor when, and a heading needs words
		}
		if t.Time != "" {
			b = appendHTML(append(b, `<a class="time" href="`...), t.Href)
			b = append(append(b, `" aria-label="Play from `...), t.Time...)
			b = append(append(append(b, `">`...), t.Time...), "</a>"...)
			if t.End != "" {
				b = append(append(append(b, "\n"+`<span class="time-end">to `...), t.End...), "</span>"...)
			}
		}
		b = append(append(append(b, "</h3>\n"+`<a class="permalink" href="#`...), t.ID...), '"')
		if t.Time != "" {
			b = append(append(b, ` tabindex="-1" aria-label="Link to `...), t.Time...)
		} else {
			b = append(b, ` aria-label="Link to this moment`...)
		}
		b = append(b, "\"></a>\n"...)
		if t.Marker == "" || t.HTML != "" { // a marker's note, if it has one
			b = append(append(append(b, "<div class=\"text\">"...), t.HTML...), "</div>\n"...)
		}
		b = append(b, "</section>\n"...)
	}
	return b
}

// appendHTML appends s escaped as template.HTMLEscapeString escapes it,
// which allocates nothing when there is nothing to escape.
func appendHTML(b []byte, s string) []byte {
	return append(b, template.HTMLEscapeString(s)...)
}

// turnRefsHTML writes the list of one speaker's turns in one episode, for
// the speaker's page, in Go for the same reason as transcriptHTML.
func (r *Renderer) turnRefsHTML(url string, refs []TurnRef) template.HTML {
	page := template.HTMLEscapeString(r.Rel(url))
	size := 0
	for _, ref := range refs {
		size += len(page) + len(ref.ID) + len(ref.Time) + len(ref.Excerpt) + 80
	}
	var b strings.Builder
	b.Grow(size)
	for _, ref := range refs {
		b.WriteString(`<li class="turn-ref"><a href="`)
		b.WriteString(page)
		b.WriteByte('#')
		b.WriteString(ref.ID)
		b.WriteString(`">`)
		if ref.Time != "" {
			b.WriteString(`<span class="time">`)
			b.WriteString(ref.Time)
			b.WriteString("</span> ")
		}
		b.WriteString(template.HTMLEscapeString(ref.Excerpt))
		b.WriteString("</a></li>\n")
	}
	return template.HTML(b.String())
}
