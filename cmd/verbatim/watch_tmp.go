package main

import (
	"context"
	"io"
	"time"

	"github.com/verbatim-ssg/verbatim/generator"
)

// watchBuild is verbatim build -watch: generator.Watch, kept behind this
// name so build.go need not change.
func watchBuild(ctx context.Context, cfg generator.Config, poll time.Duration, log io.Writer) error {
	return generator.Watch(ctx, cfg, poll, log)
}
