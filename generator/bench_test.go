package generator

import (
	"testing"

	"github.com/verbatim-ssg/verbatim/generator/corpus"
	"github.com/verbatim-ssg/verbatim/generator/render"
	"github.com/verbatim-ssg/verbatim/generator/site"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// The per-episode benchmarks run on episodes of the benchmark corpus (~90 KB,
// ~200 turns); b.SetBytes makes them report MB/s of transcript.

func benchEpisodes(b *testing.B, n int) [][]byte {
	srcs := make([][]byte, n)
	for i := range srcs {
		_, srcs[i] = corpus.Episode(1, i)
	}
	return srcs
}

func BenchmarkParse(b *testing.B) {
	srcs := benchEpisodes(b, 8)
	b.SetBytes(int64(len(srcs[0])))
	i := 0
	for b.Loop() {
		transcript.Parse("ep.md", srcs[i%len(srcs)])
		i++
	}
}

func BenchmarkRenderEpisode(b *testing.B) {
	srcs := benchEpisodes(b, 8)
	var sums []*site.Summary
	var trs []*transcript.Transcript
	for i, src := range srcs {
		tr, _ := transcript.Parse(corpus.Name(i), src)
		trs = append(trs, tr)
		sums = append(sums, site.Summarize("content/"+corpus.Name(i), tr))
	}
	s, _ := site.New(site.DefaultConfig(), sums, false)
	th, _ := render.LoadTheme(b.TempDir(), "github", "github-dark", true)
	r, _ := render.New(s, th, render.NewMarkdown())
	byName := make(map[string]*transcript.Transcript)
	for i, tr := range trs {
		byName["content/"+corpus.Name(i)] = tr
	}
	b.SetBytes(int64(len(srcs[0])))
	i := 0
	for b.Loop() {
		e := s.Episodes[i%len(s.Episodes)]
		if _, _, err := r.EpisodeFiles(e, byName[e.Source]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
