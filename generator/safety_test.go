package generator

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/verbatim-ssg/verbatim/generator/diag"
	"github.com/verbatim-ssg/verbatim/generator/site"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// buildErrors builds the site in dir and returns its errors' first lines
// (position and message), failing the test if the build succeeds.
func buildErrors(t *testing.T, dir string) []string {
	t.Helper()
	_, err := build(t, dir, filepath.Join(dir, "public"))
	var problems diag.List
	if !errors.As(err, &problems) {
		t.Fatalf("want the build to fail with problems, got %v", err)
	}
	var lines []string
	problems.Sort()
	for _, p := range problems.Errors() {
		if !strings.Contains(p.Error(), "\n\thint: ") {
			t.Errorf("no hint: %s", p.Error())
		}
		lines = append(lines, strings.SplitN(p.Error(), "\n", 2)[0])
	}
	return lines
}

// TestBuildRefusesScriptURLs builds sites with a script where a link goes,
// from each field that takes one, and checks the build stops with the
// position of each and writes nothing.
func TestBuildRefusesScriptURLs(t *testing.T) {
	dir := writeSite(t, `
-- verbatim.yaml --
title: Safe
baseURL: https://example.org/
repository: "JavaScript:alert(1)//"
-- content/a.md --
---
title: A
media: "javascript://%0aalert(document.domain)//"
---

**Ann** (0:00)

Hi.
-- content/b.md --
---
title: B
video: "  VBScript:msgbox(1)"
speakers:
  - name: Bo
    url: "&#106;avascript:alert(1)"
  - name: Cy
    avatar: "data:image/svg+xml,<svg onload=alert(1)>"
---

**Bo** (0:00)

Hi.
-- content/c.toml.md --
+++
title = "C"
audio = "%6Aavascript:alert(1)"
+++

**Di** (0:00)

Hi.
`)
	got := strings.Join(buildErrors(t, dir), "\n")
	want := strings.Join([]string{
		`content/a.md:3:1: media "javascript://%0aalert(document.domain)//" is a javascript: URL`,
		`content/b.md:3:1: video "  VBScript:msgbox(1)" is a vbscript: URL`,
		`content/b.md:6:5: Bo's url "&#106;avascript:alert(1)" hides a javascript: URL behind its encoding`,
		`content/b.md:8:5: Cy's avatar "data:image/svg+xml,<svg onload=alert(1)>" is a data: URL`,
		`content/c.toml.md:3:1: audio "%6Aavascript:alert(1)" hides a javascript: URL behind its encoding`,
		`verbatim.yaml:3:1: repository "JavaScript:alert(1)//" is a javascript: URL`,
	}, "\n")
	if got != want {
		t.Errorf("errors\n%s\nwant\n%s", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "episodes")); err == nil {
		t.Errorf("a refused build wrote pages")
	}
}

// TestBuildSpeakersAndSlugs builds a site whose speakers' names differ
// only in accents, spacing, Unicode form or by being an emoji, with an
// alias, and reads who is shown on each page.
func TestBuildSpeakersAndSlugs(t *testing.T) {
	dir := writeSite(t, `
-- verbatim.yaml --
aliases:
  Speaker 1: Ann Lee
-- content/a.md --
**Jose Nunez** (0:00)

First.

**José Núñez** (0:05)

Second.

**Speaker** (0:10)

Third.

**🎧** (0:15)

Fourth.

**Speaker 1** (0:20)

Fifth.
-- content/b.md --
**Jose`+"\u0301"+` Nu`+"\u0301n\u0303"+`ez** (0:00)

Same person as in a, in NFD.

**Ann  Lee** (0:05)

Spaced.
`)
	out := filepath.Join(dir, "public")
	mustBuild(t, dir, out)
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	// Each turn is labelled by its own speaker, linked to their own page.
	speakerLink := regexp.MustCompile(`<a class="speaker" href="/speakers/([^/]+)/"[^>]*>([^<]+)</a>`)
	var turns []string
	for _, m := range speakerLink.FindAllStringSubmatch(read("episodes/a/index.html"), -1) {
		turns = append(turns, m[1]+"="+m[2])
	}
	// José Núñez, heard in both episodes, keeps the plain slug.
	want := "jose-nunez-2=Jose Nunez jose-nunez=José Núñez speaker=Speaker speaker-2=🎧 ann-lee=Ann Lee"
	if got := strings.Join(turns, " "); got != want {
		t.Errorf("turns of a labelled\n%s\nwant\n%s", got, want)
	}
	for page, name := range map[string]string{
		"speakers/jose-nunez-2/index.html": "Jose Nunez",
		"speakers/jose-nunez/index.html":   "José Núñez",
		"speakers/speaker/index.html":      "Speaker",
		"speakers/speaker-2/index.html":    "🎧",
		"speakers/ann-lee/index.html":      "Ann Lee",
	} {
		if h1 := regexp.MustCompile(`<h1[^>]*>([^<]*)</h1>`).FindStringSubmatch(read(page)); h1 == nil || h1[1] != name {
			t.Errorf("%s: heading %q, want %q", page, h1, name)
		}
	}
	// José Núñez spoke in both episodes (NFC in a, NFD in b); Ann Lee in
	// a (as Speaker 1) and b (spaced).
	for page, n := range map[string]int{"speakers/jose-nunez/index.html": 2, "speakers/ann-lee/index.html": 2, "speakers/jose-nunez-2/index.html": 1} {
		if got := strings.Count(read(page), `<h2><a href="/episodes/`); got != n {
			t.Errorf("%s lists %d episodes, want %d", page, got, n)
		}
	}
}

// TestBuildSlugErrorsHavePositions checks a slug too long for a file name
// and two episodes with one URL are reported at their slug: lines.
func TestBuildSlugErrorsHavePositions(t *testing.T) {
	dir := writeSite(t, `
-- content/a.md --
---
title: A
slug: intro
---

**Ann** (0:00)

Hi.
-- content/b.md --
---
title: B
date: 2024-01-01
slug: Intro
---

**Bo** (0:00)

Hi.
-- content/c.md --
---
title: C
slug: `+strings.Repeat("long-", 60)+`
---

**Cy** (0:00)

Hi.
`)
	got := strings.Join(buildErrors(t, dir), "\n")
	want := strings.Join([]string{
		`content/b.md:4:1: episode URL /episodes/intro/ is also the URL of content/a.md:3:1`,
		`content/c.md:3:1: episode slug "long-long-long-long-long-long-long-long-…" makes a URL of 299 bytes, over the limit of 200`,
	}, "\n")
	if got != want {
		t.Errorf("errors\n%s\nwant\n%s", got, want)
	}
}

// BenchmarkSummarizeAndCheck times what a build adds to parsing each
// transcript for the site: its summary and its URL and slug checks. Compare
// with BenchmarkParse on the same episodes.
func BenchmarkSummarizeAndCheck(b *testing.B) {
	srcs := benchEpisodes(b, 8)
	trs := make([]*transcript.Transcript, len(srcs))
	for i, src := range srcs {
		trs[i], _ = transcript.Parse("ep.md", src)
	}
	b.SetBytes(int64(len(srcs[0])))
	i := 0
	for b.Loop() {
		k := i % len(srcs)
		site.Summarize("content/ep.md", trs[k]).Check(trs[k], srcs[k])
		i++
	}
}
