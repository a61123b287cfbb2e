package search

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// client does in Go what static/search.js does in the browser, over the
// written files, and counts the bytes it fetches: the tests check the
// index answers queries right, the benchmark measures what a query costs.
type client struct {
	t       testing.TB
	fsys    fs.FS
	fetched map[string]bool // whole files
	ranges  map[string]int  // "path bytes=from-to" of text files: bytes
	bytes   int             // fetched so far
	files   int             // requests made so far
	m       manifest
	stop    map[string]bool
}

type result struct {
	slug, title, anchor, time, text, speaker string
	score                                    float64
}

func newClient(t testing.TB, fsys fs.FS) *client {
	c := &client{t: t, fsys: fsys, fetched: map[string]bool{}, ranges: map[string]int{}, stop: map[string]bool{}}
	if err := json.Unmarshal(c.get(ManifestPath), &c.m); err != nil {
		t.Fatal(err)
	}
	for _, w := range c.m.Stopwords {
		c.stop[w] = true
	}
	return c
}

func (c *client) get(path string) []byte {
	data, err := fs.ReadFile(c.fsys, path)
	if err != nil {
		c.t.Fatal(err)
	}
	if !c.fetched[path] {
		c.fetched[path] = true
		c.bytes += len(data)
		c.files++
	}
	return data
}

// getRange returns bytes from..to-1 of the file at path, as a Range
// request does.
func (c *client) getRange(path string, from, to int) []byte {
	data, err := fs.ReadFile(c.fsys, path)
	if err != nil {
		c.t.Fatal(err)
	}
	if from < 0 || to > len(data) || from > to {
		c.t.Fatalf("%s: range %d-%d of a %d-byte file", path, from, to, len(data))
	}
	key := fmt.Sprintf("%s bytes=%d-%d", path, from, to-1)
	if _, ok := c.ranges[key]; !ok {
		c.ranges[key] = to - from
		c.bytes += to - from
		c.files++
	}
	return data[from:to]
}

// lines splits a page or shard into its lines' tab-separated fields.
func (c *client) lines(path string) [][]string {
	var out [][]string
	for _, line := range strings.Split(strings.TrimSuffix(string(c.get(path)), "\n"), "\n") {
		out = append(out, strings.Split(line, "\t"))
	}
	return out
}

// last returns the index of the last row whose first field is not
// greater than key, or -1.
func last(rows [][]string, key string) int {
	return sort.Search(len(rows), func(i int) bool { return rows[i][0] > key }) - 1
}

// postings returns the turns and the meta entries that hold term, each
// with its weight.
func (c *client) postings(term string) (turns, meta map[int]float64) {
	turns, meta = map[int]float64{}, map[int]float64{}
	d := last(c.m.Dict, term)
	if d < 0 {
		return
	}
	shards := c.lines(dictPagePath(c.m.Dict[d][1]))
	i := last(shards, term)
	if i < 0 {
		return
	}
	for _, line := range strings.Split(string(c.get(shardPath(shards[i][1]))), "\n") {
		fields := strings.Split(line, "\t")
		if len(fields) < 2 || fields[0] != term {
			continue
		}
		if len(fields) > 3 || fields[1] == "" && len(fields) == 2 {
			c.t.Fatalf("term line %q", line)
		}
		readPostings(c.t, fields[1], turns)
		if len(fields) == 3 {
			readPostings(c.t, fields[2], meta)
		}
	}
	return
}

// readPostings reads a field of postings into out.
func readPostings(t testing.TB, list string, out map[int]float64) {
	if list == "" {
		return
	}
	id := 0
	for _, p := range strings.Split(list, " ") {
		w, err1 := strconv.ParseInt(p[:1], 36, 0)
		d, err2 := strconv.ParseInt(p[1:], 36, 0)
		if err1 != nil || err2 != nil || w < 1 || (d == 0 && len(out) > 0) {
			t.Fatalf("posting %q of %q", p, list)
		}
		id += int(d)
		out[id] = float64(w)
	}
}

// filter returns the show and speaker index of turn id, from the filters
// file.
func (c *client) filter(id int) (show, speaker int) {
	for _, row := range c.lines(filtersPath(c.m.Filters)) {
		show, _ = strconv.Atoi(row[0])
		runs := strings.Fields(row[1])
		for i := 0; i < len(runs); i += 2 {
			n, _ := strconv.Atoi(runs[i+1])
			if id < n {
				speaker, _ = strconv.Atoi(runs[i])
				return show, speaker
			}
			id -= n
		}
	}
	c.t.Fatalf("turn is in no episode")
	return
}

// locate returns the show and speaker index of turn id, from the episode
// page that holds it, with its episode's text file, the length of the
// file's head and the turn's place in the file.
func (c *client) locate(id int) (show, speaker int, path string, head, line int) {
	p := sort.Search(len(c.m.Pages), func(i int) bool { return int(c.m.Pages[i][1].(float64)) > id }) - 1
	local := id - int(c.m.Pages[p][1].(float64))
	for _, row := range c.lines(episodePagePath(c.m.Pages[p][0].(string))) {
		runs := strings.Fields(row[3])
		turns := 0
		for i := 1; i < len(runs); i += 2 {
			n, _ := strconv.Atoi(runs[i])
			turns += n
		}
		if local >= turns {
			local -= turns
			continue
		}
		head, _ = strconv.Atoi(row[1])
		show, _ = strconv.Atoi(row[2])
		speaker = -1
		for i, n := 0, 0; i < len(runs); i += 2 {
			k, _ := strconv.Atoi(runs[i+1])
			if n += k; local < n {
				speaker, _ = strconv.Atoi(runs[i])
				break
			}
		}
		return show, speaker, textPath(row[0]), head, local
	}
	c.t.Fatalf("turn %d is in no episode", id)
	return
}

// turn fetches the head of an episode's text file, then the line of its
// turn: two Range requests.
func (c *client) turn(path string, head, line int) (episode, turn []string) {
	episode, text := c.line(path, head, line)
	return episode, strings.SplitN(text, "\t", 3)
}

// line fetches the head of an episode's text file, then its line-th line
// after the head, a turn's or, past the turns, the episode's: two Range
// requests. It returns the head's episode line and the line, both
// without their line break; line -1 is the last line.
func (c *client) line(path string, head, line int) (episode []string, text string) {
	lines := strings.Split(string(c.getRange(path, 0, head)), "\n")
	if len(lines) != 3 || lines[2] != "" {
		c.t.Fatalf("%s: head of %d bytes is %q, not two lines", path, head, lines)
	}
	lengths := strings.Fields(lines[1])
	if line < 0 {
		line = len(lengths) - 1
	}
	at := head
	for i, n := range lengths {
		size, err := strconv.ParseInt(n, 36, 0)
		if err != nil {
			c.t.Fatalf("%s: line length %q: %v", path, n, err)
		}
		if i == line {
			text := string(c.getRange(path, at, at+int(size)))
			if !strings.HasSuffix(text, "\n") || strings.Count(text, "\n") != 1 {
				c.t.Fatalf("%s: line %d at %d is %q, not one line", path, line, at, text)
			}
			return strings.Split(lines[0], "\t"), strings.TrimSuffix(text, "\n")
		}
		at += int(size)
	}
	c.t.Fatalf("%s: no line %d", path, line)
	return
}

// search runs an exact-term AND query, filtered by speaker and show
// names ("" for any), and returns the best n results with their text.
func (c *client) search(q, speaker, show string, n int) (total int, results []result) {
	var lists []map[int]float64
	for _, t := range Tokens(q) {
		turns, _ := c.postings(t)
		lists = append(lists, turns)
	}
	if len(lists) == 0 {
		return 0, nil
	}
	slices.SortFunc(lists, func(a, b map[int]float64) int { return len(a) - len(b) })
	wantSpeaker, wantShow := slices.Index(c.m.Speakers, speaker), slices.Index(c.m.Shows, show)
	type hit struct {
		id    int
		score float64
	}
	var hits []hit
	for id := range lists[0] {
		score := 0.0
		all := true
		for _, l := range lists {
			w, ok := l[id]
			if !ok {
				all = false
				break
			}
			df := float64(len(l))
			score += math.Log(1+(float64(c.m.Turns)-df+0.5)/(df+0.5)) * w
		}
		if !all {
			continue
		}
		if speaker != "" || show != "" { // filtering fetches the filters file
			sh, sp := c.filter(id)
			if speaker != "" && sp != wantSpeaker || show != "" && sh != wantShow {
				continue
			}
		}
		hits = append(hits, hit{id, score})
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if a.score != b.score {
			return -cmpFloat(a.score, b.score)
		}
		return a.id - b.id
	})
	for _, h := range hits[:min(n, len(hits))] {
		_, sp, path, head, line := c.locate(h.id)
		ep, cols := c.turn(path, head, line)
		r := result{slug: ep[0], title: ep[1], anchor: cols[0], time: cols[1], text: cols[2], score: h.score}
		if sp >= 0 {
			r.speaker = c.m.Speakers[sp]
		}
		results = append(results, r)
	}
	return len(hits), results
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func mapFS(files map[string][]byte) fstest.MapFS {
	m := fstest.MapFS{}
	for p, d := range files {
		m[p] = &fstest.MapFile{Data: d}
	}
	return m
}

func TestQueries(t *testing.T) {
	for _, shardSize := range []int{0, 64} { // one shard; a shard every few terms
		fsys := mapFS(build(t, tinySite(), 0, shardSize))
		if c := newClient(t, fsys); shardSize > 0 && len(c.m.Dict) < 5 {
			t.Fatalf("shard size %d made only %d dictionary pages", shardSize, len(c.m.Dict))
		}
		t.Run(fmt.Sprint("ShardSize", shardSize), func(t *testing.T) { testQueries(t, fsys) })
	}
}

func testQueries(t *testing.T, fsys fs.FS) {
	tests := []struct {
		name          string
		q             string
		speaker, show string
		want          []string // slug#anchor, best first
	}{
		{"OneTermShorterTurnFirst", "tapes", "", "", []string{"archives#t-1-10", "archives#t-0-30", "archives#t-0-00"}},
		{"AllTermsMustMatch", "maps rivers", "", "", []string{"maps#t-0-12", "maps#t-0-40"}},
		{"MoreOccurrencesRankFirst", "rivers", "", "", []string{"maps#t-0-12", "maps#t-0-40"}},
		{"CaseAndAccentsFold", "CAFE bridge", "", "", []string{"maps#t-1-05"}},
		{"AccentedQueryFindsAccentedText", "zürich", "", "", []string{"maps#t-0-12"}},
		{"TermsInDifferentTurnsDoNotMatch", "zurich bridge", "", "", nil},
		{"AccentFoldedQuery", "cafe", "", "", []string{"maps#t-1-05"}},
		{"SpeakerFilter", "maps", "Mara Okafor", "", []string{"maps#t-0-00", "archives#t-0-00", "maps#t-0-40"}},
		{"ShowFilter", "river", "", "Build Log", []string{"code-review#t-0-20"}},
		{"BothFilters", "river", "Sam Chen", "Field Notes", []string{"maps#t-1-05"}},
		{"TurnWithoutSpeaker", "reading room", "", "", []string{"archives#intro-note"}},
		{"OnlyStopwords", "the and of", "", "", nil},
		{"NoSuchWord", "submarine", "", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(t, fsys)
			total, results := c.search(tt.q, tt.speaker, tt.show, 10)
			var got []string
			for _, r := range results {
				got = append(got, r.slug+"#"+r.anchor)
				if tt.speaker != "" && r.speaker != tt.speaker {
					t.Errorf("result %s#%s by %q passed the filter for %q", r.slug, r.anchor, r.speaker, tt.speaker)
				}
				for _, term := range Tokens(tt.q) {
					if !slices.Contains(Tokens(r.text), term) {
						t.Errorf("result %s#%s %q lacks %q", r.slug, r.anchor, r.text, term)
					}
				}
			}
			if total != len(tt.want) || !slices.Equal(got, tt.want) {
				t.Errorf("search(%q) = %d results %q, want %q", tt.q, total, got, tt.want)
			}
		})
	}
}

func TestQueryFindsEveryTurnOfTheArchiveByItsRarestWords(t *testing.T) {
	// Every turn is found by all of its own words, and each result holds
	// them all: the index loses no posting and invents none.
	eps := tinySite()
	c := newClient(t, mapFS(build(t, eps, 1, 64)))
	for _, e := range eps {
		for _, turn := range e.Turns {
			total, results := c.search(turn.Text, "", "", 1000)
			found := false
			for _, r := range results {
				found = found || r.slug == e.Slug && r.anchor == turn.Anchor
			}
			if !found || total != len(results) {
				t.Errorf("%s#%s not found by its own words (%d results)", e.Slug, turn.Anchor, total)
				continue
			}
			if results[0].speaker != turn.Speaker && results[0].slug == e.Slug && results[0].anchor == turn.Anchor {
				t.Errorf("%s#%s reported as spoken by %q, want %q", e.Slug, turn.Anchor, results[0].speaker, turn.Speaker)
			}
		}
	}
}

func TestRepeatedQueryFetchesNothing(t *testing.T) {
	c := newClient(t, mapFS(build(t, tinySite(), 0, 0)))
	c.search("maps rivers", "", "", 10)
	before := c.bytes
	c.search("maps rivers", "", "", 10)
	if c.bytes != before {
		t.Errorf("the repeated query fetched %d more bytes", c.bytes-before)
	}
}
