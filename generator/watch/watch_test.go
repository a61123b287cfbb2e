package watch

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"
)

// modes runs a test with system events and with polling: both must give
// the same batches.
var modes = []struct {
	name string
	cfg  Config
}{
	{"Events", Config{Quiet: 40 * time.Millisecond}},
	{"Poll", Config{Quiet: 40 * time.Millisecond, Poll: 20 * time.Millisecond}},
}

func start(t *testing.T, cfg Config, roots ...string) *Watcher {
	t.Helper()
	w, err := New(roots, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// next returns the next batch, or fails the test after wait.
func next(t *testing.T, w *Watcher, wait time.Duration) Batch {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	b, err := w.Next(ctx)
	if err != nil {
		t.Fatalf("no batch within %v: %v", wait, err)
	}
	return b
}

// none fails the test if a batch arrives within wait.
func none(t *testing.T, w *Watcher, wait time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if b, err := w.Next(ctx); err == nil {
		t.Fatalf("unexpected batch %v", b.Changes)
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// atomicSave writes path the way most editors do: a temporary file in the
// same folder, renamed over the target.
func atomicSave(t *testing.T, path, text string) {
	t.Helper()
	tmp := path + ".tmp" + fmt.Sprint(time.Now().UnixNano()%1000)
	write(t, tmp, text)
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// settle lets a poller take its first snapshot's successor, so writes made
// in the same instant as New are still told apart by mtime.
func settle() { time.Sleep(30 * time.Millisecond) }

func TestNewFolderThenFileIsSeen(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			root := t.TempDir()
			w := start(t, m.cfg, root)
			sub := filepath.Join(root, "2024", "spring")
			if err := os.MkdirAll(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(sub, "ep.md")
			write(t, file, "# hi")
			var seen []Change
			for !slices.Contains(seen, Change{file, Changed}) {
				seen = append(seen, next(t, w, 2*time.Second).Changes...)
			}
			// The folder is watched now: a later edit inside it is seen too.
			settle()
			write(t, file, "# hi again")
			if got := next(t, w, 2*time.Second).Changes; !reflect.DeepEqual(got, []Change{{file, Changed}}) {
				t.Errorf("edit in new folder: got %v", got)
			}
		})
	}
}

func TestAtomicSaveIsOneChange(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			root := t.TempDir()
			file := filepath.Join(root, "ep.md")
			write(t, file, "one")
			w := start(t, m.cfg, root)
			settle()
			atomicSave(t, file, "two, longer")
			if got := next(t, w, 2*time.Second).Changes; !reflect.DeepEqual(got, []Change{{file, Changed}}) {
				t.Errorf("atomic save: got %v, want one change of %s", got, file)
			}
			none(t, w, 200*time.Millisecond)
		})
	}
}

func TestBurstIsOneBatch(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			root := t.TempDir()
			w := start(t, Config{Quiet: 150 * time.Millisecond, Poll: m.cfg.Poll}, root)
			var want []Change
			for i := range 100 {
				p := filepath.Join(root, fmt.Sprintf("ep%03d.md", i))
				write(t, p, "x")
				want = append(want, Change{p, Changed})
			}
			if got := next(t, w, 3*time.Second).Changes; !reflect.DeepEqual(got, want) {
				t.Errorf("burst of 100 writes gave a batch of %d changes, want %d", len(got), len(want))
			}
			none(t, w, 300*time.Millisecond)
		})
	}
}

func TestNoiseIsIgnored(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			root := t.TempDir()
			w := start(t, m.cfg, root)
			for _, name := range []string{".ep.md.swp", "4913", "ep.md~", "#ep.md#", "ep.md___jb_tmp___", ".DS_Store"} {
				write(t, filepath.Join(root, name), "noise")
			}
			if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(root, ".git", "index"), "noise")
			none(t, w, 250*time.Millisecond)
			real := filepath.Join(root, "ep.md")
			write(t, real, "signal")
			if got := next(t, w, 2*time.Second).Changes; !reflect.DeepEqual(got, []Change{{real, Changed}}) {
				t.Errorf("got %v, want only %s", got, real)
			}
		})
	}
}

func TestDeleteIsRemoved(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			root := t.TempDir()
			file := filepath.Join(root, "ep.md")
			write(t, file, "x")
			w := start(t, m.cfg, root)
			if err := os.Remove(file); err != nil {
				t.Fatal(err)
			}
			if got := next(t, w, 2*time.Second).Changes; !reflect.DeepEqual(got, []Change{{file, Removed}}) {
				t.Errorf("got %v, want %s removed", got, file)
			}
		})
	}
}

// TestReplacedThenGoneIsRemoved: a file that existed, replaced by a rename
// (an atomic save, or mv over it) and then removed or renamed away within
// one burst, is removed; only a path the burst itself created may vanish
// from the batch.
func TestReplacedThenGoneIsRemoved(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			root := t.TempDir()
			saved, moved := filepath.Join(root, "saved.md"), filepath.Join(root, "moved.md")
			write(t, saved, "x")
			write(t, moved, "x")
			w := start(t, m.cfg, root)
			settle()
			atomicSave(t, saved, "saved again")
			if err := os.Remove(saved); err != nil {
				t.Fatal(err)
			}
			atomicSave(t, moved, "saved again")
			renamed := filepath.Join(root, "renamed.md")
			if err := os.Rename(moved, renamed); err != nil {
				t.Fatal(err)
			}
			// A busy machine may take longer than the quiet period between
			// two of these steps, so they may come in more than one batch,
			// and a poll may see a file changed before it sees it gone (the
			// editor's temporary file too). What must hold is the last word
			// on each path, and nothing left said of a file that came and went.
			want := map[string]Kind{moved: Removed, renamed: Changed, saved: Removed}
			got := map[string]Kind{}
			var batches [][]Change
			for deadline := time.Now().Add(5 * time.Second); !reflect.DeepEqual(got, want); {
				if time.Now().After(deadline) {
					t.Fatalf("last changes %v, want %v; batches %v", got, want, batches)
				}
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				b, err := w.Next(ctx)
				cancel()
				if err != nil {
					t.Fatalf("no batch within 2s after %v (batches %v), want %v", got, batches, want)
				}
				batches = append(batches, b.Changes)
				for _, c := range b.Changes {
					got[c.Path] = c.Kind
					if _, named := want[c.Path]; !named && c.Kind == Removed {
						delete(got, c.Path) // a temporary file, seen and then gone
					}
				}
			}
			if len(batches) == 1 && !slices.IsSortedFunc(batches[0], func(a, b Change) int { return cmp.Compare(a.Path, b.Path) }) {
				t.Errorf("batch %v is not sorted by path", batches[0])
			}
		})
	}
}

// TestBusyAnnouncesEachBurst: Busy tells of a burst before its batch is
// due, and a burst that comes to nothing still ends in a batch, an empty
// one, so whatever Busy stopped can start again.
func TestBusyAnnouncesEachBurst(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			root := t.TempDir()
			w := start(t, m.cfg, root)
			settle()
			for _, burst := range []struct {
				name string
				do   func(path string)
				want []Change
			}{
				{"ep.md", func(p string) { write(t, p, "x") }, []Change{{filepath.Join(root, "ep.md"), Changed}}},
				{"ep.md.tmp1", func(p string) { write(t, p, "x"); os.Remove(p) }, nil},
			} {
				if burst.want == nil && m.cfg.Poll > 0 {
					continue // a poll never sees a file that came and went between two looks
				}
				path := filepath.Join(root, burst.name)
				burst.do(path)
				select {
				case <-w.Busy():
				case <-time.After(2 * time.Second):
					t.Fatalf("%s: no Busy within 2s", burst.name)
				}
				if got := next(t, w, 2*time.Second).Changes; !reflect.DeepEqual(got, burst.want) {
					t.Errorf("%s: batch %v, want %v", burst.name, got, burst.want)
				}
				select {
				case <-w.Busy():
					t.Errorf("%s: a second Busy for one burst", burst.name)
				default:
				}
			}
		})
	}
}

func TestFileRootSurvivesAtomicSaves(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			site := t.TempDir()
			content := filepath.Join(site, "content")
			config := filepath.Join(site, "verbatim.toml")
			if err := os.Mkdir(content, 0o755); err != nil {
				t.Fatal(err)
			}
			write(t, config, "title = 'a'")
			w := start(t, m.cfg, content, config)
			for i := range 2 { // twice: the first save replaces the inode
				settle()
				atomicSave(t, config, fmt.Sprintf("title = 'save %d'", i))
				if got := next(t, w, 2*time.Second).Changes; !reflect.DeepEqual(got, []Change{{config, Changed}}) {
					t.Fatalf("save %d: got %v, want %s changed", i, got, config)
				}
			}
			// A sibling of the config file is not watched.
			write(t, filepath.Join(site, "notes.txt"), "x")
			none(t, w, 200*time.Millisecond)
		})
	}
}

func TestRootCreatedLaterIsWatched(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			site := t.TempDir()
			templates := filepath.Join(site, "templates")
			w := start(t, m.cfg, templates)
			if err := os.Mkdir(templates, 0o755); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(templates, "episode.html")
			write(t, file, "x")
			var seen []Change
			for !slices.Contains(seen, Change{file, Changed}) {
				seen = append(seen, next(t, w, 2*time.Second).Changes...)
			}
		})
	}
}

func TestSaveDuringBuildIsExactlyOneMoreBatch(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "ep.md")
	w := start(t, Config{Quiet: 25 * time.Millisecond}, root)
	write(t, file, "1")
	next(t, w, 2*time.Second)
	// The "build" runs for 300 ms; the user saves three times meanwhile.
	for i := range 3 {
		write(t, file, fmt.Sprint(i))
		time.Sleep(100 * time.Millisecond)
	}
	if got := next(t, w, time.Second).Changes; !reflect.DeepEqual(got, []Change{{file, Changed}}) {
		t.Errorf("after build: got %v", got)
	}
	none(t, w, 200*time.Millisecond)
}

func TestNextAfterCloseIsErrClosed(t *testing.T) {
	w := start(t, DefaultConfig(), t.TempDir())
	w.Close()
	if _, err := w.Next(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("Next after Close: %v, want ErrClosed", err)
	}
}
