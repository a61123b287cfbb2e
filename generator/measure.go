package generator

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/diag"
	"github.com/verbatim-ssg/verbatim/generator/report"
	"github.com/verbatim-ssg/verbatim/generator/site"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// Measure reads every transcript of the site as a build would and
// measures how faithfully each was read (see package report): the
// figures of "verbatim check -report". It returns the problems too, as
// Check does.
func Measure(ctx context.Context, cfg Config) (*report.Report, diag.List, error) {
	start := time.Now()
	conf, problems := site.LoadConfig(cfg.Source)
	names, err := listSources(cfg.Source)
	if err != nil {
		return nil, nil, fmt.Errorf("listing transcripts: %w", err)
	}
	opt := conf.ParseOptions()
	files := make([]report.File, len(names))
	summaries := make([]*site.Summary, len(names))
	fileProblems := make([]diag.List, len(names))
	var mu sync.Mutex
	var firstErr error
	forEach(ctx, len(names), cfg.Workers, func(i int) {
		began := time.Now()
		src, err := os.ReadFile(filepath.Join(cfg.Source, filepath.FromSlash(names[i])))
		if err != nil {
			mu.Lock()
			firstErr = err
			mu.Unlock()
			return
		}
		t, ps := transcript.ParseWith(names[i], src, opt) // as readSource reads it
		ps = append(ps, lintTranscript(t, src)...)
		f := report.Measure(t, src)
		f.Name, f.Time = names[i], time.Since(began)
		files[i], summaries[i], fileProblems[i] = f, site.Summarize(names[i], t), ps
	})
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	if firstErr != nil {
		return nil, nil, firstErr
	}
	st, siteProblems := site.New(conf, summaries, cfg.Drafts)
	titles := make(map[string]string, len(names))
	if st != nil {
		for _, e := range st.Episodes {
			titles[e.Source] = e.Meta.Title
		}
	}
	byFile := make(map[string]diag.List)
	for _, p := range siteProblems {
		byFile[p.Pos.File] = append(byFile[p.Pos.File], p)
	}
	for i := range files {
		f := &files[i]
		ps := append(fileProblems[i], byFile[f.Name]...)
		problems = append(problems, ps...)
		f.Errors = len(ps.Errors())
		f.Warnings = len(ps) - f.Errors
		f.Built = f.Errors == 0
		title, published := titles[f.Name]
		f.Untitled = published && title == "" || !published && summaries[i].Meta.Title == ""
	}
	for file, ps := range byFile {
		if _, ok := titles[file]; !ok && !isSource(names, file) {
			problems = append(problems, ps...) // the config's, or the site's as a whole
		}
	}
	problems.Sort()
	return report.New(files, time.Since(start)), problems, nil
}

// isSource reports whether file is one of the sorted names.
func isSource(names []string, file string) bool {
	for _, n := range names {
		if n == file {
			return true
		}
	}
	return false
}
