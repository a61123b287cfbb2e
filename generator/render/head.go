package render

import (
	"path"
	"strings"
	"unicode/utf8"
)

// TitleMax is the most characters a page's <title> holds. Search engines
// cut titles near 60 to 70 characters and browser tabs show fewer, and
// checkers flag longer ones: past it, the title is shortened. Characters
// are counted as the page writes them, "&" as the five of "&amp;":
// html-validate's long-title rule counts the page's source.
const TitleMax = 70

// titleSeparator joins a page's title and the site's name.
const titleSeparator = " · "

// minTitleKept is how many characters of a page's own title must remain,
// shortened, for the site's name to stay after it; with less room, the
// page's title alone fills the <title>.
const minTitleKept = 30

// HeadTitle is the <title> of a page titled title on a site named site:
// "title · site", or the site's name alone for a page without a title. Past
// TitleMax characters the page's title is cut at a word and ends with an
// ellipsis; the site's name is kept when at least minTitleKept characters of
// the page's title fit beside it, and dropped otherwise.
func HeadTitle(title, site string) string {
	title, site = strings.TrimSpace(title), strings.TrimSpace(site)
	switch {
	case title == "" || title == site:
		return fitTitle(orDefault(title, site), TitleMax)
	case site == "":
		return fitTitle(title, TitleMax)
	}
	full := title + titleSeparator + site
	if titleWidth(full) <= TitleMax {
		return full
	}
	room := TitleMax - titleWidth(titleSeparator+site)
	if room >= minTitleKept {
		return fitTitle(title, room) + titleSeparator + site
	}
	return fitTitle(title, TitleMax)
}

// fitTitle shortens s to at most n characters (by titleWidth), the
// ellipsis included: at the last space that keeps more than half of it,
// without the punctuation the cut leaves at its end.
func fitTitle(s string, n int) string {
	if titleWidth(s) <= n {
		return s
	}
	w, end := 0, 0
	for end < len(s) {
		r, size := utf8.DecodeRuneInString(s[end:])
		if w += runeWidth(r); w > n-1 {
			break
		}
		end += size
	}
	cut := s[:end]
	if end < len(s) && s[end] != ' ' { // the cut is inside a word
		if j := strings.LastIndexByte(cut, ' '); j > end/2 {
			cut = cut[:j]
		}
	}
	return strings.TrimRight(cut, " ,.;:&-–—") + "…"
}

// titleWidth is how many characters s takes in a page's source.
func titleWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

// runeWidth is how many characters html/template writes for r in a <title>.
func runeWidth(r rune) int {
	switch r {
	case '&', '"', '\'', '+':
		return 5 // &amp; &#34; &#39; &#43;
	case '<', '>':
		return 4 // &lt; &gt;
	}
	return 1
}

// Favicon is the site's icon as a page links it.
type Favicon struct {
	Href string // root-relative, or absolute when the config names another site
	Type string // MIME type, "" when the file's extension does not tell
}

// favicon returns the icon the site's config names (a file of its static
// folder, one of the theme's, or a URL), or the theme's favicon.svg.
func (r *Renderer) favicon() Favicon {
	name := r.site.Config.Favicon
	if name == "" {
		a := r.theme.Assets["favicon.svg"]
		return Favicon{Href: r.Rel(a.Path), Type: "image/svg+xml"}
	}
	href := r.media(name)
	if a, ok := r.theme.Assets[strings.TrimPrefix(name, "/")]; ok {
		href = r.Rel(a.Path) // a theme file, published where the theme puts it
	}
	name, _, _ = strings.Cut(name, "?")
	return Favicon{Href: href, Type: iconTypes[strings.ToLower(path.Ext(name))]}
}

// iconTypes are the MIME types of the image files browsers take as icons.
var iconTypes = map[string]string{
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".ico":  "image/x-icon",
	".gif":  "image/gif",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".webp": "image/webp",
}
