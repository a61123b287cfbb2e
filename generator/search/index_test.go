package search

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func updating() bool { return *update || os.Getenv("UPDATE_GOLDEN") == "1" }

// tinySite is three episodes of two shows, with a speaker in two of them,
// a turn with no speaker, a speaker not declared, accents, words shared
// across episodes, descriptions (one with a tab and a line break), chapters
// and roles.
func tinySite() []Episode {
	return []Episode{
		{Slug: "maps", Title: "Maps for everyone", Show: "Field Notes", Date: "2024-03-01",
			Description: "Cartographers on drawing rivers that will not sit still.",
			Speakers:    []Speaker{{"Mara Okafor", "mara-okafor", "Host", 1, "MO", "/podcast/avatars/mara-okafor.svg"}, {"Sam Chen", "sam-chen", "Cartographer", 0, "", ""}}, Turns: []Turn{
				{Anchor: "t-0-00", Speaker: "Mara Okafor", Time: "0:00", Text: "Welcome back. Today we talk about maps and the people who draw them."},
				{Anchor: "t-0-12", Speaker: "Sam Chen", Time: "0:12", Text: "Thanks. I draw maps of rivers, mostly rivers in Zürich."},
				{Anchor: "t-0-40", Speaker: "Mara Okafor", Time: "0:40", Text: "Rivers move, maps do not. How do you keep a river map honest?"},
				{Anchor: "t-1-05", Speaker: "Sam Chen", Time: "1:05", Text: "You redraw it every spring, when the river floods the café by the bridge."},
			}},
		{Slug: "archives", Title: "Archives and their keepers", Show: "Field Notes", Date: "2024-02-01",
			Description: "How an archive keeps tapes and voices,\tand what code review\nhas to do with it.",
			Chapters:    []Chapter{{"chapter-tapes", "Tapes"}, {"chapter-digitising", "Digitising tapes"}},
			Speakers:    []Speaker{{"Mara Okafor", "mara-okafor", "Host", 1, "MO", "/podcast/avatars/mara-okafor.svg"}, {"June Lee", "june-lee", "Archivist", 3, "JL", "https://img.example.org/june-lee.png"}}, Turns: []Turn{
				{Anchor: "t-0-00", Speaker: "Mara Okafor", Time: "0:00", Text: "An archive keeps more than paper: it keeps maps, tapes and voices."},
				{Anchor: "t-0-30", Speaker: "June Lee", Time: "0:30", Text: "We digitised ten thousand tapes of oral history last year."},
				{Anchor: "intro-note", Text: "Recorded in the reading room of the river archive."},
				{Anchor: "t-1-10", Speaker: "June Lee", Time: "1:10", Text: "Tapes decay. Voices on tapes decay faster than paper maps."},
			}},
		{Slug: "code-review", Title: "Code review at scale", Show: "Build Log", Date: "2024-01-01",
			Speakers: []Speaker{{"Sam Chen", "sam-chen", "Cartographer", 0, "", ""}}, Turns: []Turn{
				{Anchor: "t-0-00", Speaker: "Sam Chen", Time: "0:00", Text: "Code review is a map of what the team knows."},
				{Anchor: "t-0-20", Speaker: "Tomás Ferreira", Time: "0:20", Text: "And a river of comments, if nobody keeps it small."},
			}},
	}
}

// build indexes episodes with the given budget and returns the files.
func build(t testing.TB, episodes []Episode, budget, shardSize int) map[string][]byte {
	t.Helper()
	files := make(map[string][]byte)
	var mu sync.Mutex
	write := func(path string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		if _, dup := files[path]; dup && !strings.HasPrefix(path, "search/e/") {
			t.Errorf("%s written twice", path)
		}
		files[path] = bytes.Clone(data)
		return nil
	}
	x := &Indexer{Budget: budget, ShardSize: shardSize, TempDir: t.TempDir()}
	if shardSize > 0 { // small shards: small pages too, so lookups cross them
		x.DictPage, x.EpisodePage, x.PeoplePage = 2, 1, 3
	}
	for _, e := range episodes {
		p := Prepare(e)
		write(p.Text.Path, p.Text.Data)
		if err := x.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Finish(write); err != nil {
		t.Fatal(err)
	}
	return files
}

// archive writes files as one txtar-like text, sorted by path.
func archive(files map[string][]byte) []byte {
	var paths []string
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	var b bytes.Buffer
	for _, p := range paths {
		b.WriteString("-- " + p + " --\n")
		b.Write(files[p])
		if !bytes.HasSuffix(files[p], []byte("\n")) {
			b.WriteString("\n")
		}
	}
	return b.Bytes()
}

func TestIndexGolden(t *testing.T) {
	got := archive(build(t, tinySite(), 0, 0))
	if want := golden(t, "tiny.txtar", got); !bytes.Equal(got, want) {
		t.Errorf("index differs from testdata/tiny.txtar (run with -update if the change is intended):\n%s", got)
	}
}

// golden returns the golden file testdata/name, after writing got to it
// when updating.
func golden(t *testing.T, name string, got []byte) []byte {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updating() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	return want
}

func TestSpillingGivesTheSameIndex(t *testing.T) {
	// A budget of one byte spills after every episode: the merge must put
	// the runs back together exactly.
	inMemory := build(t, tinySite(), 0, 0)
	tmp := t.TempDir()
	files := make(map[string][]byte)
	x := &Indexer{Budget: 1, TempDir: tmp}
	for _, e := range tinySite() {
		p := Prepare(e)
		files[p.Text.Path] = p.Text.Data
		if err := x.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	if len(x.runs) != len(tinySite()) {
		t.Errorf("spilled %d runs, want one per episode (%d)", len(x.runs), len(tinySite()))
	}
	var mu sync.Mutex
	if err := x.Finish(func(p string, d []byte) error {
		mu.Lock()
		defer mu.Unlock()
		files[p] = bytes.Clone(d)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got, want := archive(files), archive(inMemory); !bytes.Equal(got, want) {
		t.Errorf("spilled index differs from the in-memory one:\n%s\nwant\n%s", got, want)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("Finish left %d temporary entries in %s", len(left), tmp)
	}
}

func TestCloseRemovesRunsOfAnAbandonedBuild(t *testing.T) {
	tmp := t.TempDir()
	x := &Indexer{Budget: 1, TempDir: tmp}
	for _, e := range tinySite() {
		if err := x.Add(Prepare(e)); err != nil {
			t.Fatal(err)
		}
	}
	if left, _ := os.ReadDir(tmp); len(left) == 0 {
		t.Fatal("a one-byte budget spilled nothing")
	}
	x.Close()
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("Close left %d temporary entries", len(left))
	}
}

func TestFilesListsEverythingWritten(t *testing.T) {
	files := build(t, tinySite(), 0, 0)
	listed, err := Files(mapFS(files))
	if err != nil {
		t.Fatal(err)
	}
	var written []string
	for p := range files {
		written = append(written, p)
	}
	slices.Sort(written)
	slices.Sort(listed)
	if !slices.Equal(listed, written) {
		t.Errorf("Files lists\n%q\nbut the build wrote\n%q", listed, written)
	}
}

func TestUnchangedEpisodeKeepsItsTextName(t *testing.T) {
	a := tinySite()
	b := tinySite()
	b[0].Turns[1].Text += " More rivers."
	pa, pb := Prepare(a[1]), Prepare(b[1])
	if pa.name != pb.name {
		t.Errorf("an unchanged episode's text file was renamed: %s, then %s", pa.name, pb.name)
	}
	if Prepare(a[0]).name == Prepare(b[0]).name {
		t.Errorf("an edited episode kept its text file's name, so caches would serve the old text")
	}
}

func TestEmptyArchiveHasAManifestAndNoShards(t *testing.T) {
	files := build(t, nil, 0, 0)
	if len(files) != 1 || files[ManifestPath] == nil {
		t.Fatalf("an empty archive wrote %d files, want only the manifest", len(files))
	}
	c := newClient(t, mapFS(files))
	if total, _ := c.search("anything", "", "", 10); total != 0 || c.m.Turns != 0 || len(c.m.Dict) != 0 {
		t.Errorf("empty archive: %d results, %d turns, %d dictionary pages", total, c.m.Turns, len(c.m.Dict))
	}
}

func TestTurnsWithoutWordsKeepTheirPlace(t *testing.T) {
	// A turn of punctuation or stopwords only has no postings but still a
	// turn id, so the turns after it are found under the right anchor.
	eps := []Episode{{Slug: "x", Title: "X", Turns: []Turn{
		{Anchor: "a", Speaker: "A", Text: "— … ?"},
		{Anchor: "b", Speaker: "A", Text: "the and of"},
		{Anchor: "c", Speaker: "A", Text: "lighthouse"},
	}}}
	c := newClient(t, mapFS(build(t, eps, 0, 0)))
	_, results := c.search("lighthouse", "", "", 10)
	if len(results) != 1 || results[0].anchor != "c" || c.m.Turns != 3 {
		t.Errorf("lighthouse found at %+v in %d turns, want anchor c in 3", results, c.m.Turns)
	}
}

func TestSpillSweepsRunsOfKilledBuildsOnly(t *testing.T) {
	tmp := t.TempDir()
	stale := filepath.Join(tmp, tempPrefix+"killed")
	recent := filepath.Join(tmp, tempPrefix+"running")
	other := filepath.Join(tmp, "someone-else")
	for _, dir := range []string{stale, recent, other} {
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-time.Hour) // and held by no live process
	for _, dir := range []string{stale, other} {
		if err := os.Chtimes(dir, old, old); err != nil {
			t.Fatal(err)
		}
	}
	x := &Indexer{Budget: 1, TempDir: tmp}
	defer x.Close()
	if err := x.Add(Prepare(tinySite()[0])); err != nil {
		t.Fatal(err)
	}
	for dir, want := range map[string]bool{stale: false, recent: true, other: true} {
		if _, err := os.Stat(dir); (err == nil) != want {
			t.Errorf("%s exists = %v after a spill, want %v", filepath.Base(dir), err == nil, want)
		}
	}
}

func TestAppendBase36(t *testing.T) {
	for _, v := range []uint32{0, 1, 35, 36, 1295, 1296, 1 << 20, 1<<32 - 1} {
		if got, want := string(appendBase36([]byte("x"), v)), "x"+strconv.FormatUint(uint64(v), 36); got != want {
			t.Errorf("appendBase36(%d) = %q, want %q", v, got, want)
		}
	}
}

// TestCorpusIndexGolden guards the bytes of a larger index than
// tiny.txtar's, too large to review: the files of 40 benchmark corpus
// episodes, in memory and spilled after every few episodes, must hash to
// testdata/corpus40.sha256. A change to the corpus generator changes it
// too; then check tiny.txtar's diff and run with -update.
func TestCorpusIndexGolden(t *testing.T) {
	var eps []Episode
	for i := range 40 {
		eps = append(eps, corpusEpisode(t, i))
	}
	inMemory := archive(build(t, eps, 0, 0))
	if spilled := archive(build(t, eps, 200<<10, 0)); !bytes.Equal(spilled, inMemory) {
		t.Fatal("the spilled index differs from the one built in memory")
	}
	got := fmt.Sprintf("%x\n", sha256.Sum256(inMemory))
	if want := golden(t, "corpus40.sha256", []byte(got)); got != string(want) {
		t.Errorf("the corpus index hashes to %s, testdata/corpus40.sha256 holds %s (run with -update if the change is intended)", got, want)
	}
}
