package render

import (
	"path"
	"strings"

	"github.com/verbatim-ssg/verbatim/generator/site"
)

// Artwork is a picture a page shows: the show's (config image:) or an
// episode's (front matter image:).
type Artwork struct {
	Src string // as the page links it: root-relative, or absolute for another site
	Alt string
}

// artwork returns the episode's own artwork, or nil: a page shows the
// show's once, on the home page, not beside every episode.
func (r *Renderer) artwork(e *site.Episode) *Artwork {
	if e == nil {
		return nil
	}
	src := r.media(e.Meta.Image)
	if src == "" {
		return nil
	}
	return &Artwork{Src: src, Alt: "Artwork for " + e.Meta.Title}
}

// showArtwork returns the show's artwork, the config's image:, or nil.
func (r *Renderer) showArtwork() *Artwork {
	src := r.media(r.site.Config.Image)
	if src == "" {
		return nil
	}
	return &Artwork{Src: src, Alt: r.site.Config.Title + " artwork"}
}

// imageOf returns the absolute URL of the picture that stands for an
// episode where a raster image is wanted (a shared link's preview, a
// podcast app): its own artwork, else the show's; "" when neither is a
// raster image (or might be one: a URL without an extension is trusted).
func (r *Renderer) imageOf(e *site.Episode) string {
	if e != nil {
		if u := r.rasterImage(e.Meta.Image); u != "" {
			return u
		}
	}
	return r.rasterImage(r.site.Config.Image)
}

// rasterImage returns the absolute URL of src when it may be a raster
// image: social sites and podcast apps show PNG and JPEG, never SVG.
func (r *Renderer) rasterImage(src string) string {
	rel := r.media(src)
	if rel == "" {
		return ""
	}
	name, _, _ := strings.Cut(rel, "?")
	name, _, _ = strings.Cut(name, "#")
	switch strings.ToLower(path.Ext(name)) {
	case ".svg", ".svgz", ".ico":
		return ""
	}
	return r.resolve(rel)
}

// shareImage is a page's og:image: the episode's picture on its page, the
// show's elsewhere.
func (r *Renderer) shareImage(p *Page) string {
	if p.Episode != nil {
		return r.imageOf(p.Episode.Episode)
	}
	return r.imageOf(nil)
}
