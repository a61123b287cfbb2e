package generator

import (
	"context"
	"fmt"

	"github.com/verbatim-ssg/verbatim/generator/diag"
	"github.com/verbatim-ssg/verbatim/generator/site"
)

// Check reads every transcript and the config as a build would, without
// rendering or writing anything, and returns every problem found: errors
// that would stop a build, and the linter's warnings.
func Check(ctx context.Context, cfg Config) (diag.List, error) {
	conf, problems := site.LoadConfig(cfg.Source)
	names, err := listSources(cfg.Source)
	if err != nil {
		return nil, fmt.Errorf("listing transcripts: %w", err)
	}
	sources, err := readSources(ctx, cfg.Source, names, nil, conf.ParseOptions(), cfg.Workers, nil)
	if err != nil {
		return nil, err
	}
	summaries := make([]*site.Summary, 0, len(names))
	for _, name := range names {
		problems = append(problems, sources[name].Problems...)
		summaries = append(summaries, sources[name].Summary)
	}
	_, siteProblems := site.New(conf, summaries, cfg.Drafts)
	problems = append(problems, siteProblems...)
	problems.Sort()
	return problems, nil
}
