// Package generator composes the stages of a build: it reads the site's
// transcripts (transcript), puts them together (site), renders them (render)
// and writes the result (output). It keeps what a rebuild can reuse, so a
// one-file edit re-renders only the pages whose inputs changed.
package generator

import (
	"io"
	"path/filepath"
	"runtime"
)

// Config says what to build and where.
type Config struct {
	Source  string // the site's root folder, holding content/
	Output  string // where the site goes; default Source/public
	BaseURL string // overrides the config file's baseURL when set
	Drafts  bool   // publish drafts too
	Strict  bool   // treat warnings as errors
	// Fingerprint publishes stylesheets and scripts under names that
	// include a hash of their bytes, so hosts can cache them for ever.
	// Preview servers turn it off so a stylesheet can be swapped in place.
	Fingerprint bool
	// Preview builds for a preview server: the output folder is private to
	// it, so nothing else is removed from it and no manifest is saved, and
	// the builder keeps more in memory to make a one-file rebuild fast.
	Preview bool
	// Force writes every file again, trusting nothing in the output
	// folder (verbatim build -force); a watching builder does so once.
	Force bool
	// Workers is how many episodes are rendered at once.
	Workers int
	// Progress, when set, is told how far the build is.
	Progress func(stage string, done, total int)
	// Log receives warnings as they are found; nil discards them (they are
	// also in the Result).
	Log io.Writer
}

// DefaultConfig builds the site in the current folder into public/.
func DefaultConfig() Config {
	return Config{Source: ".", Fingerprint: true, Workers: runtime.GOMAXPROCS(0)}
}

// ContentDir is the folder of the site's transcripts, below the site root.
const ContentDir = "content"

func (c Config) output() string {
	if c.Output != "" {
		return c.Output
	}
	return filepath.Join(c.Source, "public")
}

// CountTranscripts returns how many transcripts a build of the site at
// root would read, or 0 when it cannot list them (the build will say why).
func CountTranscripts(root string) int {
	names, _ := listSources(root)
	return len(names)
}
