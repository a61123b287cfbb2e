// Command verbatim-bench times verbatim as a user runs it, as whole
// processes, on generated archives of hour-and-a-half transcripts: a cold
// build, a rebuild with nothing changed, a rebuild after one transcript
// changed, and the time from a file's write to serve's reload event; and,
// when hugo is on PATH, Hugo's cold build of the same files, alternating
// with verbatim's. It prints a markdown table of medians and peak memory.
//
// The floor step (-steps floor, not run by default) writes the files of
// verbatim's cold build again, from memory, beside the cold builds: a
// bound from below on any cold build of that output (see floor.go).
//
// The search step (-steps search, not run by default) measures what a
// query costs a reader in headless Chromium, beside Pagefind on the same
// built site: see search.go.
//
// Run it from the repository root:
//
//	go run ./cmd/verbatim-bench -n 100,1000,5000 -runs 5
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 3 && args[0] == floorFlag {
		if err := floorWrite(args[1], args[2], stdout); err != nil {
			fmt.Fprintln(stderr, "verbatim-bench:", err)
			return 1
		}
		return 0
	}
	fs := flag.NewFlagSet("verbatim-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizes := fs.String("n", "100,1000,5000", "archive `sizes` to measure, in episodes, comma-separated")
	runs := fs.Int("runs", 5, "timed runs per step, after one warm-up")
	seed := fs.Int64("seed", 1, "corpus seed; the same seed makes the same archive")
	hugoMode := fs.String("hugo", "auto", "auto: compare with the hugo on PATH; off: leave Hugo out")
	work := fs.String("work", filepath.Join(os.TempDir(), "verbatim-bench"), "working `folder`: binary, cached archives, outputs")
	out := fs.String("out", "", "also write the report to this `file`")
	against := fs.String("against", "", "another verbatim `binary` (an older build, say) whose cold builds alternate with this one's, for a ratio of wall and CPU time")
	only := fs.String("steps", "cold,noop,edit,reload", "`steps` to time: cold (with Hugo's), noop, edit, reload; floor (with cold: writing the cold build's files alone); and search (bytes per query, beside Pagefind)")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	var ns []int
	for _, f := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			fmt.Fprintf(stderr, "verbatim-bench: -n wants sizes such as 100,1000, not %q\n", f)
			return 2
		}
		ns = append(ns, n)
	}
	steps := map[string]bool{}
	for _, f := range strings.Split(*only, ",") {
		switch f = strings.TrimSpace(f); f {
		case "cold", "noop", "edit", "reload", "search", "floor":
			steps[f] = true
		default:
			fmt.Fprintf(stderr, "verbatim-bench: -steps wants cold, noop, edit, reload, search or floor, not %q\n", f)
			return 2
		}
	}
	if steps["floor"] {
		steps["cold"] = true // the floor writes what the cold build wrote
	}
	if *runs < 1 || (*hugoMode != "auto" && *hugoMode != "off") {
		fmt.Fprintln(stderr, "verbatim-bench: -runs must be at least 1 and -hugo auto or off")
		return 2
	}

	var err error
	b := &bench{runs: *runs, seed: *seed, steps: steps, progress: stderr}
	if *against != "" {
		if b.against, err = filepath.Abs(*against); err != nil {
			fmt.Fprintln(stderr, "verbatim-bench:", err)
			return 1
		}
	}
	if b.work, err = filepath.Abs(*work); err == nil {
		err = b.buildBinary(ctx)
	}
	if err != nil {
		fmt.Fprintln(stderr, "verbatim-bench:", err)
		return 1
	}
	// Outputs an interrupted run left aside go now, those of this run at
	// its end (aside.go).
	b.aside = &aside{dir: filepath.Join(b.work, "aside")}
	if err := b.aside.empty(); err != nil {
		fmt.Fprintln(stderr, "verbatim-bench:", err)
		return 1
	}
	defer func() {
		b.logf("deleting the outputs moved aside")
		if err := b.aside.empty(); err != nil {
			b.logf("%v", err)
		}
	}()
	rep := report{
		command: "go run ./cmd/verbatim-bench " + strings.Join(args, " "),
		machine: fmt.Sprintf("%s/%s, %d CPUs, %s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version()),
		runs:    *runs,
		against: *against,
	}
	var version, why string
	b.hugo, version, why = findHugo(ctx, *hugoMode)
	rep.hugo = version
	if why != "" {
		rep.hugo = "left out: " + why
		b.logf("%s", why)
	}
	for _, n := range ns {
		res, err := b.measure(ctx, n)
		if err != nil {
			fmt.Fprintln(stderr, "verbatim-bench:", err)
			return 1
		}
		rep.results = append(rep.results, res)
		rep.deletedEarly = b.aside.early
		if steps["search"] {
			s, err := b.measureSearch(ctx, n)
			if err != nil {
				fmt.Fprintln(stderr, "verbatim-bench: search:", err)
				return 1
			}
			rep.searches = append(rep.searches, s)
		}
	}
	text := rep.markdown()
	fmt.Fprint(stdout, text)
	if *out != "" {
		if err := os.WriteFile(*out, []byte(text), 0o644); err != nil {
			fmt.Fprintln(stderr, "verbatim-bench:", err)
			return 1
		}
	}
	return 0
}

// buildBinary builds cmd/verbatim of the module the harness runs in, once,
// into the working folder, and finds which commands it has.
func (b *bench) buildBinary(ctx context.Context) error {
	gomod, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return fmt.Errorf("go env GOMOD: %w", err)
	}
	root := filepath.Dir(strings.TrimSpace(string(gomod)))
	if err := os.MkdirAll(b.work, 0o755); err != nil {
		return err
	}
	b.bin = filepath.Join(b.work, "verbatim")
	b.logf("building %s", b.bin)
	build := exec.CommandContext(ctx, "go", "build", "-o", b.bin, "./cmd/verbatim")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/verbatim: %w\n%s", err, out)
	}
	b.build = hasCommand(ctx, b.bin, "build")
	b.serve = hasCommand(ctx, b.bin, "serve")
	return nil
}
