package output

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The output folder is shared with whoever publishes it. These tests build
// small sites the way the generator does (keeping a page whose inputs did
// not change, writing the others) and check what the folder holds.

// site is a site's files: slash path to bytes.
type site map[string]string

// build builds s into root as the generator would: the state it saves
// says which bytes each file had, and a file whose bytes are the state's
// is kept without being written.
func build(root string, s site, opts Options, step func(string)) (Changes, error) {
	if opts.Version == "" {
		opts.Version = "v1"
	}
	d, err := Open(root, opts)
	if err != nil {
		return Changes{}, err
	}
	d.step = step
	var last map[string]Sum
	json.Unmarshal(d.State(), &last)
	state := make(map[string]Sum)
	for _, name := range slices.Sorted(maps.Keys(s)) {
		sum := SumOf([]byte(s[name]))
		state[name] = sum
		if last[name] == sum && d.Keep(name) {
			continue
		}
		if err := d.Write(name, []byte(s[name])); err != nil {
			d.Abort()
			return Changes{}, err
		}
	}
	saved, _ := json.Marshal(state)
	ch, _, err := d.Commit(saved)
	return ch, err
}

func mustBuild(t *testing.T, root string, s site) Changes {
	t.Helper()
	ch, err := build(root, s, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

// tree returns the files under root, but the manifest: what a reader sees.
func tree(t *testing.T, root string) site {
	t.Helper()
	got := site{}
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if rel != ManifestName {
			got[filepath.ToSlash(rel)] = read(t, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func plant(t *testing.T, root string, files site) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func union(sites ...site) site {
	u := site{}
	for _, s := range sites {
		maps.Copy(u, s)
	}
	return u
}

func diff(got, want site) string {
	var b strings.Builder
	for _, name := range slices.Sorted(maps.Keys(union(got, want))) {
		g, gok := got[name]
		w, wok := want[name]
		switch {
		case !gok:
			fmt.Fprintf(&b, "\n  missing %s", name)
		case !wok:
			fmt.Fprintf(&b, "\n  extra   %s = %q", name, g)
		case g != w:
			fmt.Fprintf(&b, "\n  differs %s = %q, want %q", name, g, w)
		}
	}
	return b.String()
}

// publisher are files a publisher keeps in the output folder, and others
// verbatim never wrote, in folders of its own too.
var publisher = site{
	"CNAME":                        "podcast.example.org\n",
	".nojekyll":                    "",
	".well-known/security.txt":     "Contact: mailto:security@example.org\n",
	".git/HEAD":                    "ref: refs/heads/gh-pages\n",
	".git/objects/ab/cdef":         "a blob",
	"_redirects":                   "/old /new 301\n",
	"_headers":                     "/*\n  X-Frame-Options: DENY\n",
	"notes.txt":                    "the publisher's own notes",
	"episodes/one/transcript.docx": "the producer's draft, beside a page",
	"deep/er/still.bin":            "\x00\x01",
}

var siteV1 = site{
	"index.html":              "<h1>Home</h1>",
	"feed.xml":                "<rss>1</rss>",
	"episodes/one/index.html": "one",
	"episodes/two/index.html": "two",
	"episodes/two/captions":   "two's captions",
	"speakers/ann/index.html": "ann",
	"flip":                    "a file that becomes a folder",
	"flop/index.html":         "a folder that becomes a file",
	"gone/only.html":          "a folder the next site drops",
}

// siteV2 edits siteV1: changed bytes (some of the same length), pages
// added and removed, a file becoming a folder and the other way round.
var siteV2 = site{
	"index.html":                "<h1>HOME</h1>", // same length, other bytes
	"feed.xml":                  "<rss>12</rss>",
	"episodes/one/index.html":   "one",
	"episodes/three/index.html": "three",
	"speakers/ann/index.html":   "ANN", // same length
	"speakers/bob/index.html":   "bob",
	"flip/index.html":           "now a folder",
	"flop":                      "now a file",
	"new/deeper/page.html":      "new",
}

func TestForeignFilesSurviveRebuilds(t *testing.T) {
	root := filepath.Join(t.TempDir(), "public")
	mustBuild(t, root, siteV1)
	plant(t, root, publisher)
	if ch := mustBuild(t, root, siteV1); ch.Wrote != 0 || len(ch.Removed) != 0 {
		t.Errorf("a rebuild with nothing changed wrote %d files and removed %v", ch.Wrote, ch.Removed)
	}
	if d := diff(tree(t, root), union(siteV1, publisher)); d != "" {
		t.Errorf("after a rebuild:%s", d)
	}
	ch := mustBuild(t, root, siteV2) // removes pages, folders, turns files into folders
	if d := diff(tree(t, root), union(siteV2, publisher)); d != "" {
		t.Errorf("after a rebuild that removes pages:%s", d)
	}
	want := []string{"episodes/two/captions", "episodes/two/index.html", "gone/only.html"} // flip and flop were replaced
	if !slices.Equal(ch.Removed, want) {
		t.Errorf("removed %v, want %v", ch.Removed, want)
	}
	mustBuild(t, root, site{"index.html": "almost nothing"})
	if d := diff(tree(t, root), union(site{"index.html": "almost nothing"}, publisher)); d != "" {
		t.Errorf("after a rebuild of one page:%s", d)
	}
}

// A folder that becomes a file keeps someone's files in it: the build
// fails, saying so, and leaves the folder as it was.
func TestFolderHoldingForeignFilesIsNotReplaced(t *testing.T) {
	root := filepath.Join(t.TempDir(), "public")
	mustBuild(t, root, site{"x/index.html": "x"})
	plant(t, root, site{"x/mine.txt": "mine"})
	_, err := build(root, site{"x": "now a file"}, Options{}, nil)
	if err == nil || !strings.Contains(err.Error(), "did not write") {
		t.Fatalf("build = %v, want an error naming the folder", err)
	}
	if read(t, filepath.Join(root, "x/mine.txt")) != "mine" {
		t.Error("the foreign file is gone")
	}
}

func TestFirstBuildBesidePublisherFiles(t *testing.T) {
	root := filepath.Join(t.TempDir(), "public")
	kept := site{"CNAME": "a.example", ".nojekyll": "", ".git/HEAD": "ref", "_redirects": "", "_headers": "", ".well-known/x": "x"}
	plant(t, root, kept)
	mustBuild(t, root, siteV1)
	if d := diff(tree(t, root), union(siteV1, kept)); d != "" {
		t.Errorf("%s", d)
	}
	// Anything else and no manifest: someone's folder, refused.
	other := filepath.Join(t.TempDir(), "thesis")
	plant(t, other, site{"CNAME": "x", "chapter1.tex": "precious"})
	if _, err := build(other, siteV1, Options{}, nil); err == nil || !strings.Contains(err.Error(), "chapter1.tex") {
		t.Errorf("build into someone's folder = %v, want a refusal naming their file", err)
	}
	if d := diff(tree(t, other), site{"CNAME": "x", "chapter1.tex": "precious"}); d != "" {
		t.Errorf("the refused folder changed:%s", d)
	}
}

// A manifest that does not verify, planted or damaged, removes nothing:
// the build writes its files and warns.
func TestUnverifiedManifestRemovesNothing(t *testing.T) {
	real := filepath.Join(t.TempDir(), "real")
	mustBuild(t, real, siteV1)
	good, err := os.ReadFile(filepath.Join(real, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	flipped := []byte(string(good))
	flipped[len(flipped)/2] ^= 1
	for _, tt := range []struct{ name, manifest string }{
		{"Empty", ""},
		{"Garbage", "not a manifest at all"},
		{"Truncated", string(good[:len(good)/2])},
		{"BitFlipped", string(flipped)},
		{"OtherFormat", "verbatim manifest 9\n" + string(good[20:])},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "folder")
			theirs := union(publisher, site{"index.html": "their home page", "report.pdf": "theirs", "episodes/one/index.html": "old"})
			plant(t, root, theirs)
			plant(t, root, site{ManifestName: tt.manifest})
			d, err := Open(root, Options{Version: "v1"})
			if err != nil {
				t.Fatal(err)
			}
			if w := d.Warnings(); len(w) != 1 || !strings.Contains(w[0].Msg, "none is removed") || w[0].Hint == "" {
				t.Errorf("warnings %+v, want one saying nothing is removed", w)
			}
			d.Write("feed.xml", []byte("<rss/>"))
			if _, _, err := d.Commit(nil); err != nil {
				t.Fatal(err)
			}
			if d := diff(tree(t, root), union(theirs, site{"feed.xml": "<rss/>"})); d != "" {
				t.Errorf("%s", d)
			}
		})
	}
}

// A file whose bytes changed behind the manifest's back is written again,
// whatever its size and time; one only touched is hashed once, and kept.
func TestRebuildRepairsChangedBytes(t *testing.T) {
	root := filepath.Join(t.TempDir(), "public")
	mustBuild(t, root, siteV1)
	index := filepath.Join(root, "index.html")
	info, _ := os.Stat(index)
	os.WriteFile(index, []byte("<h1>HOME</h1>"), 0o644) // same size
	os.Chtimes(index, info.ModTime(), info.ModTime())   // and even the same time...
	// ...in the tick the manifest was written in: set so, as a loaded
	// machine may take longer than the racy window between the two.
	os.Chtimes(filepath.Join(root, ManifestName), info.ModTime(), info.ModTime())
	os.WriteFile(filepath.Join(root, "feed.xml"), nil, 0) // emptied
	os.Remove(filepath.Join(root, "episodes/one/index.html"))
	touched := filepath.Join(root, "speakers/ann/index.html")
	later := time.Now().Add(time.Hour)
	os.Chtimes(touched, later, later)

	ch := mustBuild(t, root, siteV1)
	if d := diff(tree(t, root), siteV1); d != "" {
		t.Errorf("not repaired:%s", d)
	}
	// ...but within the racy window of the manifest, so it is hashed:
	// the three files changed are written, the touched one is not.
	if ch.Wrote != 3 {
		t.Errorf("wrote %d files, want 3", ch.Wrote)
	}
	m, _ := readManifest(filepath.Join(root, ManifestName))
	if f, _ := m.Lookup("speakers/ann/index.html"); f.Mtime != later.UnixNano() {
		t.Errorf("the touched file's new time is not recorded: %d", f.Mtime)
	}
}

func TestForceWritesEverything(t *testing.T) {
	root := filepath.Join(t.TempDir(), "public")
	mustBuild(t, root, siteV1)
	plant(t, root, publisher)
	ch, err := build(root, siteV1, Options{Force: true}, nil)
	if err != nil || ch.Wrote != len(siteV1) || len(ch.Removed) != 0 {
		t.Errorf("forced rebuild: wrote %d, removed %v, %v; want %d, none", ch.Wrote, ch.Removed, err, len(siteV1))
	}
	if d := diff(tree(t, root), union(siteV1, publisher)); d != "" {
		t.Errorf("%s", d)
	}
}

func TestSecondBuildRefusedWhileFirstHoldsTheFolder(t *testing.T) {
	root := filepath.Join(t.TempDir(), "public")
	first, err := Open(root, Options{Version: "v1"})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = Open(root, Options{Version: "v1", LockWait: 200 * time.Millisecond})
	var busy *BusyError
	if !errors.As(err, &busy) || !strings.Contains(err.Error(), fmt.Sprintf("pid %d", os.Getpid())) || !strings.Contains(err.Error(), "hint:") {
		t.Fatalf("second Open = %v, want a BusyError naming this process", err)
	}
	if waited := time.Since(start); waited < 200*time.Millisecond {
		t.Errorf("gave up after %v, want it to wait 200ms", waited)
	}
	// It waits for the first to finish when that is soon enough.
	go func() {
		time.Sleep(100 * time.Millisecond)
		first.Commit(nil)
	}()
	second, err := Open(root, Options{Version: "v1", LockWait: 5 * time.Second})
	if err != nil {
		t.Fatalf("did not wait for the first build: %v", err)
	}
	second.Abort()
	if _, err := os.Stat(filepath.Join(root, LockName)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the lock file is left behind: %v", err)
	}
}

// Two builders with different sites, building into one folder as fast as
// they can: the folder always ends as one whole site, never a mix.
func TestConcurrentBuildsNeverMix(t *testing.T) {
	root := filepath.Join(t.TempDir(), "public")
	sites := [2]site{{}, {}}
	for i := range 40 {
		name := fmt.Sprintf("episodes/%02d/index.html", i)
		sites[0][name] = fmt.Sprint("site A, page ", i)
		sites[1][name] = fmt.Sprint("site B, page ", i)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for round := range 20 {
		wg.Go(func() {
			if _, err := build(root, sites[round%2], Options{LockWait: time.Minute}, nil); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	got := tree(t, root)
	if diff(got, sites[0]) != "" && diff(got, sites[1]) != "" {
		t.Errorf("a mix of two sites:%s", diff(got, sites[0]))
	}
	// And the next build of either trusts nothing wrongly.
	for _, s := range sites {
		mustBuild(t, root, s)
		if d := diff(tree(t, root), s); d != "" {
			t.Errorf("%s", d)
		}
	}
}

func TestSweepTempRemovesOnlyFoldersOfDeadProcesses(t *testing.T) {
	if !locksWork {
		t.Skip("no locks on this system: folders are swept by age")
	}
	dir := t.TempDir()
	live, err := NewTempDir(dir, "verbatim-test-")
	if err != nil {
		t.Fatal(err)
	}
	defer live.Remove()
	dead := filepath.Join(dir, "verbatim-test-killed")
	young := filepath.Join(dir, "verbatim-test-just-made")
	other := filepath.Join(dir, "someone-else")
	for _, p := range []string{dead, young, other} {
		os.Mkdir(p, 0o755)
	}
	old := time.Now().Add(-time.Minute)
	for _, p := range []string{live.Path, dead, other} {
		os.Chtimes(p, old, old)
	}
	SweepTemp(dir, "verbatim-test-")
	for p, want := range map[string]bool{live.Path: true, dead: false, young: true, other: true} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s exists = %v, want %v", filepath.Base(p), err == nil, want)
		}
	}
}

// TestKillAtEveryStep kills a build at each rename and removal of its
// commit, in a child process (this test binary run again), then rebuilds:
// the folder must then equal a clean build byte for byte, the publisher's
// files untouched, whether the rebuild reverts the killed build's edits
// or makes them again.
func TestKillAtEveryStep(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a process per step")
	}
	// Count the steps of the commit that will be killed.
	steps := 0
	root := filepath.Join(t.TempDir(), "count")
	mustBuild(t, root, siteV1)
	plant(t, root, publisher)
	if _, err := build(root, siteV2, Options{}, func(string) { steps++ }); err != nil {
		t.Fatal(err)
	}
	if steps < 10 {
		t.Fatalf("only %d steps", steps)
	}
	for n := 1; n <= steps+1; n++ { // steps+1: not killed at all
		for _, rebuild := range []struct {
			name string
			site site
		}{{"Revert", siteV1}, {"Redo", siteV2}} {
			how := []string{"exit", "kill"}[n%2]
			t.Run(fmt.Sprintf("%s%d/%s", how, n, rebuild.name), func(t *testing.T) {
				root := filepath.Join(t.TempDir(), "public")
				mustBuild(t, root, siteV1)
				plant(t, root, publisher)
				cmd := exec.Command(os.Args[0], "-test.run=^TestKillHelper$")
				cmd.Env = append(os.Environ(), "VERBATIM_KILL_ROOT="+root, "VERBATIM_KILL_AT="+strconv.Itoa(n), "VERBATIM_KILL_HOW="+how)
				out, err := cmd.CombinedOutput()
				if n <= steps && err == nil {
					t.Fatalf("the child was not killed: %s", out)
				}
				if n > steps && err != nil {
					t.Fatalf("the child failed: %v %s", err, out)
				}
				mustBuild(t, root, rebuild.site)
				if d := diff(tree(t, root), union(rebuild.site, publisher)); d != "" {
					t.Fatalf("after the rebuild:%s", d)
				}
				if ch := mustBuild(t, root, rebuild.site); ch.Wrote != 0 || len(ch.Removed) != 0 {
					t.Errorf("a third build wrote %d and removed %v", ch.Wrote, ch.Removed)
				}
			})
		}
	}
}

// TestKillHelper is the child of TestKillAtEveryStep: it builds siteV2 and
// dies at the step it is told.
func TestKillHelper(t *testing.T) {
	root := os.Getenv("VERBATIM_KILL_ROOT")
	if root == "" {
		t.Skip("run by TestKillAtEveryStep")
	}
	at, _ := strconv.Atoi(os.Getenv("VERBATIM_KILL_AT"))
	step := 0
	_, err := build(root, siteV2, Options{}, func(string) {
		if step++; step == at {
			if os.Getenv("VERBATIM_KILL_HOW") == "kill" {
				self, _ := os.FindProcess(os.Getpid())
				self.Kill() // SIGKILL on Unix
				select {}
			}
			os.Exit(3)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}
