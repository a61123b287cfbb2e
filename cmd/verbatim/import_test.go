package main

import (
	"bytes"
	"context"
	"fmt"
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

// notWarnings returns stderr without its warnings (and their hints): an
// import reports the files' warnings, which are the parser's to test.
func notWarnings(stderr string) string {
	var out []string
	lines := strings.Split(stderr, "\n")
	for i := 0; i < len(lines); i++ {
		if strings.Contains(lines[i], ": warning: ") {
			for i+1 < len(lines) && strings.HasPrefix(lines[i+1], "\t") {
				i++
			}
			continue
		}
		out = append(out, lines[i])
	}
	return strings.Join(out, "\n")
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
	if code != exitOK || notWarnings(stderr) != "" {
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
	if code != exitOK || notWarnings(stderr) != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	var want strings.Builder
	for _, f := range in {
		fmt.Fprintf(&want, "wrote %s (from %s)\n", filepath.Join(dir, strings.TrimSuffix(f, filepath.Ext(f))+".md"), formatSamples+f)
	}
	if stdout != want.String() {
		t.Errorf("stdout lists\n%s\nwant\n%s", stdout, want.String())
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

// TestImportNeverOverwrites checks that an existing file, such as a
// hand-edited transcript, survives an import of the same name unless
// -force is given, and that refusing one file does not stop the others.
func TestImportNeverOverwrites(t *testing.T) {
	const edited = "---\ntitle: Edited by hand\n---\n\n**Ann** (0:00)\n\nKeep me.\n"
	tests := []struct {
		name      string
		force     bool
		code      int
		kept      bool   // voices.md still holds the edited text
		stdout    string // the listing names these
		notStdout string
		stderr    string
	}{
		{"ErrExistsWithoutForce", false, exitFail, true, "subtitles.md", "voices.md", "voices.vtt: not imported: "},
		{"ForceReplaces", true, exitOK, false, "voices.md", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			target := filepath.Join(dir, "voices.md")
			if err := os.WriteFile(target, []byte(edited), 0o644); err != nil {
				t.Fatal(err)
			}
			args := []string{"-o", dir, formatSamples + "voices.vtt", formatSamples + "subtitles.srt"}
			if tt.force {
				args = append([]string{"-force"}, args...)
			}
			code, stdout, stderr := runImport(t, args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr %q", code, tt.code, stderr)
			}
			if !strings.Contains(stdout, tt.stdout) || (tt.notStdout != "" && strings.Contains(stdout, tt.notStdout)) {
				t.Errorf("stdout %q: want it to list %q and not %q", stdout, tt.stdout, tt.notStdout)
			}
			if tt.stderr != "" && (!strings.Contains(stderr, tt.stderr) || !strings.Contains(stderr, "already exists") || !strings.Contains(stderr, "hint: pass -force")) {
				t.Errorf("stderr %q lacks %q, the reason and the hint", stderr, tt.stderr)
			}
			if tt.stderr == "" && notWarnings(stderr) != "" {
				t.Errorf("stderr %q, want none", stderr)
			}
			got, err := os.ReadFile(target)
			if err != nil {
				t.Fatal(err)
			}
			if kept := string(got) == edited; kept != tt.kept {
				t.Errorf("voices.md kept = %v, want %v:\n%s", kept, tt.kept, got)
			}
			if !tt.kept {
				sameAsSource(t, formatSamples+"voices.vtt", got)
			}
			if _, err := os.Stat(filepath.Join(dir, "subtitles.md")); err != nil {
				t.Errorf("the other file was not imported: %v", err)
			}
			left, _ := filepath.Glob(filepath.Join(dir, ".import-*"))
			if len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

// TestImportForceKeepsInputs checks that -force never replaces a file
// being imported: that would lose the source.
func TestImportForceKeepsInputs(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "ep1.md")
	src := []byte("**Ann** (0:00)\n\nHello.\n")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runImport(t, "-force", "-o", dir, file)
	if code != exitFail || !strings.Contains(stderr, "would overwrite the input") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if got, _ := os.ReadFile(file); !bytes.Equal(got, src) {
		t.Errorf("the input changed:\n%s", got)
	}
}
