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

// ChunkTurns is how many turns a text chunk holds. Ten results fetch at
// most ten chunks (about 7 KB each for hour-long episodes, 2–3 KB
// gzipped); smaller chunks would mean more requests for results that sit
// close together and many more files to write and deploy, bigger ones
// more bytes per result.
const ChunkTurns = 16

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
	// postings holds, for each term in sorted order: uvarint length, the
	// term, uvarint count, then count × (uvarint local turn, uvarint term
	// frequency, uvarint turn length in tokens).
	postings []byte
}

// run is a speaker's turns within an episode, consecutive in turn ids.
type run struct {
	speaker string
	n       int
}

type localPosting struct{ turn, tf, length int }

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

	// Terms are numbered as they are first seen; a turn's tokens become
	// term numbers, sorted, so equal ones are counted without a map per
	// turn.
	ids := make(map[string]int32)
	var terms []string
	var lists [][]localPosting
	var scratch []byte
	var inTurn []int32
	for k, i := range order {
		inTurn = inTurn[:0]
		scratch = tokenize(e.Turns[i].Text, scratch, func(tok []byte) {
			id, ok := ids[string(tok)]
			if !ok {
				id = int32(len(terms))
				term := string(tok)
				ids[term] = id
				terms = append(terms, term)
				lists = append(lists, nil)
			}
			inTurn = append(inTurn, id)
		})
		n := len(inTurn)
		p.tokens += n
		slices.Sort(inTurn)
		for a := 0; a < n; {
			b := a + 1
			for b < n && inTurn[b] == inTurn[a] {
				b++
			}
			lists[inTurn[a]] = append(lists[inTurn[a]], localPosting{k, b - a, n})
			a = b
		}
	}
	byTerm := make([]int32, len(terms))
	for i := range byTerm {
		byTerm[i] = int32(i)
	}
	slices.SortFunc(byTerm, func(a, b int32) int { return strings.Compare(terms[a], terms[b]) })
	var buf []byte
	for _, id := range byTerm {
		t := terms[id]
		buf = binary.AppendUvarint(buf, uint64(len(t)))
		buf = append(buf, t...)
		ps := lists[id]
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
	clean := strings.NewReplacer("\t", " ", "\n", " ", "\r", " ")
	head := clean.Replace(e.Slug) + "\t" + clean.Replace(e.Title) + "\t" + clean.Replace(e.Date) + "\n"
	var datas [][]byte
	h := sha256.New()
	for start := 0; start < len(order); start += ChunkTurns {
		var b strings.Builder
		b.WriteString(head)
		for _, i := range order[start:min(start+ChunkTurns, len(order))] {
			t := e.Turns[i]
			b.WriteString(clean.Replace(t.Anchor) + "\t" + clean.Replace(t.Time) + "\t" + clean.Replace(t.Text) + "\n")
		}
		data := []byte(b.String())
		h.Write(data)
		h.Write([]byte{0})
		datas = append(datas, data)
	}
	name := hex.EncodeToString(h.Sum(nil)[:4])
	files := make([]File, len(datas))
	for k, data := range datas {
		files[k] = File{Path: chunkPath(name, k), Data: data}
	}
	return name, files
}

// chunkPath is where chunk k of the episode whose chunks are called name
// goes.
func chunkPath(name string, k int) string {
	return "search/e/" + name + "-" + strconv.Itoa(k) + ".txt"
}
