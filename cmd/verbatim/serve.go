package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/verbatim-ssg/verbatim/generator"
)

func init() {
	commands["serve"] = command{"preview the site, rebuilding and reloading on every change", serveCmd}
}

func serveCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", "", stderr)
	cfg := generator.DefaultConfig()
	sc := generator.DefaultServeConfig()
	fs.StringVar(&cfg.Source, "src", ".", "the site's `folder`, holding content/")
	fs.StringVar(&sc.Bind, "bind", sc.Bind, "the `address` to listen on; 0.0.0.0 shows the preview to your network")
	fs.IntVar(&sc.Port, "port", sc.Port, "the `port` to listen on; when the default is busy, the next free one is used")
	fs.BoolVar(&cfg.Drafts, "drafts", false, "show drafts too")
	fs.DurationVar(&sc.Poll, "poll", 0, "poll for changes at this `interval` (such as 500ms) instead of using file system events, for network mounts")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "verbatim serve: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return exitUsage
	}
	fs.Visit(func(f *flag.Flag) { sc.PortGiven = sc.PortGiven || f.Name == "port" })
	if sc.Port < 0 || sc.Port > 65535 {
		fmt.Fprintf(stderr, "verbatim serve: -port %d is not a port; use 1 to 65535, or 0 for any free one\n", sc.Port)
		return exitUsage
	}
	if err := generator.Serve(ctx, cfg, sc, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "verbatim:", err)
		return exitFail
	}
	return exitOK
}
