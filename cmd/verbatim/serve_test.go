package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestServeUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"HelpIsOK", []string{"-h"}, exitOK, "-poll"},
		{"StrayArgument", []string{"site"}, exitUsage, `unexpected argument "site"`},
		{"BadPort", []string{"-port", "70000"}, exitUsage, "is not a port"},
		{"BadPoll", []string{"-poll", "soon"}, exitUsage, "invalid value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb strings.Builder
			code := run(context.Background(), append([]string{"serve"}, tt.args...), &out, &errb)
			if code != tt.code || !strings.Contains(errb.String(), tt.err) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errb.String(), tt.code, tt.err)
			}
		})
	}
}

// TestServeCommand runs "verbatim serve" as the benchmark harness does:
// wait for the Serving line, fetch a page, stop it with the context.
func TestServeCommand(t *testing.T) {
	src := t.TempDir()
	if err := os.MkdirAll(filepath.Join(src, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "content", "a.md"), []byte("**Ann** (0:00)\nHello.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A busy port that the user asked for is an error, not a silent move.
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := busy.Addr().(*net.TCPAddr).Port
	var errb strings.Builder
	if code := run(context.Background(), []string{"serve", "-src", src, "-port", strconv.Itoa(port)}, io.Discard, &errb); code != exitFail {
		t.Errorf("busy -port: exit %d, want %d (stderr %q)", code, exitFail, errb.String())
	}

	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "-src", src, "-port", "0"}, pw, io.Discard)
		pw.Close()
	}()
	lines := bufio.NewReader(pr)
	var url string
	for url == "" {
		line, err := lines.ReadString('\n')
		if err != nil {
			t.Fatalf("no Serving line on stdout: %v", err)
		}
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "Serving "); ok {
			url, ok = strings.CutPrefix(rest, src+" at ")
			if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") {
				t.Fatalf("line %q, want Serving %s at http://127.0.0.1:PORT/", line, src)
			}
		}
	}
	go io.Copy(io.Discard, lines)
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET %s: %d", url, resp.StatusCode)
	}
	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("exit %d after Ctrl-C, want 0", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not stop within 5s of Ctrl-C")
	}
}
