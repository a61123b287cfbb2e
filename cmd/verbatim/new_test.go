package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	siteconfig "github.com/verbatim-ssg/verbatim/generator/site"
)

// TestNewWritesASiteThatBuilds: verbatim new gives a site that checks clean
// and builds, with every config key explained, and says what to run next.
func TestNewWritesASiteThatBuilds(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "field-notes")
	code, out, errs := runCmd("new", dir)
	if code != exitOK {
		t.Fatalf("exit %d\nstderr: %s", code, errs)
	}
	for _, want := range []string{"cd " + dir, "verbatim serve", "verbatim build", "baseURL"} {
		if !strings.Contains(out, want) {
			t.Errorf("the next steps do not say %q:\n%s", want, out)
		}
	}
	for _, name := range []string{"verbatim.yaml", "content/first-episode.md", "netlify.toml", ".gitignore"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("no %s: %v", name, err)
		}
	}
	config, err := os.ReadFile(filepath.Join(dir, "verbatim.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(config), `title: "Field Notes"`) {
		t.Errorf("the title is not made from the folder's name:\n%s", config)
	}
	// Every key the config file takes is there, each under a comment.
	lines := strings.Split(string(config), "\n")
	keys := reflect.TypeFor[siteconfig.Config]()
	for i := range keys.NumField() {
		key, _, _ := strings.Cut(keys.Field(i).Tag.Get("yaml"), ",")
		if key == "" || key == "-" {
			continue
		}
		at := -1
		for n, line := range lines {
			if strings.HasPrefix(strings.TrimPrefix(line, "# "), key+":") {
				at = n
				break
			}
		}
		switch {
		case at < 0:
			t.Errorf("verbatim.yaml does not have %s (add it, explained, to cmd/verbatim/scaffold/site/verbatim.yaml)", key)
		case at == 0 || !strings.HasPrefix(lines[at-1], "#"):
			t.Errorf("verbatim.yaml's %s has no comment above it", key)
		}
	}
	netlify, err := os.ReadFile(filepath.Join(dir, "netlify.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`publish = "public"`, `-base-url "$BASE"`, "github.com/verbatim-ssg/verbatim/cmd/verbatim@"} {
		if !strings.Contains(string(netlify), want) {
			t.Errorf("netlify.toml does not have %s", want)
		}
	}

	if code, out, errs := runCmd("check", "-src", dir, "-strict"); code != exitOK {
		t.Errorf("check -strict: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := runCmd("build", "-src", dir, "-base-url", "https://fieldnotes.example.org/"); code != exitOK || errs != "" {
		t.Fatalf("build: exit %d\n%s%s", code, out, errs)
	}
	page, err := os.ReadFile(filepath.Join(dir, "public", "episodes", "first-episode", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Our first episode", "Alex Host", "How to add an episode"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the example episode's page does not show %q", want)
		}
	}
}

// TestNewRefuses: new writes nothing over anything, and needs one folder.
func TestNewRefuses(t *testing.T) {
	full := t.TempDir()
	if err := os.WriteFile(filepath.Join(full, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(full, "notes.txt")
	tests := []struct {
		name string
		args []string
		code int
		errs string
	}{
		{"ErrNotEmpty", []string{"new", full}, exitFail, "is not empty (it holds notes.txt)"},
		{"ErrAFile", []string{"new", file}, exitFail, "is a file"},
		{"ErrNoFolder", []string{"new"}, exitUsage, "verbatim new my-show"},
		{"ErrTwoFolders", []string{"new", "a", "b"}, exitUsage, "Usage: verbatim new DIR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := runCmd(tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.errs) {
				t.Errorf("exit %d, want %d; stderr:\n%s\nwant it to say %q", code, tt.code, errs, tt.errs)
			}
		})
	}
	entries, _ := os.ReadDir(full)
	if len(entries) != 1 {
		t.Errorf("new wrote into a folder it refused: %d entries", len(entries))
	}
}

func TestShowTitle(t *testing.T) {
	for dir, want := range map[string]string{
		"my-show":              "My Show",
		"/home/me/field_notes": "Field Notes",
		"podcast/":             "Podcast",
		`say "hi"`:             `Say \"hi\"`,
		".":                    "My Show",
	} {
		if got := showTitle(dir); got != want {
			t.Errorf("showTitle(%q) = %q, want %q", dir, got, want)
		}
	}
}
