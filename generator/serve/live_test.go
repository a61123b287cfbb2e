package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/diag"
)

var update = flag.Bool("update", os.Getenv("UPDATE_GOLDEN") == "1", "rewrite golden files")

func TestDecide(t *testing.T) {
	exists := func(p string) bool { return p != "gone/index.html" && p != "missing/index.html" }
	tests := []struct {
		name    string
		page    string
		changed []string
		event   string // "" for nothing
		data    string
	}{
		{"OwnPageReloads", "/a/", []string{"a/index.html"}, "reload", "{}"},
		{"HomeMapsToIndex", "/", []string{"index.html", "b/index.html"}, "reload", "{}"},
		{"OtherPageNothing", "/a/", []string{"b/index.html", "speakers/x/index.html"}, "", ""},
		{"FeedAndSitemapNothing", "/a/", []string{"feed.xml", "sitemap.xml", "index.json"}, "", ""},
		{"OnlyCSSSwaps", "/a/", []string{"css/site.css", "css/chroma.css"}, "css", `["/css/chroma.css","/css/site.css"]`},
		{"CSSAndOwnPageReloads", "/a/", []string{"css/site.css", "a/index.html"}, "reload", "{}"},
		{"ScriptReloadsAll", "/a/", []string{"js/player.js"}, "reload", "{}"},
		{"ImageReloadsAll", "/a/", []string{"img/logo.svg"}, "reload", "{}"},
		{"DeletedPageReloadsTo404", "/gone/", []string{"gone/index.html"}, "reload", "{}"},
		{"On404New404Reloads", "/missing/", []string{"404.html"}, "reload", "{}"},
		{"OnRealPageNew404Nothing", "/a/", []string{"404.html"}, "", ""},
		{"UnknownPageReloadsOnAny", "", []string{"b/index.html"}, "reload", "{}"},
		{"UnknownPageSwapsCSS", "", []string{"css/site.css"}, "css", `["/css/site.css"]`},
		{"NothingChangedNothing", "/a/", nil, "", ""},
		{"HTMLFilePage", "/about.html", []string{"about.html"}, "reload", "{}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ok := decide(tt.page, tt.changed, exists)
			if ok != (tt.event != "") || m.event != tt.event || m.data != tt.data {
				t.Errorf("decide(%q, %v) = %+v, %v; want event %q data %q", tt.page, tt.changed, m, ok, tt.event, tt.data)
			}
		})
	}
}

// stream reads server-sent events from one connection.
type stream struct {
	t    *testing.T
	body io.Closer
	ch   chan [2]string
}

func connect(t *testing.T, base, page string) *stream {
	t.Helper()
	resp, err := http.Get(base + EventsPath + "?page=" + page)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events Content-Type %q", ct)
	}
	s := &stream{t: t, body: resp.Body, ch: make(chan [2]string, 64)}
	go func() {
		defer close(s.ch)
		r := bufio.NewReader(resp.Body)
		var ev, data string
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case strings.HasPrefix(line, "event: "):
				ev = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				data = line[len("data: "):]
			case line == "" && ev != "":
				s.ch <- [2]string{ev, data}
				ev, data = "", ""
			}
		}
	}()
	t.Cleanup(func() { resp.Body.Close() })
	return s
}

// next returns the next event's name and data.
func (s *stream) next() (string, string) {
	s.t.Helper()
	select {
	case e, ok := <-s.ch:
		if !ok {
			s.t.Fatal("event stream closed")
		}
		return e[0], e[1]
	case <-time.After(2 * time.Second):
		s.t.Fatal("no event within 2s")
	}
	return "", ""
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestLiveEvents(t *testing.T) {
	out := site(t)
	src := t.TempDir()
	if err := os.WriteFile(filepath.Join(src, "ep.md"), []byte("line 1\nline 2\n[0:61:00] Bad\nline 4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := New(out, src)
	srv := httptest.NewServer(s)
	defer srv.Close()
	defer s.Close() // first: srv.Close waits for open event streams
	a := connect(t, srv.URL, "/a/")
	b := connect(t, srv.URL, "/b/")
	for _, c := range []*stream{a, b} {
		if ev, _ := c.next(); ev != "ok" {
			t.Fatalf("first event %q, want ok (the state on connect)", ev)
		}
	}

	// Another page changed: only b reloads. Then a's own page: a reloads,
	// and that is the first event a sees.
	s.Built([]string{"b/index.html"})
	if ev, _ := b.next(); ev != "reload" {
		t.Errorf("b got %q, want reload", ev)
	}
	s.Built([]string{"a/index.html"})
	if ev, _ := a.next(); ev != "reload" {
		t.Errorf("a got %q, want reload (and nothing for b's page before it)", ev)
	}
	s.Built([]string{"css/site.css"})
	for _, c := range []*stream{a, b} {
		if ev, data := c.next(); ev != "css" || data != `["/css/site.css"]` {
			t.Errorf("got %q %s, want css [/css/site.css] on every page", ev, data)
		}
	}

	// A broken build: both get the overlay, and pages served meanwhile
	// carry it over the old content.
	var problems diag.List
	problems.Errorf(diag.Pos{File: "ep.md", Line: 3, Col: 5}, "minutes run 0-59: write [1:01:00]", "timestamp minutes over 59 in %q", "<0:61:00>")
	s.Failed(problems, problems)
	for _, c := range []*stream{a, b} {
		ev, data := c.next()
		var html string
		if ev != "error" || json.Unmarshal([]byte(data), &html) != nil || !strings.Contains(html, "verbatim-overlay") {
			t.Fatalf("got %q %.80s, want error with the overlay", ev, data)
		}
	}
	status, body := get(t, srv.URL+"/a/")
	if status != 200 || !strings.Contains(body, "Episode A") || !strings.Contains(body, "ep.md:3:5") ||
		!strings.Contains(body, "[0:61:00] Bad") || !strings.Contains(body, "&lt;0:61:00&gt;") {
		t.Errorf("page while broken lacks the old content or the overlay:\n%s", body)
	}
	// A page opened while broken learns so on connect.
	c := connect(t, srv.URL, "/")
	if ev, _ := c.next(); ev != "error" {
		t.Errorf("new page while broken got %q, want error", ev)
	}

	// Fixed, with no bytes changed: ok clears the overlay, no reload.
	s.Built(nil)
	if ev, _ := a.next(); ev != "ok" {
		t.Errorf("after fix a got %q, want ok", ev)
	}
	if _, body := get(t, srv.URL+"/a/"); strings.Contains(body, `id="verbatim-overlay"`) {
		t.Error("page still has the overlay after a good build")
	}
}

func TestSlowClientDropped(t *testing.T) {
	s := New(site(t), t.TempDir())
	c := &client{page: "/a/", ch: make(chan message, clientBuffer), kick: make(chan struct{})}
	s.clients[c] = struct{}{}
	for range clientBuffer + 1 {
		s.Built([]string{"a/index.html"})
	}
	select {
	case <-c.kick:
	default:
		t.Fatal("a client that fell behind was not dropped")
	}
	if len(s.clients) != 0 {
		t.Error("dropped client still registered")
	}
}

func TestOverlayGolden(t *testing.T) {
	src := t.TempDir()
	if err := os.MkdirAll(filepath.Join(src, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	ep := "---\ntitle: <Pilot>\n---\n\n**Ada** [00:61]: Hello & welcome.\n\t**Bob** [1:00:00]: Hi.\n"
	if err := os.WriteFile(filepath.Join(src, "content", "ep.md"), []byte(ep), 0o644); err != nil {
		t.Fatal(err)
	}
	var l diag.List
	l.Errorf(diag.Pos{File: "content/ep.md", Line: 5, Col: 10}, "seconds run 0-59: write [01:01]", "timestamp seconds over 59 in %q", "[00:61]")
	l.Warnf(diag.Pos{File: "content/ep.md", Line: 6, Col: 3}, "", "speaker %q is not declared", "Bob")
	l.Errorf(diag.Pos{File: "verbatim.toml", Line: 2}, "", "no such file: <script>alert(1)</script>")
	got := New(t.TempDir(), src).renderOverlay(l, errors.New("template episode.html: unexpected EOF"))
	golden := filepath.Join("testdata", "overlay.golden.html")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("overlay differs from %s (run with -update to accept):\n%s", golden, got)
	}
	if strings.Contains(got, "<script>alert") {
		t.Error("overlay does not escape a message")
	}
}

func TestCaret(t *testing.T) {
	tests := []struct {
		name, line string
		col        int
		want       string
	}{
		{"FirstColumn", "abc", 1, ""},
		{"ThirdColumn", "abc", 3, "  "},
		{"TabsKept", "\t\tx", 3, "\t\t"},
		{"CharactersNotBytes", "éé x", 4, "   "},
		{"PastEnd", "ab", 10, "  "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := caret(tt.line, tt.col); got != tt.want {
				t.Errorf("caret(%q, %d) = %q, want %q", tt.line, tt.col, got, tt.want)
			}
		})
	}
}

func TestListenTakesNextPortWhenBusy(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := busy.Addr().(*net.TCPAddr).Port
	ln, err := Listen("127.0.0.1", port, false)
	if err != nil {
		t.Fatalf("default port busy: %v", err)
	}
	defer ln.Close()
	if got := ln.Addr().(*net.TCPAddr).Port; got == port {
		t.Errorf("listening on the busy port %d", got)
	}
	if !strings.HasPrefix(URL(ln), "http://127.0.0.1:") {
		t.Errorf("URL %q", URL(ln))
	}
	if _, err := Listen("127.0.0.1", port, true); err == nil {
		t.Error("a port the user asked for was busy, and Listen did not say so")
	}
}

func TestServeStopsWithOpenStreams(t *testing.T) {
	s := New(site(t), t.TempDir())
	ln, err := Listen("127.0.0.1", 0, true)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	c := connect(t, strings.TrimSuffix(URL(ln), "/"), "/a/")
	c.next()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Serve did not stop with an event stream open")
	}
	if _, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		t.Error("still accepting connections after stop")
	}
}
