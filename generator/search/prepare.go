package search

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
)

// Episode is one episode as the index sees it.
type Episode struct {
	Slug  string
	Title string
	Show  string // "" for none
	Date  string // "2006-01-02", or ""
	Turns []Turn // in spoken order
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

// ChunkTurns is how many turns a text chunk holds. The five results a
// query shows first fetch at most five chunks (about 3.5 KB each for
// hour-long episodes, 1.6 KB gzipped); smaller chunks would mean more
// files to write and deploy, bigger ones more bytes per result.
const ChunkTurns = 8

// Prepared is an episode tokenized and its text chunks made, ready for
// Indexer.Add. Preparing is the costly part and runs in parallel; adding
// is cheap and runs in site order.
type Prepared struct {
	Files  []File // the episode's text chunks; the caller writes them
	name   string
	show   string
	runs   []run
	turns  int
	tokens int
	// postings holds, for each term in the order first seen (Indexer.Add
	// needs no order): uvarint length, the
	// term, uvarint count, then count × (uvarint local turn, uvarint term
	// frequency, uvarint turn length in tokens).
	postings []byte
}

// run is a speaker's turns within an episode, consecutive in turn ids.
type run struct {
	speaker string
	n       int
}

// Prepare tokenizes an episode and makes its text chunks.
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

	// Terms are numbered as they are first seen, and a turn's postings
	// are collected flat, then grouped by term with a counting sort: no
	// map or slice per turn or per term.
	ids := make(map[string]int32, 4096)
	var terms []string
	var seenIn, tf []int32 // per term: the last turn it was seen in, and its count there
	type entry struct{ term, turn, tf, length int32 }
	var entries []entry
	var touched []int32
	var scratch []byte
	for k, i := range order {
		touched = touched[:0]
		n := 0
		scratch = tokenize(e.Turns[i].Text, scratch, func(tok []byte) {
			id, ok := ids[string(tok)]
			if !ok {
				id = int32(len(terms))
				term := string(tok)
				ids[term] = id
				terms = append(terms, term)
				seenIn = append(seenIn, -1)
				tf = append(tf, 0)
			}
			if seenIn[id] != int32(k) {
				seenIn[id], tf[id] = int32(k), 0
				touched = append(touched, id)
			}
			tf[id]++
			n++
		})
		p.tokens += n
		for _, id := range touched {
			entries = append(entries, entry{id, int32(k), tf[id], int32(n)})
		}
	}
	at := make([]int32, len(terms)+1) // where each term's postings start
	size := 0
	for _, en := range entries {
		at[en.term+1]++
	}
	for id, t := range terms {
		at[id+1] += at[id]
		size += len(t) + 2
	}
	grouped := make([]entry, len(entries))
	next := slices.Clone(at[:len(terms)])
	for _, en := range entries {
		grouped[next[en.term]] = en
		next[en.term]++
	}
	buf := make([]byte, 0, size+4*len(entries))
	for id, t := range terms {
		ps := grouped[at[id]:at[id+1]]
		buf = binary.AppendUvarint(buf, uint64(len(t)))
		buf = append(buf, t...)
		buf = binary.AppendUvarint(buf, uint64(len(ps)))
		for _, q := range ps {
			buf = binary.AppendUvarint(buf, uint64(q.turn))
			buf = binary.AppendUvarint(buf, uint64(q.tf))
			buf = binary.AppendUvarint(buf, uint64(q.length))
		}
	}
	p.postings = buf

	p.name, p.Files = chunks(e, order)
	return p
}

// speakerOrder returns the indexes of turns in turn-id order: grouped by
// speaker in order of first appearance, turns without a speaker last.
func speakerOrder(turns []Turn) []int {
	first := make(map[string]int)
	for i, t := range turns {
		if _, ok := first[t.Speaker]; !ok && t.Speaker != "" {
			first[t.Speaker] = i
		}
	}
	first[""] = len(turns)
	order := make([]int, len(turns))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return first[turns[a].Speaker] - first[turns[b].Speaker]
	})
	return order
}

// chunks writes the text chunks of an episode and returns the name they
// share, a hash of their bytes.
func chunks(e Episode, order []int) (string, []File) {
	var head []byte
	head = append(appendClean(head, e.Slug), '\t')
	head = append(appendClean(head, e.Title), '\t')
	head = append(appendClean(head, e.Date), '\n')
	var datas [][]byte
	h := sha256.New()
	for start := 0; start < len(order); start += ChunkTurns {
		part := order[start:min(start+ChunkTurns, len(order))]
		size := len(head)
		for _, i := range part {
			t := e.Turns[i]
			size += len(t.Anchor) + len(t.Time) + len(t.Text) + 3
		}
		data := append(make([]byte, 0, size), head...)
		for _, i := range part {
			t := e.Turns[i]
			data = append(appendClean(data, t.Anchor), '\t')
			data = append(appendClean(data, t.Time), '\t')
			data = append(appendClean(data, t.Text), '\n')
		}
		h.Write(data)
		h.Write([]byte{0})
		datas = append(datas, data)
	}
	name := hex.EncodeToString(h.Sum(nil)[:8])
	files := make([]File, len(datas))
	for k, data := range datas {
		files[k] = File{Path: chunkPath(name, k), Data: data}
	}
	return name, files
}

// appendClean appends s with its tabs and line breaks made spaces.
func appendClean(b []byte, s string) []byte {
	for {
		i := strings.IndexAny(s, "\t\n\r")
		if i < 0 {
			return append(b, s...)
		}
		b = append(append(b, s[:i]...), ' ')
		s = s[i+1:]
	}
}

// chunkPath is where chunk k of the episode whose chunks are called name
// goes.
func chunkPath(name string, k int) string {
	return "search/e/" + name + "-" + strconv.Itoa(k) + ".txt"
}
