package corpus

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/verbatim-ssg/verbatim/generator/lint"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

var update = flag.Bool("update", os.Getenv("UPDATE_GOLDEN") == "1", "rewrite golden files")

// TestEpisodeGolden pins the corpus: benchmark figures from different
// commits compare only while the same seed makes the same bytes. A change
// here is a change of benchmark, to be made on purpose (run with -update).
func TestEpisodeGolden(t *testing.T) {
	for _, c := range []struct {
		seed int64
		i    int
	}{{1, 0}, {7, 1234}} {
		name, src := Episode(c.seed, c.i)
		golden := filepath.Join("testdata", strings.TrimSuffix(name, ".md")+"-seed"+strconv.FormatInt(c.seed, 10)+".md")
		if *update {
			if err := os.WriteFile(golden, src, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(src, want) {
			t.Errorf("Episode(%d, %d) differs from %s; if the corpus changed on purpose, run go test -update", c.seed, c.i, golden)
		}
	}
}

func TestEpisodeDependsOnSeedAndIndexOnly(t *testing.T) {
	n1, a := Episode(3, 17)
	n2, b := Episode(3, 17)
	if n1 != n2 || !bytes.Equal(a, b) {
		t.Fatal("Episode(3, 17) gave different results twice")
	}
	if _, c := Episode(4, 17); bytes.Equal(a, c) {
		t.Error("Episode(4, 17) equals Episode(3, 17): the seed is ignored")
	}
	if _, c := Episode(3, 18); bytes.Equal(a, c) {
		t.Error("Episode(3, 18) equals Episode(3, 17): the index is ignored")
	}
}

func TestWriteSmallArchiveIsPrefixOfLarger(t *testing.T) {
	small, large := t.TempDir(), t.TempDir()
	if err := Write(small, 5, 3); err != nil {
		t.Fatal(err)
	}
	if err := Write(large, 5, 8); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		dir string
		n   int
	}{{small, 3}, {large, 8}} {
		entries, err := os.ReadDir(c.dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != c.n {
			t.Errorf("%s has %d files, want %d", c.dir, len(entries), c.n)
		}
	}
	for i := range 3 {
		name, want := Episode(5, i)
		for _, dir := range []string{small, large} {
			got, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s in %s is not Episode(5, %d)", name, dir, i)
			}
		}
	}
}

// counts of what an episode holds, outside code blocks where it matters.
type counts struct {
	bytes, turns, code, links, emphasis int
}

var (
	fenceRE    = regexp.MustCompile("(?ms)^```[a-z]*\n.*?^```$")
	linkRE     = regexp.MustCompile(`\[[^\]]+\]\(https?://[^)\s]+\)`)
	emphasisRE = regexp.MustCompile(`(\*\*?)[^*\s][^*]*?(\*\*?)`)
)

func count(t *testing.T, name string, src []byte) (*transcript.Transcript, counts) {
	t.Helper()
	tr, problems := transcript.Parse(name, src)
	if len(problems) > 0 {
		t.Fatalf("%s: %d problems, first: %v", name, len(problems), problems[0])
	}
	// Warnings would be printed by every build and skew its timing.
	if warnings := lint.Transcript(tr, src); len(warnings) > 0 {
		t.Fatalf("%s: %d lint warnings, first: %v", name, len(warnings), warnings[0])
	}
	c := counts{bytes: len(src), turns: len(tr.Turns)}
	for _, turn := range tr.Turns {
		c.code += len(fenceRE.FindAllString(turn.Text, -1))
		prose := fenceRE.ReplaceAllString(turn.Text, "")
		c.links += len(linkRE.FindAllString(prose, -1))
		c.emphasis += len(emphasisRE.FindAllString(prose, -1))
	}
	return tr, c
}

// TestEpisodesParseAndHaveTheShape checks episodes one by one against the
// ranges of issue 6, and the averages over them.
func TestEpisodesParseAndHaveTheShape(t *testing.T) {
	const n = 60
	var sum counts
	dates := map[string]bool{}
	appearances := map[string]int{}
	for i := range n {
		name, src := Episode(1, i)
		tr, c := count(t, name, src)
		if c.bytes < 80_000 || c.bytes > 100_000 {
			t.Errorf("%s: %d bytes, want 80,000 to 100,000", name, c.bytes)
		}
		if c.turns < minTurns || c.turns > maxTurns {
			t.Errorf("%s: %d turns, want %d to %d", name, c.turns, minTurns, maxTurns)
		}
		if d := tr.Duration().Minutes(); d < minMinutes-5 || d > maxMinutes {
			t.Errorf("%s: last turn at %.0f minutes, want %d to %d", name, d, minMinutes-5, maxMinutes)
		}
		for k := 1; k < len(tr.Turns); k++ {
			if tr.Turns[k].Start <= tr.Turns[k-1].Start {
				t.Fatalf("%s: turn %d starts at %v, not after %v", name, k, tr.Turns[k].Start, tr.Turns[k-1].Start)
			}
			if tr.Turns[k].Speaker == tr.Turns[k-1].Speaker {
				t.Errorf("%s: turns %d and %d are both %s's", name, k-1, k, tr.Turns[k].Speaker)
			}
		}
		if got := len(tr.Speakers); got < 2 || got > 3 {
			t.Errorf("%s: %d speakers, want 2 or 3", name, got)
		}
		if names := tr.SpeakerNames(); len(names) != len(tr.Speakers) {
			t.Errorf("%s: turns name speakers not declared: %v", name, names)
		}
		m := tr.Meta
		if m.Title == "" || m.Show == "" || m.Description == "" || len(m.Tags) == 0 || m.Date.IsZero() {
			t.Errorf("%s: incomplete front matter: %+v", name, m)
		}
		if want := "/audio/" + strings.TrimSuffix(name, ".md") + ".mp3"; m.Media.Audio != want {
			t.Errorf("%s: media %q, want %q", name, m.Media.Audio, want)
		}
		date := m.Date.Format("2006-01-02")
		if dates[date] {
			t.Errorf("%s: date %s already taken", name, date)
		}
		dates[date] = true
		for _, s := range tr.Speakers {
			appearances[s.Name]++
		}
		sum.code += c.code
		sum.links += c.links
		sum.emphasis += c.emphasis
	}
	for _, c := range []struct {
		what     string
		total    int
		min, max float64
	}{
		{"code blocks", sum.code, 1.1, 1.9},
		{"links", sum.links, 12, 16},
		{"emphasis spans", sum.emphasis, 30, 38},
	} {
		if avg := float64(c.total) / n; avg < c.min || avg > c.max {
			t.Errorf("%.2f %s per episode on average, want %.1f to %.1f", avg, c.what, c.min, c.max)
		}
	}
	// Speakers recur: hosts appear again and again, and the pool is shared.
	most := 0
	for _, k := range appearances {
		most = max(most, k)
	}
	if most < n/8 || len(appearances) > len(people) {
		t.Errorf("speakers do not recur: %d distinct, the most frequent in %d of %d episodes", len(appearances), most, n)
	}
}

// TestVocabularyIsZipfLike checks that a search index would see thousands
// of distinct words, with a head of frequent ones and a long tail.
func TestVocabularyIsZipfLike(t *testing.T) {
	freq := map[string]int{}
	total := 0
	for i := range 10 {
		_, src := Episode(2, i)
		body := src[bytes.Index(src[3:], []byte("\n---\n"))+8:]
		for _, w := range strings.FieldsFunc(string(fenceRE.ReplaceAll(body, nil)), func(r rune) bool {
			return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r == '\'')
		}) {
			freq[strings.ToLower(w)]++
			total++
		}
	}
	ranked := make([]int, 0, len(freq))
	for _, k := range freq {
		ranked = append(ranked, k)
	}
	slices.Sort(ranked)
	slices.Reverse(ranked)
	top := float64(ranked[0]) / float64(total)
	once := 0
	for _, k := range ranked {
		if k == 1 {
			once++
		}
	}
	if len(freq) < 2500 || top < 0.02 || top > 0.08 || ranked[0] < 5*ranked[50] {
		t.Errorf("vocabulary: %d distinct words in %d, top word %.1f%%, 1st/51st %d/%d", len(freq), total, 100*top, ranked[0], ranked[50])
	}
	if once == 0 {
		t.Errorf("no word occurs only once in %d words: the tail is missing", total)
	}
}

func TestEditChangesOneTurnAndKeepsStructure(t *testing.T) {
	name, src := Episode(1, 3)
	orig, _ := transcript.Parse(name, src)
	seen := map[string]bool{}
	for _, k := range []int{0, 1, 2, 57, -3} {
		edited := Edit(src, k)
		if !bytes.Equal(edited, Edit(src, k)) {
			t.Fatalf("Edit(src, %d) is not deterministic", k)
		}
		if seen[string(edited)] {
			t.Errorf("Edit(src, %d) repeats an earlier edit", k)
		}
		seen[string(edited)] = true
		tr, problems := transcript.Parse(name, edited)
		if len(problems) > 0 {
			t.Fatalf("Edit(src, %d): %v", k, problems[0])
		}
		if len(tr.Turns) != len(orig.Turns) {
			t.Fatalf("Edit(src, %d): %d turns, want %d", k, len(tr.Turns), len(orig.Turns))
		}
		changed := 0
		for i := range tr.Turns {
			a, b := orig.Turns[i], tr.Turns[i]
			if a.Speaker != b.Speaker || a.Start != b.Start {
				t.Errorf("Edit(src, %d): turn %d header changed", k, i)
			}
			if a.Text != b.Text {
				changed++
			}
		}
		if changed != 1 || len(edited)-len(src) > 40 {
			t.Errorf("Edit(src, %d) changed %d turns and %d bytes, want 1 turn and a few bytes", k, changed, len(edited)-len(src))
		}
	}
	if bytes.Contains(src, []byte("revision")) {
		t.Error("Edit modified its input")
	}
}

// FuzzEpisodeParses checks that any seed and index give a transcript
// verbatim reads without a single problem, edited or not.
func FuzzEpisodeParses(f *testing.F) {
	f.Add(int64(1), 0, 0)
	f.Add(int64(7), 1234, 5)
	f.Add(int64(-9), 99999, -1)
	f.Fuzz(func(t *testing.T, seed int64, i, k int) {
		i &= 1<<20 - 1 // episode numbers are small and not negative
		name, src := Episode(seed, i)
		for _, s := range [][]byte{src, Edit(src, k)} {
			if _, problems := transcript.Parse(name, s); len(problems) > 0 {
				t.Fatalf("Episode(%d, %d): %v", seed, i, problems[0])
			}
		}
	})
}

func BenchmarkEpisode(b *testing.B) {
	size := 0
	i := 0
	for b.Loop() {
		_, src := Episode(1, i)
		size = len(src)
		i++
	}
	b.SetBytes(int64(size))
}
