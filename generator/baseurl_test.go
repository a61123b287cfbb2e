package generator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoBaseURLWarns: a build for publishing without the site's address
// says once what points at localhost and how to set it; a preview does not,
// and a -strict build still succeeds (it is about the input, not where the
// site goes). The pages' own links stay root-relative either way.
func TestNoBaseURLWarns(t *testing.T) {
	tests := []struct {
		name    string
		config  string // verbatim.yaml, or "" for none
		flag    string // Config.BaseURL, as -base-url sets it
		preview bool
		strict  bool
		warns   bool
	}{
		{name: "WarnsWithoutConfig", warns: true},
		{name: "WarnsWithConfigWithoutBaseURL", config: "title: Field Notes\n", warns: true},
		{name: "WarnsUnderStrictWithoutFailing", strict: true, warns: true},
		{name: "QuietWithBaseURLInConfig", config: "baseURL: https://fieldnotes.example.org/\n"},
		{name: "QuietWithBaseURLFlag", flag: "https://fieldnotes.example.org/"},
		{name: "QuietInPreview", preview: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, `
-- content/ep1.md --
---
title: One
speakers: [Ann]
---
**Ann** (0:00)
Hello.
`)
			if tt.config != "" {
				writeFile(t, filepath.Join(dir, "verbatim.yaml"), tt.config)
			}
			cfg := DefaultConfig()
			cfg.Source, cfg.Output = dir, filepath.Join(dir, "public")
			cfg.BaseURL, cfg.Preview, cfg.Strict = tt.flag, tt.preview, tt.strict
			res, err := NewBuilder(cfg).Build(context.Background())
			if err != nil {
				t.Fatalf("build failed: %v", err)
			}
			var said []string
			for _, w := range res.Warnings {
				if strings.Contains(w.Msg, "baseURL") {
					said = append(said, w.Error()+"\n"+w.Hint)
				}
			}
			if !tt.warns {
				if len(said) > 0 {
					t.Errorf("warned:\n%s", strings.Join(said, "\n"))
				}
				return
			}
			if len(said) != 1 {
				t.Fatalf("want one warning about baseURL, got %d:\n%s", len(said), res.Warnings.Format())
			}
			for _, want := range []string{"verbatim.yaml", "feed", "sitemap", "canonical", "Open Graph", "http://localhost:1313/", "baseURL:", "-base-url"} {
				if !strings.Contains(said[0], want) {
					t.Errorf("the warning does not say %q:\n%s", want, said[0])
				}
			}
			page, err := os.ReadFile(filepath.Join(dir, "public", "episodes", "ep1", "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			for _, link := range []string{`href="/"`, `href="/feed.xml"`, `href="/assets/`} {
				if !strings.Contains(string(page), link) {
					t.Errorf("the page has no root-relative %s", link)
				}
			}
		})
	}
}
