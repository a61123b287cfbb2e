package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/corpus"
)

// gzipped compresses b independently of the code under test.
func gzipped(t *testing.T, b []byte) int64 {
	t.Helper()
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, 6)
	if err != nil {
		t.Fatal(err)
	}
	zw.Write(b)
	zw.Close()
	return int64(buf.Len())
}

func TestCountingServerCountsRawAndGzipAndLogsPaths(t *testing.T) {
	dir := t.TempDir()
	text := []byte(strings.Repeat("turn\tweight postings of a search shard\n", 500))
	noise := make([]byte, 20_000) // does not compress: counts as sent
	r := rand.New(rand.NewPCG(1, 2))
	for i := range noise {
		noise[i] = byte(r.Uint32())
	}
	if err := os.MkdirAll(filepath.Join(dir, "search", "t"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"search/t/a.txt": text, "search/t/b.bin": noise} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := newCountingServer(dir)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	// get fetches path, with a Range header when one is given.
	get := func(path string, byteRange ...string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		for _, r := range byteRange {
			req.Header.Set("Range", r)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		// The server logs a response just after its last byte.
		for !srv.quiet(0) {
			time.Sleep(time.Millisecond)
		}
		return resp
	}

	resp := get("/search/t/a.txt")
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store, so the browser's cache never hides a fetch", cc)
	}
	mark := srv.mark()
	get("/search/t/b.bin")
	get("/search/missing.txt")

	want := []fetch{
		{path: "/search/t/a.txt", status: 200, raw: int64(len(text)), gzip: gzipped(t, text)},
		{path: "/search/t/b.bin", status: 200, raw: int64(len(noise)), gzip: int64(len(noise))},
	}
	got := srv.since(0)
	if len(got) != 3 {
		t.Fatalf("logged %d fetches, want 3: %+v", len(got), got)
	}
	for i, w := range want {
		if got[i] != w {
			t.Errorf("fetch %d = %+v, want %+v", i, got[i], w)
		}
	}
	if got[0].gzip >= got[0].raw/5 {
		t.Errorf("repetitive text gzipped to %d of %d bytes: not compressed", got[0].gzip, got[0].raw)
	}
	if got[2].path != "/search/missing.txt" || got[2].status != http.StatusNotFound {
		t.Errorf("a missing file logged as %+v, want its path and 404", got[2])
	}
	if after := srv.since(mark); len(after) != 2 || after[0].path != "/search/t/b.bin" {
		t.Errorf("since(mark) = %+v, want the two fetches after the mark", after)
	}
	if !srv.quiet(0) {
		t.Error("quiet(0) is false with every response ended")
	}

	// A range is counted as sent, compressible or not: fetch asks for it as stored.
	mark = srv.mark()
	get("/search/t/a.txt", "bytes=10-109")
	want206 := fetch{path: "/search/t/a.txt", status: http.StatusPartialContent, raw: 100, gzip: 100}
	if after := srv.since(mark); len(after) != 1 || after[0] != want206 {
		t.Errorf("a range logged as %+v, want %+v", after, want206)
	}
	if srv.quiet(time.Hour) {
		t.Error("quiet(1h) is true just after a response")
	}
	if tr := transfer(got[:2]); tr.raw() != want[0].raw+want[1].raw || tr.gzip() != want[0].gzip+want[1].gzip {
		t.Errorf("transfer sums %d / %d, want %d / %d", tr.raw(), tr.gzip(), want[0].raw+want[1].raw, want[0].gzip+want[1].gzip)
	}
}

func TestFetchKinds(t *testing.T) {
	ours, theirs := verbatimPage(nil, ""), pagefindSearchPage(nil, "")
	for _, c := range []struct {
		page *searchPage
		path string
		want string
	}{
		{ours, "/search/", kindAsset},
		{ours, "/search/index.html", kindAsset},
		{ours, "/assets/search.b70e93cd99.js", kindAsset},
		{ours, "/search/index.json", kindIndex},
		{ours, "/search/t/3f2a9c1b.txt", kindIndex},
		{theirs, "/pagefind-search/", ""},
		{theirs, "/pagefind/pagefind.js", kindAsset},
		{theirs, "/pagefind/pagefind-worker.js", kindAsset},
		{theirs, "/pagefind/wasm.en.pagefind", kindAsset},
		{theirs, "/pagefind/pagefind-entry.json", kindIndex},
		{theirs, "/pagefind/fragment/en_1a2b3c.pf_fragment", kindIndex},
	} {
		if got := c.page.kind(c.path); got != c.want {
			t.Errorf("%s: kind(%s) = %q, want %q", c.page.tool, c.path, got, c.want)
		}
	}
}

// archive writes a small corpus-shaped episode: a title, then one turn per
// entry of turns, each "speaker: words".
func archive(title string, turns ...string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %q\ndate: 2024-01-01\n---\n", title)
	for i, t := range turns {
		who, words, _ := strings.Cut(t, ": ")
		fmt.Fprintf(&b, "**%s** (0:%02d)\n%s\n\n", who, i, words)
	}
	return []byte(b.String())
}

func TestChooseQueriesFollowsItsRules(t *testing.T) {
	// 100 turns: "zulu" is in 1, "beta" in 2 (the common share, 2%),
	// "alpha" in 3, "delta" in 50, "tiny" in none; Ann speaks 51.
	var turns []string
	for i := range 100 {
		who := "Bob"
		if i%2 == 0 || i == 99 {
			who = "Ann"
		}
		words := []string{"filler"}
		for _, w := range []struct {
			word string
			in   int
		}{{"zulu", 1}, {"beta", 2}, {"alpha", 3}, {"delta", 50}} {
			if i < w.in {
				words = append(words, w.word)
			}
		}
		turns = append(turns, who+": "+strings.Join(words, " ")+".")
	}
	src := archive("Zulu Beta, Alpha Delta: Tiny and the Rest", turns...)
	got, err := chooseQueries(slices.Values([][]byte{src}))
	if err != nil {
		t.Fatal(err)
	}
	want := []searchQuery{
		{kind: "rare word", text: "zulu"},
		{kind: "common word", text: "beta"},
		{kind: "two words", text: "beta alpha"}, // alpha and zulu are as far from 2 turns: alphabetical order
		{kind: "filtered by speaker", text: "beta", speaker: "Ann"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("chooseQueries = %v, want %v", got, want)
	}
}

func TestChooseQueriesIsDeterministic(t *testing.T) {
	var episodes [][]byte
	for i := range 12 {
		_, src := corpus.Episode(1, i)
		episodes = append(episodes, src)
	}
	first, err := chooseQueries(slices.Values(episodes))
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		again, _ := chooseQueries(slices.Values(episodes))
		if !slices.Equal(again, first) {
			t.Fatalf("a second choice differs: %v, then %v", first, again)
		}
	}
	reversed := slices.Clone(episodes)
	slices.Reverse(reversed)
	if got, _ := chooseQueries(slices.Values(reversed)); !slices.Equal(got, first) {
		t.Errorf("the episodes' order changed the choice: %v, then %v", first, got)
	}
	if len(first) != 4 || first[0].text == first[1].text || first[3].speaker == "" ||
		!strings.HasPrefix(first[2].text, first[1].text+" ") || strings.Count(first[2].text, " ") != 1 {
		t.Errorf("queries %v do not have the shape: a rare word, a common one, two words, a filtered one", first)
	}
}

func TestChooseQueriesNeedsTitleWordsAndSpeakers(t *testing.T) {
	if _, err := chooseQueries(slices.Values([][]byte{archive("On", "Ann: nothing to find")})); err == nil {
		t.Error("an archive without usable title words gave queries")
	}
}

func TestTurnSpeaker(t *testing.T) {
	for line, want := range map[string]string{
		"**Ada Park** (0:37)":            "Ada Park",
		"**Victor Hugo Lima** (1:02:03)": "Victor Hugo Lima",
		"**bold** words (in a turn":      "",
		"plain text":                     "",
	} {
		got, ok := turnSpeaker(line)
		if got != want || ok != (want != "") {
			t.Errorf("turnSpeaker(%q) = %q, %v; want %q", line, got, ok, want)
		}
	}
}

// TestSearchReportGolden pins the search step's tables and their ratios.
func TestSearchReportGolden(t *testing.T) {
	f := func(path string, raw, gz int64) fetch { return fetch{path: path, status: 200, raw: raw, gzip: gz} }
	queries := []searchQuery{
		{kind: "rare word", text: "bepe"},
		{kind: "filtered by speaker", text: "stream", speaker: "Ada Park"},
	}
	ours := toolSearch{
		name: "verbatim", root: "/search/", buildNote: "the whole site's build", size: 118_000_000, files: 31_000,
		build: sample{wall: 20400 * time.Millisecond, rss: 93 << 20},
		runs: []queryRun{{
			typed:  transfer{f("/search/index.json", 40_000, 12_000), f("/search/t/a.txt", 20_000, 9_000), f("/search/e/x-0.txt", 30_000, 15_000)},
			pasted: transfer{f("/search/index.json", 40_000, 12_000), f("/search/t/a.txt", 20_000, 9_000)},
			next:   transfer{f("/search/t/b.txt", 10_000, 5_000)},
			assets: transfer{f("/search/", 4_000, 1_500), f("/assets/search.js", 12_000, 4_000)},
			status: "6 turns match “bepe”.",
		}, {
			typed:  transfer{f("/search/index.json", 40_000, 12_000)},
			pasted: transfer{f("/search/index.json", 40_000, 12_000)},
			assets: transfer{f("/search/", 4_000, 1_500)},
			status: "No turns match “stream”.",
		}},
	}
	theirs := toolSearch{
		name: "Pagefind 1.6.0", root: "/pagefind/", buildNote: "the index alone", size: 69_000_000, files: 2_100,
		build: sample{wall: 98 * time.Second, rss: 2900 << 20},
		runs: []queryRun{{
			typed:      transfer{f("/pagefind/pagefind-entry.json", 200, 200), f("/pagefind/fragment/a.pf_fragment", 40_000, 40_000)},
			pasted:     transfer{f("/pagefind/fragment/a.pf_fragment", 40_000, 40_000)},
			again:      transfer{f("/pagefind/fragment/a.pf_fragment", 40_000, 40_000)},
			againTyped: transfer{f("/pagefind/index/a.pf_index", 9_000, 9_000)},
			assets:     transfer{f("/pagefind/pagefind.js", 30_000, 10_000), f("/pagefind/wasm.en.pagefind", 70_000, 60_000)},
			status:     "5 pages match “bepe”.",
		}, {
			typed:  transfer{f("/pagefind/filter/s.pf_filter", 400, 400)},
			status: "6 pages match “stream”.",
		}},
	}
	results := []searchResult{
		{episodes: 1000, queries: queries, tools: []toolSearch{ours, theirs}, pageRaw: 173_000, pageGzip: 40_000},
		{episodes: 100, queries: queries, tools: []toolSearch{ours}, pagefindWhy: "npm is not on PATH", pageRaw: 170_000, pageGzip: 39_000},
	}
	var got strings.Builder
	for _, r := range results {
		got.WriteString(r.markdown())
	}
	golden := filepath.Join("testdata", "search-report.md")
	if *update {
		if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got.String() != string(want) {
		t.Errorf("search report differs from %s (run go test -update if the change is meant):\n%s", golden, got.String())
	}
}

func TestReportWithOnlyTheSearchStepHasNoTimingTables(t *testing.T) {
	rep := report{command: "go run ./cmd/verbatim-bench -n 100 -steps search", runs: 5,
		results: []result{{episodes: 100, bytes: 9_000_000}},
		searches: []searchResult{{episodes: 100, queries: []searchQuery{{kind: "rare word", text: "bepe"}},
			tools: []toolSearch{{name: "verbatim", root: "/search/", runs: []queryRun{{}}}}, pagefindWhy: "npm is not on PATH"}},
	}
	got := rep.markdown()
	for _, unwanted := range []string{"median of 5 runs", "### 100 episodes", "| step |"} {
		if strings.Contains(got, unwanted) {
			t.Errorf("the report holds %q, of steps that did not run:\n%s", unwanted, got)
		}
	}
	for _, want := range []string{"### Search, 100 episodes", "Pagefind left out: npm is not on PATH.", "typed: nothing"} {
		if !strings.Contains(got, want) {
			t.Errorf("the report lacks %q:\n%s", want, got)
		}
	}
}
