package render

import (
	"strings"
	"unicode/utf8"
)

// Most turns' text is plain: ASCII words one space apart, as setText makes
// of plain sentences. A line of such a text's captions is a part of the
// text whose characters are its bytes, so where a line ends is found by
// looking back from its width for a space, rather than by splitting the
// text into words and adding them up (captionWriter.turn): that was most
// of the captions' cost. The cues are those turn writes, byte for byte;
// FuzzExportsSame holds both to the reference.

// plainASCII reports whether text is plain: only ASCII from ' ' to DEL,
// never two spaces in a row, and none at either end.
func plainASCII(text string) bool {
	if text == "" || text[0] == ' ' || text[len(text)-1] == ' ' || strings.Contains(text, "  ") {
		return false
	}
	// Eight bytes at a time, as one number (the compiler makes the eight
	// loads one): a byte is not from ' ' to DEL when its top bit is set, or
	// when subtracting ' ' from it sets it. The subtraction borrows from
	// the next byte only past a byte below ' ', which is caught itself.
	i := 0
	for ; i+8 <= len(text); i += 8 {
		s := text[i : i+8]
		x := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
		if (x|(x-0x2020202020202020))&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(text); i++ {
		if text[i]-' ' >= utf8.RuneSelf-' ' { // one comparison for c < ' ' || c >= utf8.RuneSelf
			return false
		}
	}
	return true
}

// plainTurn is turn for a plain text (plainASCII), after its label if it
// has one. It reports whether it could: a word or a label longer than a
// line must be cut into pieces, which turn does; plainTurn then writes
// nothing.
func (w *captionWriter) plainTurn(sp span, voice string, src source) bool {
	text, label := src.text, runeCount(src.label)
	if label > w.width {
		return false
	}
	cues := w.cues[:0]
	for p := 0; p < len(text); p = nextLine(p, cues[len(cues)-1].end) {
		if len(cues) > 0 {
			label = 0 // only the first card is labelled
		}
		end, chars, second := w.fitCue(text, p, label)
		if end < 0 {
			return false
		}
		// A cue that fills up, with text after it, ends after its last
		// sentence if one ends past its first line (as splitCues has it).
		if end < len(text) && second >= 0 {
			for b := end; b > second; b-- {
				// b is a word's end at the cue's end or at a space; the
				// word's end is its text's from the second line on, as
				// endsSentence stops at the space before the word.
				if sentenceEnd[text[b-1]] && (b == end || text[b] == ' ') && endsSentence(text[second:b]) {
					if b < end {
						end, chars, _ = w.fitCue(text[:b], p, label)
					}
					break
				}
			}
		}
		cues = append(cues, cueEnd{end: end, chars: chars})
	}
	w.cues = cues
	at, p := sp.start, 0
	for k, end := range w.times(sp, cues) {
		b := w.head(at, end, voice)
		if k == 0 && src.label != "" {
			b = w.appendPlainLines(b, text[:cues[k].end], p, src.label, runeCount(src.label), src.escape)
		} else {
			b = w.appendPlainLines(b, text[:cues[k].end], p, "", 0, src.escape)
		}
		w.out = append(b, '\n')
		at, p = end, nextLine(p, cues[k].end)
	}
	return true
}

// sentenceEnd marks the ASCII bytes a sentence's last word may end with
// (endsSentence), so that most words need not be looked at further.
var sentenceEnd = [256]bool{'.': true, '?': true, '!': true, '"': true, '\'': true, ')': true, ']': true}

// fitCue fills the lines of a cue from text[p], the start of a word, on:
// as many words as fit on each, and first on the first a label of so many
// characters if label is not 0. It returns where the cue's text ends, how
// many characters its lines hold (with a space between the label and the
// words after it), and where its second line starts in text, or -1 when
// it has one line; or an end of -1 when a line cannot hold a word.
func (w *captionWriter) fitCue(text string, p, label int) (end, chars, second int) {
	second = -1
	end = p
	for line := 0; line < w.lines && p < len(text); line++ {
		if line == 1 {
			second = p
		}
		room := w.width
		if line == 0 && label > 0 {
			room -= label + 1
		}
		e := fitLine(text, p, room)
		switch {
		case e > p && line == 0 && label > 0:
			chars += label + 1 + e - p
		case e > p:
			chars += e - p
		case line == 0 && label > 0:
			chars += label // the label alone, and the words on the next line
		default:
			return -1, 0, 0
		}
		end, p = e, nextLine(p, e)
	}
	return end, chars, second
}

// nextLine returns where the line, or the cue, after the one that starts at
// text[p] and ends at text[end] starts: after the space at end, or at p
// when it held only a label.
func nextLine(p, end int) int {
	if end > p {
		return end + 1
	}
	return p
}

// fitLine returns where a line of at most room characters that starts at
// text[p], the start of a word, ends: after the last word on it, or at p
// when not even the first fits.
func fitLine(text string, p, room int) int {
	switch {
	case len(text)-p <= room:
		return len(text)
	case room <= 0:
		return p
	case text[p+room] == ' ': // the line ends at a word's end
		return p + room
	}
	return p + max(0, strings.LastIndexByte(text[p:p+room], ' '))
}

// appendPlainLines appends the lines of a cue of a plain text, text[p:],
// as fitCue fills them: the label, if there is one, and the text, escaped
// for WebVTT when escape is set.
func (w *captionWriter) appendPlainLines(b []byte, text string, p int, label string, chars int, escape bool) []byte {
	for line := 0; ; line++ {
		room := w.width
		if line > 0 {
			b = append(b, '\n')
		}
		if line == 0 && label != "" {
			b = append(b, label...)
			room -= chars + 1
		}
		e := fitLine(text, p, room)
		if e > p && line == 0 && label != "" {
			b = append(b, ' ')
		}
		b = appendText(b, text[p:e], escape)
		if e == len(text) {
			return b
		}
		p = nextLine(p, e)
	}
}
