package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/net/html"
)

// page is what the link check needs of an HTML file: its ids and its links.
type page struct {
	ids   map[string]bool
	links []string // href and src values
}

// checkLinks checks every internal link and #fragment of every page:
// same-page and cross-page, relative and root-relative. External links
// are not fetched. (htmltest would do this, but its module is not on the
// Go module proxy here.)
func checkLinks(site string) ([]string, error) {
	pages := make(map[string]*page) // by slash path below site
	err := filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(site, p)
		pages[filepath.ToSlash(rel)] = parsePage(data)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(pages) == 0 {
		return []string{site + ": no HTML pages"}, nil
	}
	names := make([]string, 0, len(pages))
	for n := range pages {
		names = append(names, n)
	}
	sort.Strings(names)
	var problems []string
	for _, name := range names {
		for _, link := range pages[name].links {
			if msg := resolve(site, pages, name, link); msg != "" {
				problems = append(problems, fmt.Sprintf("%s: %s: %s", name, link, msg))
			}
		}
	}
	return problems, nil
}

func parsePage(data []byte) *page {
	p := &page{ids: make(map[string]bool)}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return p
		case html.StartTagToken, html.SelfClosingTagToken:
			tag, more := z.TagName()
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) {
				case "id":
					p.ids[string(v)] = true
				case "name":
					if string(tag) == "a" {
						p.ids[string(v)] = true
					}
				case "href", "src":
					p.links = append(p.links, string(v))
				}
			}
		}
	}
}

// resolve returns what is wrong with a link from the page at name, or "".
func resolve(site string, pages map[string]*page, name, link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return "not a URL: " + err.Error()
	}
	if u.Scheme != "" || u.Host != "" || strings.HasPrefix(link, "//") {
		return "" // external: not fetched
	}
	target := name
	if u.Path != "" {
		if strings.HasPrefix(u.Path, "/") {
			target = strings.TrimPrefix(u.Path, "/")
		} else {
			target = path.Join(path.Dir(name), u.Path)
			if strings.HasSuffix(u.Path, "/") {
				target += "/"
			}
		}
		file, ok := fileFor(site, target)
		if !ok {
			return "no such file"
		}
		rel, _ := filepath.Rel(site, file)
		target = filepath.ToSlash(rel)
	}
	frag := u.Fragment
	if frag == "" || strings.HasPrefix(frag, ":~:") || strings.HasPrefix(frag, "t=") {
		return "" // no fragment, a text directive or a media time
	}
	p := pages[target]
	if p == nil {
		return "" // a fragment into a non-HTML file (a media fragment)
	}
	if !p.ids[frag] {
		return "no element with id " + frag + " in " + target
	}
	return ""
}
