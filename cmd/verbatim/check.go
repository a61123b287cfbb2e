package main

import (
	"context"
	"fmt"
	"io"

	"github.com/verbatim-ssg/verbatim/generator"
)

func init() {
	commands["check"] = command{"report problems in the transcripts without building", checkCmd}
}

func checkCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "[-src DIR] [-drafts] [-strict]", stderr)
	cfg := generator.DefaultConfig()
	fs.StringVar(&cfg.Source, "src", ".", "the site's `folder`, holding content/")
	fs.BoolVar(&cfg.Drafts, "drafts", false, "check drafts' URLs against published episodes too")
	strict := fs.Bool("strict", false, "fail on warnings too")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	problems, err := generator.Check(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "verbatim:", err)
		return exitFail
	}
	fmt.Fprint(stderr, problems.Format())
	errs, warns := len(problems.Errors()), len(problems.Warnings())
	fmt.Fprintf(stdout, "%d error(s), %d warning(s)\n", errs, warns)
	if errs > 0 || (*strict && warns > 0) {
		return exitFail
	}
	return exitOK
}
