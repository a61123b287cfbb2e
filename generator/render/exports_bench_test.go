package render

import (
	"testing"

	"github.com/verbatim-ssg/verbatim/generator/corpus"
	"github.com/verbatim-ssg/verbatim/generator/site"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// The export benchmarks run on an episode of the benchmark corpus (~90 KB,
// ~200 turns, as generator's benchmarks use); b.SetBytes makes them report
// MB/s of transcript.

// benchEpisode returns a generated episode, its turns and its blocks as
// EpisodeFiles hands them to the exports, and the size of its source.
func benchEpisode(b *testing.B) (*transcript.Transcript, []*Turn, []Block, int64) {
	_, src := corpus.Episode(1, 0)
	tr, problems := transcript.Parse("ep.md", src)
	if problems.HasErrors() {
		b.Fatal(problems)
	}
	turns := turnsOf(tr)
	blocks := make([]Block, len(turns))
	for i, t := range turns {
		blocks[i] = Block{Turn: t}
	}
	return tr, turns, blocks, int64(len(src))
}

// BenchmarkCaptions times both caption files of an episode, recycling
// their bytes as a build does once it wrote them.
func BenchmarkCaptions(b *testing.B) {
	_, turns, _, size := benchEpisode(b)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		vtt, srt := captions(turns)
		recycle(vtt)
		recycle(srt)
	}
}

// BenchmarkPlainText times the plain text of every turn of an episode,
// which EpisodeFiles makes once a turn for the page, the speaker pages and
// the search index.
func BenchmarkPlainText(b *testing.B) {
	tr, _, _, size := benchEpisode(b)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range tr.Turns {
			PlainText(t.Text)
		}
	}
}

// BenchmarkExports times the exports made from an episode's turns:
// captions, the JSON transcript and the plain text.
func BenchmarkExports(b *testing.B) {
	tr, turns, blocks, size := benchEpisode(b)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		captions(turns)
		podcastJSON(turns)
		plainText(tr, blocks)
	}
}

// BenchmarkEpisodeFiles times all of an episode's files, page and exports,
// recycling their bytes once "written" as a build does, over eight episodes
// of the benchmark corpus.
func BenchmarkEpisodeFiles(b *testing.B) {
	var sums []*site.Summary
	trs := make(map[string]*transcript.Transcript)
	var size int64
	for i := range 8 {
		name, src := corpus.Episode(1, i)
		tr, problems := transcript.Parse(name, src)
		if problems.HasErrors() {
			b.Fatal(problems)
		}
		trs["content/"+name] = tr
		sums = append(sums, site.Summarize("content/"+name, tr))
		size += int64(len(src))
	}
	s, _ := site.New(site.DefaultConfig(), sums, false)
	th, _ := LoadTheme(b.TempDir(), "github", "github-dark", true)
	r, _ := New(s, th, NewMarkdown())
	b.SetBytes(size / 8)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		e := s.Episodes[i%len(s.Episodes)]
		rendered, err := r.EpisodeFiles(e, trs[e.Source])
		if err != nil {
			b.Fatal(err)
		}
		Recycle(rendered.Files)
		i++
	}
}
