// Package site puts all transcripts together into one site: the episodes in
// order with their URLs, and the speakers across episodes.
//
// It works from Summaries, which hold everything but the text, so that a
// site of thousands of episodes fits in a few megabytes and a rebuild can
// reuse the summaries of files that did not change.
package site

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/diag"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// Summary is what the site needs of one transcript, without its text.
type Summary struct {
	Source   string // slash path relative to the site root, such as content/ep1.md
	Meta     transcript.Meta
	Speakers []transcript.Speaker // declared speakers, then any other speaker of a turn
	// SpeakerTurns counts the turns of each of Speakers.
	SpeakerTurns []int
	// SpeakerTalk is how long each of Speakers talks: see Talk.
	SpeakerTalk []time.Duration
	Turns       int  // how many turns the transcript has
	Timed       bool // whether any turn has a time
	Duration    time.Duration
	// Chapters counts the chapters with a start time: render writes
	// chapters.json, and the feed links it, only when there is one.
	Chapters int
	// SlugPos is where the front matter sets the slug, for errors that
	// involve other episodes; Check sets it. Without it, errors point at
	// the file, whose name is the slug.
	SlugPos diag.Pos
}

// Summarize extracts the Summary of a parsed transcript.
func Summarize(source string, t *transcript.Transcript) *Summary {
	s := &Summary{Source: source, Meta: cloneMeta(t.Meta), Duration: t.Duration()}
	index := make(map[string]int)
	for _, sp := range t.Speakers {
		name := Name(sp.Name)
		if _, ok := index[name]; !ok {
			index[name] = len(s.Speakers)
			sp.Name = name
			s.Speakers = append(s.Speakers, cloneSpeaker(sp))
		}
	}
	s.Turns = len(t.Turns)
	s.SpeakerTurns = make([]int, len(s.Speakers))
	s.SpeakerTalk = make([]time.Duration, len(s.Speakers))
	last, lastStart, lastEnd := -1, transcript.NoTime, time.Duration(0) // the last timed turn
	for _, turn := range t.Turns {
		if turn.Start != transcript.NoTime {
			s.Timed = true
			if last >= 0 {
				s.SpeakerTalk[last] += Talk(lastStart, lastEnd, turn.Start)
			}
			last, lastStart, lastEnd = -1, turn.Start, turn.End
		}
		if turn.Speaker == "" || turn.Marker != "" { // a break is no one
			continue
		}
		k, ok := index[turn.Speaker]
		if !ok {
			// A name not met as written: perhaps the same person written
			// in another Unicode form or spacing.
			name := Name(turn.Speaker)
			if k, ok = index[name]; !ok {
				k = len(s.Speakers)
				s.Speakers = append(s.Speakers, transcript.Speaker{Name: strings.Clone(name), Offset: turn.Offset})
				s.SpeakerTurns = append(s.SpeakerTurns, 0)
				s.SpeakerTalk = append(s.SpeakerTalk, 0)
			}
			index[turn.Speaker], index[name] = k, k
		}
		s.SpeakerTurns[k]++
		if turn.Start != transcript.NoTime {
			last = k
		}
	}
	if last >= 0 {
		s.SpeakerTalk[last] += Talk(lastStart, lastEnd, transcript.NoTime)
	}
	for _, c := range t.Chapters {
		if c.Start != transcript.NoTime {
			s.Chapters++
		}
	}
	return s
}

// cloneMeta and cloneSpeaker copy the strings a summary keeps: the parser's
// are substrings of the transcript's text, and a summary outlives it (a
// build holds every episode's, serve holds them between builds), so one
// title would keep a whole hour of text alive.
func cloneMeta(m transcript.Meta) transcript.Meta {
	m.Title, m.Show, m.Description = strings.Clone(m.Title), strings.Clone(m.Show), strings.Clone(m.Description)
	m.Media.Audio, m.Media.Video = strings.Clone(m.Media.Audio), strings.Clone(m.Media.Video)
	m.Slug, m.Format, m.Image = strings.Clone(m.Slug), strings.Clone(m.Format), strings.Clone(m.Image)
	if m.Tags != nil {
		tags := make([]string, len(m.Tags))
		for i, tag := range m.Tags {
			tags[i] = strings.Clone(tag)
		}
		m.Tags = tags
	}
	return m
}

func cloneSpeaker(sp transcript.Speaker) transcript.Speaker {
	sp.Name, sp.Role = strings.Clone(sp.Name), strings.Clone(sp.Role)
	sp.URL, sp.Avatar = strings.Clone(sp.URL), strings.Clone(sp.Avatar)
	return sp
}

// Talk is how long everyone talks in the transcript: 0 when it is not timed.
func (s *Summary) Talk() time.Duration {
	var all time.Duration
	for _, d := range s.SpeakerTalk {
		all += d
	}
	return all
}

// SpeakerIndex returns the index in Speakers of the speaker called name,
// or -1 for none. Names are compared as Name makes them: the same person
// may be written in another Unicode form or spacing, never with other
// letters.
func (s *Summary) SpeakerIndex(name string) int {
	if name == "" {
		return -1
	}
	for k, sp := range s.Speakers {
		if sp.Name == name {
			return k
		}
	}
	if n := Name(name); n != name {
		return s.SpeakerIndex(n)
	}
	return -1
}

// Site is every published episode and speaker.
type Site struct {
	Config   Config
	Episodes []*Episode // newest first
	Speakers []*Speaker // by name
	Tags     []*Term    // by name; see Term
	Shows    []*Term    // by name; pages only when ShowPages
	bySlug   map[string]*Speaker
	byName   map[string]*Speaker // by Name, after aliases: one person each
	people   []*Speaker          // every speaker, published or not, as met
}

// Episode is one published transcript.
type Episode struct {
	*Summary
	Slug     string
	Speakers []*Speaker // parallel to Summary.Speakers
	Newer    *Episode
	Older    *Episode
	Index    int     // position in Site.Episodes
	Tags     []*Term // Meta.Tags that have a page, each once
	Show     *Term   // Meta.Show, nil when it has none or no page
}

// URL is the episode page's path below the site root, such as "episodes/x/".
func (e *Episode) URL() string { return "episodes/" + e.Slug + "/" }

// Speaker is a person heard in one or more episodes.
type Speaker struct {
	Name     string
	Slug     string
	Role     string
	URL      string // the person's own page, from front matter
	Avatar   string
	Episodes []*Episode // newest first
	Turns    int
	// Color is the speaker's colour: an index below Colors, the same on
	// every page (see assignColors).
	Color int
	// TalkTime is how long the speaker talks in all episodes (see Talk).
	TalkTime time.Duration
}

// Page is the path below the site root of the speaker's n-th page (from 1).
func (s *Speaker) Page(n int) string {
	if n <= 1 {
		return "speakers/" + s.Slug + "/"
	}
	return "speakers/" + s.Slug + "/page/" + strconv.Itoa(n) + "/"
}

// Speaker returns the speaker with the given slug, or nil.
func (s *Site) Speaker(slug string) *Speaker { return s.bySlug[slug] }

// New puts the summaries together. Drafts are left out unless drafts is
// set. Summaries must come sorted by Source so the result is deterministic.
func New(cfg Config, summaries []*Summary, drafts bool) (*Site, diag.List) {
	var problems diag.List
	s := &Site{Config: cfg, bySlug: make(map[string]*Speaker), byName: make(map[string]*Speaker)}
	bySlug := make(map[string]*Episode, len(summaries))
	s.Episodes = make([]*Episode, 0, len(summaries))
	slab := make([]Episode, len(summaries)) // one allocation, not one per episode
	for i, sum := range summaries {
		if sum.Meta.Draft && !drafts {
			continue
		}
		slug := Slug(sum.Meta.Slug)
		if slug == "" {
			slug = Slug(transcript.FileStem(sum.Source))
		}
		pos := sum.slugPos()
		if slug == "" {
			problems.Errorf(pos, "add slug: to the front matter, or rename the file with letters or digits", "cannot make a URL from this file's name")
			continue
		}
		if why := slugProblem(slug); why != "" {
			problems.Errorf(pos, "give the episode a shorter slug: in its front matter, or a shorter file name", "episode slug %q %s", shorten(slug), why)
			continue
		}
		if other, ok := bySlug[slug]; ok {
			if sum.Meta.Slug != "" {
				// It chose the URL: it cannot be moved without asking.
				problems.Errorf(pos, "give one of them another slug: in its front matter",
					"episode URL /episodes/%s/ is also the URL of %s", slug, other.slugPos())
				continue
			}
			// Two files of one name in different folders, or one episode
			// in two formats, as archives moved from other tools hold:
			// the file that sorts later gets a URL of its own, and a word.
			taken := slug
			for n := 2; bySlug[slug] != nil; n++ {
				slug = fmt.Sprintf("%s-%d", taken, n)
			}
			problems.Warnf(pos, "give one of them a slug: in its front matter to choose its URL, or remove it if it is the same episode twice",
				"episode URL /episodes/%s/ is taken by %s: this one is /episodes/%s/", taken, other.slugPos(), slug)
		}
		e := &slab[i]
		e.Summary, e.Slug = sum, slug
		e.Speakers = make([]*Speaker, 0, len(sum.Speakers))
		bySlug[slug] = e
		s.Episodes = append(s.Episodes, e)
		for _, sp := range sum.Speakers {
			e.Speakers = append(e.Speakers, s.speaker(sp))
		}
	}
	sort.SliceStable(s.Episodes, func(i, j int) bool {
		a, b := s.Episodes[i], s.Episodes[j]
		if !a.Meta.Date.Equal(b.Meta.Date) {
			return a.Meta.Date.After(b.Meta.Date)
		}
		return a.Slug < b.Slug
	})
	for i, e := range s.Episodes {
		e.Index = i
		if i > 0 {
			e.Newer = s.Episodes[i-1]
			s.Episodes[i-1].Older = e
		}
		var seen [8]*Speaker // an episode has a few speakers: no map needed
		counted := seen[:0]
		for k, n := range e.SpeakerTurns {
			sp := e.Speakers[k]
			if n == 0 {
				continue
			}
			sp.Turns += n
			if k < len(e.SpeakerTalk) {
				sp.TalkTime += e.SpeakerTalk[k]
			}
			if !slices.Contains(counted, sp) {
				counted = append(counted, sp)
				sp.Episodes = append(sp.Episodes, e)
			}
		}
	}
	problems = append(problems, s.gatherTerms()...)
	speakerSlugs(slices.Clone(s.people))
	s.assignColors()
	for _, sp := range s.people {
		s.bySlug[sp.Slug] = sp
		if len(sp.Episodes) > 0 {
			s.Speakers = append(s.Speakers, sp)
		}
	}
	sort.Slice(s.Speakers, func(i, j int) bool {
		a, b := strings.ToLower(s.Speakers[i].Name), strings.ToLower(s.Speakers[j].Name)
		if a != b {
			return a < b
		}
		return s.Speakers[i].Slug < s.Speakers[j].Slug
	})
	problems = append(problems, warnLookAlikes(s.Speakers)...)
	return s, problems
}

// speaker returns the site's speaker for a declared one: the person of
// that Name, or of the name an alias maps it to. Details merge: the first
// episode (by source path) to give a detail wins. Slugs are given once
// every speaker is known.
func (s *Site) speaker(d transcript.Speaker) *Speaker {
	name := Name(d.Name)
	if person, ok := s.Config.Aliases[name]; ok {
		name = person
	}
	sp, ok := s.byName[name]
	if !ok {
		sp = &Speaker{Name: name, Avatar: s.Config.Speakers[name].Avatar}
		s.byName[name] = sp
		s.people = append(s.people, sp)
	}
	if sp.Role == "" {
		sp.Role = d.Role
	}
	// Links Check refused are left out even if the build went on (a
	// caller that did not check): a page never links them.
	if sp.URL == "" && CheckURL(d.URL) == "" {
		sp.URL = d.URL
	}
	if sp.Avatar == "" && CheckURL(d.Avatar) == "" {
		sp.Avatar = d.Avatar
	}
	return sp
}

// Pages cuts n items into pages of size: the number of pages (at least 1)
// and, for page k (from 1), the range [from, to).
func Pages(n, size, k int) (pages, from, to int) {
	pages = max(1, (n+size-1)/size)
	from = min(n, (k-1)*size)
	to = min(n, k*size)
	return pages, from, to
}

// slugPos is where the episode's slug comes from: its slug: key, or its
// file's name.
func (s *Summary) slugPos() diag.Pos {
	if s.SlugPos.File != "" {
		return s.SlugPos
	}
	return diag.Pos{File: s.Source}
}
