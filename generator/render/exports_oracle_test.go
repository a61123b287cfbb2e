package render

// The reference implementations below are the exports as they were before
// issue #6 made them cheaper: the captions, the JSON transcript and the
// plain text, copied unchanged but for their names (the plain text's
// paragraphs are now plainOf's, FuzzPlainPaths' subject). They are
// kept as the oracle the differential fuzz tests hold the fast code to,
// byte for byte; runeCount and byteIndex did not change and are shared.
// refAppendClock is appendClock as it was before it wrote a clock in one
// append.

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/verbatim-ssg/verbatim/generator/corpus"
	"github.com/verbatim-ssg/verbatim/generator/site"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// FuzzExportsSame checks that the captions, the JSON transcript and the
// plain text of any turns are those the reference implementations write.
// The turns come from the fuzzer's text, split at "\x1e", with meta giving
// three bytes a turn: a speaker out of names (split at ","), with a
// chapter before the turn and the plain text rather than the markdown as
// the turn's text on two flags; and a step forward in time of that many
// units of (unit+1) microseconds, or back with 0xfe, or no time with 0xff.
func FuzzExportsSame(f *testing.F) {
	for _, src := range fuzzSources(f) {
		if tr, _ := transcript.Parse("f.md", src); tr != nil {
			tr.Turns = tr.Turns[:min(len(tr.Turns), 12)]
			text, names, meta, unit := fuzzSeed(tr)
			f.Add(text, names, meta, unit)
		}
	}
	f.Add("ééééé ééééé\x1esee abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz now\x1e\u00a0lead\u2028sep\u3000ideo  trail \x1e\xe2\x80 bad\xff”", "A & <B>, C D:", []byte{1, 0, 1, 2, 0xff, 0, 0x83, 0xfe, 3, 0x41, 0, 1}, uint16(999))
	for _, end := range []string{".", "?", "!\"", "…)", "’", ".’", "”", ".”)", "]", ".'"} {
		words := strings.Repeat("a few words to fill the line ", 3) // a sentence end near the end of each cue
		f.Add(strings.Repeat(words+"end"+end+" ", 4), "Ann", []byte{1, 0, 40}, uint16(999))
	}
	f.Fuzz(func(t *testing.T, text, names string, meta []byte, unit uint16) {
		tr, turns, blocks := fuzzTurns(text, names, meta, unit)
		vtt, srt := captions(turns)
		wantVTT, wantSRT := refWebVTT(turns), refSubRip(turns)
		if !bytes.Equal(vtt, wantVTT) || (vtt == nil) != (wantVTT == nil) {
			t.Errorf("WebVTT differs:\n%q\nwant\n%q", vtt, wantVTT)
		}
		if !bytes.Equal(srt, wantSRT) || (srt == nil) != (wantSRT == nil) {
			t.Errorf("SRT differs:\n%q\nwant\n%q", srt, wantSRT)
		}
		if got, want := turnSpans(turns), refTurnSpans(turns); !slices.Equal(got, want) {
			t.Errorf("spans %v, want %v", got, want)
		}
		if got, want := podcastJSON(turns), refPodcastJSON(turns); !bytes.Equal(got, want) {
			t.Errorf("JSON differs:\n%s\nwant\n%s", got, want)
		}
		if got, want := plainText(tr, blocks), refPlainTextFile(tr, blocks); !bytes.Equal(got, want) {
			t.Errorf("plain text differs:\n%q\nwant\n%q", got, want)
		}
	})
}

// fuzzSources are the transcripts the differential fuzz tests start from:
// the export golden file's and a generated episode.
func fuzzSources(f *testing.F) [][]byte {
	src, err := os.ReadFile("testdata/exports.md")
	if err != nil {
		f.Fatal(err)
	}
	_, ep := corpus.Episode(1, 0)
	return [][]byte{src, ep}
}

// fuzzSeed encodes a transcript's turns as FuzzExportsSame's arguments,
// in steps of a millisecond.
func fuzzSeed(tr *transcript.Transcript) (text, names string, meta []byte, unit uint16) {
	var texts, who []string
	var last time.Duration
	for _, tt := range tr.Turns {
		texts = append(texts, tt.Text)
		k := slices.Index(who, tt.Speaker)
		if k < 0 && tt.Speaker != "" {
			who = append(who, tt.Speaker)
			k = len(who) - 1
		}
		m := []byte{byte(k+1) | 0x40, 0xff, 0}
		if tt.Start != transcript.NoTime && tt.Start >= last {
			step := min((tt.Start-last)/time.Millisecond, 0xfdff)
			m[1], m[2] = byte(step>>8), byte(step)
			last = tt.Start
		}
		meta = append(meta, m...)
	}
	return strings.Join(texts, "\x1e"), strings.Join(who, ","), meta, 999
}

// fuzzTurns decodes FuzzExportsSame's arguments into a transcript, its
// turns and its blocks.
func fuzzTurns(text, names string, meta []byte, unit uint16) (*transcript.Transcript, []*Turn, []Block) {
	who := strings.Split(names, ",")
	speakers := make([]*site.Speaker, len(who))
	for i, name := range who {
		speakers[i] = &site.Speaker{Name: name}
	}
	tr := &transcript.Transcript{Meta: transcript.Meta{Title: who[0], Show: who[len(who)-1]}}
	if unit%2 == 1 {
		tr.Meta.Date = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	}
	var turns []*Turn
	var blocks []Block
	var at time.Duration
	for i, md := range strings.Split(text, "\x1e") {
		var m [3]byte
		for k := range m {
			if len(meta) > 0 {
				m[k] = meta[(3*i+k)%len(meta)]
			}
		}
		turn := &Turn{Text: md, start: transcript.NoTime}
		if m[0]&0x40 != 0 {
			turn.Text = PlainText(md)
		}
		if k := int(m[0]&0x3f) % (len(who) + 1); k > 0 {
			turn.Speaker = speakers[k-1]
		}
		step := time.Duration(m[2]) * time.Duration(unit+1) * time.Microsecond
		switch m[1] {
		case 0xff:
		case 0xfe:
			at -= step
			turn.start = at
		default:
			at += time.Duration(m[1])<<8*time.Duration(unit+1)*time.Microsecond + step
			turn.start = at
		}
		if turn.start != transcript.NoTime {
			turn.Time = transcript.FormatTimestamp(turn.start)
		}
		if m[0]&0x80 != 0 {
			blocks = append(blocks, Block{Chapter: &Chapter{Title: who[i%len(who)], Time: turn.Time}})
		}
		tr.Turns = append(tr.Turns, transcript.Turn{Text: md, Start: turn.start})
		turns = append(turns, turn)
		blocks = append(blocks, Block{Turn: turn})
	}
	return tr, turns, blocks
}

// refCue is one caption: its time and its lines of plain text.
type refCue struct {
	start, end time.Duration
	speaker    string // "" when the transcript names none
	lines      []string
}

// refTurnSpans tells when each turn starts and ends, or returns nil when no
// turn has a time: captions of a transcript without times would be made
// up, so such an episode has none.
//
// A turn ends where the next one starts. Times that go backwards or repeat
// are treated as missing (so cues never overlap), and missing times are
// interpolated between the times around them in proportion to the
// length of the text. Turns before the first time share the time from 0
// to it; those after the last time, and the last turn, last as long as
// their words take to say. A turn that ends up with no time at all
// (untimed turns before a first time of 0:00) gets an empty span and no
// cue.
func refTurnSpans(turns []*Turn) []span {
	known := make([]bool, len(turns))
	var last time.Duration = -1
	any := false
	for i, t := range turns {
		if t.start != transcript.NoTime && t.start > last {
			known[i], last, any = true, t.start, true
		}
	}
	if !any {
		return nil
	}
	spans := make([]span, len(turns))
	weight := func(i int) time.Duration { return time.Duration(max(1, utf8.RuneCountInString(turns[i].Text))) }
	// fill spreads [from, to) over turns i..j-1 in proportion to their text.
	fill := func(i, j int, from, to time.Duration) {
		var total time.Duration
		for k := i; k < j; k++ {
			total += weight(k)
		}
		ms := int64((to - from) / time.Millisecond)
		at, sum := from, time.Duration(0)
		for k := i; k < j; k++ {
			sum += weight(k)
			end := from + time.Duration(ms*int64(sum)/int64(total))*time.Millisecond
			if k == j-1 {
				end = to
			}
			spans[k] = span{at, end}
			at = end
		}
	}
	prev := -1 // index of the last known turn
	for i := range turns {
		if !known[i] {
			continue
		}
		if prev < 0 {
			fill(0, i, 0, turns[i].start)
		} else {
			fill(prev, i, turns[prev].start, turns[i].start)
		}
		prev = i
	}
	at := turns[prev].start
	for k := prev; k < len(turns); k++ {
		end := at + refSayingTime(turns[k].Text)
		spans[k] = span{at, end}
		at = end
	}
	return spans
}

// refCues splits every turn into captions of at most lines lines of width
// characters, cutting at sentence ends where it can and at spaces
// otherwise, and spreads each turn's time over its cues in proportion to
// their text. With label set, the first cue after a change of speaker
// starts with "Name: ", as SRT cards mark speakers.
func refCues(turns []*Turn, width, lines int, label bool) []refCue {
	spans := refTurnSpans(turns)
	if spans == nil {
		return nil
	}
	var out []refCue
	prevSpeaker := "\x00"
	for i, t := range turns {
		words := strings.Fields(t.Text)
		sp := spans[i]
		if len(words) == 0 || sp.end-sp.start < time.Millisecond {
			continue
		}
		name := ""
		if t.Speaker != nil {
			name = t.Speaker.Name
		}
		changed := name != prevSpeaker
		prevSpeaker = name
		if label && changed && name != "" {
			words = append([]string{name + ":"}, words...)
		}
		chunks := refSplitCues(words, width, lines)
		// Never more cues than milliseconds: every cue must last.
		for int64(len(chunks)) > int64((sp.end-sp.start)/time.Millisecond) {
			chunks = chunks[:len(chunks)-1]
		}
		total := 0
		for _, c := range chunks {
			total += refChars(c)
		}
		ms := int64((sp.end - sp.start) / time.Millisecond)
		at, sum := sp.start, 0
		for k, c := range chunks {
			sum += refChars(c)
			end := sp.start + time.Duration(ms*int64(sum)/int64(total))*time.Millisecond
			// Each cue lasts at least a millisecond and leaves one for
			// each cue after it, so no two overlap.
			end = min(max(end, at+time.Millisecond), sp.end-time.Duration(len(chunks)-1-k)*time.Millisecond)
			if k == len(chunks)-1 {
				end = sp.end
			}
			out = append(out, refCue{start: at, end: end, speaker: name, lines: c})
			at = end
		}
	}
	return out
}

// refChars counts the characters of a cue's lines.
func refChars(lines []string) int {
	n := 0
	for _, l := range lines {
		n += utf8.RuneCountInString(l)
	}
	return n
}

// refSplitCues cuts words into cues of at most lines lines of width
// characters. A cue that fills up ends after its last sentence, if one
// ends past the cue's first line, so cues read as whole sentences; a word
// longer than a line (a URL) is cut into pieces of the line's width.
func refSplitCues(words []string, width, lines int) [][]string {
	pieces := make([]refPiece, 0, len(words))
	for _, w := range words {
		n := runeCount(w)
		for n > width {
			cut := byteIndex(w, width)
			pieces = append(pieces, refPiece{w[:cut], width})
			w, n = w[cut:], n-width
		}
		pieces = append(pieces, refPiece{w, n})
	}
	var out [][]string
	for len(pieces) > 0 {
		n := refFit(pieces, width, lines)
		if n < len(pieces) {
			firstLine := refFit(pieces, width, 1)
			for k := n; k > firstLine; k-- {
				if refEndsSentence(pieces[k-1].text) {
					n = k
					break
				}
			}
		}
		out = append(out, refWrap(pieces[:n], width))
		pieces = pieces[n:]
	}
	return out
}

// refPiece is a word, or part of a word too long for a line, with its length
// in characters counted once.
type refPiece struct {
	text string
	n    int
}

// refFit returns how many of words fit on lines lines of width characters,
// filled greedily; at least one.
func refFit(words []refPiece, width, lines int) int {
	line, used := 1, 0
	for i, w := range words {
		switch {
		case used == 0:
			used = w.n
		case used+1+w.n <= width:
			used += 1 + w.n
		case line < lines:
			line, used = line+1, w.n
		default:
			return max(1, i)
		}
	}
	return len(words)
}

// refWrap fills words into lines of at most width characters, greedily.
func refWrap(words []refPiece, width int) []string {
	var lines []string
	start, used := 0, 0
	join := func(ws []refPiece) string {
		size := len(ws) - 1
		for _, w := range ws {
			size += len(w.text)
		}
		b := make([]byte, 0, size)
		for i, w := range ws {
			if i > 0 {
				b = append(b, ' ')
			}
			b = append(b, w.text...)
		}
		return string(b)
	}
	for i, w := range words {
		if used > 0 && used+1+w.n > width {
			lines = append(lines, join(words[start:i]))
			start, used = i, 0
		}
		if used > 0 {
			used++
		}
		used += w.n
	}
	if used > 0 {
		lines = append(lines, join(words[start:]))
	}
	return lines
}

// refEndsSentence reports whether a word ends a sentence: "end.", "why?",
// "so!\"", "wait…".
func refEndsSentence(w string) bool {
	w = strings.TrimRight(w, `"'”’)]`)
	return strings.HasSuffix(w, ".") || strings.HasSuffix(w, "?") || strings.HasSuffix(w, "!") || strings.HasSuffix(w, "…")
}

// refWebVTT writes the turns as WebVTT captions with the speaker's voice
// span on every cue, or returns nil when no turn has a time.
func refWebVTT(turns []*Turn) []byte {
	cs := refCues(turns, vttWidth, vttLines, false)
	if cs == nil {
		return nil
	}
	b := make([]byte, 0, 64*len(cs)+8)
	b = append(b, "WEBVTT\n"...)
	if estimatedStarts(turns, refTurnSpans(turns)) { // new with issue 18: not an oracle
		b = append(b, vttEstimated...)
	}
	for _, c := range cs {
		b = append(b, '\n')
		b = refAppendClock(b, c.start, '.')
		b = append(b, " --> "...)
		b = refAppendClock(b, c.end, '.')
		b = append(b, '\n')
		if c.speaker != "" {
			b = append(b, "<v "...)
			b = refAppendEscaped(b, c.speaker)
			b = append(b, '>')
		}
		for i, l := range c.lines {
			if i > 0 {
				b = append(b, '\n')
			}
			b = refAppendEscaped(b, l)
		}
		b = append(b, '\n')
	}
	return b
}

// refAppendClock appends d as captions have it: "01:02:03.450" (VTT, sep '.')
// or "01:02:03,450" (SRT, sep ',').
func refAppendClock(b []byte, d time.Duration, sep byte) []byte {
	ms := d.Milliseconds()
	two := func(b []byte, n int64) []byte { return append(b, byte('0'+n/10), byte('0'+n%10)) }
	h := ms / 3_600_000
	if h < 100 {
		b = two(b, h)
	} else {
		b = strconv.AppendInt(b, h, 10)
	}
	b = append(b, ':')
	b = two(b, ms/60_000%60)
	b = append(b, ':')
	b = two(b, ms/1000%60)
	b = append(b, sep, byte('0'+ms%1000/100), byte('0'+ms%100/10), byte('0'+ms%10))
	return b
}

// refAppendEscaped appends s with the three characters WebVTT cue text
// reserves escaped.
func refAppendEscaped(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b = append(b, "&amp;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		default:
			b = append(b, c)
		}
	}
	return b
}

// refSubRip writes the turns as SRT cards numbered from 1, the speaker's name
// at each change of speaker, or returns nil when no turn has a time.
func refSubRip(turns []*Turn) []byte {
	cs := refCues(turns, srtWidth, srtLines, true)
	if cs == nil {
		return nil
	}
	b := make([]byte, 0, 64*len(cs))
	for i, c := range cs {
		if i > 0 {
			b = append(b, '\n')
		}
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, '\n')
		b = refAppendClock(b, c.start, ',')
		b = append(b, " --> "...)
		b = refAppendClock(b, c.end, ',')
		b = append(b, '\n')
		for _, l := range c.lines {
			b = append(b, l...)
			b = append(b, '\n')
		}
	}
	return b
}

// refPodcastJSON writes the turns in the Podcasting 2.0 JSON transcript
// format: one segment per turn, startTime when the turn has a time,
// endTime where the next turn's start tells it (or, for the last turn,
// how long its words take to say).
func refPodcastJSON(turns []*Turn) []byte {
	type segment struct {
		Speaker   string   `json:"speaker,omitempty"`
		StartTime *float64 `json:"startTime,omitempty"`
		EndTime   *float64 `json:"endTime,omitempty"`
		Body      string   `json:"body"`
	}
	doc := struct {
		Version  string    `json:"version"`
		Segments []segment `json:"segments"`
	}{Version: "1.0.0", Segments: make([]segment, 0, len(turns))}
	for i, t := range turns {
		s := segment{Body: t.Text}
		if t.Speaker != nil {
			s.Speaker = t.Speaker.Name
		}
		if t.start != transcript.NoTime {
			start := t.start.Seconds()
			s.StartTime = &start
			switch {
			case i+1 < len(turns) && turns[i+1].start >= t.start:
				e := turns[i+1].start.Seconds()
				s.EndTime = &e
			case i+1 == len(turns):
				e := (t.start + refSayingTime(t.Text)).Seconds()
				s.EndTime = &e
			}
		}
		doc.Segments = append(doc.Segments, s)
	}
	var b bytes.Buffer
	json.NewEncoder(&b).Encode(doc)
	return b.Bytes()
}

// refSayingTime is how long text takes to say, at least minTurnLength.
func refSayingTime(text string) time.Duration {
	return max(minTurnLength, time.Duration(len(strings.Fields(text)))*readingPace)
}

// refPlainTextFile writes the transcript as text to read or feed to a program:
// the title, then each turn as "Name (12:34)" over its paragraphs, and
// each chapter as "== Title (12:34) ==". Markup goes; code keeps its
// lines, indented.
func refPlainTextFile(t *transcript.Transcript, blocks []Block) []byte {
	var b strings.Builder
	b.WriteString(t.Meta.Title + "\n")
	var about []string
	if t.Meta.Show != "" {
		about = append(about, t.Meta.Show)
	}
	if !t.Meta.Date.IsZero() {
		about = append(about, t.Meta.Date.Format("2006-01-02"))
	}
	if len(about) > 0 {
		b.WriteString(strings.Join(about, " · ") + "\n")
	}
	turn := 0
	for _, bl := range blocks {
		b.WriteByte('\n')
		if c := bl.Chapter; c != nil {
			b.WriteString("== " + c.Title)
			if c.Time != "" {
				b.WriteString(" (" + c.Time + ")")
			}
			b.WriteString(" ==\n")
			continue
		}
		head := ""
		if bl.Turn.Speaker != nil {
			head = bl.Turn.Speaker.Name
		}
		if bl.Turn.Time != "" {
			head = strings.TrimSpace(head + " (" + bl.Turn.Time + ")")
		}
		if head != "" {
			b.WriteString(head + "\n")
		}
		b.WriteString(string(appendParagraphs(nil, t.Turns[turn].Text)) + "\n")
		turn++
	}
	return []byte(b.String())
}
