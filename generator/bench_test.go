package generator

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
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
		if _, err := r.EpisodeFiles(e, byName[e.Source]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkRebuildOneEdit times what serve does after a save: a rebuild
// by a warm Builder told by the watcher that one transcript changed. VERBATIM_BENCH_N sets the
// archive's size (default 200).
func BenchmarkRebuildOneEdit(b *testing.B) {
	n := 200
	if s := os.Getenv("VERBATIM_BENCH_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	dir := b.TempDir()
	if err := corpus.Write(filepath.Join(dir, ContentDir), 1, n); err != nil {
		b.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.Source, cfg.Output = dir, filepath.Join(dir, "public")
	cfg.Preview, cfg.Fingerprint = true, false // as serve builds
	builder := NewBuilder(cfg)
	if _, err := builder.Build(context.Background()); err != nil {
		b.Fatal(err)
	}
	name := filepath.Join(dir, ContentDir, corpus.Name(n/2))
	src, _ := os.ReadFile(name)
	k := 0
	for b.Loop() {
		k++
		if err := os.WriteFile(name, corpus.Edit(src, k), 0o644); err != nil {
			b.Fatal(err)
		}
		res, err := builder.BuildChanged(context.Background(), []string{name})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Written) == 0 {
			b.Fatal("the edit wrote nothing")
		}
	}
}
