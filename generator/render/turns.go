package render

import (
	"html/template"
	"strings"
)

// transcriptHTML writes the turns and chapter headings of an episode page:
//
//	<h2 class="chapter" id="chapter-x">Title <span class="time">0:05</span></h2>
//	<section class="turn" data-start="754" data-speaker="slug">
//	<h3 class="turn-head" id="t-12-34"><a class="speaker" href="…">Name</a>
//	<a class="time" href="…" data-start="754" aria-label="Play from 12:34">12:34</a></h3>
//	<a class="permalink" href="#t-12-34" aria-label="Link to this moment (12:34)"></a>
//	<div class="text">…</div>
//	</section>
//
// The turn's anchor is on its heading, whose text is who spoke and when: a
// heading with an id is what Pagefind splits a page into sub-results at, and
// what a screen reader lists. The heading holds nothing else, so the ¶ of the
// permalink is drawn by the stylesheet and stays out of the heading's text,
// out of copied text and out of search excerpts. Turns are h3 under the
// page's "Transcript" or a chapter's h2.
func (r *Renderer) transcriptHTML(blocks []Block) template.HTML {
	var b strings.Builder
	size := 0
	for _, bl := range blocks {
		if bl.Turn != nil {
			size += len(bl.Turn.HTML) + 600
		}
	}
	b.Grow(size)
	esc := template.HTMLEscapeString
	for _, bl := range blocks {
		if c := bl.Chapter; c != nil {
			b.WriteString(`<h2 class="chapter" id="` + esc(c.Anchor) + `">` + esc(c.Title))
			if c.Time != "" {
				b.WriteString(` <span class="time">` + c.Time + `</span>`)
			}
			b.WriteString("</h2>\n")
			continue
		}
		t := bl.Turn
		b.WriteString(`<section class="turn"`)
		if t.Start != "" {
			b.WriteString(` data-start="` + t.Start + `"`)
		}
		if t.Speaker != nil {
			b.WriteString(` data-speaker="` + esc(t.Speaker.Slug) + `"`)
		}
		b.WriteString(">\n<h3 class=\"turn-head\" id=\"" + t.ID + "\">")
		switch {
		case t.Speaker != nil:
			b.WriteString(`<a class="speaker" href="` + esc(r.Rel(t.Speaker.Page(1))) + `" data-pagefind-filter="speaker">` + esc(t.Speaker.Name) + "</a>")
			if t.Time != "" {
				b.WriteString("\n")
			}
		case t.Time == "":
			b.WriteString("Turn") // neither who nor when, and a heading needs words
		}
		if t.Time != "" {
			b.WriteString(`<a class="time" href="` + esc(t.Href) + `" data-start="` + t.Start + `" aria-label="Play from ` + t.Time + `">` + t.Time + "</a>")
		}
		b.WriteString("</h3>\n" + `<a class="permalink" href="#` + t.ID + `" aria-label="Link to this moment`)
		if t.Time != "" {
			b.WriteString(" (" + t.Time + ")")
		}
		b.WriteString("\"></a>\n<div class=\"text\">")
		b.WriteString(string(t.HTML))
		b.WriteString("</div>\n</section>\n")
	}
	return template.HTML(b.String())
}

// turnRefsHTML writes the list of one speaker's turns in one episode, for
// the speaker's page, in Go for the same reason as transcriptHTML.
func (r *Renderer) turnRefsHTML(url string, refs []TurnRef) template.HTML {
	var b strings.Builder
	esc := template.HTMLEscapeString
	page := esc(r.Rel(url))
	for _, ref := range refs {
		b.WriteString(`<li class="turn-ref"><a href="` + page + "#" + ref.ID + `">`)
		if ref.Time != "" {
			b.WriteString(`<span class="time">` + ref.Time + "</span> ")
		}
		b.WriteString(esc(ref.Excerpt))
		b.WriteString("</a></li>\n")
	}
	return template.HTML(b.String())
}
