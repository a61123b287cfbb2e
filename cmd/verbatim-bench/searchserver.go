package main

import (
	"cmp"
	"compress/gzip"
	"context"
	"fmt"
	"maps"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// fetch is one response of the counting server: its body's bytes as sent,
// and as a host that compresses would send them.
type fetch struct {
	path      string
	status    int
	raw, gzip int64
}

// countingServer serves a folder and records every response. It counts
// bodies twice: as sent, and compressed with gzip at level 6, as static
// hosts compress text (a body that does not shrink, such as Pagefind's
// already compressed files, counts as it is; so does a range). Responses say no-store, so
// the browser's own cache never hides a fetch: what a page fetches again
// is what its script did not keep.
type countingServer struct {
	files    http.Handler
	mu       sync.Mutex
	log      []fetch
	inFlight int
	idleFrom time.Time // when the last response ended
}

func newCountingServer(dir string) *countingServer {
	return &countingServer{files: http.FileServer(http.Dir(dir)), idleFrom: time.Now()}
}

func (s *countingServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.inFlight++
	s.mu.Unlock()
	var zipped byteCounter
	cw := &countingWriter{ResponseWriter: w, status: http.StatusOK}
	cw.gz, _ = gzip.NewWriterLevel(&zipped, 6) // the level is valid
	w.Header().Set("Cache-Control", "no-store")
	s.files.ServeHTTP(cw, r)
	cw.gz.Close()
	f := fetch{path: r.URL.Path, status: cw.status, raw: cw.raw, gzip: min(cw.raw, int64(zipped))}
	if cw.status == http.StatusPartialContent {
		f.gzip = cw.raw // a range comes as stored: fetch asks for it with Accept-Encoding: identity
	}
	s.mu.Lock()
	s.log = append(s.log, f)
	s.inFlight--
	s.idleFrom = time.Now()
	s.mu.Unlock()
}

// mark returns a position in the log, for since.
func (s *countingServer) mark() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.log)
}

// since returns the responses logged after mark.
func (s *countingServer) since(mark int) []fetch {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.log[mark:])
}

// quiet reports whether no request is under way and none has ended for d.
func (s *countingServer) quiet(d time.Duration) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inFlight == 0 && time.Since(s.idleFrom) >= d
}

type countingWriter struct {
	http.ResponseWriter
	status int
	raw    int64
	gz     *gzip.Writer
}

func (c *countingWriter) WriteHeader(code int) {
	c.status = code
	c.ResponseWriter.WriteHeader(code)
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.raw += int64(len(p))
	c.gz.Write(p) // into a counter, which cannot fail
	return c.ResponseWriter.Write(p)
}

type byteCounter int64

func (n *byteCounter) Write(p []byte) (int, error) {
	*n += byteCounter(len(p))
	return len(p), nil
}

// gzipSize is the size of b compressed as the counting server counts it.
func gzipSize(b []byte) int64 {
	var n byteCounter
	zw, _ := gzip.NewWriterLevel(&n, 6)
	zw.Write(b)
	zw.Close()
	return min(int64(len(b)), int64(n))
}

// transfer is what part of a page session fetched.
type transfer []fetch

func (t transfer) raw() (n int64) {
	for _, f := range t {
		n += f.raw
	}
	return n
}

func (t transfer) gzip() (n int64) {
	for _, f := range t {
		n += f.gzip
	}
	return n
}

func (t transfer) String() string {
	if len(t) == 0 {
		return "0"
	}
	files := "files"
	if len(t) == 1 {
		files = "file"
	}
	return fmt.Sprintf("%s / %s KB, %d %s", kilobytes(t.raw()), kilobytes(t.gzip()), len(t), files)
}

// groups sums a transfer by folder below root ("t/"), or by file name for
// a file directly in it, largest gzip first: where a query's bytes went.
func (t transfer) groups(root string) string {
	if len(t) == 0 {
		return "nothing"
	}
	sums := map[string]transfer{}
	for _, f := range t {
		rel := strings.TrimPrefix(f.path, root)
		g := rel
		if dir, _, ok := strings.Cut(rel, "/"); ok {
			g = dir + "/"
		}
		sums[g] = append(sums[g], f)
	}
	names := slices.Collect(maps.Keys(sums))
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(sums[b].gzip(), sums[a].gzip()), strings.Compare(a, b))
	})
	parts := make([]string, len(names))
	for i, g := range names {
		parts[i] = fmt.Sprintf("`%s` %s", g, sums[g])
	}
	return strings.Join(parts, " · ")
}

// kilobytes writes bytes as kilobytes of 1,000 bytes.
func kilobytes(n int64) string { return fmt.Sprintf("%.1f", float64(n)/1000) }

// serveCounting serves a folder on a free loopback port until ctx ends.
func serveCounting(ctx context.Context, dir string) (*countingServer, string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	srv := newCountingServer(dir)
	hs := &http.Server{Handler: srv}
	go hs.Serve(l)
	context.AfterFunc(ctx, func() { hs.Close() })
	return srv, "http://" + l.Addr().String(), nil
}
