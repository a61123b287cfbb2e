package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

const formatSamples = "../../generator/transcript/testdata/formats/"

func runImport(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), append([]string{"import"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// sameAsSource checks that the imported markdown reads back as the
// transcript the source file reads as.
func sameAsSource(t *testing.T, source string, imported []byte) {
	t.Helper()
	src, err := os.ReadFile(source)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := transcript.Parse(source, src)
	got, problems := transcript.Parse("imported.md", imported)
	if problems.HasErrors() {
		t.Fatalf("imported file has errors: %v", problems)
	}
	if got.Format != transcript.FormatMarkdown || len(got.Turns) != len(want.Turns) {
		t.Fatalf("imported %s: format %s, %d turns, want markdown, %d", source, got.Format, len(got.Turns), len(want.Turns))
	}
	for i := range want.Turns {
		w, g := want.Turns[i], got.Turns[i]
		if w.Speaker != g.Speaker || w.Start != g.Start || w.Text != g.Text {
			t.Errorf("turn %d: %q %v %q, want %q %v %q", i, g.Speaker, g.Start, g.Text, w.Speaker, w.Start, w.Text)
		}
	}
}

func TestImportOneFileToStdout(t *testing.T) {
	code, stdout, stderr := runImport(t, formatSamples+"voices.vtt")
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, "**Gil Amaro** (0:00)\n") || !strings.Contains(stdout, "**Yara Selim** (1:00.25)\n") {
		t.Errorf("stdout lacks the canonical headers:\n%s", stdout)
	}
	sameAsSource(t, formatSamples+"voices.vtt", []byte(stdout))
}

func TestImportManyFilesToDir(t *testing.T) {
	dir := t.TempDir()
	in := []string{"subtitles.srt", "podcasting.json", "lex.txt", "frontmatter-toml.md"}
	args := []string{"-o", dir}
	for _, f := range in {
		args = append(args, formatSamples+f)
	}
	code, stdout, stderr := runImport(t, args...)
	if code != exitOK || stdout != "" || stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	for _, f := range in {
		out, err := os.ReadFile(filepath.Join(dir, strings.TrimSuffix(f, filepath.Ext(f))+".md"))
		if err != nil {
			t.Fatal(err)
		}
		sameAsSource(t, formatSamples+f, out)
	}
}

func TestImportFormatFlag(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "notes.txt")
	// Detected, these lines are a meeting; named plain, one speakerless turn.
	if err := os.WriteFile(file, []byte("[0:00] Ann: hi.\n[0:04] Bo: ho.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := runImport(t, "-format", "plain", file)
	if code != exitOK || !strings.Contains(stdout, "(0:00)\n\nAnn: hi. Bo: ho.\n") {
		t.Errorf("exit %d, stdout:\n%s", code, stdout)
	}
}

func TestImportErrors(t *testing.T) {
	dir := t.TempDir()
	noTurns := filepath.Join(dir, "notes.md")
	if err := os.WriteFile(noTurns, []byte("Just notes.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	good := formatSamples + "rev.txt"
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"ErrNoFiles", nil, exitUsage, "name at least one transcript file"},
		{"ErrUnknownFormat", []string{"-format", "docx", good}, exitUsage, `unknown format "docx"`},
		{"ErrMissingFile", []string{filepath.Join(dir, "missing.vtt")}, exitFail, "no such file"},
		{"ErrNoTurnsWithPosition", []string{noTurns}, exitFail, "notes.md:1:1: no turns found: tried formats"},
		{"ErrWouldOverwriteInput", []string{"-o", dir, noTurns, good}, exitFail, "no turns found"},
		{"ErrSameOutputName", []string{"-o", dir, formatSamples + "whisper.txt", formatSamples + "whisper.json"}, exitFail, "already holds"},
		{"ErrImportOverItself", []string{"-o", filepath.Dir(good), formatSamples + "frontmatter-yaml.md"}, exitFail, "would overwrite the input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runImport(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, want %d; stderr %q lacks %q", code, tt.code, stderr, tt.stderr)
			}
		})
	}
	// A failed file does not stop the others.
	if _, err := os.Stat(filepath.Join(dir, "rev.md")); err != nil {
		t.Errorf("rev.txt was not imported beside the failed file: %v", err)
	}
}
