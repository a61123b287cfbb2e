package render

import (
	"html/template"
	"strconv"

	"github.com/verbatim-ssg/verbatim/generator/site"
)

// turnAvatar is the width and height, in CSS pixels, of a speaker's picture
// on a turn; the stylesheet draws initials in a disc of the same size.
const turnAvatar = 28

// A speaker's face is their avatar, when front matter or the config gives
// one, or their initials in a disc of their colour. The colour is a class,
// c1 … c8 (site.Colors), which the stylesheet maps to --speaker-1 … and
// which sets --speaker for everything inside: the name, the disc, a bar.
// Initials are an attribute the stylesheet draws, with empty alternative
// text, so they are not in the page's text: not read before each name by a
// screen reader, not copied with a quote, not indexed by search.
//
// Everywhere but on turns, a face is an element of its own:
//
//	<img class="avatar c3" src="…" alt="" width="96" height="96" loading="lazy" decoding="async">
//	<span class="avatar c3" data-i="AL"></span>
//
// On turns, where every byte is written a thousand times an episode, the
// turn carries the class and the speaker's link the initials (turnFace).

// colorClass is the class of the speaker's colour: "c1" for Color 0.
func colorClass(sp *site.Speaker) string {
	return "c" + strconv.Itoa(1+sp.Color%site.Colors)
}

// portrait is the size from which a face is a page's portrait, at its top,
// loaded at once; smaller ones are in lists, and load as they scroll in.
const portrait = 64

// appendAvatar appends the speaker's face as an element of its own, px CSS
// pixels wide and high.
func (r *Renderer) appendAvatar(b []byte, sp *site.Speaker, px int) []byte {
	if src := r.AvatarURL(sp); src != "" {
		b = append(append(b, `<img class="avatar `...), colorClass(sp)...)
		b = appendHTML(append(b, `" src="`...), src)
		b = appendImgSize(b, px)
		if px < portrait {
			b = append(b, ` loading="lazy"`...)
		}
		return append(b, ` decoding="async">`...)
	}
	b = append(append(b, `<span class="avatar `...), colorClass(sp)...)
	b = appendHTML(append(b, `" data-i="`...), sp.Initials())
	return append(b, `"></span>`...)
}

// avatarHTML is appendAvatar for templates: {{avatar .Speaker 96}}.
func (r *Renderer) avatarHTML(sp *site.Speaker, px int) template.HTML {
	return template.HTML(r.appendAvatar(nil, sp, px))
}

// turnFace is what a turn's speaker link holds of the speaker's face, made
// once per speaker and episode: the rest of the link's start tag, ending it,
// with the initials (` data-i="AL">`) or the picture (`><img …>`) before
// the name.
func (r *Renderer) turnFace(sp *site.Speaker) string {
	if src := r.AvatarURL(sp); src != "" {
		b := appendHTML(append([]byte(nil), `><img class="avatar" src="`...), src)
		b = appendImgSize(b, turnAvatar)
		return string(append(b, ` loading="lazy" decoding="async">`...))
	}
	return string(append(appendHTML(append([]byte(nil), ` data-i="`...), sp.Initials()), `">`...))
}

func appendImgSize(b []byte, px int) []byte {
	b = strconv.AppendInt(append(b, `" alt="" width="`...), int64(px), 10)
	b = strconv.AppendInt(append(b, `" height="`...), int64(px), 10)
	return append(b, '"')
}

// AvatarURL is where a page finds the speaker's picture, or "" for none:
// a path below the site is made root-relative, with the base URL's path,
// like media, and a URL SafeURL refuses (javascript:, data:) gives "". The
// search index carries the same URL, so results show the turns' picture.
func (r *Renderer) AvatarURL(sp *site.Speaker) string {
	if sp.Avatar == "" {
		return ""
	}
	return r.media(sp.Avatar)
}
