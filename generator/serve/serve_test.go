package serve

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// site writes a small built site into a temp folder and returns it, with a
// secret file beside it that must never be served.
func site(t testing.TB) (out string) {
	t.Helper()
	dir := t.TempDir()
	out = filepath.Join(dir, "public")
	files := map[string]string{
		"index.html":    "<!doctype html><html><body><h1>Home</h1></body></html>",
		"404.html":      "<!doctype html><html><body><h1>No such page</h1></body></html>",
		"a/index.html":  "<!doctype html><html><body><h1>Episode A</h1></body></html>",
		"css/site.css":  "body{color:black}",
		"app.js":        "console.log(1)",
		"feed.xml":      "<rss></rss>",
		"index.json":    "[]",
		"big.txt":       "0123456789abcdefghijklmnopqrstuvwxyz",
		"img/logo.svg":  "<svg xmlns='http://www.w3.org/2000/svg'></svg>",
		"fragment.html": "<p>no body tag</p>",
	}
	for name, text := range files {
		p := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "secret.txt"), []byte("SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{
		"leak.txt":   "../secret.txt",                  // out of the site: refused
		"leakdir":    "..",                             // a folder out of the site: refused
		"alias.html": "a/index.html",                   // inside the site: fine
		"abs.txt":    filepath.Join(dir, "secret.txt"), // absolute, out: refused
	} {
		if err := os.Symlink(target, filepath.Join(out, link)); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestServeHTTP(t *testing.T) {
	out := site(t)
	s := New(out, t.TempDir())
	tests := []struct {
		name, method, target string
		status               int
		ctype                string
		has, hasNot          string
		location             string
	}{
		{"HomePageWithScript", "GET", "/", 200, "text/html; charset=utf-8", "<h1>Home</h1><script>", "", ""},
		{"FolderIndex", "GET", "/a/", 200, "text/html; charset=utf-8", "Episode A", "", ""},
		{"FolderWithoutSlashRedirects", "GET", "/a", 302, "", "", "", "/a/"},
		{"FolderRedirectKeepsQuery", "GET", "/a?t=90", 302, "", "", "", "/a/?t=90"},
		{"StylesheetUntouched", "GET", "/css/site.css", 200, "text/css; charset=utf-8", "body{color:black}", "<script", ""},
		{"ScriptType", "GET", "/app.js", 200, "text/javascript; charset=utf-8", "console.log", "EventSource", ""},
		{"FeedUntouched", "GET", "/feed.xml", 200, "application/xml; charset=utf-8", "<rss>", "<script", ""},
		{"JSONType", "GET", "/index.json", 200, "application/json", "[]", "", ""},
		{"SVGType", "GET", "/img/logo.svg", 200, "image/svg+xml", "<svg", "<script", ""},
		{"HTMLWithoutBodyGetsScriptAtEnd", "GET", "/fragment.html", 200, "text/html; charset=utf-8", "</p><script>", "", ""},
		{"MissingIsSite404", "GET", "/no/such/page/", 404, "text/html; charset=utf-8", "No such page", "", ""},
		{"Missing404HasScript", "GET", "/nope", 404, "text/html; charset=utf-8", "EventSource", "", ""},
		{"NoListingOfFolder", "GET", "/css/", 404, "text/html; charset=utf-8", "No such page", "site.css", ""},
		{"DotDotStaysInside", "GET", "/../secret.txt", 404, "", "", "SECRET", ""},
		{"EncodedDotDotStaysInside", "GET", "/%2e%2e/secret.txt", 404, "", "", "SECRET", ""},
		{"DeepDotDotStaysInside", "GET", "/a/%2E%2E/%2e%2e/%2e%2e/secret.txt", 404, "", "", "SECRET", ""},
		{"SymlinkOutRefused", "GET", "/leak.txt", 404, "", "", "SECRET", ""},
		{"SymlinkedFolderOutRefused", "GET", "/leakdir/secret.txt", 404, "", "", "SECRET", ""},
		{"AbsoluteSymlinkOutRefused", "GET", "/abs.txt", 404, "", "", "SECRET", ""},
		{"SymlinkInsideServed", "GET", "/alias.html", 200, "text/html; charset=utf-8", "Episode A", "", ""},
		{"ReservedPrefix404", "GET", "/__verbatim/live.js", 404, "", "No such page", "", ""},
		{"PostRefused", "POST", "/", 405, "", "", "Home", ""},
		{"HeadHasNoBody", "HEAD", "/", 200, "text/html; charset=utf-8", "", "Home", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.target, nil))
			body := rec.Body.String()
			if rec.Code != tt.status {
				t.Errorf("status %d, want %d (body %q)", rec.Code, tt.status, body)
			}
			if got := rec.Header().Get("Content-Type"); tt.ctype != "" && got != tt.ctype {
				t.Errorf("Content-Type %q, want %q", got, tt.ctype)
			}
			if tt.has != "" && !strings.Contains(body, tt.has) {
				t.Errorf("body lacks %q: %q", tt.has, body)
			}
			if tt.hasNot != "" && strings.Contains(body, tt.hasNot) {
				t.Errorf("body has %q: %q", tt.hasNot, body)
			}
			if got := rec.Header().Get("Location"); got != tt.location {
				t.Errorf("Location %q, want %q", got, tt.location)
			}
		})
	}
}

// TestTraversalOverTheWire sends request lines as written, since clients
// and httptest.NewRequest may clean a path before the server sees it.
func TestTraversalOverTheWire(t *testing.T) {
	srv := httptest.NewServer(New(site(t), t.TempDir()))
	defer srv.Close()
	for _, target := range []string{"/../secret.txt", "/%2e%2e/secret.txt", "/a/../../secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/./../secret.txt", "//../secret.txt"} {
		t.Run(target, func(t *testing.T) {
			conn, err := net.Dial("tcp", srv.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", target)
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			if strings.Contains(string(body), "SECRET") {
				t.Fatalf("%s served the file outside the site (status %d)", target, resp.StatusCode)
			}
			if resp.StatusCode == 200 {
				t.Errorf("%s: status 200, want an error or a redirect", target)
			}
		})
	}
}

func TestRangeRequests(t *testing.T) {
	s := New(site(t), t.TempDir())
	tests := []struct {
		name, target, rng string
		status            int
		body              string
	}{
		{"MiddleOfFile", "/big.txt", "bytes=10-19", 206, "abcdefghij"},
		{"Suffix", "/big.txt", "bytes=-3", 206, "xyz"},
		{"Unsatisfiable", "/big.txt", "bytes=100-200", 416, ""},
		{"HTMLRangeIsOfServedBytes", "/index.html", "bytes=0-14", 206, "<!doctype html>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", tt.target, nil)
			req.Header.Set("Range", tt.rng)
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			if tt.body != "" && rec.Body.String() != tt.body {
				t.Errorf("body %q, want %q", rec.Body.String(), tt.body)
			}
		})
	}
}

func TestNoSite404IsPlain(t *testing.T) {
	out := t.TempDir()
	s := New(out, t.TempDir())
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
	if rec.Code != 404 || !strings.Contains(rec.Body.String(), "404 page not found") || !strings.Contains(rec.Body.String(), "EventSource") {
		t.Errorf("got %d %q, want a plain 404 page with the live-reload script", rec.Code, rec.Body.String())
	}
}

func TestInject(t *testing.T) {
	tests := []struct{ name, page, want string }{
		{"BeforeBody", "<body>x</body></html>", "<body>x<S></body></html>"},
		{"UpperCaseBody", "<BODY>x</BODY>", "<BODY>x<S></BODY>"},
		{"LastBodyWins", "<pre></body></pre></body>", "<pre></body></pre><S></body>"},
		{"NoBodyAppends", "<p>x</p>", "<p>x</p><S>"},
		{"Empty", "", "<S>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(inject([]byte(tt.page), "<S>")); got != tt.want {
				t.Errorf("inject(%q) = %q, want %q", tt.page, got, tt.want)
			}
		})
	}
}
