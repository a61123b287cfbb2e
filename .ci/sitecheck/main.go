// Command sitecheck builds the sites that .ci/checks validates and runs the
// checks that are easiest to write in Go: the feed (gofeed plus the strict
// rules it does not enforce), the sitemap's URLs, internal links and
// fragments, and the transcript exports. Each check prints its problems, one
// per line, and exits 1 when there is any.
//
//	sitecheck build -out DIR [-episodes N]   sample, large and media sites under DIR
//	sitecheck feed -base URL FILE            RSS 2.0 and podcast:transcript rules
//	sitecheck sitemap -base URL SITE         every <loc> absolute, under URL, backed by a file
//	sitecheck links SITE                     internal links and #fragments resolve
//	sitecheck exports SITE                   transcript.json fields, SRT structure
//	sitecheck pages SITE N                   an even spread of N pages (for slow checks)
//	sitecheck serve -addr ADDR [-headers netlify.toml] [-lay-out] SITE
//	                                         serve SITE as a host would: Range requests,
//	                                         text gzipped, and netlify.toml's headers;
//	                                         -lay-out lays every part of a page out, for
//	                                         the accessibility checks (serve.go says why)
//	sitecheck wav FILE SECONDS               write a silent WAV file (8 kHz, 8-bit mono)
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/browsertest"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// maxShown caps the problems printed per check; the count says how many more.
const maxShown = 20

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: sitecheck build|feed|sitemap|links|exports|pages|serve|wav ...")
		return 2
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	base := fs.String("base", "https://example.org/", "the site's base URL")
	out := fs.String("out", "", "build: where the sites go")
	episodes := fs.Int("episodes", 300, "build: episodes in the generated site")
	addr := fs.String("addr", "127.0.0.1:8089", "serve: address")
	headers := fs.String("headers", "", "serve: a netlify.toml whose [[headers]] the responses get")
	layOut := fs.Bool("lay-out", false, "serve: lay out every part of a page, content-visibility: auto or not")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	var problems []string
	var err error
	switch args[0] {
	case "build":
		err = build(*out, *base, *episodes)
	case "feed":
		problems, err = checkFeed(fs.Arg(0), *base)
	case "sitemap":
		problems, err = checkSitemap(fs.Arg(0), *base)
	case "links":
		problems, err = checkLinks(fs.Arg(0))
	case "exports":
		problems, err = checkExports(fs.Arg(0))
	case "pages":
		var pages []string
		pages, err = spread(fs.Arg(0), fs.Arg(1))
		for _, p := range pages {
			fmt.Fprintln(stdout, p)
		}
	case "wav":
		var sec int
		if sec, err = strconv.Atoi(fs.Arg(1)); err == nil {
			err = os.WriteFile(fs.Arg(0), browsertest.SilentWAV(time.Duration(sec)*time.Second, 8000), 0o644)
		}
	case "serve":
		err = serveSite(*addr, fs.Arg(0), *headers, *layOut)
	default:
		fmt.Fprintf(stderr, "sitecheck: unknown command %q\n", args[0])
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "sitecheck %s: %v\n", args[0], err)
		return 1
	}
	for i, p := range problems {
		if i == maxShown {
			fmt.Fprintf(stdout, "(and %d more)\n", len(problems)-maxShown)
			break
		}
		fmt.Fprintln(stdout, p)
	}
	if len(problems) > 0 {
		return 1
	}
	return 0
}
