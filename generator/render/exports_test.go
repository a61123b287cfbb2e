package render

import (
	"encoding/json"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/verbatim-ssg/verbatim/generator/site"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// exportsOf renders the episode in testdata/name and returns its files by
// name ("index.html", "transcript.vtt", ...).
func exportsOf(t *testing.T, src string) map[string][]byte {
	t.Helper()
	r, s, trs := testRenderer(t, map[string]string{"content/ep.md": src})
	rendered, err := r.EpisodeFiles(s.Episodes[0], trs["content/ep.md"])
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string][]byte)
	for _, f := range rendered.Files {
		out[path.Base(f.Path)] = f.Data
	}
	var names []string
	for _, x := range EpisodeExports(s.Episodes[0]) {
		names = append(names, x.Name)
		if out[x.Name] == nil {
			t.Errorf("EpisodeExports lists %s, which EpisodeFiles did not write", x.Name)
		}
	}
	if len(names) != len(out) {
		t.Errorf("EpisodeFiles wrote %d files, EpisodeExports lists %v", len(out), names)
	}
	return out
}

func TestExportsGolden(t *testing.T) {
	src, err := os.ReadFile("testdata/exports.md")
	if err != nil {
		t.Fatal(err)
	}
	files := exportsOf(t, string(src))
	for _, name := range []string{"transcript.vtt", "transcript.srt", "transcript.json", "transcript.txt", "transcript.md", "chapters.json"} {
		golden(t, "exports/"+name, files[name])
	}
	checkVTT(t, files["transcript.vtt"], true)
	checkSRT(t, files["transcript.srt"])
	// The markdown export is the canonical form: it parses back to the
	// same turns.
	back, problems := transcript.Parse("transcript.md", files["transcript.md"])
	if problems.HasErrors() {
		t.Fatalf("transcript.md does not parse: %v", problems)
	}
	if len(back.Turns) != 5 || back.Turns[2].Start != transcript.NoTime || back.Meta.Title != "Captions & <exports>" {
		t.Errorf("transcript.md parsed back to %d turns, title %q", len(back.Turns), back.Meta.Title)
	}
	var ch struct {
		Version  string
		Chapters []struct {
			StartTime float64
			Title     string
		}
	}
	if err := json.Unmarshal(files["chapters.json"], &ch); err != nil || ch.Version != "1.2.0" || len(ch.Chapters) != 2 || ch.Chapters[1].StartTime != 40 {
		t.Errorf("chapters.json: %v %+v", err, ch)
	}
}

func TestEpisodeWithoutTimesHasNoCaptions(t *testing.T) {
	files := exportsOf(t, "---\ntitle: Untimed\nspeakers: [Ann, Bob]\n---\n**Ann:**\nHello.\n\n**Bob:**\nHi.\n")
	for _, name := range []string{"transcript.vtt", "transcript.srt", "chapters.json"} {
		if files[name] != nil {
			t.Errorf("%s written for an episode with no times", name)
		}
	}
	for _, name := range []string{"transcript.json", "transcript.txt", "transcript.md"} {
		if len(files[name]) == 0 {
			t.Errorf("%s missing", name)
		}
	}
}

func TestTurnSpans(t *testing.T) {
	sec := func(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
	turn := func(start time.Duration, text string) *Turn { return &Turn{start: start, Text: text} }
	tests := []struct {
		name  string
		turns []*Turn
		want  []span
	}{
		{"NoTimesNoSpans", []*Turn{turn(transcript.NoTime, "a")}, nil},
		{"EndsAtNextStart", []*Turn{turn(0, "a b"), turn(sec(3), "one two three four five six")},
			[]span{{0, sec(3)}, {sec(3), sec(5.4)}}},
		{"LastLastsTwoSecondsAtLeast", []*Turn{turn(sec(1), "hi")}, []span{{sec(1), sec(3)}}},
		{"MissingInterpolatedByLength", []*Turn{turn(0, "aaaa"), turn(transcript.NoTime, "aaaaaaaaaaaa"), turn(sec(8), "x")},
			[]span{{0, sec(2)}, {sec(2), sec(8)}, {sec(8), sec(10)}}},
		{"RepeatedTimeTreatedAsMissing", []*Turn{turn(sec(5), "aa"), turn(sec(5), "aa"), turn(sec(9), "x")},
			[]span{{sec(5), sec(7)}, {sec(7), sec(9)}, {sec(9), sec(11)}}},
		{"BackwardsTimeTreatedAsMissing", []*Turn{turn(sec(10), "aa"), turn(sec(4), "aa"), turn(sec(14), "x")},
			[]span{{sec(10), sec(12)}, {sec(12), sec(14)}, {sec(14), sec(16)}}},
		{"BeforeFirstTimeShareFromZero", []*Turn{turn(transcript.NoTime, "aa"), turn(sec(6), "x")},
			[]span{{0, sec(6)}, {sec(6), sec(8)}}},
		{"BeforeFirstTimeOfZeroGetNothing", []*Turn{turn(transcript.NoTime, "aa"), turn(0, "x")},
			[]span{{0, 0}, {0, sec(2)}}},
		{"AfterLastTimeFollowOn", []*Turn{turn(sec(1), "x"), turn(transcript.NoTime, "y")},
			[]span{{sec(1), sec(3)}, {sec(3), sec(5)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := turnSpans(tt.turns)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("turn %d: got %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestSplitCues(t *testing.T) {
	tests := []struct {
		name         string
		text         string
		width, lines int
		want         [][]string
	}{
		{"FitsOnOneLine", "Hello there.", 32, 2, [][]string{{"Hello there."}}},
		{"WrapsAtSpaces", "one two three four", 9, 2, [][]string{{"one two", "three"}, {"four"}}},
		{"CutsAtSentenceEnd", "We went home. Then we slept well", 10, 2, [][]string{{"We went", "home."}, {"Then we", "slept well"}}},
		{"SentenceEndOnFirstLineIgnored", "Yes. And then we went home again", 10, 2, [][]string{{"Yes. And", "then we"}, {"went home", "again"}}},
		{"LongWordCut", "see abcdefghijkl now", 5, 2, [][]string{{"see", "abcde"}, {"fghij", "kl"}, {"now"}}},
		{"CountsCharactersNotBytes", "ééééé ééééé", 5, 1, [][]string{{"ééééé"}, {"ééééé"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cueLines(tt.text, tt.width, tt.lines)
			if strings.Join(flatten(got), "|") != strings.Join(flatten(tt.want), "|") || len(got) != len(tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// cueLines splits text into cues as the caption writers split a turn, and
// returns the lines of each cue.
func cueLines(text string, width, lines int) [][]string {
	src := source{text: text}
	var pieces []piece
	for _, w := range appendWords(nil, text) {
		pieces = appendPieces(pieces, src, w, width)
	}
	var out [][]string
	from := 0
	for _, c := range splitCues(nil, src, pieces, width, lines) {
		out = append(out, strings.Split(string(appendLines(nil, src, pieces[from:c.end], width)), "\n"))
		from = c.end
	}
	return out
}

func flatten(cues [][]string) []string {
	var out []string
	for _, c := range cues {
		out = append(out, strings.Join(c, "/"))
	}
	return out
}

func TestSRTLabelsSpeakerChanges(t *testing.T) {
	ann, bob := &site.Speaker{Name: "Ann"}, &site.Speaker{Name: "Bob"}
	turns := []*Turn{
		{Speaker: ann, start: 0, Text: "First turn, long enough to need more than one card to hold it all."},
		{Speaker: ann, start: 10 * time.Second, Text: "Still Ann."},
		{Speaker: bob, start: 20 * time.Second, Text: "Bob now."},
	}
	_, data := captions(turns)
	srt := string(data)
	if n := strings.Count(srt, "Ann:"); n != 1 {
		t.Errorf("Ann: appears %d times, want once (at the first card)\n%s", n, srt)
	}
	if !strings.Contains(srt, "\nBob: Bob now.\n") {
		t.Errorf("Bob's card is not labelled\n%s", srt)
	}
	checkSRT(t, []byte(srt))
}

var (
	vttTime = regexp.MustCompile(`^(\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3}) --> (\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3})$`)
	srtTime = regexp.MustCompile(`^(\d{2,}):([0-5]\d):([0-5]\d),(\d{3}) --> (\d{2,}):([0-5]\d):([0-5]\d),(\d{3})$`)
	voice   = regexp.MustCompile(`^<v ([^<>&\n]|&amp;|&lt;|&gt;)+>`) // the name escaped, as cue text is
)

// checkVTT checks the invariants of our WebVTT: the header, a voice span
// on every cue when every turn has a speaker (voices), lines of at most 65 visible characters, cues in order,
// each ending after it starts and none overlapping the next. The CI
// checks run a third-party parser on top.
func checkVTT(t *testing.T, data []byte, voices bool) {
	t.Helper()
	blocks := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n\n")
	if blocks[0] != "WEBVTT" {
		t.Fatalf("VTT header is %q", blocks[0])
	}
	cues := blocks[1:]
	if len(cues) > 0 && strings.HasPrefix(cues[0], "NOTE ") { // estimated times
		cues = cues[1:]
	}
	checkCues(t, "vtt", cues, vttTime, vttWidth, vttLines, func(lines []string) []string {
		if voices && !voice.MatchString(lines[0]) {
			t.Errorf("cue without a voice span: %q", lines[0])
		}
		lines[0] = voice.ReplaceAllString(lines[0], "")
		for i, l := range lines {
			if strings.Contains(l, "-->") || strings.ContainsAny(strings.NewReplacer("&amp;", "", "&lt;", "", "&gt;", "").Replace(l), "<>&") {
				t.Errorf("cue text not escaped: %q", l)
			}
			lines[i] = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">").Replace(l)
		}
		return lines
	})
}

// checkSRT checks SRT cards: numbered from 1, times, two lines of 32.
func checkSRT(t *testing.T, data []byte) {
	t.Helper()
	blocks := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n\n")
	for i, b := range blocks {
		num, rest, _ := strings.Cut(b, "\n")
		if want := strconv.Itoa(i + 1); num != want {
			t.Errorf("card %d numbered %q", i+1, num)
		}
		blocks[i] = rest
	}
	checkCues(t, "srt", blocks, srtTime, srtWidth, srtLines, func(lines []string) []string { return lines })
}

func checkCues(t *testing.T, kind string, blocks []string, times *regexp.Regexp, width, maxLines int, text func([]string) []string) {
	t.Helper()
	var prevEnd int64 = -1
	for _, b := range blocks {
		lines := strings.Split(b, "\n")
		m := times.FindStringSubmatch(lines[0])
		if m == nil {
			t.Errorf("%s: bad timing line %q", kind, lines[0])
			continue
		}
		start, end := ms(m[1:5]), ms(m[5:9])
		if end <= start || start < prevEnd {
			t.Errorf("%s: cue %q ends before it starts or overlaps the one before (ending at %dms)", kind, lines[0], prevEnd)
		}
		prevEnd = end
		body := text(lines[1:])
		if len(body) == 0 || len(body) > maxLines {
			t.Errorf("%s: cue at %s has %d lines", kind, lines[0], len(body))
		}
		for _, l := range body {
			if n := utf8.RuneCountInString(l); n > width || n == 0 {
				t.Errorf("%s: line of %d characters: %q", kind, n, l)
			}
		}
	}
}

func ms(hmsm []string) int64 {
	var v [4]int64
	for i, s := range hmsm {
		for _, c := range s {
			v[i] = v[i]*10 + int64(c-'0')
		}
	}
	return ((v[0]*60+v[1])*60+v[2])*1000 + v[3]
}

// turnsOf makes the turns of a transcript as EpisodeFiles does, for the
// exports: plain text, time and speaker.
func turnsOf(tr *transcript.Transcript) []*Turn {
	speakers := make(map[string]*site.Speaker)
	turns := make([]*Turn, len(tr.Turns))
	for i, tt := range tr.Turns {
		t := &Turn{start: tt.Start}
		t.setText(tt.Text)
		if tt.Speaker != "" {
			if speakers[tt.Speaker] == nil {
				speakers[tt.Speaker] = &site.Speaker{Name: tt.Speaker}
			}
			t.Speaker = speakers[tt.Speaker]
		}
		if tt.Start != transcript.NoTime {
			t.Time = transcript.FormatTimestamp(tt.Start)
		}
		turns[i] = t
	}
	return turns
}

// FuzzCaptions checks that any transcript gives captions that keep the
// invariants, and that every word of a timed turn reaches the captions.
func FuzzCaptions(f *testing.F) {
	src, err := os.ReadFile("testdata/exports.md")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(src))
	f.Add("**A** (0:00)\nx\n\n**B:**\ny\n\n**A** (0:00)\nz")
	f.Fuzz(func(t *testing.T, src string) {
		tr, _ := transcript.Parse("f.md", []byte(src))
		if tr == nil {
			return
		}
		turns := turnsOf(tr)
		voices := !slices.ContainsFunc(turns, func(t *Turn) bool { return t.Speaker == nil })
		vtt, srt := captions(turns)
		if vtt != nil {
			checkVTT(t, vtt, voices)
			checkSRT(t, srt)
		}
		var words, spoken int
		spans := turnSpans(turns)
		for i, tt := range turns {
			if spans != nil && spans[i].end-spans[i].start >= time.Second {
				words += len(strings.Fields(tt.Text))
			}
		}
		if vtt != nil {
			spoken = vttWords(vtt)
		}
		if spoken < words {
			t.Errorf("captions hold %d words, the turns with a second or more %d", spoken, words)
		}
	})
}

// vttWords counts the words of a WebVTT file's cue text: not its header,
// timing lines or voice spans.
func vttWords(vtt []byte) int {
	n := 0
	for _, block := range strings.Split(string(vtt), "\n\n")[1:] {
		_, text, _ := strings.Cut(block, "\n")
		n += len(strings.Fields(voiceSpan.ReplaceAllString(text, "")))
	}
	return n
}

var voiceSpan = regexp.MustCompile(`^<v [^>]*>`)

// TestFeedAndLLMsListEachEpisodesExports checks that the feed links every
// file an episode has whose type the Podcasting 2.0 namespace names, with
// its type and language (captions marked, chapters in their own tag), and
// none it lacks; and that llms.txt links each markdown.
func TestFeedAndLLMsListEachEpisodesExports(t *testing.T) {
	src, err := os.ReadFile("testdata/exports.md")
	if err != nil {
		t.Fatal(err)
	}
	untimed := "---\ntitle: \"Untimed [draft]\"\ndate: 2024-01-01\nspeakers: [Ann]\n---\n**Ann:**\nHello.\n"
	r, _, _ := testRenderer(t, map[string]string{"content/ep.md": string(src), "content/untimed.md": untimed})
	feed := written(r.Feed)
	items := strings.Split(feed, "<item>")[1:]
	if len(items) != 2 {
		t.Fatalf("%d feed items", len(items))
	}
	timed := []string{
		`<podcast:transcript url="https://example.org/pod/episodes/ep/transcript.vtt" type="text/vtt" language="en" rel="captions"/>`,
		`<podcast:transcript url="https://example.org/pod/episodes/ep/transcript.srt" type="application/x-subrip" language="en" rel="captions"/>`,
		`<podcast:transcript url="https://example.org/pod/episodes/ep/transcript.json" type="application/json" language="en"/>`,
		`<podcast:transcript url="https://example.org/pod/episodes/ep/index.html" type="text/html" language="en"/>`,
		`<podcast:transcript url="https://example.org/pod/episodes/ep/transcript.txt" type="text/plain" language="en"/>`,
		`<podcast:chapters url="https://example.org/pod/episodes/ep/chapters.json" type="application/json+chapters"/>`,
	}
	for _, want := range timed {
		if !strings.Contains(items[0], want) {
			t.Errorf("the timed episode's item lacks %s\n%s", want, items[0])
		}
	}
	if n := strings.Count(items[1], "<podcast:transcript "); n != 3 || strings.Contains(items[1], ".vtt") || strings.Contains(items[1], "chapters") {
		t.Errorf("the untimed episode's item has %d transcripts (want json, html, txt only)\n%s", n, items[1])
	}
	llms := written(r.LLMs)
	for _, want := range []string{
		"- [Captions & <exports>](https://example.org/pod/episodes/ep/transcript.md): 2024-06-01. A small episode for the export golden files.\n",
		"- [Untimed \\[draft\\]](https://example.org/pod/episodes/untimed/transcript.md): 2024-01-01\n",
	} {
		if !strings.Contains(llms, want) {
			t.Errorf("llms.txt lacks %q\n%s", want, llms)
		}
	}
}

// plainASCII reads eight bytes at a time: every byte value, at every place
// in the eight and in the tail after them, gives what a byte-by-byte look
// gives.
func TestPlainASCIIEveryByte(t *testing.T) {
	for c := range 256 {
		for at := range 20 {
			b := []byte("abcdefghij klmnopqrs")
			b[at] = byte(c)
			s := string(b)
			want := s[0] != ' ' && s[len(s)-1] != ' ' && !strings.Contains(s, "  ")
			for i := range len(s) {
				want = want && ' ' <= s[i] && s[i] < utf8.RuneSelf
			}
			if got := plainASCII(s); got != want {
				t.Errorf("plainASCII(%q) = %v, want %v", s, got, want)
			}
		}
	}
}
