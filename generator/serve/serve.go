// Package serve previews a built site over HTTP: it serves only the files
// under the output folder, injects a live-reload script into the HTML it
// serves (never into the files on disk), tells open pages to reload or to
// swap their stylesheets after a build, and lays an error overlay over the
// last good site while a build is broken.
package serve

import (
	"bytes"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// EventsPath is where pages connect for live-reload events (server-sent
// events). No site file can be served from under /__verbatim/.
const EventsPath = "/__verbatim/events"

// Server serves one output folder and keeps the pages showing it current.
// Its methods are safe to call from several goroutines.
type Server struct {
	outDir string // the built site
	srcDir string // the site's sources, for the lines around a problem

	mu      sync.Mutex
	clients map[*client]struct{}
	overlay string // the error overlay while the last build failed, else ""
	done    chan struct{}
	closed  bool
}

// New returns a server for the site built into outDir from the sources in
// srcDir. Problem positions passed to Failed are relative to srcDir.
func New(outDir, srcDir string) *Server {
	return &Server{outDir: outDir, srcDir: srcDir, clients: make(map[*client]struct{}), done: make(chan struct{})}
}

// ServeHTTP serves a file of the site, the site's 404.html for anything
// else, or the live-reload event stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == EventsPath {
		s.events(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	// A preview must never show a stale page, and what is injected into
	// HTML changes without the file changing.
	w.Header().Set("Cache-Control", "no-store")
	upath := r.URL.Path
	if !strings.HasPrefix(upath, "/") {
		upath = "/" + upath
	}
	if strings.HasPrefix(upath, "/__verbatim/") {
		s.notFound(w, r)
		return
	}
	file, isDir, ok := s.resolve(upath)
	switch {
	case ok && isDir && !strings.HasSuffix(upath, "/"):
		// Relative links in /dir/index.html need the slash, as with any
		// web server; 302, not 301, because a preview's folders come and go.
		target := path.Base(upath) + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusFound)
		return
	case ok && isDir:
		file, isDir, ok = s.resolve(path.Join(upath, "index.html"))
	case ok && strings.HasSuffix(upath, "/"):
		ok = false // "/page.html/" names no folder
	}
	if !ok || isDir {
		s.notFound(w, r)
		return
	}
	s.serveFile(w, r, file, http.StatusOK)
}

// resolve maps a URL path to a file under the output folder, following
// symbolic links but refusing any that lead out of it. ok is false when
// there is no such file or it lies outside.
func (s *Server) resolve(upath string) (file string, isDir, ok bool) {
	root, err := filepath.EvalSymlinks(s.outDir)
	if err != nil {
		return "", false, false
	}
	// Cleaning a rooted path drops every ".." that would climb above "/";
	// net/http has already decoded %2e%2e into "..".
	rel := strings.TrimPrefix(path.Clean("/"+upath), "/")
	if strings.ContainsRune(rel, 0) {
		return "", false, false
	}
	real, err := filepath.EvalSymlinks(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return "", false, false
	}
	if real != root && !strings.HasPrefix(real, root+string(filepath.Separator)) {
		return "", false, false
	}
	fi, err := os.Stat(real)
	if err != nil {
		return "", false, false
	}
	return real, fi.IsDir(), true
}

// notFound serves the site's 404.html with status 404, or a plain one when
// the site has none (or is not built yet).
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if file, isDir, ok := s.resolve("/404.html"); ok && !isDir {
		s.serveFile(w, r, file, http.StatusNotFound)
		return
	}
	// Still a page, so the live-reload script (and the overlay, when the
	// first build failed) reach a browser that asked before there was a site.
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		w.Write(inject([]byte(plainNotFound), s.injection()))
	}
}

// plainNotFound is the 404 page of a site that has none, or is not built yet.
const plainNotFound = "<!doctype html><html><head><meta charset=utf-8><title>404 page not found</title></head><body><p>404 page not found</p></body></html>\n"

// serveFile serves file with its content type. HTML gets the live-reload
// script, and the error overlay while the last build failed; everything
// else goes through http.ServeContent, which honours Range requests.
// Only HTML (the 404 page) is ever served with a status other than 200.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, file string, status int) {
	if ct := contentType(file); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	if isHTML(file) {
		body, err := os.ReadFile(file)
		if err != nil {
			http.Error(w, "404 page not found", http.StatusNotFound)
			return
		}
		body = inject(body, s.injection())
		if status != http.StatusOK {
			w.WriteHeader(status)
			if r.Method != http.MethodHead {
				w.Write(body)
			}
			return
		}
		// A zero time: the bytes depend on more than the file, so no
		// Last-Modified and no 304s.
		http.ServeContent(w, r, file, time.Time{}, bytes.NewReader(body))
		return
	}
	f, err := os.Open(file)
	if err != nil {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	http.ServeContent(w, r, file, fi.ModTime(), f)
}

// contentTypes are set explicitly for what a site holds, so the answer
// does not depend on the machine's /etc/mime.types.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
	".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
	".json": "application/json", ".xml": "application/xml; charset=utf-8", ".rss": "application/rss+xml; charset=utf-8",
	".atom": "application/atom+xml; charset=utf-8", ".txt": "text/plain; charset=utf-8", ".md": "text/markdown; charset=utf-8",
	".vtt": "text/vtt; charset=utf-8", ".srt": "application/x-subrip", ".svg": "image/svg+xml", ".png": "image/png",
	".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp", ".avif": "image/avif",
	".ico": "image/x-icon", ".woff": "font/woff", ".woff2": "font/woff2", ".mp3": "audio/mpeg", ".m4a": "audio/mp4",
	".ogg": "audio/ogg", ".opus": "audio/ogg", ".mp4": "video/mp4", ".webm": "video/webm", ".pdf": "application/pdf",
	".webmanifest": "application/manifest+json", ".wasm": "application/wasm",
}

func contentType(file string) string { return contentTypes[strings.ToLower(filepath.Ext(file))] }

func isHTML(file string) bool {
	ext := strings.ToLower(filepath.Ext(file))
	return ext == ".html" || ext == ".htm"
}
