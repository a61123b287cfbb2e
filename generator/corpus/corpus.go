// Package corpus makes deterministic sample archives for benchmarks: as
// many hour-and-a-half transcripts as asked, shaped like a real podcast
// network's (a few shows, recurring hosts and guests, code blocks, links,
// emphasis, a realistic vocabulary), in verbatim's markdown format.
//
// Episode i depends only on the seed and i, so an archive of 5,000 starts
// with the same 1,000 episodes as an archive of 1,000, and a benchmark can be
// repeated anywhere.
package corpus

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
)

// Shape of an episode. The figures are those of issue 6's reference corpus.
const (
	minTurns, maxTurns = 180, 220       // turns per episode
	minBytes, maxBytes = 82_000, 98_000 // markdown per episode, before front matter
	minMinutes         = 80             // length of an episode
	maxMinutes         = 100            //
	linksMin, linksMax = 10, 18         // links per episode, about 14
	emphMin, emphMax   = 28, 40         // emphasis spans, about 34
	shortTurnChance    = 4              // one turn in this many is a short reply
	firstDateDays      = 365            // the seed shifts the first date by up to a year
	titleFromRank      = 150            // title words are rarer than this
	pad                = "%04d"         // episode numbers in names
	audioPath          = "/audio/ep" + pad + ".mp3"
)

// people is the pool of speakers. The first ones host the shows.
var people = [...]string{
	"Ada Park", "Ben Ortiz", "Chidi Okafor", "Dana Whitfield", "Elena Rossi", "Farid Haddad",
	"Grace Liu", "Hiro Tanaka", "Ines Moreau", "Jonas Berg", "Kavya Iyer", "Liam Byrne",
	"Maya Cohen", "Nikolai Petrov", "Olga Nowak", "Pedro Alves", "Quinn Harper", "Rosa Jimenez",
	"Samir Khan", "Tessa Vogel", "Uma Reddy", "Victor Hugo Lima", "Wen Zhao", "Ximena Cruz",
	"Yusuf Demir", "Zoe Adler", "Amara Nwosu", "Bruno Costa", "Clara Schmidt", "Dmitri Volkov",
	"Esther Mensah", "Felix Wagner", "Gabriela Silva", "Hannah Kim", "Ivan Horvat", "Julia Novak",
	"Kenji Sato", "Leila Farahani", "Marco Bianchi", "Nadia Rahman",
}

// show is a podcast of the network and who hosts it.
type show struct {
	name  string
	hosts []string
}

var shows = [...]show{
	{"Systems at Scale", []string{"Ada Park"}},
	{"The Compiler Hour", []string{"Ben Ortiz", "Chidi Okafor"}},
	{"Data After Dark", []string{"Dana Whitfield"}},
	{"Founders in the Loop", []string{"Elena Rossi", "Farid Haddad"}},
	{"Open Source Stories", []string{"Grace Liu"}},
}

var tagPool = [...]string{
	"go", "rust", "python", "javascript", "databases", "distributed-systems", "compilers",
	"machine-learning", "startups", "hiring", "performance", "security", "devops", "open-source",
	"testing", "observability", "career", "research", "hardware", "networking", "design",
	"product", "cloud", "storage", "concurrency", "frontend", "mobile", "ethics", "education", "history",
}

var linkBases = [...]string{
	"https://en.wikipedia.org/wiki/", "https://go.dev/blog/", "https://github.com/example/",
	"https://arxiv.org/abs/", "https://example.com/notes/", "https://news.example.org/",
}

// Name returns the file name of episode i.
func Name(i int) string { return fmt.Sprintf("ep"+pad+".md", i) }

// Episode returns episode i of the archive made from seed: its file name
// and its markdown, with YAML front matter.
func Episode(seed int64, i int) (name string, src []byte) {
	r := rand.New(rand.NewPCG(uint64(seed), uint64(i)))
	v := vocabulary()
	var b bytes.Buffer
	b.Grow(maxBytes + 1024)

	sh := shows[r.IntN(len(shows))]
	speakers := castOf(r, sh)
	writeFrontMatter(&b, r, v, seed, i, sh, speakers)

	turns := body(r, v, speakers, archive)
	times := timestamps(r, turns, archive)
	for k, t := range turns {
		if k > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "**%s** (%s)\n", t.speaker, clock(times[k]))
		for _, p := range t.lines {
			b.WriteString(words(p))
			b.WriteByte('\n')
		}
	}
	return Name(i), b.Bytes()
}

// castOf picks the hosts (a co-host is away one episode in five) and one or
// two guests, drawn so that some guests come back often.
func castOf(r *rand.Rand, sh show) []string {
	cast := []string{sh.hosts[0]}
	if len(sh.hosts) > 1 && r.IntN(5) != 0 {
		cast = append(cast, sh.hosts[1])
	}
	guests := 1
	if len(cast) == 1 && r.IntN(3) == 0 {
		guests = 2
	}
	for len(cast) < 3 && guests > 0 {
		// Squaring a uniform draw favours the start of the pool: the
		// regulars. Hosts of other shows guest too.
		g := people[int(float64(len(people))*r.Float64()*r.Float64())]
		if !contains(cast, g) {
			cast = append(cast, g)
			guests--
		}
	}
	return cast
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func writeFrontMatter(b *bytes.Buffer, r *rand.Rand, v *vocab, seed int64, i int, sh show, speakers []string) {
	// One episode a day across the network keeps dates distinct and spreads
	// a large archive over years.
	first := time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(uint64(seed)%firstDateDays))
	date := first.AddDate(0, 0, i)
	var tags []string
	for n := 1 + r.IntN(4); len(tags) < n; {
		if t := tagPool[r.IntN(len(tagPool))]; !contains(tags, t) {
			tags = append(tags, t)
		}
	}
	fmt.Fprintf(b, "---\ntitle: %q\ndate: %s\nshow: %q\ndescription: %q\nspeakers: [%s]\nmedia: "+audioPath+"\ntags: [%s]\n---\n",
		title(r, v), date.Format("2006-01-02"), sh.name, words(sentence(r, v, nil)),
		strings.Join(speakers, ", "), i, strings.Join(tags, ", "))
}

// title is a short capitalised phrase of content words: titles are made
// of what an episode is about, not of "the" and "and".
func title(r *rand.Rand, v *vocab) string {
	n := 3 + r.IntN(5)
	parts := make([]string, n)
	for k := range parts {
		i := v.rank(r)
		for i < titleFromRank {
			i = v.rank(r)
		}
		w := v.words[i]
		parts[k] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(parts, " ")
}

// Write writes episodes 0 to n-1 of the archive made from seed into dir,
// creating it, one file per episode, on every core.
func Write(dir string, seed int64, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	next := make(chan int)
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				name, src := Episode(seed, i)
				if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
					errs <- err
				}
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	close(errs)
	return <-errs // nil when closed and empty
}

// Edit makes a small change to one turn of a transcript that Episode made:
// it appends a short sentence, numbered k, to the first line of text of the
// turn chosen by k. Different k give different bytes; speakers, times and
// the number of turns stay as they were.
func Edit(src []byte, k int) []byte {
	var turnText []int // offsets of the end of each turn's first text line
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			break
		}
		line := src[off : off+end]
		next := off + end + 1
		if bytes.HasPrefix(line, []byte("**")) && bytes.HasSuffix(line, []byte(")")) && bytes.Contains(line, []byte("** (")) {
			if e := bytes.IndexByte(src[next:], '\n'); e > 0 {
				turnText = append(turnText, next+e)
			}
		}
		off = next
	}
	if len(turnText) == 0 {
		return append(src[:len(src):len(src)], fmt.Sprintf("\nEdited, revision %d.\n", k)...)
	}
	at := turnText[(k*7919%len(turnText)+len(turnText))%len(turnText)]
	out := make([]byte, 0, len(src)+32)
	out = append(out, src[:at]...)
	out = fmt.Appendf(out, " Edited, revision %d.", k)
	return append(out, src[at:]...)
}
