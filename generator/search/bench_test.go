package search

import (
	"bytes"
	"compress/gzip"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verbatim-ssg/verbatim/generator/corpus"
	"github.com/verbatim-ssg/verbatim/generator/render"
	"github.com/verbatim-ssg/verbatim/generator/site"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// corpusEpisode is episode i of the benchmark corpus as the index sees it.
func corpusEpisode(tb testing.TB, i int) Episode {
	name, src := corpus.Episode(1, i)
	t, _ := transcript.Parse(name, src)
	sum := site.Summarize(name, t)
	ids := site.Anchors(t.Turns)
	e := Episode{Slug: name, Title: t.Meta.Title, Show: t.Meta.Show, Description: t.Meta.Description}
	for _, sp := range sum.Speakers {
		e.Speakers = append(e.Speakers, Speaker{Name: sp.Name, Slug: site.Slug(sp.Name), Role: sp.Role})
	}
	for _, c := range t.Chapters {
		e.Chapters = append(e.Chapters, Chapter{Anchor: "chapter-" + site.Slug(c.Title), Title: c.Title})
	}
	for k, tt := range t.Turns {
		turn := Turn{Anchor: ids[k], Text: render.PlainText(tt.Text)}
		if s := sum.SpeakerIndex(tt.Speaker); s >= 0 {
			turn.Speaker = sum.Speakers[s].Name
		}
		if tt.Start != transcript.NoTime {
			turn.Time = transcript.FormatTimestamp(tt.Start)
		}
		e.Turns = append(e.Turns, turn)
	}
	return e
}

// BenchmarkPrepare is the per-episode cost of the index: tokenizing an
// hour-long episode and making its text file.
func BenchmarkPrepare(b *testing.B) {
	e := corpusEpisode(b, 0)
	b.ReportAllocs()
	for b.Loop() {
		Prepare(e)
	}
}

// BenchmarkAdd is the per-episode cost of adding its postings in order.
func BenchmarkAdd(b *testing.B) {
	p := Prepare(corpusEpisode(b, 0))
	x := &Indexer{TempDir: b.TempDir()}
	defer x.Close()
	b.ReportAllocs()
	for b.Loop() {
		if err := x.Add(p); err != nil {
			b.Fatal(err)
		}
	}
}

var siteFlag = flag.String("site", "", "a built site whose search/ index BenchmarkQueryBytes measures (default: index 200 corpus episodes)")

// queryBytesQueries are measured by BenchmarkQueryBytes: words of the
// corpus's vocabulary from rare to common, alone and together.
var queryBytesQueries = []string{"gradients", "profiled dashboards", "migrate schemas", "parser", "think"}

// BenchmarkQueryBytes reports what the client fetches for a query's first
// results: three speakers, three episodes and five turns, as static/search.js shows them: bytes as stored and gzipped (as hosts send text, but
// for the ranges of text files, which come as they are stored), requests, and bytes for the same
// query repeated. Run it on a real build with
//
//	go test ./generator/search -run '^$' -bench QueryBytes -benchtime 1x -site /path/to/public
func BenchmarkQueryBytes(b *testing.B) {
	dir := *siteFlag
	if dir == "" {
		dir = b.TempDir()
		x := &Indexer{TempDir: b.TempDir()}
		write := func(p string, d []byte) error {
			full := filepath.Join(dir, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				return err
			}
			return os.WriteFile(full, d, 0o644)
		}
		for i := range 200 {
			p := Prepare(corpusEpisode(b, i))
			if err := write(p.Text.Path, p.Text.Data); err != nil {
				b.Fatal(err)
			}
			if err := x.Add(p); err != nil {
				b.Fatal(err)
			}
		}
		if err := x.Finish(write); err != nil {
			b.Fatal(err)
		}
	}
	fsys := os.DirFS(dir)
	for _, q := range queryBytesQueries {
		b.Run(strings.ReplaceAll(q, " ", "_"), func(b *testing.B) {
			var c *client
			var total int
			for b.Loop() {
				c = newClient(b, fsys)
				total, _ = c.search(q, "", "", 5)
				c.searchMeta(q, "", "", 3)
			}
			first, files := c.bytes, c.files
			gz := 0
			for path := range c.fetched {
				data, _ := fs.ReadFile(fsys, path)
				var buf bytes.Buffer
				w := gzip.NewWriter(&buf)
				w.Write(data)
				w.Close()
				gz += buf.Len()
			}
			for _, n := range c.ranges { // fetch asks for a range as it is stored
				gz += n
			}
			c.search(q, "", "", 5)
			c.searchMeta(q, "", "", 3)
			b.ReportMetric(float64(total), "results")
			b.ReportMetric(float64(first), "B-first")
			b.ReportMetric(float64(gz), "B-first-gzip")
			b.ReportMetric(float64(files), "requests-first")
			b.ReportMetric(float64(c.bytes-first), "B-repeat")
		})
	}
}

// BenchmarkFinish is the cost of the merge at the end of a build, per
// episode: the postings of 100 episodes, added in order (not timed), merged
// into shards, and the shards, pages and manifest written (to memory).
func BenchmarkFinish(b *testing.B) {
	const n = 100
	ps := make([]*Prepared, n)
	for i := range ps {
		ps[i] = Prepare(corpusEpisode(b, i))
	}
	tmp := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		x := &Indexer{TempDir: tmp}
		for _, p := range ps {
			if err := x.Add(p); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		if err := x.Finish(func(string, []byte) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/episode")
}
