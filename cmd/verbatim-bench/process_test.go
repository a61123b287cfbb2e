package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The test binary stands in for "verbatim serve" when this variable is set:
// it prints the line serve prints and sends a reload event whenever a file
// in content/ changes, found by polling. It lets the harness's side of the
// protocol be tested before and apart from the real server.
const fakeServeEnv = "VERBATIM_BENCH_FAKE_SERVE"

func TestMain(m *testing.M) {
	if os.Getenv(fakeServeEnv) == "1" {
		os.Exit(fakeServe(os.Args[1:]))
	}
	if len(os.Args) == 4 && os.Args[1] == floorFlag {
		// The floor step runs this program again: the test binary too.
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func fakeServe(args []string) int {
	var site, port string
	for i := 0; i+1 < len(args); i++ {
		switch args[i] {
		case "-src":
			site = args[i+1]
		case "-port":
			port = args[i+1]
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	http.HandleFunc("/__verbatim/events", func(w http.ResponseWriter, r *http.Request) {
		last := snapshot(site) // before the client can know it is connected
		w.Header().Set("Content-Type", "text/event-stream")
		w.(http.Flusher).Flush()
		for {
			select {
			case <-r.Context().Done():
				return
			case <-time.After(5 * time.Millisecond):
			}
			if now := snapshot(site); now != last {
				last = now
				fmt.Fprint(w, "event: reload\ndata: {}\n\n")
				w.(http.Flusher).Flush()
			}
		}
	})
	go http.Serve(l, nil)
	fmt.Printf("Serving %s at http://127.0.0.1:%s/ (Ctrl-C to stop)\n", site, port)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt)
	<-stop
	return 0
}

// snapshot is the content folder's file sizes and times, as one string.
func snapshot(site string) string {
	var b strings.Builder
	entries, _ := os.ReadDir(filepath.Join(site, "content"))
	for _, e := range entries {
		if info, err := e.Info(); err == nil {
			fmt.Fprintf(&b, "%s %d %d\n", e.Name(), info.Size(), info.ModTime().UnixNano())
		}
	}
	return b.String()
}

func TestReloadTimerTimesWriteToReloadEvent(t *testing.T) {
	t.Setenv(fakeServeEnv, "1")
	site := t.TempDir()
	content := filepath.Join(site, "content")
	if err := os.MkdirAll(content, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(content, "ep0000.md")
	if err := os.WriteFile(file, []byte("first"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv, err := startServe(context.Background(), os.Args[0], site, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	for k := range 3 {
		d, err := srv.time(file, []byte(fmt.Sprintf("edit %d", k)))
		if err != nil {
			srv.stop()
			t.Fatal(err)
		}
		if d <= 0 || d > 10*time.Second {
			t.Errorf("edit %d: write to reload took %v, want a positive time under 10s", k, d)
		}
	}
	if rss := srv.stop(); rss <= 0 {
		t.Errorf("peak memory of the stopped server = %d, want > 0", rss)
	}
}

func TestStartServeFailsClearlyWhenServeEndsEarly(t *testing.T) {
	// "false" exits at once without printing the Serving line.
	_, err := startServe(context.Background(), "false", t.TempDir(), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "Serving") {
		t.Errorf("startServe with a binary that exits = %v, want an error naming the Serving line", err)
	}
}

func TestTimeProcessReportsFailureWithOutput(t *testing.T) {
	_, err := timeProcess(context.Background(), "sh", "-c", "echo broken transcript; exit 3")
	if err == nil || !strings.Contains(err.Error(), "broken transcript") {
		t.Errorf("timeProcess of a failing command = %v, want its output in the error", err)
	}
	s, err := timeProcess(context.Background(), "sh", "-c", "true")
	if err != nil || s.wall <= 0 || s.rss <= 0 {
		t.Errorf("timeProcess(true) = %+v, %v; want a positive time and memory", s, err)
	}
}
