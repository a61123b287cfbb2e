package main

import (
	"compress/gzip"
	"fmt"
	"net/http"
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
	files := http.FileServer(http.Dir(dir))
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

// serveSite serves dir on addr until killed, with the headers of the
// netlify.toml named by headers (none when it is empty).
func serveSite(addr, dir, headers string) error {
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
	return http.ListenAndServe(addr, siteHandler(dir, rules))
}
