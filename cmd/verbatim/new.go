package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/verbatim-ssg/verbatim/cmd/verbatim/scaffold"
)

func init() {
	commands["new"] = command{"start a site in a new folder: config, an example transcript, netlify.toml", newCmd}
}

// newCmd writes a ready site into DIR, which must be absent or empty, and
// prints the commands to run next.
func newCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new", "DIR", stderr)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "verbatim new: give the folder to create, such as: verbatim new my-show")
		fs.Usage()
		return exitUsage
	}
	dir := fs.Arg(0)
	if err := emptyOrAbsent(dir); err != nil {
		fmt.Fprintf(stderr, "verbatim new: %v\n\thint: give a new folder's name, or empty this one first; nothing was written\n", err)
		return exitFail
	}
	files, err := scaffold.Files(scaffold.Vars{Title: showTitle(dir), Version: moduleVersion()})
	if err != nil {
		fmt.Fprintln(stderr, "verbatim new:", err)
		return exitFail
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintln(stderr, "verbatim new:", err)
			return exitFail
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			fmt.Fprintln(stderr, "verbatim new:", err)
			return exitFail
		}
	}
	fmt.Fprintf(stdout, `Created a site in %[1]s: verbatim.yaml (every setting, explained), content/first-episode.md, netlify.toml.

Next:
  cd %[1]s
  verbatim serve     preview at http://127.0.0.1:1313/, rebuilt as you edit
  verbatim check     find problems in the transcripts
  verbatim build     the site in public/, ready to upload

Before you publish, set baseURL in verbatim.yaml (or build with -base-url):
the feed, the sitemap and links shared elsewhere need the site's address.
`, quoteArg(dir))
	return exitOK
}

// emptyOrAbsent returns an error unless dir does not exist or is an empty
// folder: new never writes over anything.
func emptyOrAbsent(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		if info, statErr := os.Stat(dir); statErr == nil && !info.IsDir() {
			return fmt.Errorf("%s is a file, not a folder", dir)
		}
		return err
	case len(entries) > 0:
		return fmt.Errorf("%s is not empty (it holds %s)", dir, entries[0].Name())
	}
	return nil
}

// showTitle makes a title from a folder's name: "my-show" is "My Show".
func showTitle(dir string) string {
	name := filepath.Base(filepath.Clean(dir))
	if name == "." || name == string(filepath.Separator) {
		name = "my show"
	}
	words := strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || unicode.IsSpace(r) })
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	title := strings.Join(words, " ")
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(title) // it goes between YAML's double quotes
}

// moduleVersion is the version netlify.toml builds with: the one this binary
// was installed at, or "latest" when it was built from a checkout.
func moduleVersion() string {
	if v := version(); strings.HasPrefix(v, "v") {
		return v
	}
	return "latest"
}

// quoteArg quotes a path for the shell when it needs it.
func quoteArg(s string) string {
	if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(`'"$&;|<>()*?!#\`, r) }) {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}
