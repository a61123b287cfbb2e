package generator

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const speakersSite = `
-- verbatim.yaml --
title: Talk
speakers:
  Ann:
    avatar: /faces/ann.svg
    color: 4
-- static/faces/ann.svg --
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>
-- content/one.md --
---
title: One
date: 2024-01-01
---
**Ann** (0:00)
Hi.

**Bo** (1:00)
Hello.

**Ann** (1:30)
Bye.
-- content/two.md --
---
title: Two
date: 2024-02-01
---
**Bo** (0:00)
Again.

**Cy** (2:00)
Me too.

**Bo** (2:30)
Bye.
`

// classOf returns the colour class of each speaker's turns on an episode
// page: {"bo": "c3"}.
func classOf(t *testing.T, page string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, sm := range regexp.MustCompile(`<section class="turn (c[1-8])" data-start="\d+" data-speaker="([^"]+)">`).FindAllStringSubmatch(page, -1) {
		if old, ok := m[sm[2]]; ok && old != sm[1] {
			t.Errorf("%s has two colours on one page: %s and %s", sm[2], old, sm[1])
		}
		m[sm[2]] = sm[1]
	}
	return m
}

func pageText(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestSpeakersOnPages builds a small site and reads its pages: each
// speaker has one colour everywhere, the config's colour and picture win,
// and speaker pages show talk time.
func TestSpeakersOnPages(t *testing.T) {
	src, out := writeSite(t, speakersSite), t.TempDir()
	mustBuild(t, src, out)
	one := pageText(t, filepath.Join(out, "episodes/one/index.html"))
	two := pageText(t, filepath.Join(out, "episodes/two/index.html"))
	c1, c2 := classOf(t, one), classOf(t, two)
	if c1["ann"] != "c4" {
		t.Errorf("Ann's turns are %q, want the config's c4", c1["ann"])
	}
	if c1["bo"] == "" || c1["bo"] != c2["bo"] || c1["bo"] == c1["ann"] || c2["cy"] == c2["bo"] {
		t.Errorf("colours: one %v, two %v; want Bo's the same in both, and different from the others'", c1, c2)
	}
	for _, want := range []string{
		`<img class="avatar" src="/faces/ann.svg" alt="" width="28" height="28" loading="lazy" decoding="async">Ann</a>`,
		`data-i="B">Bo</a>`,
	} {
		if !strings.Contains(one, want) {
			t.Errorf("episode one lacks %s", want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "faces/ann.svg")); err != nil {
		t.Errorf("the avatar is not published: %v", err)
	}
	bo := pageText(t, filepath.Join(out, "speakers/bo/index.html"))
	for _, want := range []string{
		`<header class="speaker-head ` + c1["bo"] + `">`,
		`<span class="talk-time">3 min of talk</span>`, // 30 s in One, 2 min 30 s in Two
		`<figure class="talk-chart ` + c1["bo"] + `">`,
		`the most 2 min in “Two”`,
		`30 s, 33% of the talk`,
	} {
		if !strings.Contains(bo, want) {
			t.Errorf("Bo's page lacks %s", want)
		}
	}
	ann := pageText(t, filepath.Join(out, "speakers/ann/index.html"))
	if !strings.Contains(ann, `<img class="avatar c4" src="/faces/ann.svg" alt="" width="96" height="96" decoding="async">`) {
		t.Errorf("Ann's page lacks her portrait")
	}
	list := pageText(t, filepath.Join(out, "speakers/index.html"))
	if !strings.Contains(list, `<span class="avatar `+c2["cy"]+`" data-i="C"></span>`) || !strings.Contains(list, "2 episodes, 3 turns, 3 min of talk") {
		t.Errorf("the speakers list lacks Cy's face or Bo's figures")
	}
}

// TestSpeakerColoursRebuild checks that a build after an edit that changes
// colours or talk time writes what a clean build writes: the page keys
// hold them.
func TestSpeakerColoursRebuild(t *testing.T) {
	src, out := writeSite(t, speakersSite), t.TempDir()
	mustBuild(t, src, out)
	before := classOf(t, pageText(t, filepath.Join(out, "episodes/two/index.html")))
	// An older episode where Cy comes after Max, whose slug hashes to
	// Cy's colour, gives Cy another colour (Bo's talk time changes too),
	// and episode Two's page, whose neighbours are the same, must show it.
	writeFile(t, filepath.Join(src, "content/zero.md"), "---\ntitle: Zero\ndate: 2023-01-01\n---\n**Max** (0:00)\nFirst.\n\n**Cy** (0:10)\nSecond.\n\n**Bo** (0:20)\nThird.\n\n**Max** (0:40)\nEnd.\n")
	mustBuild(t, src, out)
	after := classOf(t, pageText(t, filepath.Join(out, "episodes/two/index.html")))
	if before["cy"] == after["cy"] {
		t.Fatalf("Cy kept colour %s: the test no longer changes a colour", after["cy"])
	}
	clean := t.TempDir()
	mustBuild(t, src, clean)
	if diffs := diffSnapshots(snapshot(t, out), snapshot(t, clean)); len(diffs) > 0 {
		t.Errorf("the rebuild differs from a clean build:\n%s", strings.Join(diffs, "\n"))
	}
}

// TestSpeakerChartNamesItsLongestEpisodeAfterARename: a speaker's first
// page names the episode they talk most in, which may be listed on a later
// page; renaming it rebuilds the first page as a clean build writes it.
func TestSpeakerChartNamesItsLongestEpisodeAfterARename(t *testing.T) {
	dir := writeSite(t, `
-- verbatim.yaml --
pageSize: 1
-- content/long.md --
---
title: The long one
date: 2024-01-01
---
**Ann** (0:00)
One.

**Bo** (9:00)
Two.
-- content/short.md --
---
title: The short one
date: 2024-02-01
---
**Ann** (0:00)
Three.

**Bo** (0:30)
Four.
`)
	out := filepath.Join(dir, "public")
	mustBuild(t, dir, out)
	first := filepath.Join(out, "speakers/ann/index.html")
	if page, _ := os.ReadFile(first); !strings.Contains(string(page), "the most 9 min in “The long one”") {
		t.Fatalf("Ann's first page does not name the long episode:\n%s", page)
	}
	if _, err := os.Stat(filepath.Join(out, "speakers/ann/page/2/index.html")); err != nil {
		t.Fatalf("the long episode is not on Ann's second page: %v", err)
	}
	writeFile(t, filepath.Join(dir, "content/long.md"), "---\ntitle: The renamed one\ndate: 2024-01-01\n---\n**Ann** (0:00)\nOne.\n\n**Bo** (9:00)\nTwo.\n")
	mustBuild(t, dir, out)
	clean := filepath.Join(t.TempDir(), "clean")
	mustBuild(t, dir, clean)
	if diffs := diffSnapshots(snapshot(t, clean), snapshot(t, out)); len(diffs) > 0 {
		t.Errorf("after the rename, the rebuild differs from a clean build:\n%s", strings.Join(diffs, "\n"))
	}
}
