package main

import (
	"encoding/xml"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// checkSitemap checks what the sitemaps.org schema cannot (xmllint checks
// the schema): every <loc> is an absolute URL under base, and the site has
// a page for it.
func checkSitemap(site, base string) ([]string, error) {
	data, err := os.ReadFile(filepath.Join(site, "sitemap.xml"))
	if err != nil {
		return nil, err
	}
	var doc struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		return []string{"sitemap.xml: " + err.Error()}, nil
	}
	var problems []string
	if len(doc.URLs) == 0 {
		problems = append(problems, "sitemap.xml: no <url>")
	}
	seen := make(map[string]bool)
	for _, u := range doc.URLs {
		p, err := url.Parse(u.Loc)
		switch {
		case err != nil || p.Scheme == "" || p.Host == "":
			problems = append(problems, "sitemap.xml: <loc>"+u.Loc+"</loc> is not an absolute URL")
			continue
		case !strings.HasPrefix(u.Loc, base):
			problems = append(problems, "sitemap.xml: <loc>"+u.Loc+"</loc> is not under "+base)
			continue
		case seen[u.Loc]:
			problems = append(problems, "sitemap.xml: <loc>"+u.Loc+"</loc> is listed twice")
		}
		seen[u.Loc] = true
		if _, ok := fileFor(site, strings.TrimPrefix(u.Loc, base)); !ok {
			problems = append(problems, "sitemap.xml: <loc>"+u.Loc+"</loc> has no file in the site")
		}
	}
	return problems, nil
}

// fileFor finds the file a URL path below the site root is served from:
// the file itself, or index.html in the folder.
func fileFor(site, rel string) (string, bool) {
	rel, _ = url.PathUnescape(rel)
	p := filepath.Join(site, filepath.FromSlash(rel))
	if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
		return p, true
	}
	if _, err := os.Stat(filepath.Join(p, "index.html")); err == nil {
		return filepath.Join(p, "index.html"), true
	}
	return "", false
}
