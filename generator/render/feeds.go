package render

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"net/url"
	"strings"

	"github.com/verbatim-ssg/verbatim/generator/site"
)

// Feed writes the RSS 2.0 feed (feed.xml) of every episode, newest first,
// with the Podcasting 2.0 namespace's transcript links, and the show's and
// episodes' artwork as RSS, Apple Podcasts and Podcasting 2.0 name it.
func (r *Renderer) Feed(b *bufio.Writer) {
	c := r.site.Config
	b.WriteString(xml.Header)
	b.WriteString(`<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0">` + "\n<channel>\n")
	el(b, "title", c.Title)
	el(b, "link", r.Abs(""))
	el(b, "description", orDefault(c.Description, c.Title+": transcripts"))
	el(b, "language", c.Language)
	el(b, "generator", "verbatim")
	fmt.Fprintf(b, "<atom:link href=\"%s\" rel=\"self\" type=\"application/rss+xml\"/>\n", attr(r.Abs("feed.xml")))
	if len(r.site.Episodes) > 0 && !r.site.Episodes[0].Meta.Date.IsZero() {
		el(b, "lastBuildDate", r.site.Episodes[0].Meta.Date.Format(rfc822))
	}
	if img := r.imageOf(nil); img != "" {
		b.WriteString("<image>")
		el(b, "url", img)
		el(b, "title", c.Title)
		el(b, "link", r.Abs(""))
		b.WriteString("</image>\n")
		feedImage(b, img)
	}
	for _, e := range r.site.Episodes {
		r.feedItem(b, e)
	}
	b.WriteString("</channel>\n</rss>\n")
}

// rfc822 is RSS's date format, with a four-digit year and a numeric zone.
const rfc822 = "Mon, 02 Jan 2006 15:04:05 -0700"

func (r *Renderer) feedItem(b *bufio.Writer, e *site.Episode) {
	b.WriteString("<item>\n")
	el(b, "title", e.Meta.Title)
	el(b, "link", r.Abs(e.URL()))
	fmt.Fprintf(b, "<guid isPermaLink=\"true\">%s</guid>\n", text(r.Abs(e.URL())))
	if !e.Meta.Date.IsZero() {
		el(b, "pubDate", e.Meta.Date.Format(rfc822))
	}
	if e.Meta.Description != "" {
		el(b, "description", e.Meta.Description)
	}
	for _, sp := range e.Speakers {
		el(b, "category", sp.Name)
	}
	for k := range e.Speakers {
		r.feedPerson(b, e, k)
	}
	if e.Meta.Media.Audio != "" {
		fmt.Fprintf(b, "<enclosure url=\"%s\" length=\"0\" type=\"%s\"/>\n", attr(r.resolve(r.media(e.Meta.Media.Audio))), audioType(e.Meta.Media.Audio))
		// Apps show the show's artwork for an episode without its own.
		if img := r.rasterImage(e.Meta.Image); img != "" {
			feedImage(b, img)
		}
	}
	lang := attr(r.site.Config.Language)
	for _, x := range EpisodeExports(e) {
		url := attr(r.Abs(e.URL() + x.Name))
		switch {
		case x.Chapters:
			fmt.Fprintf(b, "<podcast:chapters url=\"%s\" type=\"%s\"/>\n", url, x.Type)
		case !transcriptTypes[x.Type]:
			// Linked from the episode's page only: apps pick a transcript by its type.
		case x.Captions:
			fmt.Fprintf(b, "<podcast:transcript url=\"%s\" type=\"%s\" language=\"%s\" rel=\"captions\"/>\n", url, x.Type, lang)
		default:
			fmt.Fprintf(b, "<podcast:transcript url=\"%s\" type=\"%s\" language=\"%s\"/>\n", url, x.Type, lang)
		}
	}
	b.WriteString("</item>\n")
}

// feedImage writes a picture as Apple Podcasts (itunes:image) and the
// Podcasting 2.0 namespace (podcast:image, which replaced podcast:images
// and needs no widths) read it.
func feedImage(b *bufio.Writer, url string) {
	fmt.Fprintf(b, "<itunes:image href=\"%s\"/>\n<podcast:image href=\"%s\"/>\n", attr(url), attr(url))
}

// transcriptTypes are the MIME types the Podcasting 2.0 namespace names
// for <podcast:transcript> (docs/tags/transcript.md; its schema writes
// SRT's as application/srt). The markdown export is not one of them.
var transcriptTypes = map[string]bool{
	"text/plain":           true,
	"text/html":            true,
	"text/vtt":             true,
	"application/json":     true,
	"application/x-subrip": true,
	"application/srt":      true,
}

// feedPerson writes the episode's k-th speaker as a <podcast:person>: the
// role they have in this episode (or across the site), as the Podcast
// Taxonomy names it; their speaker page, when they have one; their
// picture, when known.
func (r *Renderer) feedPerson(b *bufio.Writer, e *site.Episode, k int) {
	sp := e.Speakers[k]
	role, group := personRole(e.Summary.Speakers[k].Role)
	if e.Summary.Speakers[k].Role == "" {
		role, group = personRole(sp.Role)
	}
	b.WriteString("<podcast:person")
	if group != "cast" {
		b.WriteString(` group="` + group + `"`)
	}
	b.WriteString(` role="` + role + `"`)
	if len(sp.Episodes) > 0 { // a speaker with no turns anywhere has no page
		b.WriteString(` href="` + attr(r.Abs(sp.Page(1))) + `"`)
	}
	if avatar := orDefault(e.Summary.Speakers[k].Avatar, sp.Avatar); avatar != "" {
		b.WriteString(` img="` + attr(r.resolve(r.media(avatar))) + `"`)
	}
	b.WriteString(">" + text(sp.Name) + "</podcast:person>\n")
}

// resolve makes a URL as a page links it (root-relative, such as
// "/pod/audio/a.mp3" under a base URL's path, protocol-relative or
// absolute) absolute, against the base URL. Abs takes a path below the site
// root instead, and would put the base's path in front a second time.
func (r *Renderer) resolve(ref string) string {
	u, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	return r.base.ResolveReference(u).String()
}

func audioType(src string) string {
	switch s := strings.ToLower(src); {
	case strings.HasSuffix(s, ".m4a"), strings.HasSuffix(s, ".mp4"), strings.HasSuffix(s, ".aac"):
		return "audio/mp4"
	case strings.HasSuffix(s, ".ogg"), strings.HasSuffix(s, ".oga"), strings.HasSuffix(s, ".opus"):
		return "audio/ogg"
	case strings.HasSuffix(s, ".wav"):
		return "audio/wav"
	}
	return "audio/mpeg"
}

// Sitemap writes sitemap.xml: every page a crawler should know.
func (r *Renderer) Sitemap(b *bufio.Writer) {
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	loc := func(p, lastmod string) {
		b.WriteString("<url><loc>")
		b.WriteString(text(r.Abs(p)))
		b.WriteString("</loc>")
		if lastmod != "" {
			b.WriteString("<lastmod>" + lastmod + "</lastmod>")
		}
		b.WriteString("</url>\n")
	}
	for k := 1; k <= r.HomePages(); k++ {
		loc(homePage(k), "")
	}
	for _, e := range r.site.Episodes {
		lastmod := ""
		if !e.Meta.Date.IsZero() {
			lastmod = e.Meta.Date.Format("2006-01-02")
		}
		loc(e.URL(), lastmod)
	}
	loc("speakers/", "")
	for _, sp := range r.site.Speakers {
		pages, _, _ := site.Pages(len(sp.Episodes), r.site.Config.PageSize, 1)
		for k := 1; k <= pages; k++ {
			loc(sp.Page(k), "")
		}
	}
	for _, p := range r.termPaths() {
		loc(p, "")
	}
	b.WriteString("</urlset>\n")
}

// Robots writes robots.txt, pointing crawlers at the sitemap.
func (r *Renderer) Robots(b *bufio.Writer) {
	b.WriteString("User-agent: *\nAllow: /\n\nSitemap: " + r.Abs("sitemap.xml") + "\n")
}

// LLMs writes llms.txt: the site for language models and agents, with a
// line per episode and links to its text.
func (r *Renderer) LLMs(b *bufio.Writer) {
	c := r.site.Config
	fmt.Fprintf(b, "# %s\n\n", c.Title)
	fmt.Fprintf(b, "> %s\n\n", strings.ReplaceAll(orDefault(c.Description, "Transcripts of "+c.Title), "\n", " "))
	b.WriteString("Each episode links to its transcript as markdown: a speaker and a time over each turn. " +
		"Next to it are transcript.txt, transcript.json (Podcasting 2.0) and, when the episode has times, " +
		"transcript.vtt and transcript.srt.\n\n## Episodes\n\n")
	for _, e := range r.site.Episodes {
		fmt.Fprintf(b, "- [%s](%s)", linkText(e.Meta.Title), r.Abs(e.URL()+"transcript.md"))
		var about []string
		if !e.Meta.Date.IsZero() {
			about = append(about, e.Meta.Date.Format("2006-01-02"))
		}
		if d := Shorten(strings.Join(strings.Fields(e.Meta.Description), " "), 200); d != "" {
			about = append(about, d)
		}
		if len(about) > 0 {
			b.WriteString(": " + strings.Join(about, ". "))
		}
		b.WriteByte('\n')
	}
	r.llmsTerms(b, "Shows", r.site.Shows, r.site.ShowPages())
	r.llmsTerms(b, "Tags", r.site.Tags, true)
}

// llmsTerms writes a section of llms.txt that links the pages of the
// site's shows or tags, each with its number of episodes.
func (r *Renderer) llmsTerms(b *bufio.Writer, heading string, terms []*site.Term, pages bool) {
	if !pages || len(terms) == 0 {
		return
	}
	b.WriteString("\n## " + heading + "\n\n")
	for _, t := range terms {
		fmt.Fprintf(b, "- [%s](%s): %d episode%s\n", linkText(t.Name), r.Abs(t.Page(1)), len(t.Episodes), plural(len(t.Episodes)))
	}
}

// linkText escapes what would end a markdown link's text early.
func linkText(s string) string {
	return strings.NewReplacer("\\", "\\\\", "[", "\\[", "]", "\\]", "\n", " ").Replace(s)
}

func el(b *bufio.Writer, name, value string) {
	b.WriteString("<" + name + ">")
	b.WriteString(text(value))
	b.WriteString("</" + name + ">\n")
}

func text(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func attr(s string) string { return text(s) }

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
