// Command verbatim builds a static site from podcast and interview
// transcripts. Run "verbatim help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// main stops on SIGINT, SIGTERM (a CI timeout, systemd, docker stop) and
// SIGHUP (a closed terminal) alike: a build cancelled by any of them
// removes its staging folder and leaves the output as it was.
func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
