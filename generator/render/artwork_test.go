package render

import (
	"strings"
	"testing"
)

// artworkSite is three episodes: one with its own artwork, one without,
// one whose artwork is an SVG; one of them has no audio.
var artworkSite = map[string]string{
	"content/a.md": "---\ntitle: A\ndate: 2024-03-01\nimage: /images/a.png\nmedia: /audio/a.mp3\ntags: [Maps, data]\n---\n**Ann** (0:00)\nHi.\n",
	"content/b.md": "---\ntitle: B\ndate: 2024-02-01\nmedia: /audio/b.mp3\ntags: [maps]\n---\n**Ann** (0:00)\nHi.\n",
	"content/c.md": "---\ntitle: C\ndate: 2024-01-01\nimage: https://cdn.example.net/c.svg\n---\n**Ann** (0:00)\nHi.\n",
}

// TestShareImage checks each page's og:image (absolute, raster only: the
// episode's own, else the show's) and twitter:card.
func TestShareImage(t *testing.T) {
	r, s, trs := testRenderer(t, artworkSite)
	page := func(slug string) string {
		for _, e := range s.Episodes {
			if e.Slug == slug {
				out, err := r.EpisodeFiles(e, trs[e.Source])
				if err != nil {
					t.Fatal(err)
				}
				return string(out.Files[0].Data)
			}
		}
		t.Fatalf("no episode %s", slug)
		return ""
	}
	home := func() string {
		_, data, err := r.Home(1)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	const large, small = `<meta name="twitter:card" content="summary_large_image">`, `<meta name="twitter:card" content="summary">`
	for _, tt := range []struct {
		name, config string
		page         func() string
		image, card  string
	}{
		{"EpisodeOwnsIt", "", func() string { return page("a") }, "https://example.org/pod/images/a.png", large},
		{"NoneAnywhere", "", func() string { return page("b") }, "", small},
		{"SVGIsNoPreview", "", func() string { return page("c") }, "", small},
		{"ShowsForAnEpisodeWithout", "show.jpg", func() string { return page("b") }, "https://example.org/pod/show.jpg", large},
		{"ShowsForAnSVG", "https://cdn.example.net/show.png", func() string { return page("c") }, "https://cdn.example.net/show.png", large},
		{"HomeShowsTheShows", "/art/show.png", home, "https://example.org/pod/art/show.png", large},
		{"HomeWithoutArtwork", "", home, "", small},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s.Config.Image = tt.config
			got := tt.page()
			og := `<meta property="og:image"`
			if tt.image == "" && strings.Contains(got, og) {
				t.Errorf("the page has an og:image, want none")
			}
			if tt.image != "" && !strings.Contains(got, og+` content="`+tt.image+`">`) {
				t.Errorf("the page lacks og:image %s", tt.image)
			}
			if !strings.Contains(got, tt.card) {
				t.Errorf("the page lacks %s", tt.card)
			}
		})
	}
}

// TestArtworkOnPages checks the episode header's picture and the home
// page's show artwork and thumbnails: sized, described, lazy below the fold.
func TestArtworkOnPages(t *testing.T) {
	r, s, trs := testRenderer(t, artworkSite)
	s.Config.Image = "show.png"
	out, err := r.EpisodeFiles(s.Episodes[0], trs[s.Episodes[0].Source])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<img class="episode-art" src="/pod/images/a.png" alt="Artwork for A" width="160" height="160">`,
		`"image":"https://example.org/pod/images/a.png"`, // in the JSON-LD
	} {
		if !strings.Contains(string(out.Files[0].Data), want) {
			t.Errorf("the episode page lacks %s", want)
		}
	}
	_, home, err := r.Home(1)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<img class="show-art" src="/pod/show.png" alt="Transcripts artwork" width="160" height="160">`,
		`<img class="thumb" src="/pod/images/a.png" alt="" width="96" height="96" decoding="async">`,
		`<img class="thumb" src="/pod/show.png" alt="" width="96" height="96" decoding="async">`, // b has none of its own
	} {
		if !strings.Contains(string(home), want) {
			t.Errorf("the home page lacks %s", want)
		}
	}
}

// TestFeedArtwork checks the channel's image in RSS, Apple's and
// Podcasting 2.0's terms, and an item's own where the item carries audio.
func TestFeedArtwork(t *testing.T) {
	r, s, _ := testRenderer(t, artworkSite)
	s.Config.Image = "/art/show.png"
	feed := written(r.Feed)
	channel, items, _ := strings.Cut(feed, "<item>")
	for _, want := range []string{
		`xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"`,
		"<image><url>https://example.org/pod/art/show.png</url>\n<title>Transcripts</title>\n<link>https://example.org/pod/</link>\n</image>",
		`<itunes:image href="https://example.org/pod/art/show.png"/>`,
		`<podcast:image href="https://example.org/pod/art/show.png"/>`,
	} {
		if !strings.Contains(channel, want) {
			t.Errorf("the channel lacks %s", want)
		}
	}
	for i, item := range strings.Split(items, "<item>") {
		n := strings.Count(item, "<itunes:image ")
		if want := map[int]int{0: 1}[i]; n != want { // only a's has audio and a picture of its own
			t.Errorf("item %d has %d itunes:image, want %d:\n%s", i, n, want, item)
		}
	}
	if !strings.Contains(items, `<itunes:image href="https://example.org/pod/images/a.png"/>`+"\n"+`<podcast:image href="https://example.org/pod/images/a.png"/>`) {
		t.Errorf("item a lacks its artwork:\n%s", items)
	}

	s.Config.Image = "logo.svg"
	if feed := written(r.Feed); strings.Contains(strings.Split(feed, "<item>")[0], "image") {
		t.Errorf("an SVG is in the channel: podcast apps want PNG or JPEG")
	}
}

// TestTermPages checks the tag pages, the tags index, and the sitemap's and
// llms.txt's lines for them, and that show pages come only with several shows.
func TestTermPages(t *testing.T) {
	r, s, _ := testRenderer(t, artworkSite)
	var paths []string
	for _, f := range r.SiteFiles() {
		paths = append(paths, f.Path)
	}
	all := strings.Join(paths, " ")
	for _, want := range []string{"tags/index.html", "tags/maps/index.html", "tags/data/index.html"} {
		if !strings.Contains(all, want) {
			t.Errorf("site files lack %s: %s", want, all)
		}
	}
	if strings.Contains(all, "shows/") {
		t.Errorf("a site of no show has show pages: %s", all)
	}
	_, page, err := r.TermPage("tag", s.Tags[1], 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<title>Tagged Maps · Transcripts</title>", "<h1>Episodes tagged “Maps”</h1>", `<a href="/pod/episodes/a/">A</a>`, `<a href="/pod/episodes/b/">B</a>`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the tag page lacks %s", want)
		}
	}
	if llms := written(r.LLMs); !strings.Contains(llms, "\n## Tags\n\n- [data](https://example.org/pod/tags/data/): 1 episode\n- [Maps](https://example.org/pod/tags/maps/): 2 episodes\n") || strings.Contains(llms, "## Shows") {
		t.Errorf("llms.txt does not list the tags, or lists shows without pages:\n%s", llms)
	}
	sitemap := written(r.Sitemap)
	for _, want := range []string{"<loc>https://example.org/pod/tags/</loc>", "<loc>https://example.org/pod/tags/maps/</loc>"} {
		if !strings.Contains(sitemap, want) {
			t.Errorf("the sitemap lacks %s", want)
		}
	}
}
