package render

import (
	"html/template"
	"strings"
)

// transcriptHTML writes the turns and chapter headings of an episode page:
//
//	<h2 class="chapter" id="chapter-x">Title <span class="time">0:05</span></h2>
//	<section class="turn" id="t-12-34" data-start="754" data-speaker="slug">
//	<header class="turn-head"><a class="speaker" href="…">Name</a>
//	<a class="time" href="…" data-start="754" aria-label="Play from 12:34, Name">12:34</a>
//	<a class="permalink" href="#t-12-34" aria-label="Link to this moment (12:34)">¶</a></header>
//	<div class="text">…</div>
//	</section>
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
		b.WriteString(`<section class="turn" id="` + t.ID + `"`)
		if t.Start != "" {
			b.WriteString(` data-start="` + t.Start + `"`)
		}
		if t.Speaker != nil {
			b.WriteString(` data-speaker="` + esc(t.Speaker.Slug) + `"`)
		}
		b.WriteString(">\n<header class=\"turn-head\">")
		who := ""
		if t.Speaker != nil {
			who = ", " + esc(t.Speaker.Name)
			b.WriteString(`<a class="speaker" href="` + esc(r.Rel(t.Speaker.Page(1))) + `" data-pagefind-filter="speaker">` + esc(t.Speaker.Name) + "</a>\n")
		}
		if t.Time != "" {
			b.WriteString(`<a class="time" href="` + esc(t.Href) + `" data-start="` + t.Start + `" aria-label="Play from ` + t.Time + who + `">` + t.Time + "</a>\n")
		}
		b.WriteString(`<a class="permalink" href="#` + t.ID + `" aria-label="Link to this moment`)
		if t.Time != "" {
			b.WriteString(" (" + t.Time + ")")
		}
		b.WriteString("\">¶</a></header>\n<div class=\"text\">")
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
