package render

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// Caption limits. WebVTT lines of at most 65 characters are what the
// Podcasting 2.0 transcript notes recommend; SRT cards of two lines of 32
// characters are what they require. Both count the characters a reader
// sees: the "<v Name>" markup of a VTT cue is not counted, the "Name: "
// of an SRT card is.
const (
	vttWidth, vttLines = 65, 2
	srtWidth, srtLines = 32, 2
)

// readingPace is how long a word takes to say (150 words a minute): it
// gives the last turn, which no next turn ends, a length, and so the
// turns after the last time the transcript gives.
const readingPace = 400 * time.Millisecond

// minTurnLength is the shortest a turn lasts when its end is estimated.
const minTurnLength = 2 * time.Second

// cue is one caption: its time and its lines of plain text.
type cue struct {
	start, end time.Duration
	speaker    string // "" when the transcript names none
	lines      []string
}

// span is when a turn is spoken.
type span struct{ start, end time.Duration }

// turnSpans tells when each turn starts and ends, or returns nil when no
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
func turnSpans(turns []*Turn) []span {
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
		end := at + sayingTime(turns[k].Text)
		spans[k] = span{at, end}
		at = end
	}
	return spans
}

// cues splits every turn into captions of at most lines lines of width
// characters, cutting at sentence ends where it can and at spaces
// otherwise, and spreads each turn's time over its cues in proportion to
// their text. With label set, the first cue after a change of speaker
// starts with "Name: ", as SRT cards mark speakers.
func cues(turns []*Turn, width, lines int, label bool) []cue {
	spans := turnSpans(turns)
	if spans == nil {
		return nil
	}
	var out []cue
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
		chunks := splitCues(words, width, lines)
		// Never more cues than milliseconds: every cue must last.
		for int64(len(chunks)) > int64((sp.end-sp.start)/time.Millisecond) {
			chunks = chunks[:len(chunks)-1]
		}
		total := 0
		for _, c := range chunks {
			total += chars(c)
		}
		ms := int64((sp.end - sp.start) / time.Millisecond)
		at, sum := sp.start, 0
		for k, c := range chunks {
			sum += chars(c)
			end := sp.start + time.Duration(ms*int64(sum)/int64(total))*time.Millisecond
			// Each cue lasts at least a millisecond and leaves one for
			// each cue after it, so no two overlap.
			end = min(max(end, at+time.Millisecond), sp.end-time.Duration(len(chunks)-1-k)*time.Millisecond)
			if k == len(chunks)-1 {
				end = sp.end
			}
			out = append(out, cue{start: at, end: end, speaker: name, lines: c})
			at = end
		}
	}
	return out
}

// chars counts the characters of a cue's lines.
func chars(lines []string) int {
	n := 0
	for _, l := range lines {
		n += utf8.RuneCountInString(l)
	}
	return n
}

// splitCues cuts words into cues of at most lines lines of width
// characters. A cue that fills up ends after its last sentence, if one
// ends past the cue's first line, so cues read as whole sentences; a word
// longer than a line (a URL) is cut into pieces of the line's width.
func splitCues(words []string, width, lines int) [][]string {
	pieces := make([]piece, 0, len(words))
	for _, w := range words {
		n := runeCount(w)
		for n > width {
			cut := byteIndex(w, width)
			pieces = append(pieces, piece{w[:cut], width})
			w, n = w[cut:], n-width
		}
		pieces = append(pieces, piece{w, n})
	}
	var out [][]string
	for len(pieces) > 0 {
		n := fit(pieces, width, lines)
		if n < len(pieces) {
			firstLine := fit(pieces, width, 1)
			for k := n; k > firstLine; k-- {
				if endsSentence(pieces[k-1].text) {
					n = k
					break
				}
			}
		}
		out = append(out, wrap(pieces[:n], width))
		pieces = pieces[n:]
	}
	return out
}

// piece is a word, or part of a word too long for a line, with its length
// in characters counted once.
type piece struct {
	text string
	n    int
}

// runeCount counts characters, quickly for ASCII.
func runeCount(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return utf8.RuneCountInString(s)
		}
	}
	return len(s)
}

// fit returns how many of words fit on lines lines of width characters,
// filled greedily; at least one.
func fit(words []piece, width, lines int) int {
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

// wrap fills words into lines of at most width characters, greedily.
func wrap(words []piece, width int) []string {
	var lines []string
	start, used := 0, 0
	join := func(ws []piece) string {
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

// endsSentence reports whether a word ends a sentence: "end.", "why?",
// "so!\"", "wait…".
func endsSentence(w string) bool {
	w = strings.TrimRight(w, `"'”’)]`)
	return strings.HasSuffix(w, ".") || strings.HasSuffix(w, "?") || strings.HasSuffix(w, "!") || strings.HasSuffix(w, "…")
}

// byteIndex is the byte offset of the n-th character of s.
func byteIndex(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// webVTT writes the turns as WebVTT captions with the speaker's voice
// span on every cue, or returns nil when no turn has a time.
func webVTT(turns []*Turn) []byte {
	cs := cues(turns, vttWidth, vttLines, false)
	if cs == nil {
		return nil
	}
	b := make([]byte, 0, 64*len(cs)+8)
	b = append(b, "WEBVTT\n"...)
	for _, c := range cs {
		b = append(b, '\n')
		b = appendClock(b, c.start, '.')
		b = append(b, " --> "...)
		b = appendClock(b, c.end, '.')
		b = append(b, '\n')
		if c.speaker != "" {
			b = append(b, "<v "...)
			b = appendEscaped(b, c.speaker)
			b = append(b, '>')
		}
		for i, l := range c.lines {
			if i > 0 {
				b = append(b, '\n')
			}
			b = appendEscaped(b, l)
		}
		b = append(b, '\n')
	}
	return b
}

// appendEscaped appends s with the three characters WebVTT cue text
// reserves escaped.
func appendEscaped(b []byte, s string) []byte {
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

// subRip writes the turns as SRT cards numbered from 1, the speaker's name
// at each change of speaker, or returns nil when no turn has a time.
func subRip(turns []*Turn) []byte {
	cs := cues(turns, srtWidth, srtLines, true)
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
		b = appendClock(b, c.start, ',')
		b = append(b, " --> "...)
		b = appendClock(b, c.end, ',')
		b = append(b, '\n')
		for _, l := range c.lines {
			b = append(b, l...)
			b = append(b, '\n')
		}
	}
	return b
}

// appendClock appends d as captions have it: "01:02:03.450" (VTT, sep '.')
// or "01:02:03,450" (SRT, sep ',').
func appendClock(b []byte, d time.Duration, sep byte) []byte {
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
