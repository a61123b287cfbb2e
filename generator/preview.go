package generator

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/diag"
	"github.com/verbatim-ssg/verbatim/generator/output"
	"github.com/verbatim-ssg/verbatim/generator/serve"
	"github.com/verbatim-ssg/verbatim/generator/site"
	"github.com/verbatim-ssg/verbatim/generator/watch"
)

// ServeConfig says where a preview listens and how it watches.
type ServeConfig struct {
	Bind      string        // address to listen on; loopback unless the user says otherwise
	Port      int           // port to listen on
	PortGiven bool          // the user chose Port: fail when it is busy rather than take the next
	Poll      time.Duration // poll for changes at this interval instead of using file system events
}

// DefaultServeConfig listens on 127.0.0.1:1313, as hugo server does.
func DefaultServeConfig() ServeConfig {
	return ServeConfig{Bind: "127.0.0.1", Port: 1313}
}

// previewHooks let tests see what a preview does; nil fields are skipped.
type previewHooks struct {
	ready func(url, outDir string)       // the first build is served
	built func(b watch.Batch, err error) // a rebuild finished (err from Build)
}

// Serve builds the site into a temporary folder (so public/ is never
// touched), serves it with links pointing at the local server, and rebuilds
// on every change to the site's sources, telling open pages to reload,
// until ctx is done. It prints "Serving SRC at URL" on stdout once the site
// is served, and one line per rebuild.
func Serve(ctx context.Context, cfg Config, sc ServeConfig, stdout, stderr io.Writer) error {
	return servePreview(ctx, cfg, sc, stdout, stderr, previewHooks{})
}

func servePreview(ctx context.Context, cfg Config, sc ServeConfig, stdout, stderr io.Writer, hooks previewHooks) error {
	// The folder is held (locked) while the preview runs, so the next
	// preview removes it if this one is killed.
	tmp, err := output.NewTempDir("", "verbatim-serve-")
	if err != nil {
		return err
	}
	defer tmp.Remove()
	out := tmp.Path
	ln, err := serve.Listen(sc.Bind, sc.Port, sc.PortGiven)
	if err != nil {
		return fmt.Errorf("%w (choose another -port)", err)
	}
	url := serve.URL(ln)
	if addr, ok := ln.Addr().(*net.TCPAddr); ok && sc.Port != 0 && addr.Port != sc.Port {
		fmt.Fprintf(stderr, "Port %d is busy; using %d instead.\n", sc.Port, addr.Port)
	}
	cfg.Output, cfg.BaseURL = out, url
	// Stylesheets keep their names, so a changed one can be swapped in place.
	cfg.Fingerprint = false
	cfg.Preview = true
	srv := serve.New(out, cfg.Source)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()

	err = rebuildLoop(ctx, cfg, sc.Poll, stdout, stderr, func(first bool, b watch.Batch, res *Result, err error) {
		var problems diag.List
		switch {
		case err == nil:
			changed := append(append([]string(nil), res.Written...), res.Removed...)
			srv.Built(changed)
		case errors.As(err, &problems):
			srv.Failed(problems, nil)
		default:
			srv.Failed(nil, err)
		}
		if first {
			fmt.Fprintf(stdout, "Serving %s at %s\n", cfg.Source, url)
			if hooks.ready != nil {
				hooks.ready(url, out)
			}
		} else if hooks.built != nil {
			hooks.built(b, err)
		}
	}, func(res *Result) {
		srv.Built(append(append([]string(nil), res.Written...), res.Removed...))
	})
	cancel()
	if serr := <-served; serr != nil && err == nil {
		err = serr
	}
	return err
}

// Watch builds the site, then rebuilds it on every change to its sources
// until ctx is done: verbatim build -watch. Each build is reported on log.
func Watch(ctx context.Context, cfg Config, poll time.Duration, log io.Writer) error {
	return rebuildLoop(ctx, cfg, poll, log, log, func(bool, watch.Batch, *Result, error) {}, func(*Result) {})
}

// watchRoots are what a build reads: the transcripts, the site's templates
// and static files (which override the built-in theme file by file), and
// its config file. Folders that do not exist yet are watched for.
func watchRoots(cfg Config) []string {
	return []string{
		filepath.Join(cfg.Source, ContentDir),
		filepath.Join(cfg.Source, "templates"),
		filepath.Join(cfg.Source, "static"),
		filepath.Join(cfg.Source, site.ConfigFile),
	}
}

// rebuildLoop builds once, then once per batch of changes, reporting each
// build (a line on out, problems on log) and to after. The watcher starts
// before the first build, so edits made while it runs are not lost. It
// returns nil when ctx ends.
func rebuildLoop(ctx context.Context, cfg Config, poll time.Duration, out, log io.Writer, after func(first bool, b watch.Batch, res *Result, err error), searched func(*Result)) error {
	if info, err := os.Stat(cfg.Source); err != nil || !info.IsDir() {
		return fmt.Errorf("%s is not a folder; give the site's folder with -src", cfg.Source)
	}
	wcfg := watch.DefaultConfig()
	wcfg.Poll = poll
	w, err := watch.New(watchRoots(cfg), wcfg)
	if err != nil {
		return err
	}
	defer w.Close()
	b := NewBuilder(cfg)
	src, err := filepath.Abs(cfg.Source)
	if err != nil {
		return err
	}
	r := reporter{out: out, log: log, src: src}

	// A preview writes the search index after each good build, in the
	// background. A change cancels the pass as soon as the watcher sees it
	// begin (Busy), so the pass winds down during the quiet period before
	// the batch rather than beside the build; and as a cancelled pass
	// commits nothing (Builder.Search), the build does not wait for it.
	var stopSearch context.CancelFunc
	var searching chan struct{} // closed when the last pass has returned
	defer func() {
		if stopSearch != nil {
			stopSearch()
		}
		if searching != nil {
			<-searching
		}
	}()
	startSearch := func() {
		if !cfg.Preview {
			return
		}
		if searching != nil {
			<-searching // one pass at a time
		}
		sctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			defer close(done)
			res, err := b.Search(sctx)
			if err == nil && res != nil && sctx.Err() == nil {
				searched(res)
			} else if err != nil && sctx.Err() == nil {
				fmt.Fprintf(log, "verbatim: search index: %v\n", err)
			}
		}()
		go func() {
			select {
			case <-w.Busy():
				cancel()
			case <-done:
			}
		}()
		stopSearch, searching = cancel, done
	}

	res, err := b.Build(ctx)
	if ctx.Err() != nil {
		return nil
	}
	r.report(watch.Batch{}, res, err)
	after(true, watch.Batch{}, res, err)
	good := err == nil
	if good {
		startSearch()
	}
	for {
		batch, err := w.Next(ctx)
		if stopSearch != nil {
			stopSearch()
			stopSearch = nil
		}
		select {
		case <-w.Busy(): // this batch's, not taken by a pass: the next pass must not see it
		default:
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		if len(batch.Changes) == 0 && batch.Err == nil {
			// The burst came to nothing (a temporary file came and went):
			// nothing to build, but the index pass it stopped starts again.
			if good {
				startSearch()
			}
			continue
		}
		var res *Result
		switch {
		case batch.Err != nil:
			fmt.Fprintf(log, "verbatim: %v; rebuilding everything\n", batch.Err)
			res, err = b.Build(ctx)
		case poll > 0:
			// Polling compares sizes and times, so a save that keeps both
			// (within one tick of the file system's clock) goes unseen;
			// Build, looking at every transcript, reads again those whose
			// time is recent.
			res, err = b.Build(ctx)
		default:
			res, err = b.BuildChanged(ctx, batch.Paths())
		}
		if ctx.Err() != nil {
			return nil
		}
		r.report(batch, res, err)
		after(false, batch, res, err)
		if good = err == nil; good {
			startSearch()
		}
	}
}

// reporter prints one line per build, the problems of a failed one, and
// warnings when they differ from the last build's.
type reporter struct {
	out, log     io.Writer
	src          string
	lastWarnings string
}

func (r *reporter) report(batch watch.Batch, res *Result, err error) {
	what := "Built"
	if len(batch.Changes) > 0 {
		what = "Rebuilt after " + r.describe(batch)
	}
	if err != nil {
		var problems diag.List
		if errors.As(err, &problems) {
			fmt.Fprint(r.log, problems.Format())
			fmt.Fprintf(r.log, "%s: failed with %d error(s); still serving the last good build.\n", what, len(problems.Errors()))
		} else {
			fmt.Fprintf(r.log, "%s: failed: %v\n", what, err)
		}
		r.lastWarnings = ""
		return
	}
	if w := res.Warnings.Format(); w != r.lastWarnings {
		fmt.Fprint(r.log, w)
		r.lastWarnings = w
	}
	fmt.Fprintf(r.out, "%s: %d episodes, %d files written, %d removed in %v\n",
		what, res.Episodes, res.Wrote, len(res.Removed), res.Elapsed.Round(time.Millisecond))
}

// describe names the changed sources relative to the site: "content/a.md
// changed, content/b.md removed", capped at a few.
func (r *reporter) describe(batch watch.Batch) string {
	const shown = 3
	var parts []string
	for i, c := range batch.Changes {
		if i == shown {
			parts = append(parts, fmt.Sprintf("%d more", len(batch.Changes)-shown))
			break
		}
		name := c.Path
		if rel, err := filepath.Rel(r.src, c.Path); err == nil {
			name = filepath.ToSlash(rel)
		}
		parts = append(parts, name+" "+c.Kind.String())
	}
	return strings.Join(parts, ", ")
}
