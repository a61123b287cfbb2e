package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// sample is one timed run of a whole process.
type sample struct {
	wall time.Duration
	rss  int64         // peak resident set of the process, in bytes
	cpu  time.Duration // user and system time of the process; 0 for a step timed in this process
}

// series is one step timed again and again at one archive size.
type series struct {
	step    string
	samples []sample // after the warm-up
	skipped string   // why the step did not run, if it did not
}

func (s series) walls() []time.Duration {
	w := make([]time.Duration, len(s.samples))
	for i, x := range s.samples {
		w[i] = x.wall
	}
	slices.Sort(w)
	return w
}

// median is the middle wall time (the mean of the two middle ones for an
// even count), which one noisy run on a shared machine cannot move much.
func (s series) median() time.Duration {
	w := s.walls()
	if len(w) == 0 {
		return 0
	}
	return (w[(len(w)-1)/2] + w[len(w)/2]) / 2
}

func (s series) spread() (lo, hi time.Duration) {
	w := s.walls()
	if len(w) == 0 {
		return 0, 0
	}
	return w[0], w[len(w)-1]
}

// medianCPU is the middle CPU time (user and system) of the runs: on a
// shared machine, where wall time waits for other processes, the figure
// that moves least with the load.
func (s series) medianCPU() time.Duration {
	c := make([]time.Duration, len(s.samples))
	for i, x := range s.samples {
		c[i] = x.cpu
	}
	slices.Sort(c)
	if len(c) == 0 {
		return 0
	}
	return (c[(len(c)-1)/2] + c[len(c)/2]) / 2
}

// peak is the largest peak resident set over the runs.
func (s series) peak() int64 {
	var m int64
	for _, x := range s.samples {
		m = max(m, x.rss)
	}
	return m
}

// timeProcess runs a command to its end and measures its wall time and
// peak memory. Its output goes to a buffer, not a terminal, so a build
// prints no progress; the output is shown only if the command fails.
func timeProcess(ctx context.Context, argv ...string) (sample, error) {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return sample{}, fmt.Errorf("%s: %w\n%s", strings.Join(argv, " "), err, lastLines(out.String(), 20))
	}
	ps := cmd.ProcessState
	return sample{wall: wall, rss: peakRSS(ps), cpu: ps.UserTime() + ps.SystemTime()}, nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// repeat times steps once as a warm-up and then runs times. Several steps
// alternate in one loop, so each sees the same state of a noisy machine.
func repeat(ctx context.Context, runs int, steps ...step) ([]series, error) {
	out := make([]series, len(steps))
	for i, s := range steps {
		out[i].step = s.name
	}
	for run := -1; run < runs; run++ {
		for i, s := range steps {
			if s.prepare != nil {
				if err := s.prepare(run); err != nil {
					return nil, err
				}
			}
			// A cold build leaves ~900 MB at 1,000 episodes for the kernel
			// to write back: the next run, Hugo's or verbatim's, would
			// share the machine's two cores with that writeback.
			flush()
			var x sample
			var err error
			if s.time != nil {
				x, err = s.time()
			} else {
				x, err = timeProcess(ctx, s.argv...)
			}
			if err != nil {
				return nil, err
			}
			if run >= 0 {
				out[i].samples = append(out[i].samples, x)
			}
		}
	}
	return out, nil
}

// step is a process to time and what to do, untimed, before each run
// (run -1 is the warm-up).
type step struct {
	name    string
	argv    []string
	prepare func(run int) error
	time    func() (sample, error) // times the step in this process instead of running argv
}

// reloadTimeout is how long a write may go without a reload event before
// the step is given up: far beyond any goal, but a loaded machine is slow.
const reloadTimeout = 3 * time.Minute

// servingRE matches the line serve prints once the site is up.
var servingRE = regexp.MustCompile(`Serving .* at (http://127\.0\.0\.1:\d+/)`)

// reloadTimer is a running "verbatim serve" with a live-reload connection.
type reloadTimer struct {
	cmd     *exec.Cmd
	url     string
	reloads chan time.Time
	events  io.Closer
}

// startServe starts serve on a free loopback port, waits until it serves,
// and subscribes to its reload events.
func startServe(ctx context.Context, bin, site string, log io.Writer) (*reloadTimer, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bin, "serve", "-src", site, "-port", strconv.Itoa(port))
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	cmd.Stderr = log
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	t := &reloadTimer{cmd: cmd, reloads: make(chan time.Time, 16)}
	ready := make(chan string, 1)
	go func() {
		// Reads all of serve's output, so it never blocks on a full pipe,
		// and shows it, so a slow or missed rebuild can be seen.
		sc := bufio.NewScanner(stdout)
		found := false
		for sc.Scan() {
			fmt.Fprintf(log, "  serve: %s\n", sc.Text())
			if m := servingRE.FindStringSubmatch(sc.Text()); m != nil && !found {
				ready <- m[1]
				found = true
			}
		}
		if !found {
			close(ready)
		}
	}()
	select {
	case url, ok := <-ready:
		if !ok {
			t.stop()
			return nil, errors.New("serve ended without printing \"Serving ... at http://127.0.0.1:PORT/\"")
		}
		t.url = url
	case <-ctx.Done():
		t.stop()
		return nil, ctx.Err()
	case <-time.After(15 * time.Minute):
		t.stop()
		return nil, errors.New("serve did not start serving within 15 minutes")
	}
	resp, err := http.Get(t.url + "__verbatim/events")
	if err != nil {
		t.stop()
		return nil, fmt.Errorf("live reload events: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		t.stop()
		return nil, fmt.Errorf("live reload events: %s", resp.Status)
	}
	t.events = resp.Body
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) == "event: reload" {
				t.reloads <- time.Now()
			}
		}
	}()
	return t, nil
}

// time writes a file and measures the time from just before the write to
// the reload event that follows.
func (t *reloadTimer) time(path string, content []byte) (time.Duration, error) {
	for len(t.reloads) > 0 {
		<-t.reloads // a late event from before this write
	}
	start := time.Now()
	if err := os.WriteFile(path, content, 0o644); err != nil {
		return 0, err
	}
	select {
	case at := <-t.reloads:
		return at.Sub(start), nil
	case <-time.After(reloadTimeout):
		return 0, fmt.Errorf("no reload event within %v of writing %s", reloadTimeout, path)
	}
}

// stop interrupts serve, as Ctrl-C would, and returns its peak memory.
func (t *reloadTimer) stop() int64 {
	if t.events != nil {
		t.events.Close()
	}
	t.cmd.Process.Signal(os.Interrupt)
	t.cmd.Wait() // an interrupted server exits non-zero or zero; either is fine here
	return peakRSS(t.cmd.ProcessState)
}

// freePort asks the kernel for a loopback port nobody uses.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// hasCommand reports whether bin knows a subcommand.
func hasCommand(ctx context.Context, bin, name string) bool {
	out, _ := exec.CommandContext(ctx, bin, name, "-h").CombinedOutput()
	return !strings.Contains(string(out), "unknown command")
}
