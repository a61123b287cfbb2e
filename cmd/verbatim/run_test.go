package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func runCmd(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func site(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestExitStatuses(t *testing.T) {
	good := site(t, map[string]string{"content/a.md": "---\ntitle: A\nspeakers: [Ann]\n---\n**Ann** (0:00)\nHi.\n"})
	warned := site(t, map[string]string{"content/a.md": "---\ntitle: A\nspeakers: [Ann Lee]\n---\n**Ann** (0:00)\nHi.\n"})
	broken := site(t, map[string]string{"content/a.md": "**Ann** (0:7)\nHi.\n"})
	tests := []struct {
		name      string
		args      []string
		code      int
		out, errs string
	}{
		{"NoArgs", nil, exitUsage, "", "Usage:"},
		{"Help", []string{"help"}, exitOK, "Commands:", ""},
		{"Version", []string{"version"}, exitOK, "verbatim ", ""},
		{"UnknownCommand", []string{"bulid"}, exitUsage, "", `unknown command "bulid"`},
		{"BuildHelp", []string{"build", "-h"}, exitOK, "", "-base-url"},
		{"BuildBadFlag", []string{"build", "-nope"}, exitUsage, "", "flag provided but not defined"},
		{"BuildOK", []string{"build", "-src", good, "-base-url", "https://example.org/"}, exitOK, "Built 1 episode, ", ""},
		{"BuildWarns", []string{"build", "-src", warned, "-base-url", "https://example.org/"}, exitOK, "files written, 0 removed; 2 warnings).", "did you mean Ann Lee?"},
		{"BuildStrict", []string{"build", "-src", warned, "-strict", "-base-url", "https://example.org/"}, exitFail, "", "warning: speaker \"Ann\" is not declared"},
		{"BuildStrictWithoutBaseURL", []string{"build", "-src", good, "-strict"}, exitOK, "Built 1 episode, ", "warning: no baseURL"},
		{"BuildStrictSaysWhy", []string{"build", "-src", warned, "-strict", "-base-url", "https://example.org/"}, exitFail, "", "build failed with 0 errors, 2 warnings (-strict fails on warnings)"},
		{"BuildBroken", []string{"build", "-src", broken}, exitFail, "", "content/a.md:1:10: timestamp \"0:7\" needs two digits of seconds"},
		{"CheckOK", []string{"check", "-src", good}, exitOK, "0 errors, 0 warnings", ""},
		{"CheckWarns", []string{"check", "-src", warned}, exitOK, "0 errors, 2 warnings", "content/a.md:5:1: warning: speaker \"Ann\" is not declared"},
		{"CheckStrict", []string{"check", "-src", warned, "-strict"}, exitFail, "0 errors, 2 warnings", "-strict fails on warnings"},
		{"CheckBroken", []string{"check", "-src", broken}, exitFail, "1 error, ", "hint:"},
		{"CheckStrayArgument", []string{"check", "site"}, exitUsage, "", `unexpected argument "site"`},
		{"CheckJSONWithoutReport", []string{"check", "-json"}, exitUsage, "", "-json goes with -report"},
		{"CheckReport", []string{"check", "-report", "-src", good}, exitOK, "Total: 1 file, 1 built", ""},
		{"CheckReportJSON", []string{"check", "-report", "-json", "-src", good}, exitOK, `"kept_words": 1`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCmd(tt.args...)
			if code != tt.code || !strings.Contains(out, tt.out) || !strings.Contains(errs, tt.errs) {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errs)
			}
		})
	}
}

// TestUsageListsEveryFlag: each command's -h, and "verbatim help", name
// every flag the command has.
func TestUsageListsEveryFlag(t *testing.T) {
	_, help, _ := runCmd("help")
	for name, cmd := range commands {
		var errb bytes.Buffer
		if code := cmd.run(context.Background(), []string{"-h"}, io.Discard, &errb); code != exitOK {
			t.Errorf("%s -h: exit %d", name, code)
		}
		usage, _, _ := strings.Cut(errb.String(), "\n")
		if !strings.HasPrefix(usage, "Usage: verbatim "+name) || !strings.Contains(help, strings.TrimPrefix(usage, "Usage: ")) {
			t.Errorf("%s: usage line %q is not in verbatim help", name, usage)
		}
		for _, line := range strings.Split(errb.String(), "\n") {
			flag, ok := strings.CutPrefix(line, "  -")
			if !ok {
				continue
			}
			flag, _, _ = strings.Cut(flag, " ")
			if !mentions(usage, "-"+flag) {
				t.Errorf("%s: usage line %q lacks -%s", name, usage, flag)
			}
		}
	}
}

func TestSynopsis(t *testing.T) {
	fs := newFlags("x", "[-a N] FILE", io.Discard)
	fs.Int("a", 0, "")
	fs.Bool("all", false, "")
	fs.String("out", "", "the `folder`")
	if got, want := synopsis(fs, "[-a N] FILE"), "x [-a N] FILE [-all] [-out folder]"; got != want {
		t.Errorf("synopsis = %q, want %q", got, want)
	}
}

func TestVersionNamesGo(t *testing.T) {
	_, out, _ := runCmd("version")
	if !strings.HasPrefix(out, "verbatim ") || !strings.Contains(out, runtime.Version()) {
		t.Errorf("version printed %q", out)
	}
}

func TestMemoryLimit(t *testing.T) {
	tests := []struct {
		name        string
		transcripts int
		mb          float64
	}{
		{"Empty", 0, 80},
		{"Flat1000", 1000, 80},
		{"Flat5000", 5000, 80},
		{"Flat20000", 20000, 80},
		{"Grows50000", 50000, 80 + 30000/1024.0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := float64(memoryLimit(tt.transcripts)) / (1 << 20); got != tt.mb {
				t.Errorf("memoryLimit(%d) = %.2f MB, want %.2f", tt.transcripts, got, tt.mb)
			}
		})
	}
}
