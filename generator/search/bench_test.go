package search

import (
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
	e := Episode{Slug: name, Title: t.Meta.Title, Show: t.Meta.Show}
	for k, tt := range t.Turns {
		turn := Turn{Anchor: ids[k], Text: render.PlainText(tt.Text)}
		if s := sum.Turns[k].Speaker; s >= 0 {
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
// hour-long episode and making its chunks.
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
