package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// The reference is Hugo building the same files as plain pages: its
// default markdown (goldmark with linkify and the typographer, chroma for
// code fences), a minimal layout, and none of what a transcript site adds
// (no speaker or tag pages, feeds, sitemap or search index). verbatim
// builds all of those and still has to beat it.
const hugoConfig = `baseURL = "https://example.org/"
title = "verbatim-bench"
contentDir = %q
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotsTXT", "404"]
`

var hugoLayouts = map[string]string{
	"single.html": `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>
<h1>{{ .Title }}</h1>
<p>{{ .Date.Format "January 2, 2006" }} · {{ .Params.show }}</p>
{{ .Content }}
</body></html>
`,
	"list.html": `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</body></html>
`,
	"index.html": `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Site.Title }}</title></head>
<body><h1>{{ .Site.Title }}</h1>
<ul>{{ range .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</body></html>
`,
}

// writeHugoSite writes a minimal Hugo site in dir that reads its content
// from content, the corpus's own folder, so both tools read the same bytes.
func writeHugoSite(dir, content string) error {
	content, err := filepath.Abs(content)
	if err != nil {
		return err
	}
	layouts := filepath.Join(dir, "layouts", "_default")
	if err := os.MkdirAll(layouts, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "hugo.toml"), fmt.Appendf(nil, hugoConfig, content), 0o644); err != nil {
		return err
	}
	for name, text := range hugoLayouts {
		if err := os.WriteFile(filepath.Join(layouts, name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// findHugo returns the hugo on PATH when mode is "auto", or "" with the
// reason it is left out.
func findHugo(ctx context.Context, mode string) (path, version, why string) {
	if mode == "off" {
		return "", "", "Hugo is off (-hugo off)"
	}
	path, err := exec.LookPath("hugo")
	if err != nil {
		return "", "", "hugo is not on PATH; install it with: go install github.com/gohugoio/hugo@v0.165.0"
	}
	out, err := exec.CommandContext(ctx, path, "version").Output()
	if err != nil {
		return "", "", fmt.Sprintf("%s version: %v", path, err)
	}
	f := strings.Fields(string(out))
	if len(f) > 1 {
		version = f[1]
	}
	return path, version, ""
}
