package render

import (
	"bytes"
	"encoding/binary"
	"html/template"
	"image/png"
	"strconv"
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
		{"ShortenedSiteOnly", "", strings.Repeat("word ", 20), "word word word word word word word word word word word word word word…"},
		{"NoSiteName", long, "", "Search without a server: indexes that fit in a static site, cut into…"},
		{"Characters", strings.Repeat("été ", 20), "Notes", strings.Repeat("été ", 14) + "été… · Notes"},
		{"AmpersandIsFive", "Reasoning, RLHF, & what comes after it: a conversation about training", "Notes",
			"Reasoning, RLHF, & what comes after it: a conversation… · Notes"},
		{"CutPunctuationDropped", "Reasoning, RLHF, & what comes after it: a conversation about training", "Transcripts of the Show",
			"Reasoning, RLHF, & what comes after it… · Transcripts of the Show"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := HeadTitle(tt.title, tt.site)
			if got != tt.want {
				t.Errorf("HeadTitle(%q, %q)\n got %q\nwant %q", tt.title, tt.site, got, tt.want)
			}
			if n := utf8.RuneCountInString(template.HTMLEscapeString(got)); n > TitleMax {
				t.Errorf("%d characters escaped, over %d", n, TitleMax)
			}
		})
	}
}

// A page's <title>, as html/template writes it, holds at most TitleMax
// characters: what html-validate's long-title rule counts.
func TestHeadTitleInThePage(t *testing.T) {
	title := `"Quotes" & <angles> + 'apostrophes' & more & more & more & more & more & more`
	r, s, trs := testRenderer(t, map[string]string{"content/a.md": "---\ntitle: " + strconv.Quote(title) + "\n---\n**Ann** (0:00)\nHi.\n"})
	out, err := r.EpisodeFiles(s.Episodes[0], trs["content/a.md"])
	if err != nil {
		t.Fatal(err)
	}
	page := string(out.Files[0].Data)
	start, end := strings.Index(page, "<title>"), strings.Index(page, "</title>")
	if start < 0 || end < start {
		t.Fatalf("no <title> in\n%s", page)
	}
	got := page[start+len("<title>") : end]
	if n := utf8.RuneCountInString(got); n > TitleMax || n < TitleMax-15 {
		t.Errorf("<title>%s</title>: %d characters in the source, want %d or a few fewer", got, n, TitleMax)
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

// FuzzHeadTitle checks that any title and site name give a <title> of at
// most TitleMax characters as the page writes it, that is not empty when
// either is not, and that is the two joined when they fit.
func FuzzHeadTitle(f *testing.F) {
	f.Add("Maps that explain themselves", "Field Notes")
	f.Add(strings.Repeat("été & ", 20), "Notes")
	f.Add("", strings.Repeat("x", 90))
	f.Add("\xff\xfe&&&", "a")
	f.Fuzz(func(t *testing.T, title, site string) {
		got := HeadTitle(title, site)
		if n := titleWidth(got); n > TitleMax {
			t.Errorf("HeadTitle(%q, %q) = %q: %d characters", title, site, got, n)
		}
		if got == "" && (strings.TrimSpace(title) != "" || strings.TrimSpace(site) != "") {
			t.Errorf("HeadTitle(%q, %q) is empty", title, site)
		}
		title, site = strings.TrimSpace(title), strings.TrimSpace(site)
		if full := title + titleSeparator + site; title != "" && site != "" && title != site && titleWidth(full) <= TitleMax && got != full {
			t.Errorf("HeadTitle(%q, %q) = %q, want %q", title, site, got, full)
		}
	})
}
