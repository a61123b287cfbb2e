package render

import (
	"bytes"
	"encoding/binary"
	"image/png"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/verbatim-ssg/verbatim/static"
)

func TestHeadTitle(t *testing.T) {
	long := "Search without a server: indexes that fit in a static site, cut into shards a browser fetches one at a time"
	for _, tt := range []struct {
		name, title, site, want string
	}{
		{"OK", "Maps that explain themselves", "Field Notes", "Maps that explain themselves · Field Notes"},
		{"OKHome", "", "Field Notes", "Field Notes"},
		{"OKSameAsSite", "Field Notes", "Field Notes", "Field Notes"},
		{"OKExactly70", strings.Repeat("a", 56), "Field Notes", strings.Repeat("a", 56) + " · Field Notes"},
		{"ShortenedSiteKept", long, "Field Notes", "Search without a server: indexes that fit in a static… · Field Notes"},
		{"ShortenedSiteDropped", long, "The Very Long Name of a Show About Many Things, Weekly",
			"Search without a server: indexes that fit in a static site, cut into…"},
		{"ShortenedSiteOnly", "", strings.Repeat("word ", 20), "word word word word word word word word word word word word word…"},
		{"NoSiteName", long, "", "Search without a server: indexes that fit in a static site, cut into…"},
		{"Characters", strings.Repeat("été ", 20), "Notes", strings.Repeat("été ", 14) + "été… · Notes"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := HeadTitle(tt.title, tt.site)
			if got != tt.want {
				t.Errorf("HeadTitle(%q, %q)\n got %q\nwant %q", tt.title, tt.site, got, tt.want)
			}
			if n := utf8.RuneCountInString(got); n > TitleMax {
				t.Errorf("%d characters, over %d", n, TitleMax)
			}
		})
	}
}

// Every page links an icon, and favicon.ico is published at the site's
// root, by that name, even when the other assets are fingerprinted.
func TestFavicon(t *testing.T) {
	th, problems := LoadTheme(t.TempDir(), "github", "github-dark", true)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if got := th.Assets["favicon.ico"].Path; got != "favicon.ico" {
		t.Errorf("favicon.ico is published at %q", got)
	}
	if got := th.Assets["favicon.svg"].Path; !strings.HasPrefix(got, "assets/favicon.") {
		t.Errorf("favicon.svg is published at %q, not fingerprinted", got)
	}

	r, s, _ := testRenderer(t, map[string]string{"content/a.md": "**Ann** (0:00)\nHi.\n"})
	for _, tt := range []struct{ config, want string }{
		{"", `<link rel="icon" href="/pod/favicon.svg" type="image/svg&#43;xml">`},
		{"logo.png", `<link rel="icon" href="/pod/logo.png" type="image/png">`},
		{"/icons/logo.ico?v=2", `<link rel="icon" href="/pod/icons/logo.ico?v=2" type="image/x-icon">`},
		{"favicon.ico", `<link rel="icon" href="/pod/favicon.ico" type="image/x-icon">`},
		{"https://cdn.example.net/icon", `<link rel="icon" href="https://cdn.example.net/icon">`},
	} {
		s.Config.Favicon = tt.config
		_, page, err := r.Search()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(page, []byte(tt.want)) {
			t.Errorf("favicon: %q: the page lacks %s", tt.config, tt.want)
		}
	}
}

// The built-in favicon.ico is an ICO file whose images are PNGs of the
// sizes its directory says (static/favicon_gen.go writes it).
func TestFaviconICO(t *testing.T) {
	data, err := static.FS.ReadFile("favicon.ico")
	if err != nil {
		t.Fatal(err)
	}
	var head [3]uint16
	if err := binary.Read(bytes.NewReader(data), binary.LittleEndian, &head); err != nil || head[0] != 0 || head[1] != 1 || head[2] == 0 {
		t.Fatalf("not an icon file: header %v, %v", head, err)
	}
	for i := range int(head[2]) {
		entry := data[6+16*i : 6+16*(i+1)]
		size, offset := binary.LittleEndian.Uint32(entry[8:]), binary.LittleEndian.Uint32(entry[12:])
		img, err := png.Decode(bytes.NewReader(data[offset : offset+size]))
		if err != nil {
			t.Fatalf("image %d: %v", i, err)
		}
		if b := img.Bounds(); b.Dx() != int(entry[0]) || b.Dy() != int(entry[1]) {
			t.Errorf("image %d is %v, its entry says %dx%d", i, b, entry[0], entry[1])
		}
	}
}
