package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// notRun are the README's commands this test does not run, each with why.
// Any other command in a sh block must be one it runs: verbatim's own (as
// "verbatim ..." or "go run ./cmd/verbatim ..."), or cd.
var notRun = map[string]string{
	"go test ./...":  "it is the test suite this test is part of",
	"go install":     "it fetches the module from the network; the binary it installs is the one tested here",
	"verbatim serve": "it runs until stopped; serve_test.go and generator's preview tests run it",
}

// TestReadmeCommandsRun runs every command in the README's sh blocks, in a
// copy of the repository's sample site, each block from the copy's root, as
// a reader would type them: the README stays true.
func TestReadmeCommandsRun(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := shellBlocks(string(readme))
	if len(blocks) < 2 {
		t.Fatalf("found %d sh blocks in the README; the test reads ```sh fences", len(blocks))
	}
	root := t.TempDir()
	for _, name := range []string{"content", "static"} {
		if err := os.CopyFS(filepath.Join(root, name), os.DirFS(filepath.Join("../..", name))); err != nil {
			t.Fatal(err)
		}
	}
	copyFile(t, "../../verbatim.yaml", filepath.Join(root, "verbatim.yaml"))
	ran := 0
	for _, block := range blocks {
		t.Chdir(root)
		for _, line := range block {
			args := shellWords(line)
			if len(args) == 0 {
				continue
			}
			if why, skip := skipped(line); skip {
				t.Logf("not run: %s (%s)", line, why)
				continue
			}
			switch {
			case args[0] == "cd" && len(args) == 2:
				t.Chdir(args[1])
				continue
			case args[0] == "verbatim":
				args = args[1:]
			case len(args) > 2 && args[0] == "go" && args[1] == "run" && args[2] == "./cmd/verbatim":
				args = args[3:]
			default:
				t.Errorf("README command %q is neither run by this test nor listed in notRun", line)
				continue
			}
			code, out, errs := runCmd(args...)
			if code != exitOK {
				t.Errorf("README command %q: exit %d\nstdout: %s\nstderr: %s", line, code, out, errs)
			}
			ran++
		}
	}
	if ran < 4 {
		t.Errorf("ran %d of the README's commands; the test is not finding them", ran)
	}
}

func skipped(line string) (string, bool) {
	for prefix, why := range notRun {
		if line == prefix || strings.HasPrefix(line, prefix+" ") {
			return why, true
		}
	}
	return "", false
}

// shellBlocks returns the lines of each ```sh block, comments cut off.
func shellBlocks(md string) [][]string {
	var blocks [][]string
	var in bool
	for _, line := range strings.Split(md, "\n") {
		switch {
		case !in && strings.TrimSpace(line) == "```sh":
			in = true
			blocks = append(blocks, nil)
		case in && strings.TrimSpace(line) == "```":
			in = false
		case in:
			if i := strings.Index(line, " #"); i >= 0 {
				line = line[:i]
			}
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
				blocks[len(blocks)-1] = append(blocks[len(blocks)-1], line)
			}
		}
	}
	return blocks
}

// shellWords splits a command line at spaces, keeping quoted words whole.
func shellWords(line string) []string {
	var words []string
	var word strings.Builder
	var quote rune
	inWord := false
	for _, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			word.WriteRune(r)
		case r == '"' || r == '\'':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		default:
			word.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, word.String())
	}
	return words
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
