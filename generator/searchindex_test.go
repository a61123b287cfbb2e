package generator

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// avatarSite has a speaker with a picture from the config, one with a
// picture from front matter, and one without, in two episodes each, so a
// picture carried per episode or per turn would show.
const avatarSite = `
-- verbatim.yaml --
title: Faces
speakers:
  Ann:
    avatar: /faces/ann.svg
-- static/faces/ann.svg --
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>
-- content/one.md --
---
title: One
date: 2024-01-01
speakers:
  - name: Cy
    avatar: https://img.example.net/cy.png?s=64&t=1
---
**Ann** (0:00)
Hi.

**Bo** (1:00)
Hello.

**Cy** (1:30)
Bye.
-- content/two.md --
---
title: Two
date: 2024-02-01
---
**Ann** (0:00)
Again.

**Bo** (2:00)
Me too.

**Cy** (2:30)
Bye.
`

// TestSearchIndexCarriesSpeakersPictures builds a site served from a
// sub-path and reads its search index: each speaker's picture is in their
// line of a people page, once in the whole index, at the URL the turns'
// pictures have (the base path in front of a path below the site).
func TestSearchIndexCarriesSpeakersPictures(t *testing.T) {
	src, out := writeSite(t, avatarSite), t.TempDir()
	cfg := DefaultConfig()
	cfg.Source, cfg.Output, cfg.BaseURL = src, out, "https://example.org/podcast/"
	if _, err := NewBuilder(cfg).Build(context.Background()); err != nil {
		t.Fatalf("build failed:\n%v", err)
	}

	// The turns' pictures, from the episode page.
	page := pageText(t, filepath.Join(out, "episodes/one/index.html"))
	turnSrc := map[string]string{}
	for _, m := range regexp.MustCompile(`<img class="avatar" src="([^"]+)"[^>]*>([^<]+)</a>`).FindAllStringSubmatch(page, -1) {
		turnSrc[m[2]] = strings.ReplaceAll(m[1], "&amp;", "&")
	}
	want := map[string]string{"Ann": "/podcast/faces/ann.svg", "Bo": "", "Cy": "https://img.example.net/cy.png?s=64&t=1"}
	for name, src := range want {
		if turnSrc[name] != src {
			t.Errorf("%s's turns show the picture %q, want %q", name, turnSrc[name], src)
		}
	}

	// The index's: the manifest lists the speakers and their people pages.
	var m struct {
		Speakers   []string `json:"speakers"`
		People     []string `json:"people"`
		PeoplePage int      `json:"peoplePage"`
	}
	if err := json.Unmarshal([]byte(pageText(t, filepath.Join(out, "search/index.json"))), &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Speakers) != 3 || len(m.People) != 1 || m.PeoplePage < 3 {
		t.Fatalf("manifest: speakers %q, people pages %q of %d", m.Speakers, m.People, m.PeoplePage)
	}
	lines := strings.Split(strings.TrimSuffix(pageText(t, filepath.Join(out, "search/s", m.People[0]+".txt")), "\n"), "\n")
	if len(lines) != len(m.Speakers) {
		t.Fatalf("the people page has %d lines for %d speakers", len(lines), len(m.Speakers))
	}
	for k, name := range m.Speakers {
		fields := strings.Split(lines[k], "\t")
		if len(fields) != 6 || fields[5] != want[name] {
			t.Errorf("%s's line %q: want the picture %q in the sixth field", name, lines[k], want[name])
		}
	}

	// Once in the whole index, however many episodes and turns.
	for _, src := range []string{want["Ann"], want["Cy"]} {
		n := 0
		err := filepath.WalkDir(filepath.Join(out, "search"), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			n += strings.Count(string(data), src)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("the index holds %q %d times, want once", src, n)
		}
	}
}
