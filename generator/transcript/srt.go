package transcript

import (
	"strings"
)

// parseSRT reads SubRip subtitles:
//
//	file  = *(cue blank-line)
//	cue   = [index EOL] time "-->" time EOL 1*(text EOL)
//	text  = [[">>" / "-"] name ":"] words     ; a name where the speaker changes
//
// A cue whose text starts with a name and a colon ("Jane Doe: hello")
// changes the speaker; others go on with the speaker before. Consecutive
// cues of one speaker make one turn. Text outside any cue is kept in the
// turn before it, with a warning.
func (p *parser) parseSRT(body int) {
	lines := p.linesFrom(body)
	speaker := ""
	for i := 0; i < len(lines); {
		j := i
		for j < len(lines) && strings.TrimSpace(lines[j].text) != "" {
			j++
		}
		block := lines[i:j]
		i = j + 1
		if len(block) == 0 {
			continue
		}
		timing, payload, ok := p.cue(block)
		if !ok {
			continue
		}
		// A speaker label may open any line of the cue ("- Jane: ...").
		from := 0
		for k := 0; k <= len(payload); k++ {
			name, at, named := "", 0, false
			if k < len(payload) {
				name, at, named = srtSpeaker(payload[k].text)
			}
			if k == len(payload) || (named && k > from) {
				p.addCue(speaker, timing, payload[from:k])
				from = k
			}
			if named {
				speaker = name
				payload[k] = line{payload[k].text[at:], payload[k].off + at}
			}
		}
	}
	p.t.Turns = mergeTurns(p.t.Turns, nil)
	if len(p.t.Turns) == 0 {
		p.noTurns(body, lines)
	}
}

// srtSpeaker finds a speaker label "Name:" (after an optional ">>" or
// "-") at the start of a subtitle line, returning the name and where the
// words after it start.
func srtSpeaker(s string) (name string, at int, ok bool) {
	t := stripTags(s)
	if len(t) != len(s) {
		return "", 0, false // keep it simple: labels inside tags are text
	}
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '-' || s[i] == '>') {
		i++
	}
	c := strings.IndexByte(s[i:], ':')
	if c <= 0 || c > 64 {
		return "", 0, false
	}
	name = strings.TrimSpace(s[i : i+c])
	if !isName(name) || (i+c+1 < len(s) && s[i+c+1] != ' ') {
		return "", 0, false
	}
	at = i + c + 1
	for at < len(s) && s[at] == ' ' {
		at++
	}
	return name, at, true
}
