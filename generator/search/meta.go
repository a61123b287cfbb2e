package search

import (
	"cmp"
	"strconv"
	"strings"
)

// An episode and a speaker are found by their own words as well as by
// their turns': an episode by its title, show, description, chapter
// titles and speakers' names, a speaker by name and role. Each is an
// entry of its own, a meta entry, numbered apart from the turns: episodes
// 0 .. episodes-1 in site order, then speakers in the manifest's order.
// Their postings share the term shards with the turns', in a second field
// of the term's line, so a query fetches nothing more to find them.

// Meta entries weigh their fields by repeating them: a word of the title
// counts as titleWeight words, one of a chapter title as chapterWeight,
// so that an episode whose title names the query ranks before one whose
// description mentions it.
const (
	titleWeight   = 3
	chapterWeight = 2
)

// metaText is the text an episode's meta entry is tokenized from, with
// the names of its speakers. It is made once per episode, a few hundred
// bytes.
func metaText(e Episode, speakers []Speaker) string {
	var b strings.Builder
	for range titleWeight {
		b.WriteString(e.Title)
		b.WriteByte('\n')
	}
	for _, c := range e.Chapters {
		for range chapterWeight {
			b.WriteString(c.Title)
			b.WriteByte('\n')
		}
	}
	b.WriteString(e.Show)
	b.WriteByte('\n')
	b.WriteString(e.Description)
	for _, sp := range speakers {
		b.WriteByte('\n')
		b.WriteString(sp.Name)
	}
	return b.String()
}

// episodeSpeakers returns the episode's speakers, then the speakers of its
// turns that are not among them, each name once.
func episodeSpeakers(e Episode) []Speaker {
	out := make([]Speaker, 0, len(e.Speakers)+1)
	seen := func(name string) bool {
		for _, sp := range out {
			if sp.Name == name {
				return true
			}
		}
		return false
	}
	for _, sp := range e.Speakers {
		if sp.Name != "" && !seen(sp.Name) {
			out = append(out, sp)
		}
	}
	last := ""
	for _, t := range e.Turns {
		if t.Speaker == "" || t.Speaker == last {
			continue
		}
		last = t.Speaker
		if !seen(t.Speaker) {
			out = append(out, Speaker{Name: t.Speaker})
		}
	}
	return out
}

// The episode's line, the last of its text file, is what an episode
// result shows beyond the head's slug, title and date:
//
//	description<TAB>anchor<TAB>chapter title<TAB>anchor<TAB>chapter title ...
//
// with the chapters in order; tabs and line breaks are spaces.

// metaLineLen is the length of the episode's line.
func metaLineLen(e Episode) int {
	n := len(e.Description) + 1
	for _, c := range e.Chapters {
		n += len(c.Anchor) + len(c.Title) + 2
	}
	return n
}

// appendMetaLine appends the episode's line.
func appendMetaLine(b []byte, e Episode) []byte {
	b = appendClean(b, e.Description)
	for _, c := range e.Chapters {
		b = appendClean(append(b, '\t'), c.Anchor)
		b = appendClean(append(b, '\t'), c.Title)
	}
	return append(b, '\n')
}

// person is what the indexer knows of a speaker across the archive.
type person struct {
	slug, role, initials, avatar string
	color, episodes              int
}

// addPeople counts the episode's speakers.
func (x *Indexer) addPeople(speakers []Speaker) {
	if x.people == nil {
		x.people = make(map[string]*person)
	}
	for _, sp := range speakers {
		p := x.people[sp.Name]
		if p == nil {
			p = &person{}
			x.people[sp.Name] = p
		}
		p.slug, p.role, p.initials = cmp.Or(p.slug, sp.Slug), cmp.Or(p.role, sp.Role), cmp.Or(p.initials, sp.Initials)
		p.color, p.avatar = cmp.Or(p.color, sp.Color), cmp.Or(p.avatar, sp.Avatar)
		p.episodes++
	}
}

// addSpeakerEntries adds the meta entries of the speakers, named in order,
// after the episodes': each is found by the words of its name and role,
// tokenized and posted as an episode's own entry is (Prepare).
func (x *Indexer) addSpeakerEntries(names []string) {
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	first := uint32(len(x.episodes))
	for k, name := range names {
		n, postings := s.postings([]Turn{{Text: name + "\n" + x.people[name].role}}, []int{0})
		x.addPostings(postings, first+uint32(k), true)
		x.metaTokens += int64(n)
		s.reset()
	}
}

// metaKey is the key under which the indexer holds a term's meta postings:
// the term and a zero byte, which no term has, so that the key sorts just
// after the term itself and the merge meets the two one after the other.
func (x *Indexer) metaKey(term []byte) []byte {
	x.key = append(append(x.key[:0], term...), 0)
	return x.key
}

// peoplePage is search/s/NAME.txt, a line per speaker of names, a page of
// the manifest's order:
//
//	slug<TAB>role<TAB>episodes<TAB>colour<TAB>initials<TAB>avatar
//
// the colour and avatar empty for none. A query fetches the page of each
// speaker it shows, in a speaker result or as who spoke a turn result:
// pages keep that fetch small in an archive of thousands of guests.
func (x *Indexer) peoplePage(names []string) []byte {
	var b []byte
	for _, name := range names {
		p := x.people[name]
		b = appendClean(b, p.slug)
		b = appendClean(append(b, '\t'), p.role)
		b = strconv.AppendInt(append(b, '\t'), int64(p.episodes), 10)
		b = append(b, '\t')
		if p.color > 0 {
			b = strconv.AppendInt(b, int64(p.color), 10)
		}
		b = appendClean(append(b, '\t'), p.initials)
		b = appendClean(append(b, '\t'), p.avatar)
		b = append(b, '\n')
	}
	return b
}

func peoplePath(name string) string { return "search/s/" + name + ".txt" }
