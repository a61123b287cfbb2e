package serve

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzServeStaysInside requests arbitrary paths and checks that nothing
// outside the output folder is ever served, whatever the encoding.
func FuzzServeStaysInside(f *testing.F) {
	for _, seed := range []string{"/", "/a/", "/../secret.txt", "/%2e%2e/secret.txt", "/a/%2E%2E/%2e%2e/secret.txt",
		"/leak.txt", "/leakdir/secret.txt", "/abs.txt", "/..%2fsecret.txt", "//../secret.txt", "/a/../../secret.txt", "/\x00"} {
		f.Add(seed)
	}
	s := New(site(f), "")
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := url.Parse(raw)
		if err != nil || u.Path == "" {
			return
		}
		req := httptest.NewRequest("GET", "/", nil)
		req.URL = u
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if strings.Contains(rec.Body.String(), "SECRET") {
			t.Fatalf("%q (path %q) served the file outside the site", raw, u.Path)
		}
	})
}
