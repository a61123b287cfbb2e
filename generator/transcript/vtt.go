package transcript

import (
	"strings"
	"time"
)

// parseVTT reads WebVTT:
//
//	file    = "WEBVTT" [text] EOL *(blank-line block)
//	block   = note / style / region / cue
//	note    = "NOTE" *(text EOL)             ; a comment: skipped
//	cue     = [id EOL] time "-->" time [settings] EOL 1*(payload EOL)
//	payload = ["<v" *("." class) SP name ">"] text ["</v>"]
//
// A cue with no voice goes on with the speaker before it, since tools
// write <v Name> on every cue or only where the speaker changes; a cue
// with several voice lines is several turns. Consecutive cues of one
// speaker make one turn. Text outside any cue is kept in the turn before
// it, with a warning.
func (p *parser) parseVTT(body int) {
	lines := p.linesFrom(body)
	i := 0
	for i < len(lines) && strings.TrimSpace(lines[i].text) == "" {
		i++
	}
	if i < len(lines) && strings.HasPrefix(lines[i].text, "WEBVTT") {
		// The header block (WEBVTT, then Kind:, Language: ...) ends at
		// the first blank line.
		for i < len(lines) && strings.TrimSpace(lines[i].text) != "" {
			i++
		}
	} else {
		p.problems.Warnf(p.pos(body), `start a WebVTT file with the line WEBVTT`, "no WEBVTT line: reading the file as WebVTT anyway")
	}
	speaker := ""
	for i < len(lines) {
		// One block: up to the next blank line.
		j := i
		for j < len(lines) && strings.TrimSpace(lines[j].text) != "" {
			j++
		}
		block := lines[i:j]
		i = j + 1
		if len(block) == 0 {
			continue
		}
		head := block[0].text
		if strings.HasPrefix(head, "NOTE") || head == "STYLE" || head == "REGION" {
			continue
		}
		timing, payload, ok := p.cue(block)
		if !ok {
			continue
		}
		// Split the payload at each voice tag.
		from := 0
		for k := 0; k <= len(payload); k++ {
			var name string
			voiced := false
			if k < len(payload) {
				name, voiced = voiceOf(payload[k].text)
			}
			if k == len(payload) || (voiced && k > from) {
				p.addCue(speaker, timing, payload[from:k])
				from = k
			}
			if voiced {
				speaker = name
			}
		}
	}
	p.t.Turns = mergeTurns(p.t.Turns, nil)
	if len(p.t.Turns) == 0 {
		p.noTurns(body, lines)
	}
}

// voiceOf returns the name in a payload line that starts with <v Name>.
func voiceOf(s string) (string, bool) {
	if !strings.HasPrefix(s, "<v") || len(s) < 4 || (s[2] != ' ' && s[2] != '.' && s[2] != '\t') {
		return "", false
	}
	end := strings.IndexByte(s, '>')
	if end < 0 {
		return "", false
	}
	tag := s[2:end]
	if tag[0] == '.' { // classes: <v.loud Name>
		sp := strings.IndexAny(tag, " \t")
		if sp < 0 {
			return "", false
		}
		tag = tag[sp:]
	}
	name := strings.TrimSpace(htmlEntities.Replace(tag))
	return name, name != ""
}

// cue splits a WebVTT or SRT cue block into its start and end, the
// offset of its timing line, and its text lines:
//
//	cue  = [identifier EOL] time " --> " time [settings] EOL 1*text-line
//	time = timestamp                   ; 00:01:02.500, 1:02.5 or 62.500
//
// A block with no timing line is stray text, kept and reported; ok is
// false for it and for a cue without text.
func (p *parser) cue(block []line) (c cueTiming, payload []line, ok bool) {
	timing := 0
	if !strings.Contains(block[0].text, "-->") && len(block) > 1 && strings.Contains(block[1].text, "-->") {
		timing = 1 // a cue identifier (SRT's number) comes first
	}
	if !strings.Contains(block[timing].text, "-->") {
		p.strayText(block)
		return cueTiming{}, nil, false
	}
	payload = block[timing+1:]
	return p.cueTimes(block[timing]), payload, len(payload) > 0
}

// cueTiming is when a cue starts and ends, and where its timing line is.
type cueTiming struct {
	start, end time.Duration // NoTime and 0 when unreadable
	off        int
}

// cueTimes reads a timing line "start --> end [settings]". A start it
// cannot read is an error; an end it cannot read is left unknown (0).
func (p *parser) cueTimes(l line) cueTiming {
	s := l.text
	arrow := strings.Index(s, "-->")
	c := cueTiming{start: NoTime, off: l.off}
	ts := strings.TrimSpace(s[:arrow])
	if d, err := ParseTimestamp(ts); err != nil {
		p.problems.Errorf(p.pos(l.off+strings.Index(s, ts)), "write cue times as 00:01:02.500 --> 00:01:05.000", "%v", err)
	} else {
		c.start = d
	}
	rest := strings.TrimLeft(s[arrow+3:], " \t")
	if i := strings.IndexAny(rest, " \t"); i >= 0 {
		rest = rest[:i] // settings follow the end: "line:0 align:start"
	}
	if d, err := ParseTimestamp(rest); err == nil && c.start != NoTime && d >= c.start {
		c.end = d
	}
	return c
}

// addCue adds one cue's text as a turn; mergeTurns joins it later.
func (p *parser) addCue(speaker string, c cueTiming, payload []line) {
	texts := make([]string, len(payload))
	for k, l := range payload {
		texts[k] = l.text
	}
	text := cueText(texts)
	if text == "" {
		return
	}
	p.t.Turns = append(p.t.Turns, Turn{Speaker: speaker, Start: c.start, End: c.end, Text: text, Offset: c.off, TextOffset: payload[0].off})
}

// strayText keeps text that is in no cue in the turn before it.
func (p *parser) strayText(block []line) {
	texts := make([]string, len(block))
	for k, l := range block {
		texts[k] = l.text
	}
	text := cueText(texts)
	if text == "" {
		return
	}
	if n := len(p.t.Turns); n > 0 {
		p.t.Turns[n-1].Text += " " + text
		p.problems.Warnf(p.pos(block[0].off), "give it a timing line (00:00:01.000 --> 00:00:04.000), or delete it", "text outside any cue is kept in the cue before it")
		return
	}
	p.problems.Warnf(p.pos(block[0].off), "give it a timing line (00:00:01.000 --> 00:00:04.000), or delete it", "text before the first cue is left out: %q", firstWords(text, 8))
}
