package generator

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/verbatim-ssg/verbatim/generator/render"
	"github.com/verbatim-ssg/verbatim/generator/search"
	"github.com/verbatim-ssg/verbatim/generator/site"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// searchIndex writes the search index (package search) when any episode's
// words, title, show, date or speakers changed since the last build, and
// otherwise keeps the files the last build wrote.
//
// It is a pass of its own over every episode, in chunks in site order like
// the rendering, so the turns it tokenizes never exceed a chunk's worth.
func (j *job) searchIndex() error {
	eps := j.site.Episodes
	parts := []string{"search", fmt.Sprint(search.ChunkTurns, search.ShardSize)}
	for _, e := range eps {
		sum := j.sources[e.Source].Sum
		parts = append(parts, e.Slug, e.Meta.Title, e.Meta.Show, searchDate(e), string(sum[:]))
		for _, sp := range e.Speakers {
			parts = append(parts, sp.Name)
		}
	}
	key := j.key(parts...)
	files, ok := previousSearchFiles(j.out.Root())
	if !ok {
		j.next.Keys[search.ManifestPath] = key // what keep records, so the state is the same either way
	} else if j.keep(search.ManifestPath, key, files) {
		return nil
	}
	x := &search.Indexer{}
	defer x.Close()
	progress := j.b.progress("indexing", len(eps))
	for start := 0; start < len(eps); start += searchChunk {
		batch := eps[start:min(start+searchChunk, len(eps))]
		prepared := make([]*search.Prepared, len(batch))
		errs := make([]error, len(batch))
		forEach(j.ctx, len(batch), j.b.cfg.Workers, func(k int) {
			prepared[k], errs[k] = j.prepareSearch(batch[k])
		})
		if err := j.ctx.Err(); err != nil {
			return err
		}
		for k, p := range prepared {
			if errs[k] != nil {
				return errs[k]
			}
			if err := x.Add(p); err != nil {
				return err
			}
		}
		if progress != nil {
			progress(start + len(batch))
		}
	}
	// Each shard is handed to write as it is merged: stopping there is what
	// lets a preview's next change cancel the pass at once.
	return x.Finish(func(path string, data []byte) error {
		if err := j.ctx.Err(); err != nil {
			return err
		}
		return j.out.Write(path, data)
	})
}

// searchChunk is how many episodes are tokenized at once: enough to keep
// every core busy, few enough that their postings, held until they are
// added in order, stay small beside the indexer's budget.
const searchChunk = 16

// prepareSearch tokenizes one episode and writes its text chunks.
func (j *job) prepareSearch(e *site.Episode) (*search.Prepared, error) {
	t, err := parseSource(j.b.cfg.Source, e.Source, j.sources[e.Source].Sum)
	if err != nil {
		return nil, err
	}
	p := search.Prepare(searchEpisode(e, t))
	for _, f := range p.Files {
		if err := j.out.Write(f.Path, f.Data); err != nil {
			return nil, err
		}
	}
	p.Files = nil
	return p, nil
}

// searchEpisode is an episode as the search index sees it.
func searchEpisode(e *site.Episode, t *transcript.Transcript) search.Episode {
	ids := site.Anchors(t.Turns)
	se := search.Episode{Slug: e.Slug, Title: e.Meta.Title, Show: e.Meta.Show, Date: searchDate(e), Turns: make([]search.Turn, len(t.Turns))}
	for i, tt := range t.Turns {
		st := search.Turn{Anchor: ids[i], Text: render.PlainText(tt.Text)}
		if k := e.Turns[i].Speaker; k >= 0 {
			st.Speaker = e.Speakers[k].Name
		}
		if tt.Start != transcript.NoTime {
			st.Time = transcript.FormatTimestamp(tt.Start)
		}
		se.Turns[i] = st
	}
	return se
}

func searchDate(e *site.Episode) string {
	if e.Meta.Date.IsZero() {
		return ""
	}
	return e.Meta.Date.Format("2006-01-02")
}

// previousSearchFiles lists the files of the index the last build left in
// the output folder, from its manifest.
func previousSearchFiles(root string) ([]string, bool) {
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(search.ManifestPath)))
	if err != nil {
		return nil, false
	}
	files, err := search.Files(data)
	return files, err == nil
}
