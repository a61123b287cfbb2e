package search

import (
	"bufio"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/verbatim-ssg/verbatim/generator/output"
)

// DefaultBudget is how many bytes of postings an Indexer holds before it
// spills them to a run file. A thousand hour-long episodes hold about ten
// times as much, so big archives spill a few runs per thousand episodes.
// The Go heap holding them is about twice the budget (slice capacity, map
// entries), and the build's memory limit is shared with the site itself.
const DefaultBudget = 4 << 20

// ShardSize is the size a term shard is cut at, in bytes: about 4 KB
// gzipped, what a query pays for each term beyond the term's own postings.
const ShardSize = 8 << 10

// ManifestPath is the manifest's path below the site root.
const ManifestPath = "search/index.json"

// Indexer collects the postings of an archive's episodes, added in site
// order, and writes the index. Its memory is bounded by Budget: beyond it,
// postings go to temporary files, merged by Finish.
type Indexer struct {
	// Budget is the bytes of postings held in memory before spilling;
	// 0 means DefaultBudget.
	Budget int
	// TempDir is where run files go; "" means os.TempDir().
	TempDir string
	// ShardSize is the size term shards are cut at; 0 means ShardSize.
	ShardSize int
	// DictPage, EpisodePage and PeoplePage are the sizes of the index's
	// pages; 0 means the constants of the same names.
	DictPage, EpisodePage, PeoplePage int

	terms    map[string]int32 // term -> its postings in lists
	lists    []postingList
	held     int
	tmp      *output.TempDir // folder of this indexer's run files, made on the first spill
	runs     []string        // run files, in the order written
	next     uint32          // the next turn id
	tokens   int64
	episodes []episodeEntry

	people     map[string]*person // by name
	metaTokens int64              // the meta entries' tokens
	key        []byte             // a meta key being looked up
}

// postingList is one term's postings since the last spill: uvarint
// triples (turn id minus the previous one's, or the id itself for the
// first; term frequency; turn length).
type postingList struct {
	term string
	last uint32
	n    int
	buf  []byte
}

type episodeEntry struct {
	name string // of its text file
	head int    // bytes of the text file before its first turn
	show string
	runs []run
}

// termOverhead approximates what a term costs in memory beyond its
// postings: the map entry, the list header and the string.
const termOverhead = 96

// Add adds a prepared episode. Episodes must be added in site order.
func (x *Indexer) Add(p *Prepared) error {
	x.addPostings(p.postings, x.next, false)
	x.addPostings(p.meta, uint32(len(x.episodes)), true)
	x.next += uint32(p.turns)
	x.tokens += int64(p.tokens)
	x.metaTokens += int64(p.metaTokens)
	x.episodes = append(x.episodes, episodeEntry{name: p.name, head: p.head, show: p.show, runs: p.runs})
	x.addPeople(p.speakers)
	budget := x.Budget
	if budget <= 0 {
		budget = DefaultBudget
	}
	if x.held > budget {
		return x.spill()
	}
	return nil
}

// addPostings adds postings as Prepared holds them, whose local id 0 is
// entry base, to the turns' postings or, with meta, to the meta entries'.
func (x *Indexer) addPostings(buf []byte, base uint32, meta bool) {
	for len(buf) > 0 {
		term, k := uvarintBytes(buf)
		buf = buf[k:]
		count, k1 := binary.Uvarint(buf)
		first, k2 := binary.Uvarint(buf[k1:])
		last, k3 := binary.Uvarint(buf[k1+k2:])
		buf = buf[k1+k2+k3:]
		rest, k := uvarintBytes(buf)
		buf = buf[k:]
		if meta {
			term = x.metaKey(term)
		}
		l := x.list(term)
		before := cap(l.buf)
		l.buf = binary.AppendUvarint(l.buf, uint64(base+uint32(first)-l.last))
		l.buf = append(l.buf, rest...)
		l.last = base + uint32(last)
		l.n += int(count)
		x.held += cap(l.buf) - before
	}
}

// list returns the postings held for key, made if there are none yet.
func (x *Indexer) list(key []byte) *postingList {
	if x.terms == nil {
		x.terms = make(map[string]int32)
	}
	i, ok := x.terms[string(key)] // no allocation unless the key is new
	if !ok {
		i = int32(len(x.lists))
		x.lists = append(x.lists, postingList{term: string(key)})
		x.terms[x.lists[i].term] = i
		x.held += len(key) + termOverhead
	}
	return &x.lists[i]
}

// uvarintBytes reads a uvarint length and the bytes it counts from the
// start of b, and returns them and how much of b they took.
func uvarintBytes(b []byte) ([]byte, int) {
	n, k := binary.Uvarint(b)
	return b[k : k+int(n)], k + int(n)
}

// spill writes the postings held to a new run file, sorted by term:
// for each term, uvarint length, the term, uvarint last id, uvarint
// count, uvarint byte length, the posting bytes.
func (x *Indexer) spill() error {
	if len(x.terms) == 0 {
		return nil
	}
	if x.tmp == nil {
		// Held while this indexer lives: the next one removes it if this
		// process is killed (a CI timeout, serve stopped with SIGKILL).
		dir, err := output.NewTempDir(x.TempDir, tempPrefix)
		if err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		x.tmp = dir
	}
	name := filepath.Join(x.tmp.Path, fmt.Sprintf("run-%d", len(x.runs)))
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	w := bufio.NewWriterSize(f, 64<<10)
	slices.SortFunc(x.lists, func(a, b postingList) int { return strings.Compare(a.term, b.term) })
	var head []byte
	for _, l := range x.lists {
		head = binary.AppendUvarint(head[:0], uint64(len(l.term)))
		head = append(head, l.term...)
		head = binary.AppendUvarint(head, uint64(l.last))
		head = binary.AppendUvarint(head, uint64(l.n))
		head = binary.AppendUvarint(head, uint64(len(l.buf)))
		w.Write(head)
		w.Write(l.buf)
	}
	err = w.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	x.runs = append(x.runs, name)
	clear(x.terms)
	clear(x.lists)
	x.lists = x.lists[:0]
	x.held = 0
	return nil
}

// tempPrefix starts the name of an indexer's folder of run files.
const tempPrefix = "verbatim-search-"

// Close removes the indexer's temporary files. Finish calls it; call it
// yourself when a build stops before Finish.
func (x *Indexer) Close() {
	if x.tmp != nil {
		x.tmp.Remove()
		x.tmp = nil
	}
	x.runs = nil
	x.terms, x.lists = nil, nil
}

// Sizes of the index's paged parts: how many shards a dictionary page
// lists, how many episodes an episode page describes and how many
// speakers a people page. A query reads one dictionary page per term and
// the episode and people pages of the results it shows, each well under a
// kilobyte gzipped; the manifest lists the pages, so it stays a few
// kilobytes for thousands of episodes.
const (
	DictPage    = 64
	EpisodePage = 32
	PeoplePage  = 64
)

// Version is the index format's version, which index.json states: a
// client reads only the version it was written for.
const Version = 6

// manifest is index.json.
type manifest struct {
	Version int    `json:"version"`
	Turns   uint32 `json:"turns"`
	// Episodes counts the episodes, whose meta entries come before the
	// speakers'; EpisodePage is how many episodes a page describes.
	Episodes    int      `json:"episodes"`
	EpisodePage int      `json:"episodePage"`
	Stopwords   []string `json:"stopwords"`
	Speakers    []string `json:"speakers"`
	Shows       []string `json:"shows"`
	// Dict lists the dictionary pages: the first term of each and its name.
	Dict [][]string `json:"dict"`
	// Pages lists the episode pages: the name of each and its first turn id.
	Pages [][]any `json:"pages"`
	// Filters names the file of every episode's show and speaker runs,
	// which a query with a filter fetches whole; "" when there are none.
	Filters string `json:"filters"`
	// People names the people pages, each describing PeoplePage speakers
	// in the order of Speakers: slug, role, episode count, colour,
	// initials and picture.
	People     []string `json:"people"`
	PeoplePage int      `json:"peoplePage"`
}

// Finish merges the postings into term shards and writes them, the pages
// that find them and the manifest through write, then removes the
// temporary files. Shards are written while the merge goes on, so write
// is called from more than one goroutine at a time.
func (x *Indexer) Finish(write func(path string, data []byte) error) error {
	defer x.Close()
	speakers, shows := map[string]int{}, map[string]int{}
	for name := range x.people {
		speakers[name] = 0
	}
	for _, e := range x.episodes {
		if e.show != "" {
			shows[e.show] = 0
		}
	}
	names := numbered(speakers)
	x.addSpeakerEntries(names)
	if err := x.spill(); err != nil {
		return err
	}
	avg, metaAvg := 1.0, 1.0
	if x.next > 0 && x.tokens > 0 {
		avg = float64(x.tokens) / float64(x.next)
	}
	if entries := len(x.episodes) + len(names); entries > 0 && x.metaTokens > 0 {
		metaAvg = float64(x.metaTokens) / float64(entries)
	}
	shards, err := merge(x.runs, avg, metaAvg, cmp.Or(x.ShardSize, ShardSize), write)
	if err != nil {
		return err
	}
	dictPage, episodePage := cmp.Or(x.DictPage, DictPage), cmp.Or(x.EpisodePage, EpisodePage)
	peoplePage := cmp.Or(x.PeoplePage, PeoplePage)
	m := manifest{Version: Version, Turns: x.next, Episodes: len(x.episodes), EpisodePage: episodePage,
		Stopwords: Stopwords(), Dict: [][]string{}, Pages: [][]any{}, People: []string{}, PeoplePage: peoplePage}
	for start := 0; start < len(shards); start += dictPage {
		var page []byte
		for _, s := range shards[start:min(start+dictPage, len(shards))] {
			page = append(append(append(append(page, s[0]...), '\t'), s[1]...), '\n')
		}
		name := hashName(page)
		if err := write(dictPagePath(name), page); err != nil {
			return err
		}
		m.Dict = append(m.Dict, []string{shards[start][0], name})
	}

	m.Speakers, m.Shows = names, numbered(shows)
	for start := 0; start < len(names); start += peoplePage {
		page := x.peoplePage(names[start:min(start+peoplePage, len(names))])
		name := hashName(page)
		if err := write(peoplePath(name), page); err != nil {
			return err
		}
		m.People = append(m.People, name)
	}
	var filters []byte
	for _, e := range x.episodes {
		filters = appendRuns(filters, e, shows, speakers)
	}
	if len(filters) > 0 {
		m.Filters = hashName(filters)
		if err := write(filtersPath(m.Filters), filters); err != nil {
			return err
		}
	}
	first := 0
	for start := 0; start < len(x.episodes); start += episodePage {
		var page []byte
		turns := 0
		for _, e := range x.episodes[start:min(start+episodePage, len(x.episodes))] {
			page = append(append(page, e.name...), '\t')
			page = appendRuns(append(strconv.AppendInt(page, int64(e.head), 10), '\t'), e, shows, speakers)
			for _, r := range e.runs {
				turns += r.n
			}
		}
		name := hashName(page)
		if err := write(episodePagePath(name), page); err != nil {
			return err
		}
		m.Pages = append(m.Pages, []any{name, first})
		first += turns
	}
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return write(ManifestPath, data)
}

// appendRuns appends an episode's show and speaker runs as the index's
// pages have them: "show<TAB>speaker turns speaker turns ...\n".
func appendRuns(b []byte, e episodeEntry, shows, speakers map[string]int) []byte {
	b = append(strconv.AppendInt(b, int64(index(shows, e.show)), 10), '\t')
	for k, r := range e.runs {
		if k > 0 {
			b = append(b, ' ')
		}
		b = append(strconv.AppendInt(b, int64(index(speakers, r.speaker)), 10), ' ')
		b = strconv.AppendInt(b, int64(r.n), 10)
	}
	return append(b, '\n')
}

// hashName names a file of the index after its bytes, so it can be cached
// for ever: 64 bits, so that names do not collide in archives of millions
// of files.
func hashName(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:8])
}

func episodePagePath(name string) string { return "search/p/" + name + ".txt" }
func dictPagePath(name string) string    { return "search/d/" + name + ".txt" }
func shardPath(name string) string       { return "search/t/" + fanned(name) + ".txt" }
func filtersPath(name string) string     { return "search/f/" + name + ".txt" }

// fanned spreads the many files of a folder (an archive's shards and text
// files, 20,000 of each at 20,000 episodes) over 16 subfolders named by the
// first hex digit of a name: a file system creates the files of one folder
// one at a time, so workers writing thousands of files into a single
// folder often waited for each other.
// (More folders cost more than they save: a folder costs ~10 files'
// creation, ~0.2 ms here.)
func fanned(name string) string { return name[:1] + "/" + name[1:] }

// numbered sorts the keys of m, numbers them in m and returns them.
func numbered(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i, k := range keys {
		m[k] = i
	}
	return keys
}

func index(m map[string]int, k string) int {
	if k == "" {
		return -1
	}
	return m[k]
}

// Files lists every file of the index in fsys (the site's output folder),
// the manifest first, so a build that keeps the index can keep them all.
// It reads the manifest and the pages it lists.
func Files(fsys fs.FS) ([]string, error) {
	data, err := fs.ReadFile(fsys, ManifestPath)
	if err != nil {
		return nil, err
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	if m.Version != Version {
		return nil, fmt.Errorf("search manifest: version %d, not %d", m.Version, Version)
	}
	files := []string{ManifestPath}
	if m.Filters != "" {
		files = append(files, filtersPath(m.Filters))
	}
	for _, name := range m.People {
		files = append(files, peoplePath(name))
	}
	for _, d := range m.Dict {
		if len(d) != 2 {
			return nil, fmt.Errorf("search manifest: bad dictionary entry %q", d)
		}
		path := dictPagePath(d[1])
		page, err := fs.ReadFile(fsys, path)
		if err != nil {
			return nil, err
		}
		files = append(files, path)
		for _, line := range strings.Split(strings.TrimSuffix(string(page), "\n"), "\n") {
			_, name, ok := strings.Cut(line, "\t")
			if !ok {
				return nil, fmt.Errorf("%s: bad line %q", path, line)
			}
			files = append(files, shardPath(name))
		}
	}
	for _, p := range m.Pages {
		name, ok := p[0].(string)
		if !ok {
			return nil, fmt.Errorf("search manifest: bad page entry")
		}
		path := episodePagePath(name)
		page, err := fs.ReadFile(fsys, path)
		if err != nil {
			return nil, err
		}
		files = append(files, path)
		for _, line := range strings.Split(strings.TrimSuffix(string(page), "\n"), "\n") {
			name, _, ok := strings.Cut(line, "\t")
			if !ok {
				return nil, fmt.Errorf("%s: bad line %q", path, line)
			}
			files = append(files, textPath(name))
		}
	}
	return files, nil
}
