package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"strings"

	"github.com/BurntSushi/toml"
)

// headerRule is one [[headers]] table of netlify.toml: the headers a
// response gets when its path matches the pattern.
type headerRule struct {
	For    string            `toml:"for"`
	Values map[string]string `toml:"values"`
}

// readHeaderRules reads the [[headers]] tables of a netlify.toml.
func readHeaderRules(file string) ([]headerRule, error) {
	var cfg struct {
		Headers []headerRule `toml:"headers"`
	}
	if _, err := toml.DecodeFile(file, &cfg); err != nil {
		return nil, err
	}
	return cfg.Headers, nil
}

// matches reports whether a URL path matches a Netlify path pattern: a
// trailing "*" matches the rest of the path, ":name" one segment, and
// anything else itself.
func matches(pattern, urlPath string) bool {
	ps, us := strings.Split(pattern, "/"), strings.Split(urlPath, "/")
	for i, p := range ps {
		switch {
		case p == "*" && i == len(ps)-1:
			return true
		case i >= len(us):
			return false
		case strings.HasPrefix(p, ":"):
			if us[i] == "" {
				return false
			}
		case p != us[i]:
			return false
		}
	}
	return len(ps) == len(us)
}

// compressed are the kinds of file a host such as Netlify sends gzipped.
var compressed = map[string]bool{
	".html": true, ".css": true, ".js": true, ".json": true, ".xml": true,
	".svg": true, ".txt": true, ".vtt": true, ".srt": true, ".md": true,
}

// siteHandler serves a built site as its host would: http.FileServer
// (Range requests, which seeking in audio needs), text gzipped when the
// client accepts it, and the headers of rules (netlify.toml's, or none).
// The performance and best-practices checks measure what readers get, so
// the transfer sizes and the Content-Security-Policy must be production's.
func siteHandler(dir string, rules []headerRule) http.Handler {
	return hostHandler(http.FileServer(http.Dir(dir)), rules)
}

// hostHandler serves what files serves as siteHandler describes.
func hostHandler(files http.Handler, rules []headerRule) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, rule := range rules {
			if matches(rule.For, r.URL.Path) {
				for k, v := range rule.Values {
					w.Header().Set(k, v)
				}
			}
		}
		ext := path.Ext(r.URL.Path)
		if strings.HasSuffix(r.URL.Path, "/") {
			ext = ".html"
		}
		if !compressed[ext] || r.Header.Get("Range") != "" || !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			files.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Add("Vary", "Accept-Encoding")
		gz := gzip.NewWriter(w)
		defer gz.Close()
		files.ServeHTTP(&gzipWriter{ResponseWriter: w, gz: gz}, r)
	})
}

// gzipWriter compresses what http.FileServer writes; the length it sets is
// the file's, not what goes over the wire, so it is dropped.
type gzipWriter struct {
	http.ResponseWriter
	gz *gzip.Writer
}

func (g *gzipWriter) WriteHeader(code int) {
	g.Header().Del("Content-Length")
	if code != http.StatusOK {
		g.Header().Del("Content-Encoding")
		g.gz.Reset(discard{})
	}
	g.ResponseWriter.WriteHeader(code)
}

func (g *gzipWriter) Write(b []byte) (int, error) {
	if g.Header().Get("Content-Encoding") == "" {
		return g.ResponseWriter.Write(b)
	}
	return g.gz.Write(b)
}

// discard swallows the gzip footer of a response sent uncompressed.
type discard struct{}

func (discard) Write(b []byte) (int, error) { return len(b), nil }

// layOutCSS is served at layOutPath to pages that laidOut has changed.
const (
	layOutPath = "/.sitecheck/laid-out.css"
	layOutCSS  = "* { content-visibility: visible !important; }\n"
	layOutLink = `<link rel="stylesheet" href="` + layOutPath + `">`
)

// laidOut serves the site's pages with one more style sheet, which lays out
// every part of them. The theme leaves the turns of a long episode out of
// layout until they come near the view (content-visibility: auto), and
// axe-core reads text colours from layout: it reports the contrast of text
// not laid out as failing (dequelabs/axe-core#2768). The accessibility
// checks read pages through it, as a reader who has scrolled through them
// sees them; Lighthouse reads the pages as they are.
func laidOut(files http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == layOutPath {
			w.Header().Set("Content-Type", "text/css; charset=utf-8")
			fmt.Fprint(w, layOutCSS)
			return
		}
		rec := httptest.NewRecorder()
		files.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") && rec.Code == http.StatusOK {
			body = bytes.Replace(body, []byte("</head>"), []byte(layOutLink+"</head>"), 1)
			rec.Header().Del("Content-Length")
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(body)
	})
}

// serveSite serves dir on addr until killed, with the headers of the
// netlify.toml named by headers (none when it is empty); layOut serves it
// through laidOut.
func serveSite(addr, dir, headers string, layOut bool) error {
	if _, err := os.Stat(dir); err != nil {
		return err
	}
	var rules []headerRule
	if headers != "" {
		var err error
		if rules, err = readHeaderRules(headers); err != nil {
			return fmt.Errorf("%s: %w", headers, err)
		}
	}
	files := http.FileServer(http.Dir(dir))
	if layOut {
		files = laidOut(files)
	}
	return http.ListenAndServe(addr, hostHandler(files, rules))
}
