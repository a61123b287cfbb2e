package search

import (
	"encoding/binary"
	"slices"
	"strconv"
	"sync"
)

// Episode is one episode as the index sees it.
type Episode struct {
	Slug        string
	Title       string
	Show        string // "" for none
	Date        string // "2006-01-02", or ""
	Description string // plain text; "" for none
	Chapters    []Chapter
	// Speakers are the people the episode names, declared or heard;
	// speakers of turns that are not among them are added as they are.
	Speakers []Speaker
	Turns    []Turn // in spoken order
}

// Chapter is a chapter of an episode: its heading's id on the episode
// page and its title.
type Chapter struct {
	Anchor string
	Title  string
}

// Speaker is a person as the index sees them: a speaker result shows the
// name and role and links to the speaker's page, speakers/Slug/.
type Speaker struct {
	Name string
	Slug string // "" when the person has no page
	Role string
	// Color is the speaker's colour class, c1 … c8, as a number; 0 for
	// none. Initials are what their face shows without a picture.
	Color    int
	Initials string
	// Avatar is the URL of the speaker's picture as the site's pages link
	// it (root-relative with the site's base path, or absolute); "" for
	// none. The index carries it once, in the speaker's line of the people
	// pages, for speaker and turn results to show the face turns show.
	Avatar string
}

// Turn is one turn of an episode.
type Turn struct {
	Anchor  string // the turn's id on the episode page, such as "t-12-34"
	Speaker string // the speaker's name; "" for none
	Time    string // "12:34"; "" when untimed
	Text    string // plain text
}

// File is one file of the index, with its slash path below the site root.
type File struct {
	Path string
	Data []byte
}

// Prepared is an episode tokenized and its text file made, ready for
// Indexer.Add. Preparing is the costly part and runs in parallel; adding
// is cheap and runs in site order.
type Prepared struct {
	Text     File // the episode's text file; the caller writes it
	name     string
	head     int // bytes of the text file before its first turn
	show     string
	runs     []run
	speakers []Speaker // everyone the episode names or hears, once each
	turns    int
	tokens   int
	// meta holds the postings of the episode's own entry (its title,
	// show, description, chapters and speakers) as postings holds a
	// turn's: one entry, local id 0. metaTokens is its length in tokens.
	meta       []byte
	metaTokens int
	// postings holds, for each term in the order first seen (Indexer.Add
	// needs no order): uvarint length, the term, uvarint count, uvarint
	// first and last local turn, uvarint length of the rest, then the
	// rest: the postings as the Indexer holds them, uvarint triples (turn
	// minus the one before; term frequency; turn length in tokens), but
	// without the first turn, which Add writes relative to the term's
	// postings from earlier episodes. Add copies the rest as it is.
	postings []byte
}

// run is a speaker's turns within an episode, consecutive in turn ids.
type run struct {
	speaker string
	n       int
}

// Prepare tokenizes an episode and makes its text file.
func Prepare(e Episode) *Prepared {
	order := speakerOrder(e.Turns)
	p := &Prepared{show: e.Show, turns: len(order)}
	for _, i := range order {
		sp := e.Turns[i].Speaker
		if len(p.runs) == 0 || p.runs[len(p.runs)-1].speaker != sp {
			p.runs = append(p.runs, run{speaker: sp})
		}
		p.runs[len(p.runs)-1].n++
	}
	p.speakers = episodeSpeakers(e)
	s := scratchPool.Get().(*scratch)
	p.tokens, p.postings = s.postings(e.Turns, order)
	s.reset()
	p.metaTokens, p.meta = s.postings([]Turn{{Text: metaText(e, p.speakers)}}, []int{0})
	s.reset()
	scratchPool.Put(s)
	p.name, p.head, p.Text = text(e, order)
	return p
}

// scratchPool holds the working memory of Prepare, a few hundred
// kilobytes for an hour-long episode: a build prepares thousands of
// episodes on a few goroutines, and making it anew for each would be most
// of what preparing allocates. It is a cache, not state: nothing in it
// outlives a call to Prepare.
var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// scratch is Prepare's working memory. Terms are numbered as they are
// first seen, and a turn's postings are collected flat, then grouped by
// term with a counting sort: no map or slice per turn or per term.
type scratch struct {
	terms   termTable
	word    []byte      // a token of a non-ASCII turn, from its folded text
	counts  []termCount // per term: the last turn it was seen in and its count there
	touched []int32     // the terms of the current turn
	entries []entry     // (term, turn) pairs in turn order
	grouped []entry     // the same grouped by term
	at      []int32     // where each term's entries start in grouped
	next    []int32     // where each term's next entry goes in grouped
	out     []byte      // the postings, before Prepared gets a copy
}

type entry struct{ term, turn, tf, length int32 }

// termCount is a term's last turn, its count in that turn and the number
// of turns it is in: side by side, so that counting a token touches one
// cache line.
type termCount struct{ turn, tf, turns int32 }

// reset empties s for the next episode, keeping its memory but not the
// episode's terms.
func (s *scratch) reset() {
	s.terms.reset()
	s.counts = s.counts[:0]
	s.entries = s.entries[:0]
}

// postings tokenizes the turns in the given order and returns the number
// of tokens and the postings as Prepared holds them.
func (s *scratch) postings(turns []Turn, order []int) (int, []byte) {
	tokens := 0
	for k, i := range order {
		s.touched = s.touched[:0]
		n := 0
		if text := turns[i].Text; isASCII(text) {
			t := asciiTokenizer{text: text}
			for t.next() {
				s.count(t.token(), t.part(), t.hash, int32(k))
				n++
			}
		} else {
			tokenize(Fold(text), func(tok string) {
				s.word = append(s.word[:0], tok...)
				s.count(s.word, firstPart(s.word), termHash(s.word), int32(k))
				n++
			})
		}
		tokens += n
		for _, id := range s.touched {
			s.entries = append(s.entries, entry{id, int32(k), s.counts[id].tf, int32(n)})
		}
	}

	// Group the entries by term with a counting sort: each term's count
	// of turns, summed, is where its entries start.
	terms := s.terms.len()
	s.at = append(s.at[:0], 0)
	for _, c := range s.counts {
		s.at = append(s.at, s.at[len(s.at)-1]+c.turns)
	}
	s.grouped = slices.Grow(s.grouped[:0], len(s.entries))[:len(s.entries)]
	next := append(s.next[:0], s.at[:terms]...) // where each term's next entry goes
	for _, en := range s.entries {
		s.grouped[next[en.term]] = en
		next[en.term]++
	}
	s.next = next

	buf := s.out[:0]
	for id := range int32(terms) {
		t := s.terms.term(id)
		ps := s.grouped[s.at[id]:s.at[id+1]]
		buf = binary.AppendUvarint(buf, uint64(len(t)))
		buf = append(buf, t...)
		buf = binary.AppendUvarint(buf, uint64(len(ps)))
		buf = binary.AppendUvarint(buf, uint64(ps[0].turn))
		buf = binary.AppendUvarint(buf, uint64(ps[len(ps)-1].turn))
		// The rest goes straight after a byte for its length, which is
		// one byte unless the rest is 128 bytes or more.
		at := len(buf)
		buf = append(buf, 0)
		for k, q := range ps {
			if k > 0 {
				buf = binary.AppendUvarint(buf, uint64(q.turn-ps[k-1].turn))
			}
			buf = binary.AppendUvarint(buf, uint64(q.tf))
			buf = binary.AppendUvarint(buf, uint64(q.length))
		}
		buf = putLength(buf, at)
	}
	s.out = buf
	// A copy the size of the postings: made in place, the buffer would be
	// a guess at their size, zeroed first, a third more than they need.
	return tokens, slices.Clone(buf)
}

// putLength writes the length of b[at+1:] as a uvarint at b[at], where a
// byte was set aside for it, making room for more bytes if it needs them.
func putLength(b []byte, at int) []byte {
	n := len(b) - at - 1
	if n < 0x80 {
		b[at] = byte(n)
		return b
	}
	var length [binary.MaxVarintLen64]byte
	k := binary.PutUvarint(length[:], uint64(n))
	b = slices.Insert(b, at+1, length[1:k]...)
	copy(b[at:], length[:k])
	return b
}

// count counts tok, whose firstPart is part and termHash is h, in turn k.
func (s *scratch) count(tok []byte, part uint64, h uint32, k int32) {
	id := s.terms.numberPart(tok, part, h)
	if int(id) == len(s.counts) { // a new term
		s.counts = append(s.counts, termCount{turn: -1})
	}
	c := &s.counts[id]
	if c.turn != k {
		c.turn, c.tf = k, 0
		c.turns++
		s.touched = append(s.touched, id)
	}
	c.tf++
}

// speakerOrder returns the indexes of turns in turn-id order: grouped by
// speaker in order of first appearance, turns without a speaker last,
// each group in spoken order (a counting sort by group).
func speakerOrder(turns []Turn) []int {
	// Each speaker's group, numbered in order of first appearance; turns
	// without a speaker are in the last group, once the others are counted.
	number := map[string]int{"": -1}
	group := make([]int, len(turns))
	for i, t := range turns {
		g, ok := number[t.Speaker]
		if !ok {
			g = len(number) - 1
			number[t.Speaker] = g
		}
		group[i] = g
	}
	last := len(number) - 1
	at := make([]int, len(number)+1) // at[g+1] counts group g, then sums to where it starts
	for i, g := range group {
		if g < 0 {
			g, group[i] = last, last
		}
		at[g+1]++
	}
	for g := 1; g < len(at); g++ {
		at[g] += at[g-1]
	}
	order := make([]int, len(turns))
	for i, g := range group {
		order[at[g]] = i
		at[g]++
	}
	return order
}

// text makes the text file of an episode and returns its name, a hash of
// its bytes, and the length of its head, which is two lines: the episode,
// and the length of each turn's line in base 36, and last the length of
// the episode's line. The turns' lines follow in turn-id order, then the
// episode's line (see metaLine). Cleaning keeps a text's length, so the
// head is made before the lines it measures, and the file in one buffer
// of its size.
func text(e Episode, order []int) (string, int, File) {
	head := len(e.Slug) + len(e.Title) + len(e.Date) + 3 // the episode's line
	var digits [16]byte
	meta := metaLineLen(e)
	size := meta
	head += len(strconv.AppendInt(digits[:0], int64(meta), 36))
	for _, i := range order {
		n := lineLen(e.Turns[i])
		head += len(strconv.AppendInt(digits[:0], int64(n), 36)) + 1 // and the space after it
		size += n
	}
	head++ // the end of the line of lengths
	data := make([]byte, 0, head+size)
	data = append(appendClean(data, e.Slug), '\t')
	data = append(appendClean(data, e.Title), '\t')
	data = append(appendClean(data, e.Date), '\n')
	for _, i := range order {
		data = append(strconv.AppendInt(data, int64(lineLen(e.Turns[i])), 36), ' ')
	}
	data = append(strconv.AppendInt(data, int64(meta), 36), '\n')
	for _, i := range order {
		t := e.Turns[i]
		data = append(appendClean(data, t.Anchor), '\t')
		data = append(appendClean(data, t.Time), '\t')
		data = append(appendClean(data, t.Text), '\n')
	}
	data = appendMetaLine(data, e)
	name := hashName(data)
	return name, head, File{Path: textPath(name), Data: data}
}

// lineLen is the length of a turn's line in the text file.
func lineLen(t Turn) int { return len(t.Anchor) + len(t.Time) + len(t.Text) + 3 }

// appendClean appends s with its tabs and line breaks made spaces: copied
// whole, then mended in place, as they are rare. It looks for them eight
// bytes at a time: a word with no byte below 0x0e ('\r' is 0x0d) has none.
func appendClean(b []byte, s string) []byte {
	n := len(b)
	b = append(b, s...)
	i := n
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		// Nonzero exactly when some byte is below 0x0e (a byte's
		// subtraction sets its top bit, and &^w keeps it only if the
		// byte's own top bit was clear): then mend the eight one by one.
		if (w-0x0e0e0e0e0e0e0e0e)&^w&0x8080808080808080 != 0 {
			mend(b[i : i+8])
		}
	}
	mend(b[i:])
	return b
}

// mend makes the tabs and line breaks of b spaces.
func mend(b []byte) {
	for i, c := range b {
		if c <= '\r' && (c == '\t' || c == '\n' || c == '\r') {
			b[i] = ' '
		}
	}
}

// textPath is where the text file called name goes.
func textPath(name string) string { return "search/e/" + fanned(name) + ".txt" }
