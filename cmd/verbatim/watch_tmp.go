package main

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/verbatim-ssg/verbatim/generator"
)

// watchBuild is replaced by generator.Watch when the watcher lands.
func watchBuild(ctx context.Context, cfg generator.Config, poll time.Duration, log io.Writer) error {
	return errors.New("-watch is not available yet")
}
