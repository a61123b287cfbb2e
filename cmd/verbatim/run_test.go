package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
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
		{"BuildOK", []string{"build", "-src", good}, exitOK, "Built 1 episodes", ""},
		{"BuildWarns", []string{"build", "-src", warned}, exitOK, "Built 1 episodes", "did you mean Ann Lee?"},
		{"BuildStrict", []string{"build", "-src", warned, "-strict"}, exitFail, "", "build failed"},
		{"BuildBroken", []string{"build", "-src", broken}, exitFail, "", "content/a.md:1:10: timestamp \"0:7\" needs two digits of seconds"},
		{"CheckOK", []string{"check", "-src", good}, exitOK, "0 error(s), 0 warning(s)", ""},
		{"CheckWarns", []string{"check", "-src", warned}, exitOK, "0 error(s), 2 warning(s)", "content/a.md:5:1: warning: speaker \"Ann\" is not declared"},
		{"CheckStrict", []string{"check", "-src", warned, "-strict"}, exitFail, "2 warning(s)", ""},
		{"CheckBroken", []string{"check", "-src", broken}, exitFail, "1 error(s)", "hint:"},
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
