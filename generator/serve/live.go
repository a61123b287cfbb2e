package serve

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/diag"
)

//go:embed live.js
var liveScript string

// message is one server-sent event.
type message struct {
	event string // reload, css, error, ok
	data  string // one line of JSON
}

// client is one open page's event stream.
type client struct {
	page string       // the URL path the page shows, "" when unknown
	ch   chan message // buffered; a client that falls behind is dropped
	kick chan struct{}
}

// clientBuffer is how many events a page may fall behind before it is
// dropped; its browser reconnects and reloads, so nothing is lost.
const clientBuffer = 16

// keepAlive is how often an idle stream gets a comment, so proxies and the
// browser keep it open and a dead one is noticed.
const keepAlive = 15 * time.Second

// Built tells the server that a build succeeded. changed lists the output
// paths (slash-separated, relative to the output folder) whose bytes
// changed, were created or were removed. A failure shown before is cleared
// ("ok"); then each page reloads when its own document, or a script, image
// or font it may use, changed, and swaps its stylesheets in place when only
// stylesheets changed.
func (s *Server) Built(changed []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	wasFailing := s.overlay != ""
	s.overlay = ""
	for c := range s.clients {
		if wasFailing {
			s.send(c, message{event: "ok", data: "{}"})
		}
		if m, ok := decide(c.page, changed, s.exists); ok {
			s.send(c, m)
		}
	}
}

// Failed tells the server that a build failed: every page, and every page
// served from now on until the next good build, shows problems (or err,
// for a failure that is not the input's fault) over the last good site.
func (s *Server) Failed(problems diag.List, err error) {
	html := s.renderOverlay(problems, err)
	data, _ := json.Marshal(html)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.overlay = html
	for c := range s.clients {
		s.send(c, message{event: "error", data: string(data)})
	}
}

// send queues m for c, dropping c if it has fallen behind. Called with s.mu held.
func (s *Server) send(c *client, m message) {
	select {
	case c.ch <- m:
	default:
		delete(s.clients, c)
		close(c.kick)
	}
}

// exists reports whether the output has a file at slash path rel.
func (s *Server) exists(rel string) bool {
	_, isDir, ok := s.resolve("/" + rel)
	return ok && !isDir
}

// decide says what a page showing URL path page does after a build that
// changed the output paths in changed: reload, swap stylesheets, or
// nothing (ok false). exists says whether an output path exists now.
func decide(page string, changed []string, exists func(string) bool) (message, bool) {
	var css []string
	doc := documentOf(page)
	for _, p := range changed {
		switch ext := strings.ToLower(path.Ext(p)); {
		case page == "" && ext != ".css":
			return message{event: "reload", data: "{}"}, true
		case p == doc, p == "404.html" && !exists(doc):
			return message{event: "reload", data: "{}"}, true
		case ext == ".css":
			css = append(css, "/"+p)
		case pageAsset[ext]:
			return message{event: "reload", data: "{}"}, true
		}
	}
	if len(css) == 0 {
		return message{}, false
	}
	slices.Sort(css)
	data, _ := json.Marshal(css)
	return message{event: "css", data: string(data)}, true
}

// pageAsset lists what a page may load and show besides stylesheets: a
// change to one reloads every page. Other pages, feeds, the sitemap and
// data files do not change what a page shows until it is reloaded anyway.
var pageAsset = map[string]bool{
	".js": true, ".mjs": true, ".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true,
	".avif": true, ".svg": true, ".ico": true, ".woff": true, ".woff2": true, ".vtt": true,
}

// documentOf maps the URL path a page shows to its output path:
// "/a/" is "a/index.html".
func documentOf(page string) string {
	if page == "" {
		return ""
	}
	clean := path.Clean("/" + page)
	if strings.HasSuffix(page, "/") || clean == "/" {
		clean = path.Join(clean, "index.html")
	}
	return strings.TrimPrefix(clean, "/")
}

// events streams live-reload events to one page until it goes away, the
// server closes, or the page falls behind.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := &client{page: r.URL.Query().Get("page"), ch: make(chan message, clientBuffer), kick: make(chan struct{})}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, "server closing", http.StatusServiceUnavailable)
		return
	}
	s.clients[c] = struct{}{}
	// The state now, in case a build finished between serving the page and
	// this connection.
	first := message{event: "ok", data: "{}"}
	if s.overlay != "" {
		data, _ := json.Marshal(s.overlay)
		first = message{event: "error", data: string(data)}
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	fmt.Fprint(w, "retry: 500\n\n")
	writeEvent(w, first)
	flusher.Flush()
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		select {
		case m := <-c.ch:
			writeEvent(w, m)
		case <-tick.C:
			fmt.Fprint(w, ": keep-alive\n\n")
		case <-c.kick:
			return
		case <-s.done:
			return
		case <-r.Context().Done():
			return
		}
		flusher.Flush()
	}
}

func writeEvent(w http.ResponseWriter, m message) {
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", m.event, m.data)
}

// Close ends every event stream, so an http.Server can shut down; pages
// reconnect to the next server.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.done)
	}
}

// injection returns what goes before </body> in a served page.
func (s *Server) injection() string {
	s.mu.Lock()
	overlay := s.overlay
	s.mu.Unlock()
	return overlay + "<script>" + liveScript + "</script>"
}

// inject puts snippet before the last </body> of page, or at its end when
// it has none.
func inject(page []byte, snippet string) []byte {
	i := lastIndexFold(page, "</body>")
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(snippet))
	out = append(out, page[:i]...)
	out = append(out, snippet...)
	return append(out, page[i:]...)
}

// lastIndexFold is bytes.LastIndex ignoring ASCII case.
func lastIndexFold(s []byte, sub string) int {
	for i := len(s) - len(sub); i >= 0; i-- {
		if bytes.EqualFold(s[i:i+len(sub)], []byte(sub)) {
			return i
		}
	}
	return -1
}
