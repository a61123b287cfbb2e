package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"golang.org/x/term"

	"github.com/verbatim-ssg/verbatim/generator"
	"github.com/verbatim-ssg/verbatim/generator/diag"
)

func init() {
	commands["build"] = command{"build the site into public/", buildCmd}
}

func buildCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", "[-src DIR] [-out DIR] [-base-url URL] [-drafts] [-force] [-watch [-poll DURATION]]", stderr)
	cfg := generator.DefaultConfig()
	fs.StringVar(&cfg.Source, "src", ".", "the site's `folder`, holding content/")
	fs.StringVar(&cfg.Output, "out", "", "the output `folder` (default SRC/public)")
	fs.StringVar(&cfg.BaseURL, "base-url", "", "the site's address, overriding verbatim.yaml's baseURL")
	fs.BoolVar(&cfg.Drafts, "drafts", false, "publish drafts too")
	fs.BoolVar(&cfg.Strict, "strict", false, "fail on warnings too")
	fs.BoolVar(&cfg.Force, "force", false, "write every file again, trusting nothing in the output folder")
	watch := fs.Bool("watch", false, "rebuild whenever a file changes")
	poll := fs.Duration("poll", 0, "with -watch, poll for changes at this `interval` instead of using file system events")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the build to `file` (for go tool pprof)")
	memProfile := fs.String("memprofile", "", "write a heap profile taken at the end of the build to `file`")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "verbatim build: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return exitUsage
	}
	if *watch {
		if err := generator.Watch(ctx, cfg, *poll, stderr); err != nil && !errors.Is(err, context.Canceled) {
			fmt.Fprintln(stderr, "verbatim:", err)
			return exitFail
		}
		return exitOK
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(stderr, "verbatim:", err)
			return exitFail
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(stderr, "verbatim:", err)
			return exitFail
		}
		defer pprof.StopCPUProfile()
	}
	// A one-shot build's live heap is small and short-lived: collect
	// rarely, but never let the heap pass the limit. (Not for -watch or
	// serve: a long-lived builder keeps caches that a limit would make the
	// collector chase.)
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(400)
		debug.SetMemoryLimit(memoryLimit(generator.CountTranscripts(cfg.Source)))
	}
	cfg.Progress = progressPrinter(stderr)
	res, err := generator.NewBuilder(cfg).Build(ctx)
	if cfg.Progress != nil {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if err != nil {
		reportError(stderr, err)
		return exitFail
	}
	report(stdout, stderr, res)
	if *memProfile != "" {
		if err := writeHeapProfile(*memProfile); err != nil {
			fmt.Fprintln(stderr, "verbatim:", err)
			return exitFail
		}
	}
	return exitOK
}

// writeHeapProfile writes what the heap holds at the end of a build: what a
// long-lived builder (serve) keeps between builds.
func writeHeapProfile(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return pprof.Lookup("heap").WriteTo(f, 0)
}

// report prints a build's warnings and its one-line summary.
func report(stdout, stderr io.Writer, res *generator.Result) {
	if len(res.Warnings) > 0 {
		fmt.Fprint(stderr, res.Warnings.Format())
	}
	fmt.Fprintf(stdout, "Built %d episodes, %d pages in %v (%d files written, %d removed).\n",
		res.Episodes, res.Pages, res.Elapsed.Round(time.Millisecond), res.Wrote, len(res.Removed))
}

// reportError prints problems in the input one per line, or any other error.
func reportError(stderr io.Writer, err error) {
	var problems diag.List
	if errors.As(err, &problems) {
		fmt.Fprint(stderr, problems.Format())
		if n := len(problems.Errors()); n > 0 {
			fmt.Fprintf(stderr, "verbatim: build failed with %d error(s); the output folder was left as it was.\n", n)
		}
		return
	}
	fmt.Fprintln(stderr, "verbatim:", err)
}

// progressPrinter returns a Progress callback that redraws one status line
// at most ten times a second, or nil when w is not a terminal.
func progressPrinter(w io.Writer) func(stage string, done, total int) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	var last time.Time
	return func(stage string, done, total int) {
		if now := time.Now(); done == total || now.Sub(last) > 100*time.Millisecond {
			last = now
			fmt.Fprintf(w, "\r\033[K%s: %d of %d episodes", stage, done, total)
		}
	}
}

// memoryLimit is the soft memory limit of a one-shot build of n
// transcripts: 80 MB up to 20,000, and 1 KB more for each beyond. What a
// build holds until it ends is about 15 MB and 1 KB an episode, its
// summary (title, description, speakers) for the site's lists; the rest
// (an episode's pages and postings in flight, the output's list of files,
// spilled to disk as it grows) stays the same at any size. At 20,000
// episodes the live heap is about 50 MB, so 80 MB leaves the collector
// room (and the process under 100 MB); beyond, the limit keeps that room.
func memoryLimit(n int) int64 {
	return 80<<20 + int64(max(0, n-20000))<<10
}
