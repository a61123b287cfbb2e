package generator

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/serve"
	"github.com/verbatim-ssg/verbatim/generator/watch"
)

// preview is a running verbatim serve on a random loopback port.
type preview struct {
	url, out string
	builds   chan error // one per rebuild
	stdout   *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func startPreview(t *testing.T, src string) *preview {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	p := &preview{builds: make(chan error, 1000), stdout: &syncBuffer{}}
	ready := make(chan struct{})
	done := make(chan error, 1)
	cfg := DefaultConfig()
	cfg.Source = src
	sc := ServeConfig{Bind: "127.0.0.1", Port: 0, PortGiven: true}
	hooks := previewHooks{
		ready: func(url, out string) { p.url, p.out = strings.TrimSuffix(url, "/"), out; close(ready) },
		built: func(_ watch.Batch, err error) { p.builds <- err },
	}
	go func() { done <- servePreview(ctx, cfg, sc, p.stdout, io.Discard, hooks) }()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("serve ended before it was ready: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve not ready within 10s")
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("serve did not stop within 5s of its context ending")
		}
		if _, err := os.Stat(p.out); err == nil {
			t.Errorf("serve left its output folder %s behind", p.out)
		}
	})
	if !strings.Contains(p.stdout.String(), "Serving "+src+" at "+p.url+"/") {
		t.Errorf("stdout lacks the Serving line: %q", p.stdout.String())
	}
	return p
}

func (p *preview) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(p.url + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// events connects to the live-reload stream as the page at path would.
func (p *preview) events(t *testing.T, path string) <-chan string {
	t.Helper()
	resp, err := http.Get(p.url + serve.EventsPath + "?page=" + path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	ch := make(chan string, 100)
	go func() {
		defer close(ch)
		r := bufio.NewReader(resp.Body)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if name, ok := strings.CutPrefix(strings.TrimSpace(line), "event: "); ok {
				ch <- name
			}
		}
	}()
	return ch
}

// waitEvent waits for event name, skipping others, and fails after 5s.
func waitEvent(t *testing.T, ch <-chan string, name string) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case got, ok := <-ch:
			if !ok {
				t.Fatalf("event stream closed waiting for %q", name)
			}
			if got == name {
				return
			}
		case <-deadline:
			t.Fatalf("no %q event within 5s", name)
		}
	}
}

const previewSite = `
-- content/a.md --
---
title: A
date: 2024-01-01
---
**Ann** (0:00)
Hello from A.
-- content/b.md --
---
title: B
date: 2024-02-01
---
**Bob** (0:00)
Hello from B.
`

func TestPreviewEditDeleteBreakFix(t *testing.T) {
	src := writeSite(t, previewSite)
	p := startPreview(t, src)
	if status, body := p.get(t, "/episodes/a/"); status != 200 || !strings.Contains(body, "Hello from A.") {
		t.Fatalf("episode a: %d\n%s", status, body)
	}
	ev := p.events(t, "/episodes/a/")
	waitEvent(t, ev, "ok")

	// Edit: the page changes and a reload arrives.
	writeFile(t, filepath.Join(src, "content/a.md"), "---\ntitle: A\ndate: 2024-01-01\n---\n**Ann** (0:00)\nEdited A.\n")
	waitEvent(t, ev, "reload")
	if _, body := p.get(t, "/episodes/a/"); !strings.Contains(body, "Edited A.") {
		t.Errorf("page not updated after the reload event:\n%s", body)
	}

	// Break: the error arrives, and the old page is served under the overlay.
	writeFile(t, filepath.Join(src, "content/a.md"), "---\ntitle: A\ndate: 2024-01-01\n---\n**Ann** (1:75)\nBroken A.\n")
	waitEvent(t, ev, "error")
	status, body := p.get(t, "/episodes/a/")
	for _, want := range []string{"Edited A.", `id="verbatim-overlay"`, "content/a.md:5:", "**Ann** (1:75)", "hint: "} {
		if status != 200 || !strings.Contains(body, want) {
			t.Errorf("page while broken (status %d) lacks %q", status, want)
		}
	}

	// Fix: the error goes by itself.
	writeFile(t, filepath.Join(src, "content/a.md"), "---\ntitle: A\ndate: 2024-01-01\n---\n**Ann** (1:15)\nFixed A.\n")
	waitEvent(t, ev, "ok")
	if _, body := p.get(t, "/episodes/a/"); strings.Contains(body, `id="verbatim-overlay"`) || !strings.Contains(body, "Fixed A.") {
		t.Errorf("page after the fix still broken or stale:\n%s", body)
	}

	// Delete: the page is gone, the site's 404 page is served.
	if err := os.Remove(filepath.Join(src, "content/b.md")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { status, _ := p.get(t, "/episodes/b/"); return status == 404 })

	// The live-reload script is only in served pages, never on disk; links
	// point at the local server.
	for name, data := range snapshot(t, p.out) {
		if strings.Contains(data, "EventSource") {
			t.Errorf("%s on disk holds the live-reload script", name)
		}
	}
	if _, body := p.get(t, "/"); !strings.Contains(body, p.url+"/") {
		t.Errorf("home page has no link to the local server %s", p.url)
	}
}

// waitFor polls cond for up to 10 s.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("condition not met within 10s")
}

// TestPreviewFolderSetAside: a folder renamed to a name starting with "_"
// takes its episodes out of the site, and renamed back brings them in,
// though the watcher reports only the folder, not the files in it.
func TestPreviewFolderSetAside(t *testing.T) {
	src := writeSite(t, previewSite+"-- content/season1/c.md --\n---\ntitle: C\ndate: 2024-03-01\n---\n**Cy** (0:00)\nHello from C.\n")
	p := startPreview(t, src)
	status := func() int { s, _ := p.get(t, "/episodes/c/"); return s }
	if s := status(); s != 200 {
		t.Fatalf("/episodes/c/ before: status %d", s)
	}
	season, aside := filepath.Join(src, "content/season1"), filepath.Join(src, "content/_season1")
	for _, step := range []struct {
		from, to string
		want     int
	}{{season, aside, 404}, {aside, season, 200}} {
		if err := os.Rename(step.from, step.to); err != nil {
			t.Fatal(err)
		}
		if err := <-p.builds; err != nil {
			t.Fatalf("rebuild after renaming %s: %v", filepath.Base(step.from), err)
		}
		waitFor(t, func() bool { return status() == step.want })
	}
}
