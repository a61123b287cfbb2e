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

	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

func init() {
	commands["import"] = command{"write transcripts in other formats as verbatim markdown", importCmd}
}

// importCmd reads each FILE in whatever format it is in and writes it as
// canonical markdown: to stdout for one file without -o, else to
// DIR/NAME.md, listing each file it wrote on stdout. It never replaces an
// existing file unless -force is given: a hand-edited transcript is worth
// more than its import. A file that fails to read or would overwrite one
// is reported and skipped; the others are still written, and the exit
// status says something failed.
func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := newFlags("import", "[-o DIR] [-force] [-format NAME] FILE...", stderr)
	dir := flags.String("o", "", "write each FILE as `DIR`/NAME.md (default: stdout for one file, the current folder for several)")
	force := flags.Bool("force", false, "replace files that already exist in DIR")
	format := flags.String("format", "", "read the files as this `format` instead of detecting it: "+strings.Join(transcript.Formats(), ", "))
	if code, ok := parseFlags(flags, args); !ok {
		return code
	}
	files := flags.Args()
	if len(files) == 0 {
		fmt.Fprintln(stderr, "verbatim import: name at least one transcript file")
		flags.Usage()
		return exitUsage
	}
	if *format != "" && !knownFormat(*format) {
		fmt.Fprintf(stderr, "verbatim import: unknown format %q; the formats are %s\n", *format, strings.Join(transcript.Formats(), ", "))
		return exitUsage
	}
	toStdout := *dir == "" && len(files) == 1
	if *dir == "" {
		*dir = "."
	}
	inputs := map[string]bool{}
	for _, f := range files {
		inputs[absPath(f)] = true
	}
	written := map[string]string{}
	code := exitOK
	for _, file := range files {
		if ctx.Err() != nil {
			return exitFail
		}
		out, ok := importFile(file, *format, stderr)
		if !ok {
			code = exitFail
			continue
		}
		if toStdout {
			if _, err := stdout.Write(out); err != nil {
				fmt.Fprintln(stderr, "verbatim import:", err)
				return exitFail
			}
			continue
		}
		target := filepath.Join(*dir, strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))+".md")
		switch {
		case inputs[absPath(target)]:
			fmt.Fprintf(stderr, "%s: not imported: it would overwrite the input %s\n\thint: write the imported files to another folder with -o DIR\n", file, target)
			code = exitFail
			continue
		case written[target] != "":
			fmt.Fprintf(stderr, "%s: not imported: %s already holds %s\n\thint: import files with the same name one at a time, or rename one\n", file, target, written[target])
			code = exitFail
			continue
		}
		if err := os.MkdirAll(*dir, 0o755); err != nil {
			fmt.Fprintln(stderr, "verbatim import:", err)
			return exitFail
		}
		if err := writeImport(target, out, *force); err != nil {
			if errors.Is(err, fs.ErrExist) {
				fmt.Fprintf(stderr, "%s: not imported: %s already exists\n\thint: pass -force to replace it, or write to another folder with -o DIR\n", file, target)
			} else {
				fmt.Fprintln(stderr, "verbatim import:", err)
			}
			code = exitFail
			continue
		}
		written[target] = file
		fmt.Fprintf(stdout, "wrote %s (from %s)\n", target, file)
	}
	return code
}

// writeImport writes an imported transcript to target. Without force it
// creates the file only if nothing is there (checked by the create itself,
// so nothing written in between is lost) and fails with fs.ErrExist;
// with force it replaces the file in one rename, so an interrupted import
// leaves the old file or the new one, never half of one.
func writeImport(target string, data []byte, force bool) error {
	if !force {
		f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(target)
		}
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), ".import-*.md")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), target)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// importFile reads one transcript and returns its canonical markdown,
// reporting its problems; ok is false when it has errors.
func importFile(file, format string, stderr io.Writer) ([]byte, bool) {
	src, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintln(stderr, "verbatim import:", err)
		return nil, false
	}
	t, problems := transcript.ParseFormat(file, src, format)
	if len(problems) > 0 {
		fmt.Fprint(stderr, problems.Format())
	}
	if problems.HasErrors() {
		return nil, false
	}
	return transcript.Markdown(t), true
}

func knownFormat(name string) bool {
	for _, f := range transcript.Formats() {
		if f == name {
			return true
		}
	}
	return false
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}
