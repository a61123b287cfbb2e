package main

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMatches(t *testing.T) {
	for _, c := range []struct {
		pattern, path string
		want          bool
	}{
		{"/*", "/", true},
		{"/*", "/episodes/x/", true},
		{"/assets/*", "/assets/verbatim.1234.css", true},
		{"/assets/*", "/episodes/x/", false},
		{"/episodes/:slug/transcript.json", "/episodes/x/transcript.json", true},
		{"/episodes/:slug/transcript.json", "/episodes/x/y/transcript.json", false},
		{"/episodes/:slug/transcript.json", "/episodes//transcript.json", false},
		{"/feed.xml", "/feed.xml", true},
		{"/feed.xml", "/feed.xml/x", false},
	} {
		if got := matches(c.pattern, c.path); got != c.want {
			t.Errorf("matches(%q, %q) = %v, want %v", c.pattern, c.path, got, c.want)
		}
	}
}

// TestSiteHandlerServesAsTheHostDoes: HTML gzipped with netlify.toml's
// headers, audio uncompressed and by ranges, a missing page a plain 404.
func TestSiteHandlerServesAsTheHostDoes(t *testing.T) {
	dir := t.TempDir()
	page := strings.Repeat("<p>words</p>\n", 500)
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.mp3"), []byte("0123456789"), 0o644); err != nil {
		t.Fatal(err)
	}
	rules, err := readHeaderRules("../../netlify.toml")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(siteHandler(dir, rules))
	defer srv.Close()
	get := func(p string, h ...string) *http.Response {
		req, _ := http.NewRequest("GET", srv.URL+p, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		for i := 0; i+1 < len(h); i += 2 {
			req.Header.Set(h[i], h[i+1])
		}
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { res.Body.Close() })
		return res
	}

	res := get("/")
	if res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(res.Header.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Fatalf("/: headers %v, want gzip and netlify.toml's CSP", res.Header)
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if body, _ := io.ReadAll(zr); string(body) != page {
		t.Errorf("/: %d bytes after gunzip, want the page's %d", len(body), len(page))
	}

	res = get("/a.mp3", "Range", "bytes=2-4")
	if body, _ := io.ReadAll(res.Body); res.StatusCode != http.StatusPartialContent || string(body) != "234" || res.Header.Get("Content-Encoding") != "" {
		t.Errorf("/a.mp3 bytes 2-4: %d %q %v", res.StatusCode, body, res.Header)
	}

	res = get("/nowhere.html")
	if body, _ := io.ReadAll(res.Body); res.StatusCode != http.StatusNotFound || !strings.Contains(string(body), "not found") {
		t.Errorf("/nowhere.html: %d %q", res.StatusCode, body)
	}
}

// TestLaidOut: pages get the style sheet that lays them out, before
// </head>, and it is served; other files and missing pages are untouched.
func TestLaidOut(t *testing.T) {
	dir := t.TempDir()
	page := "<!doctype html><html><head><title>x</title></head><body><p>words</p></body></html>"
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.css"), []byte("p{}</head>"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(hostHandler(laidOut(http.FileServer(http.Dir(dir))), nil))
	defer srv.Close()
	for _, c := range []struct{ path, want string }{
		{"/", strings.Replace(page, "</head>", layOutLink+"</head>", 1)},
		{layOutPath, layOutCSS},
		{"/a.css", "p{}</head>"},
	} {
		req, _ := http.NewRequest("GET", srv.URL+c.path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		var body []byte
		if res.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			body, _ = io.ReadAll(zr)
		} else {
			body, _ = io.ReadAll(res.Body)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK || string(body) != c.want {
			t.Errorf("%s: %d %q, want %q", c.path, res.StatusCode, body, c.want)
		}
	}
	res, err := http.Get(srv.URL + "/nowhere/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("/nowhere/: %d, want 404", res.StatusCode)
	}
}
