package generator

import (
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// builtSite is a built site read back for assertions: every HTML page's
// ids and links.
type builtSite struct {
	dir   string
	pages map[string]*builtPage // by slash path relative to dir
}

type builtPage struct {
	doc   *html.Node
	ids   map[string]int
	links []string
}

// readSite parses every HTML file under dir.
func readSite(t *testing.T, dir string) *builtSite {
	t.Helper()
	s := &builtSite{dir: dir, pages: make(map[string]*builtPage)}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		doc, err := html.Parse(f)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		page := &builtPage{doc: doc, ids: make(map[string]int)}
		walk(doc, func(n *html.Node) {
			if id := attr(n, "id"); id != "" {
				page.ids[id]++
			}
			for _, key := range []string{"href", "src"} {
				if v := attr(n, key); v != "" {
					page.links = append(page.links, v)
				}
			}
		})
		s.pages[filepath.ToSlash(rel)] = page
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// brokenLinks returns every internal link of the site that does not lead to
// a file, or whose #fragment is not an id on the target page.
func (s *builtSite) brokenLinks() []string {
	var broken []string
	for name, page := range s.pages {
		base := &url.URL{Path: "/" + name}
		for _, link := range page.links {
			u, err := url.Parse(link)
			if err != nil {
				broken = append(broken, name+": unparsable "+link)
				continue
			}
			if u.Scheme != "" || u.Host != "" {
				continue // external: not fetched
			}
			target := base.ResolveReference(u)
			file := strings.TrimPrefix(target.Path, "/")
			if file == "" || strings.HasSuffix(file, "/") {
				file += "index.html"
			}
			info, err := os.Stat(filepath.Join(s.dir, filepath.FromSlash(file)))
			if err == nil && info.IsDir() {
				file = path.Join(file, "index.html")
				_, err = os.Stat(filepath.Join(s.dir, filepath.FromSlash(file)))
			}
			if err != nil {
				broken = append(broken, name+": "+link+" leads nowhere")
				continue
			}
			if u.Fragment == "" || !strings.HasSuffix(file, ".html") {
				continue
			}
			if s.pages[file].ids[u.Fragment] == 0 {
				broken = append(broken, name+": "+link+" has no such anchor")
			}
		}
	}
	return broken
}

func walk(n *html.Node, f func(*html.Node)) {
	if n.Type == html.ElementNode {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

// find returns the elements of page matching pred.
func find(n *html.Node, pred func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	walk(n, func(n *html.Node) {
		if pred(n) {
			out = append(out, n)
		}
	})
	return out
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}

// firstElement returns n's first child element, or nil.
func firstElement(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

// skippedHeading describes the first heading of page that is more than one
// level below the heading before it (an h3 straight after an h1), as axe's
// heading-order rule and screen readers' heading lists see it, or returns "".
func skippedHeading(page *html.Node) string {
	level := 0
	var skip string
	walk(page, func(n *html.Node) {
		if len(n.Data) != 2 || n.Data[0] != 'h' || n.Data[1] < '1' || n.Data[1] > '6' || skip != "" {
			return
		}
		l := int(n.Data[1] - '0')
		if l > level+1 {
			skip = fmt.Sprintf("<%s id=%q> %q follows an h%d", n.Data, attr(n, "id"), strings.Join(strings.Fields(textOf(n)), " "), level)
		}
		level = l
	})
	return skip
}
