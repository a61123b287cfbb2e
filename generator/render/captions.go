package render

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
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

// span is when a turn is spoken.
type span struct{ start, end time.Duration }

// turnSpans tells when each turn starts and ends, or returns nil when no
// turn has a time: captions of a transcript without times would be made
// up, so such an episode has none.
//
// A turn ends where the next one starts, or earlier where the transcript
// gives its end (a cue's, a break's). Times that go backwards or repeat
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
		if i >= j {
			return
		}
		if j == i+1 { // one turn takes it all: no need to count its text
			spans[i] = span{from, to}
			return
		}
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
	// ended fills from the known turn k on to 'to': the turn up to its own
	// end when the transcript gives one before 'to', the untimed turns
	// after it from there.
	ended := func(k, j int, to time.Duration) {
		if end := turns[k].end; end > turns[k].start && end < to {
			spans[k] = span{turns[k].start, end}
			fill(k+1, j, end, to)
			return
		}
		fill(k, j, turns[k].start, to)
	}
	prev := -1 // index of the last known turn
	for i := range turns {
		if !known[i] {
			continue
		}
		if prev < 0 {
			fill(0, i, 0, turns[i].start)
		} else {
			ended(prev, i, turns[i].start)
		}
		prev = i
	}
	at := turns[prev].start
	if end := turns[prev].end; end > at {
		spans[prev] = span{at, end}
		at, prev = end, prev+1
	}
	for k := prev; k < len(turns); k++ {
		end := at + sayingTime(turns[k].Text)
		spans[k] = span{at, end}
		at = end
	}
	return spans
}

// vttEstimated is the note a WebVTT file opens with when some of its cues
// start at a time the transcript does not give: SRT has no place for it.
const vttEstimated = "\nNOTE Cues of turns with no time of their own in the transcript start at estimated times.\n"

// estimatedStarts reports whether a turn with words gets a cue whose start
// turnSpans estimated: a turn with no time, or one going back.
func estimatedStarts(turns []*Turn, spans []span) bool {
	var last time.Duration = -1
	for i, t := range turns {
		if t.start != transcript.NoTime && t.start > last {
			last = t.start
			continue
		}
		if t.Text != "" && spans[i].end-spans[i].start >= time.Millisecond {
			return true
		}
	}
	return false
}

// captions writes the turns as WebVTT captions, with the speaker's voice
// span on every cue (and a note when some cues start at estimated times), and as SRT cards numbered from 1, with the speaker's
// name on the first card after each change of speaker; or returns nil for
// both when no turn has a time, or none has words and time for a cue.
//
// Both split every turn into cues of at most so many lines of so many
// characters, cutting at sentence ends where they can and at spaces
// otherwise, and spread each turn's time over its cues in proportion to
// their text. They are made together because they share the turns' times
// and words, worked out once. A word is where it is in the turn's text,
// and a cue is appended to its file straight from the text, a line at a
// time where the line's words are one space apart: splitting turns into
// strings, lines and cues took more time than all the rest of an
// episode's exports.
func captions(turns []*Turn) (vtt, srt []byte) {
	spans := turnSpans(turns)
	if spans == nil {
		return nil, nil
	}
	vttSize, srtSize := 0, 0
	for _, t := range turns {
		name := 0
		if t.Speaker != nil {
			name = len(t.Speaker.Name)
		}
		// A cue holds some 90 bytes of text, a card some 48, and each has
		// its number or voice and times: about 40 bytes.
		vttSize += len(t.Text) + (len(t.Text)/90+1)*(40+name)
		srtSize += len(t.Text) + (len(t.Text)/48+1)*40 + name
	}
	v := &captionWriter{width: vttWidth, lines: vttLines, out: buffer(vttSize + 8)}
	s := &captionWriter{width: srtWidth, lines: srtLines, srt: true, out: buffer(srtSize)}
	v.out = append(v.out, "WEBVTT\n"...)
	if estimatedStarts(turns, spans) {
		v.out = append(v.out, vttEstimated...)
	}
	var words []piece
	prevSpeaker := "\x00"
	for i, t := range turns {
		sp := spans[i]
		if sp.end-sp.start < time.Millisecond {
			continue
		}
		// A plain text, most turns', is cut into lines without being split
		// into words (plainTurn); the others are split here. words[0] is
		// room for an SRT card's label, so that a labelled turn's pieces
		// need no copy.
		plain := plainASCII(t.Text)
		words = words[:0]
		if !plain {
			if words = appendWords(append(words, piece{}), t.Text); len(words) == 1 {
				continue
			}
		}
		name := ""
		if t.Speaker != nil {
			name = t.Speaker.Name
		}
		voice, label := "", ""
		if name != "" {
			voice = v.tag(name)
		}
		if name != prevSpeaker && name != "" {
			label = s.tag(name)
		}
		prevSpeaker = name
		cue := source{text: t.Text, escape: hasVTTReserved(t.Text)}
		if !plain || !v.plainTurn(sp, voice, cue) {
			words = wordsOf(words, t.Text)
			v.turn(sp, voice, cue, words[1:])
		}
		card := source{label: label, text: t.Text}
		if !plain || !s.plainTurn(sp, "", card) {
			words = wordsOf(words, t.Text)
			srtWords := words[1:]
			if label != "" {
				words[0], srtWords = piece{-len(label), 0, runeCount(label)}, words
			}
			s.turn(sp, "", card, srtWords)
		}
	}
	if v.count == 0 {
		return nil, nil // no turn has words and time enough for a cue
	}
	return v.out, s.out
}

// captionWriter writes the cues of one caption format, turn by turn,
// reusing its buffers from one turn to the next.
type captionWriter struct {
	width, lines int
	srt          bool // SRT cards: numbered; else WebVTT cues: a voice span
	out          []byte
	count        int             // cues written
	tags         []speakerTag    // the speakers' tags made so far
	pieces       []piece         // the turn's words cut to the width
	cues         []cueEnd        // the turn's cues
	ends         []time.Duration // when the turn's cues end
}

// speakerTag is how a caption format marks a speaker: "Name:" starts an
// SRT card at a change of speaker, "<v Name>" (escaped) every WebVTT cue.
type speakerTag struct{ name, tag string }

// source is what a turn's cues are cut from: its text, after a label
// ("Name:") when an SRT card names the speaker.
type source struct {
	label, text string
	escape      bool // the text has characters WebVTT escapes
}

// piece is a word, or a part of a word too long for a line: bytes start
// to end of the source's text, or of its label when they are negative
// (counted back from the text's start), and its length in characters,
// counted once.
type piece struct{ start, end, n int }

// of returns the bytes of p.
func (s source) of(p piece) string {
	if p.start < 0 {
		return s.label[len(s.label)+p.start : len(s.label)+p.end]
	}
	return s.text[p.start:p.end]
}

// cueEnd is where a cue ends in the pieces of its turn, and how many
// characters its lines hold.
type cueEnd struct{ end, chars int }

// tag returns the speaker's tag, made once for each speaker.
func (w *captionWriter) tag(name string) string {
	for _, t := range w.tags {
		if t.name == name {
			return t.tag
		}
	}
	tag := name + ":"
	if !w.srt {
		tag = string(append(appendEscaped([]byte("<v "), name), '>'))
	}
	w.tags = append(w.tags, speakerTag{name, tag})
	return tag
}

// turn writes the cues of a turn spoken during sp: its words (the label
// first, if there is one) cut into cues, each after the voice span if
// there is one, and its time spread over them in proportion to their
// characters.
func (w *captionWriter) turn(sp span, voice string, src source, words []piece) {
	pieces := words // most often, every word fits on a line
	if slices.ContainsFunc(words, func(p piece) bool { return p.n > w.width }) {
		pieces = w.pieces[:0]
		for _, p := range words {
			pieces = appendPieces(pieces, src, p, w.width)
		}
		w.pieces = pieces
	}
	w.cues = splitCues(w.cues[:0], src, pieces, w.width, w.lines)
	at, from := sp.start, 0
	for k, end := range w.times(sp, w.cues) {
		b := w.head(at, end, voice)
		b = appendLines(b, src, pieces[from:w.cues[k].end], w.width)
		w.out = append(b, '\n')
		at, from = end, w.cues[k].end
	}
}

// times spreads the time of a turn spoken during sp over its cues in
// proportion to their characters, and returns when each cue ends; the
// first starts at sp.start. There are never more cues than milliseconds,
// as every cue must last: the ones beyond are left out.
func (w *captionWriter) times(sp span, cues []cueEnd) []time.Duration {
	ms := int64((sp.end - sp.start) / time.Millisecond)
	if int64(len(cues)) > ms {
		cues = cues[:ms]
	}
	total := 0
	for _, c := range cues {
		total += c.chars
	}
	ends := w.ends[:0]
	at, sum := sp.start, 0
	for k, c := range cues {
		sum += c.chars
		end := sp.start + time.Duration(ms*int64(sum)/int64(total))*time.Millisecond
		// Each cue lasts at least a millisecond and leaves one for
		// each cue after it, so no two overlap.
		end = min(max(end, at+time.Millisecond), sp.end-time.Duration(len(cues)-1-k)*time.Millisecond)
		if k == len(cues)-1 {
			end = sp.end
		}
		ends = append(ends, end)
		at = end
	}
	w.ends = ends
	return ends
}

// head appends a cue's number (on SRT cards), its times, and the voice
// span if there is one, and returns the output to append its lines to.
func (w *captionWriter) head(start, end time.Duration, voice string) []byte {
	w.count++
	b, sep := w.out, byte('.')
	if w.srt {
		if w.count > 1 {
			b = append(b, '\n')
		}
		b = strconv.AppendInt(b, int64(w.count), 10)
		sep = ','
	}
	b = append(b, '\n')
	b = appendClock(b, start, sep)
	b = append(b, " --> "...)
	b = appendClock(b, end, sep)
	b = append(b, '\n')
	return append(b, voice...)
}

// wordsOf returns words, the words of text after room for a label, made
// now if they were not made before.
func wordsOf(words []piece, text string) []piece {
	if len(words) == 0 {
		words = appendWords(append(words, piece{}), text)
	}
	return words
}

// appendWords appends the words of text, as strings.Fields splits it (at
// runs of unicode.IsSpace), with their lengths in characters. It is the
// captions' costliest loop, so it is one loop that looks at each byte
// once: with a call for each word and each run of spaces, as it was, it
// took about a third longer.
func appendWords(words []piece, text string) []piece {
	for i := 0; i < len(text); {
		// Printable ASCII, most often the next byte, starts no space.
		if !printableASCII(text[i]) {
			if n := spaceAt(text, i); n > 0 {
				i += n
				continue
			}
		}
		start, chars, space := i, 0, 0
		for i < len(text) {
			run := i
			for i < len(text) && printableASCII(text[i]) {
				i++
			}
			chars += i - run
			if i == len(text) {
				break
			}
			if space = spaceAt(text, i); space > 0 {
				break
			}
			_, n := utf8.DecodeRuneInString(text[i:])
			i += n
			chars++
		}
		words = append(words, piece{start, i, chars})
		i += space
	}
	return words
}

// wordCount is how many words strings.Fields would split text into. Only
// an episode's last turns need it, so it goes a character at a time.
func wordCount(text string) int {
	n, inWord := 0, false
	for _, r := range text {
		space := unicode.IsSpace(r)
		if !space && !inWord {
			n++
		}
		inWord = !space
	}
	return n
}

// printableASCII reports whether c is '!' to '~' or DEL: ASCII that is
// neither a space nor a control character but DEL, in one comparison.
func printableASCII(c byte) bool { return c-'!' < utf8.RuneSelf-'!' }

// spaceLead tells of each byte whether it may start a space as
// unicode.IsSpace has it: 1 for the ASCII spaces, 2 for the first bytes of
// U+0085, U+00A0, U+1680, U+2000 to U+200A, U+2028, U+2029, U+202F, U+205F
// and U+3000, 0 for the others.
var spaceLead = [256]uint8{'\t': 1, '\n': 1, '\v': 1, '\f': 1, '\r': 1, ' ': 1, 0xc2: 2, 0xe1: 2, 0xe2: 2, 0xe3: 2}

// spaceAt returns the length in bytes of the space at s[i], or 0 when
// s[i] starts no space. It is small enough to inline.
func spaceAt(s string, i int) int {
	if lead := spaceLead[s[i]]; lead < 2 {
		return int(lead)
	}
	return wideSpaceAt(s, i)
}

// wideSpaceAt is spaceAt for a space beyond ASCII.
func wideSpaceAt(s string, i int) int {
	if r, n := utf8.DecodeRuneInString(s[i:]); unicode.IsSpace(r) {
		return n
	}
	return 0
}

// skipSpaces returns where the spaces at s[i] end.
func skipSpaces(s string, i int) int {
	// Printable ASCII, most often the next byte, starts no space.
	for i < len(s) && !printableASCII(s[i]) {
		n := spaceAt(s, i)
		if n == 0 {
			break
		}
		i += n
	}
	return i
}

// appendPieces appends a word as pieces of at most width characters: the
// word itself, or for a word longer than a line (a URL) pieces of the
// line's width.
func appendPieces(pieces []piece, src source, w piece, width int) []piece {
	for w.n > width {
		cut := w.start + byteIndex(src.of(w), width)
		pieces = append(pieces, piece{w.start, cut, width})
		w = piece{cut, w.end, w.n - width}
	}
	return append(pieces, w)
}

// splitCues appends where each cue of pieces ends, cut into cues of at
// most lines lines of width characters. A cue that fills up ends after
// its last sentence, if one ends past the cue's first line, so cues read
// as whole sentences.
func splitCues(cues []cueEnd, src source, pieces []piece, width, lines int) []cueEnd {
	for from := 0; from < len(pieces); {
		rest := pieces[from:]
		n, firstLine, c := fill(rest, width, lines)
		if n < len(rest) {
			for k := n; k > firstLine; k-- {
				if endsSentence(src.of(rest[k-1])) {
					if k < n {
						n, c = k, chars(rest[:k], width)
					}
					break
				}
			}
		}
		from += n
		cues = append(cues, cueEnd{end: from, chars: c})
	}
	return cues
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

// fill fills pieces greedily into lines of width characters, at most
// lines of them, and returns how many pieces fit (at least one), how many
// fit on the first line, and how many characters the lines hold.
func fill(pieces []piece, width, lines int) (n, firstLine, chars int) {
	line, used, full := 1, pieces[0].n, 0
	firstLine = len(pieces)
	for i := 1; i < len(pieces); i++ {
		p := pieces[i]
		if used+1+p.n <= width {
			used += 1 + p.n
			continue
		}
		if line == 1 {
			firstLine = i
		}
		if line == lines {
			return i, firstLine, full + used
		}
		line, full, used = line+1, full+used, p.n
	}
	return len(pieces), firstLine, full + used
}

// chars counts the characters of pieces filled greedily into lines of
// width: their own and a space between two on a line.
func chars(pieces []piece, width int) int {
	n, used := 0, 0
	for _, p := range pieces {
		if used > 0 && used+1+p.n > width {
			n, used = n+used, 0
		}
		if used > 0 {
			used++
		}
		used += p.n
	}
	return n + used
}

// appendLines appends pieces filled greedily into lines of at most width
// characters, as chars counts them. Pieces one space apart in the text go
// in with one append.
func appendLines(b []byte, src source, pieces []piece, width int) []byte {
	used := 0
	from, to := 0, 0 // src.text[from:to] is still to be appended
	for _, p := range pieces {
		sep := byte(0)
		switch {
		case used > 0 && used+1+p.n > width:
			sep, used = '\n', 0
		case used > 0:
			sep, used = ' ', used+1
		}
		used += p.n
		if sep == ' ' && to > from && p.start == to+1 && src.text[to] == ' ' {
			to = p.end
			continue
		}
		b = appendText(b, src.text[from:to], src.escape)
		if sep != 0 {
			b = append(b, sep)
		}
		from, to = 0, 0
		if p.start < 0 {
			b = append(b, src.of(p)...) // the label, on SRT cards only
		} else {
			from, to = p.start, p.end
		}
	}
	return appendText(b, src.text[from:to], src.escape)
}

// hasVTTReserved reports whether s holds a character WebVTT cue text
// escapes. Three IndexByte scans are vectorized, and much quicker than
// strings.ContainsAny's byte by byte.
func hasVTTReserved(s string) bool {
	return strings.IndexByte(s, '&') >= 0 || strings.IndexByte(s, '<') >= 0 || strings.IndexByte(s, '>') >= 0
}

// appendText appends text, escaped for WebVTT cue text when escape is set.
func appendText(b []byte, text string, escape bool) []byte {
	if escape {
		return appendEscaped(b, text)
	}
	return append(b, text...)
}

// endsSentence reports whether a word ends a sentence: "end.", "why?",
// "so!\"", "wait…". Closing quotes and brackets after the mark do not
// count.
func endsSentence(w string) bool {
	for len(w) > 0 {
		switch c := w[len(w)-1]; {
		case c == '"' || c == '\'' || c == ')' || c == ']':
			w = w[:len(w)-1]
		case c < utf8.RuneSelf: // most words: no need to look for ”, ’ or …
			return c == '.' || c == '?' || c == '!'
		case strings.HasSuffix(w, "”") || strings.HasSuffix(w, "’"):
			w = w[:len(w)-len("”")]
		default:
			return c == '.' || c == '?' || c == '!' || strings.HasSuffix(w, "…")
		}
	}
	return false
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

// appendEscaped appends s with the three characters WebVTT cue text
// reserves escaped.
func appendEscaped(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		default:
			continue
		}
		b = append(append(b, s[start:i]...), esc...)
		start = i + 1
	}
	return append(b, s[start:]...)
}

// appendClock appends d as captions have it: "01:02:03.450" (VTT, sep '.')
// or "01:02:03,450" (SRT, sep ','). Every cue has two, so the digits go in
// with one append.
func appendClock(b []byte, d time.Duration, sep byte) []byte {
	ms := d.Milliseconds()
	h, m, s := ms/3_600_000, ms/60_000%60, ms/1000%60
	if h >= 100 { // the hours' digits before the last two
		b = strconv.AppendInt(b, h/100, 10)
		h %= 100
	}
	return append(b, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':',
		byte('0'+s/10), byte('0'+s%10), sep, byte('0'+ms%1000/100), byte('0'+ms%100/10), byte('0'+ms%10))
}
