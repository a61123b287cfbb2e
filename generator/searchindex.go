package generator

import (
	"fmt"
	"os"

	"github.com/verbatim-ssg/verbatim/generator/render"
	"github.com/verbatim-ssg/verbatim/generator/search"
	"github.com/verbatim-ssg/verbatim/generator/site"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// newIndex returns the indexer the rendering pass feeds when any episode's
// words, title, show, date or speakers (their pictures too) changed since
// the last build, or nil when the last build's index still holds and its
// files are kept.
func (j *job) newIndex() *search.Indexer {
	parts := []string{"search", fmt.Sprint(search.Version, search.ShardSize)}
	for _, e := range j.site.Episodes {
		sum := j.sources[e.Source].Sum
		parts = append(parts, e.Slug, e.Meta.Title, e.Meta.Show, searchDate(e), string(sum[:]))
		for _, sp := range e.Speakers {
			parts = append(parts, sp.Name, sp.Slug, sp.Role, sp.Initials(), fmt.Sprint(sp.Color), j.r.AvatarURL(sp))
		}
	}
	key := j.key(parts...)
	files, ok := previousSearchFiles(j.out.Root())
	if !ok {
		j.next.Keys[search.ManifestPath] = key // what keep records, so the state is the same either way
	} else if j.keep(search.ManifestPath, key, files) {
		return nil
	}
	return &search.Indexer{}
}

// finishIndex merges the index's postings and writes its term shards and
// manifest. Each shard is handed to the output as it is merged: stopping
// there is what lets a preview's next change cancel the pass at once.
func (j *job) finishIndex(x *search.Indexer) error {
	if x == nil {
		return nil
	}
	return x.Finish(func(path string, data []byte) error {
		if err := j.ctx.Err(); err != nil {
			return err
		}
		return j.out.Write(path, data)
	})
}

// searchIndex writes the search index in a pass of its own, for a preview,
// which leaves it out of the build so the browser reloads without waiting.
func (j *job) searchIndex() error {
	x := j.newIndex()
	if x == nil {
		return nil
	}
	defer x.Close()
	eps := j.site.Episodes
	todo := make([]int, len(eps))
	for i := range todo {
		todo[i] = i
	}
	work := func(i int) (episodeOut, error) { return j.episode(eps[i], need{index: true}) }
	err := j.inOrder("indexing", todo, work, func(_ int, r episodeOut) error { return x.Add(r.search) })
	if err != nil {
		return err
	}
	return j.finishIndex(x)
}

// prepareSearch tokenizes one episode and writes its text file.
func (j *job) prepareSearch(e *site.Episode, t *transcript.Transcript, turns []*render.Turn) (*search.Prepared, error) {
	p := search.Prepare(searchEpisode(j.r, e, t, turns))
	if err := j.out.Write(p.Text.Path, p.Text.Data); err != nil {
		return nil, err
	}
	p.Text.Data = nil
	return p, nil
}

// searchEpisode is an episode as the search index sees it, with its
// speakers' pictures at the URLs r's pages give them.
func searchEpisode(r *render.Renderer, e *site.Episode, t *transcript.Transcript, turns []*render.Turn) search.Episode {
	se := search.Episode{Slug: e.Slug, Title: e.Meta.Title, Show: e.Meta.Show, Date: searchDate(e),
		Description: e.Meta.Description, Turns: make([]search.Turn, len(turns))}
	for _, c := range render.Chapters(t) {
		se.Chapters = append(se.Chapters, search.Chapter{Anchor: c.Anchor, Title: c.Title})
	}
	for _, sp := range e.Speakers {
		se.Speakers = append(se.Speakers, search.Speaker{Name: sp.Name, Slug: sp.Slug, Role: sp.Role,
			Color: 1 + sp.Color%site.Colors, Initials: sp.Initials(), Avatar: r.AvatarURL(sp)})
	}
	for i, t := range turns {
		st := search.Turn{Anchor: t.ID, Time: t.Time, Text: t.Text}
		if t.Speaker != nil {
			st.Speaker = t.Speaker.Name
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
// the output folder, from its manifest and pages.
func previousSearchFiles(root string) ([]string, bool) {
	files, err := search.Files(os.DirFS(root))
	return files, err == nil
}
