package search

import (
	"bytes"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// metaResult is an episode or speaker result as the client shows it.
type metaResult struct {
	kind        string // "episode" or "speaker"
	slug, name  string // an episode's slug and title; a speaker's slug and name
	show, date  string // an episode's
	description string // an episode's
	chapters    []Chapter
	role        string // a speaker's
	episodes    int    // a speaker's
	color       string // a speaker's colour class number, or ""
	initials    string // a speaker's
	avatar      string // a speaker's picture, or ""
	score       float64
}

// searchMeta runs an AND query over the meta entries, filtered as search
// filters turns, and returns the best n speakers and n episodes found,
// best first, with what a result shows: what static/search.js shows above
// the turns.
func (c *client) searchMeta(q, speaker, show string, n int) (speakers, episodes []metaResult) {
	var lists []map[int]float64
	for _, t := range Tokens(q) {
		_, meta := c.postings(t)
		lists = append(lists, meta)
	}
	if len(lists) == 0 {
		return nil, nil
	}
	entries := float64(c.m.Episodes + len(c.m.Speakers))
	wantSpeaker, wantShow := slices.Index(c.m.Speakers, speaker), slices.Index(c.m.Shows, show)
	type hit struct {
		id    int
		score float64
	}
	var hits []hit
	for id := range lists[0] {
		score := 0.0
		for _, l := range lists {
			w, ok := l[id]
			if !ok {
				score = -1
				break
			}
			df := float64(len(l))
			score += math.Log(1+(entries-df+0.5)/(df+0.5)) * w
		}
		if score < 0 {
			continue
		}
		if id < c.m.Episodes && (show != "" || speaker != "") {
			sh, sps := c.episodeFilters(id)
			if show != "" && sh != wantShow || speaker != "" && !slices.Contains(sps, wantSpeaker) {
				continue
			}
		}
		if k := id - c.m.Episodes; k >= 0 && (speaker != "" && k != wantSpeaker || show != "" && !c.speaksIn(k, wantShow)) {
			continue
		}
		hits = append(hits, hit{id, score})
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if a.score != b.score {
			return -cmpFloat(a.score, b.score)
		}
		return a.id - b.id
	})
	for _, h := range hits {
		if h.id < c.m.Episodes && len(episodes) < n {
			r := c.episode(h.id)
			r.score = h.score
			episodes = append(episodes, r)
		} else if h.id >= c.m.Episodes && len(speakers) < n {
			r := c.speaker(h.id - c.m.Episodes)
			r.score = h.score
			speakers = append(speakers, r)
		}
	}
	return speakers, episodes
}

// episode fetches what episode i's result shows: its row of its episode
// page, then the head and the last line of its text file.
func (c *client) episode(i int) metaResult {
	per := c.m.EpisodePage
	rows := c.lines(episodePagePath(c.m.Pages[i/per][0].(string)))
	row := rows[i%per]
	head, _ := strconv.Atoi(row[1])
	show, _ := strconv.Atoi(row[2])
	ep, line := c.line(textPath(row[0]), head, -1)
	fields := strings.Split(line, "\t")
	r := metaResult{kind: "episode", slug: ep[0], name: ep[1], date: ep[2], description: fields[0]}
	if show >= 0 {
		r.show = c.m.Shows[show]
	}
	if len(fields)%2 != 1 {
		c.t.Fatalf("episode line %q: chapters are not pairs", line)
	}
	for k := 1; k < len(fields); k += 2 {
		r.chapters = append(r.chapters, Chapter{Anchor: fields[k], Title: fields[k+1]})
	}
	return r
}

// speaker fetches what speaker k's result shows, from their people page.
func (c *client) speaker(k int) metaResult {
	per := c.m.PeoplePage
	if want := (len(c.m.Speakers) + per - 1) / per; len(c.m.People) != want {
		c.t.Fatalf("%d people pages for %d speakers, %d a page", len(c.m.People), len(c.m.Speakers), per)
	}
	rows := c.lines(peoplePath(c.m.People[k/per]))
	row := rows[k%per]
	if len(rows) != min(per, len(c.m.Speakers)-k/per*per) || len(row) != 6 {
		c.t.Fatalf("people page of %d rows; row %d is %q", len(rows), k%per, row)
	}
	n, err := strconv.Atoi(row[2])
	if err != nil {
		c.t.Fatalf("people row %q: %v", row, err)
	}
	return metaResult{kind: "speaker", slug: row[0], name: c.m.Speakers[k], role: row[1], episodes: n,
		color: row[3], initials: row[4], avatar: row[5]}
}

// episodeFilters returns episode i's show and the speakers of its turns,
// from the filters file.
func (c *client) episodeFilters(i int) (show int, speakers []int) {
	row := c.lines(filtersPath(c.m.Filters))[i]
	show, _ = strconv.Atoi(row[0])
	runs := strings.Fields(row[1])
	for k := 0; k < len(runs); k += 2 {
		sp, _ := strconv.Atoi(runs[k])
		speakers = append(speakers, sp)
	}
	return show, speakers
}

// speaksIn reports whether speaker k has turns in an episode of show.
func (c *client) speaksIn(k, show int) bool {
	for i := range c.m.Episodes {
		if sh, sps := c.episodeFilters(i); sh == show && slices.Contains(sps, k) {
			return true
		}
	}
	return false
}

func TestMetaQueries(t *testing.T) {
	for _, shardSize := range []int{0, 64} {
		fsys := mapFS(build(t, tinySite(), 0, shardSize))
		tests := []struct {
			name          string
			q             string
			speaker, show string
			speakers      []string // slugs, best first
			episodes      []string
		}{
			{"TitleFindsTheEpisode", "keepers", "", "", nil, []string{"archives"}},
			{"DescriptionFindsTheEpisode", "cartographers", "", "", nil, []string{"maps"}},
			{"ChapterTitleFindsTheEpisode", "digitising", "", "", nil, []string{"archives"}},
			{"ShowFindsItsEpisodes", "build log", "", "", nil, []string{"code-review"}},
			{"TitleRanksBeforeDescription", "review", "", "", nil, []string{"code-review", "archives"}},
			{"NameFindsTheSpeakerAndTheirEpisodes", "june lee", "", "", []string{"june-lee"}, []string{"archives"}},
			{"RoleFindsTheSpeaker", "archivist", "", "", []string{"june-lee"}, nil},
			{"SpeakerOfTurnsOnlyIsFound", "tomas", "", "", []string{""}, []string{"code-review"}},
			{"AllWordsMustMatch", "maps keepers", "", "", nil, nil},
			{"WordsAcrossFieldsMatch", "okafor archives", "", "", nil, []string{"archives"}},
			{"ShowFilter", "sam", "", "Build Log", []string{"sam-chen"}, []string{"code-review"}},
			{"SpeakerFilterHidesEpisodesWithoutThem", "maps", "June Lee", "", nil, nil},
			{"SpeakerFilterKeepsTheirEpisodes", "maps", "Sam Chen", "", nil, []string{"maps"}},
			{"SpeakerFilterHidesOthers", "mara", "Sam Chen", "", nil, []string{"maps"}},
		}
		for _, tt := range tests {
			t.Run(strconv.Itoa(shardSize)+"/"+tt.name, func(t *testing.T) {
				c := newClient(t, fsys)
				speakers, episodes := c.searchMeta(tt.q, tt.speaker, tt.show, 10)
				var gotSpeakers, gotEpisodes []string
				for _, r := range speakers {
					gotSpeakers = append(gotSpeakers, r.slug)
				}
				for _, r := range episodes {
					gotEpisodes = append(gotEpisodes, r.slug)
				}
				if !slices.Equal(gotSpeakers, tt.speakers) || !slices.Equal(gotEpisodes, tt.episodes) {
					t.Errorf("searchMeta(%q) = speakers %q, episodes %q; want %q, %q",
						tt.q, gotSpeakers, gotEpisodes, tt.speakers, tt.episodes)
				}
			})
		}
	}
}

func TestMetaResultsShowTheirEpisodeAndSpeaker(t *testing.T) {
	c := newClient(t, mapFS(build(t, tinySite(), 0, 64)))
	speakers, episodes := c.searchMeta("june", "", "", 10)
	want := metaResult{kind: "speaker", slug: "june-lee", name: "June Lee", role: "Archivist", episodes: 1,
		color: "3", initials: "JL", avatar: "https://img.example.org/june-lee.png"}
	if len(speakers) != 1 || speakers[0].score <= 0 {
		t.Fatalf("speakers %+v", speakers)
	}
	speakers[0].score = 0
	if !sameResult(speakers[0], want) {
		t.Errorf("speaker result %+v, want %+v", speakers[0], want)
	}
	if len(episodes) != 1 {
		t.Fatalf("episodes %+v", episodes)
	}
	e := episodes[0]
	if e.name != "Archives and their keepers" || e.show != "Field Notes" || e.date != "2024-02-01" ||
		!strings.HasPrefix(e.description, "How an archive") ||
		!slices.Equal(e.chapters, []Chapter{{"chapter-tapes", "Tapes"}, {"chapter-digitising", "Digitising tapes"}}) {
		t.Errorf("episode result %+v", e)
	}
	_, episodes = c.searchMeta("scale", "", "", 10)
	if len(episodes) != 1 || episodes[0].description != "" || episodes[0].chapters != nil {
		t.Errorf("an episode without description or chapters: %+v", episodes)
	}
}

func TestSpeakersPicturesAreInTheIndexOnce(t *testing.T) {
	// Mara Okafor, with a picture, speaks in two episodes: the index
	// carries the picture's URL once, in her line of a people page, which
	// her speaker result and the results of her turns read.
	for _, shardSize := range []int{0, 64} {
		files := build(t, tinySite(), 0, shardSize)
		const src = "/podcast/avatars/mara-okafor.svg"
		n := 0
		for path, data := range files {
			k := bytes.Count(data, []byte(src))
			if k > 0 && !strings.HasPrefix(path, "search/s/") {
				t.Errorf("%s holds the picture's URL", path)
			}
			n += k
		}
		if n != 1 {
			t.Errorf("the index holds the picture's URL %d times, want once", n)
		}
		c := newClient(t, mapFS(files))
		for _, tt := range []struct{ q, avatar string }{{"mara", src}, {"sam", ""}} {
			speakers, _ := c.searchMeta(tt.q, "", "", 10)
			if len(speakers) != 1 || speakers[0].avatar != tt.avatar {
				t.Errorf("%d: %q finds %+v, want one speaker with picture %q", shardSize, tt.q, speakers, tt.avatar)
			}
		}
	}
}

// sameResult compares two meta results field by field.
func sameResult(a, b metaResult) bool {
	return a.kind == b.kind && a.slug == b.slug && a.name == b.name && a.show == b.show && a.date == b.date &&
		a.description == b.description && slices.Equal(a.chapters, b.chapters) && a.role == b.role &&
		a.episodes == b.episodes && a.score == b.score && a.color == b.color && a.initials == b.initials &&
		a.avatar == b.avatar
}

func TestMetaEntriesLeaveTurnResultsAlone(t *testing.T) {
	// "keepers" is in a title and in no turn: an episode result, and no
	// turn result; the turns' numbering and scores do not see meta entries.
	c := newClient(t, mapFS(build(t, tinySite(), 0, 0)))
	if total, _ := c.search("keepers", "", "", 10); total != 0 {
		t.Errorf("a title's word found %d turns", total)
	}
	if c.m.Turns != 10 || c.m.Episodes != 3 || len(c.m.Speakers) != 4 {
		t.Errorf("manifest counts %d turns, %d episodes, %d speakers", c.m.Turns, c.m.Episodes, len(c.m.Speakers))
	}
}

func FuzzMetaEntries(f *testing.F) {
	// An episode's title, description and a speaker's name and role, with
	// whatever words, accents and breaks: each is found by each of its
	// words, and the shards stay lines of two or three fields (postings
	// checks them), whether a word is also in turns or only in meta entries.
	f.Add("Open data in the newsroom", "On publishing\tdata.", "Zoë Ångström", "data editor")
	f.Add("maps", "", "Sam Chen", "")
	f.Add("", "river river river", "a", "the")
	f.Fuzz(func(t *testing.T, title, description, name, role string) {
		eps := tinySite()
		eps[0].Title, eps[0].Description = title, description
		eps[0].Speakers = append(eps[0].Speakers, Speaker{Name: name, Slug: "fuzzed", Role: role})
		c := newClient(t, mapFS(build(t, eps, 1, 64)))
		for _, w := range Tokens(title + " " + description) {
			_, episodes := c.searchMeta(w, "", "", 10)
			if !slices.ContainsFunc(episodes, func(r metaResult) bool { return r.slug == "maps" }) {
				t.Errorf("%q of the title or description does not find the episode: %+v", w, episodes)
			}
		}
		if Tokens(name) == nil || strings.TrimSpace(name) != name || !utf8.ValidString(name) || strings.ContainsAny(name, "\t\n\r") ||
			slices.ContainsFunc(eps[0].Speakers[:len(eps[0].Speakers)-1], func(sp Speaker) bool { return sp.Name == name }) {
			return // a name the site would not give, or one already declared with its own role
		}
		for _, w := range Tokens(name + " " + role) {
			speakers, _ := c.searchMeta(w, "", "", 10)
			if !slices.ContainsFunc(speakers, func(r metaResult) bool { return r.name == name }) {
				t.Errorf("%q of the speaker's name or role does not find them: %+v", w, speakers)
			}
		}
	})
}
