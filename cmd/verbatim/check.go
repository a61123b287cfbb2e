package main

import (
	"context"
	"fmt"
	"io"

	"github.com/verbatim-ssg/verbatim/generator"
	"github.com/verbatim-ssg/verbatim/generator/diag"
)

func init() {
	commands["check"] = command{"report problems in the transcripts without building, or measure them (-report)", checkCmd}
}

func checkCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "", stderr)
	cfg := generator.DefaultConfig()
	fs.StringVar(&cfg.Source, "src", ".", "the site's `folder`, holding content/")
	fs.BoolVar(&cfg.Drafts, "drafts", false, "check drafts' URLs against published episodes too")
	strict := fs.Bool("strict", false, "fail on warnings too (they are still reported as warnings)")
	all := fs.Bool("all", false, "show every problem, not a few of each kind")
	measure := fs.Bool("report", false, "measure each transcript: format, turns, speakers, words kept, notes kept, false speakers, literal timestamps, labels left in the text, problems, time")
	asJSON := fs.Bool("json", false, "with -report, write the report as JSON")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "verbatim check: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return exitUsage
	}
	if *asJSON && !*measure {
		fmt.Fprintln(stderr, "verbatim check: -json goes with -report")
		return exitUsage
	}
	var problems diag.List
	if *measure {
		r, ps, err := generator.Measure(ctx, cfg)
		if err != nil {
			fmt.Fprintln(stderr, "verbatim:", err)
			return exitFail
		}
		problems = ps
		fmt.Fprint(stderr, problems.Report(*all))
		if *asJSON {
			err = r.WriteJSON(stdout)
		} else {
			err = r.WriteText(stdout, true)
		}
		if err != nil {
			fmt.Fprintln(stderr, "verbatim:", err)
			return exitFail
		}
	} else {
		ps, err := generator.Check(ctx, cfg)
		if err != nil {
			fmt.Fprintln(stderr, "verbatim:", err)
			return exitFail
		}
		problems = ps
		fmt.Fprint(stderr, problems.Report(*all))
		fmt.Fprintln(stdout, problems.Counts())
	}
	if problems.HasErrors() {
		return exitFail
	}
	if *strict && len(problems) > 0 {
		fmt.Fprintln(stderr, "verbatim: check failed: -strict fails on warnings")
		return exitFail
	}
	return exitOK
}
