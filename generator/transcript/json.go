package transcript

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// jsonSegment is one segment of a JSON transcript, in the Podcasting 2.0
// spelling (startTime, endTime, body) or the one Whisper and others write
// (start, end, text).
type jsonSegment struct {
	Speaker   string     `json:"speaker"`
	StartTime jsonNumber `json:"startTime"`
	Start     jsonNumber `json:"start"`
	EndTime   jsonNumber `json:"endTime"`
	End       jsonNumber `json:"end"`
	Body      *string    `json:"body"`
	Text      *string    `json:"text"`
}

// jsonNumber is a number that may be absent. It is not a *float64, which
// the decoder would allocate for each of a word-level transcript's
// thousands of segments.
type jsonNumber struct {
	v   float64
	set bool
}

// UnmarshalJSON reads a number, a number in quotes as some tools write
// it ("12.5"), or null as no number.
func (n *jsonNumber) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		b = b[1 : len(b)-1]
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("%s is not a number of seconds", b)
	}
	n.v, n.set = v, true
	return nil
}

// or returns n when it is set, else m.
func (n jsonNumber) or(m jsonNumber) jsonNumber {
	if n.set {
		return n
	}
	return m
}

// parseJSON reads a JSON transcript:
//
//	file    = "{" ... "segments" ":" "[" *segment "]" ... "}" / "[" *segment "]"
//	segment = "{" ["speaker":string] ("startTime"/"start"):time [("endTime"/"end"):time]
//	          ("body"/"text"):string ... "}"
//	time    = seconds / milliseconds   ; milliseconds told apart by inMilliseconds
//
// Other keys are ignored. Consecutive segments of one speaker make one
// turn; each turn's Offset is where its first segment starts.
func (p *parser) parseJSON(body int) {
	src := p.src[body:]
	dec := json.NewDecoder(bytes.NewReader(src))
	fail := func(err error) {
		off := body + int(dec.InputOffset())
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			off = body + int(syn.Offset)
		case errors.As(err, &typ):
			off = body + int(typ.Offset)
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			err = errors.New("the file ends in the middle of the JSON")
		}
		p.problems.Errorf(p.pos(off), `a JSON transcript is {"segments": [{"speaker": "Jane", "startTime": 0.5, "body": "Hello"}]}`, "JSON transcript: %v", err)
	}
	tok, err := dec.Token()
	if err != nil {
		fail(err)
		return
	}
	switch tok {
	case json.Delim('['):
		if err := p.jsonSegments(dec, body); err != nil {
			fail(err)
		}
	case json.Delim('{'):
		found := false
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				fail(err)
				return
			}
			if key == "segments" {
				if t, err := dec.Token(); err != nil || t != json.Delim('[') {
					fail(cmpErr(err, "segments must be a list"))
					return
				}
				found = true
				if err := p.jsonSegments(dec, body); err != nil {
					fail(err)
					return
				}
				continue
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				fail(err)
				return
			}
		}
		if _, err := dec.Token(); err != nil { // the closing "}"
			fail(err)
			return
		}
		if !found {
			p.problems.Errorf(p.pos(body), `put the transcript's segments in a list under "segments"`, "JSON transcript has no segments")
			return
		}
	default:
		fail(errors.New("a JSON transcript is an object or a list"))
		return
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		p.problems.Errorf(p.pos(body+int(dec.InputOffset())), "delete what follows the closing bracket", "text after the end of the JSON")
	}
	p.t.Turns = mergeTurns(p.t.Turns, nil)
	if len(p.t.Turns) == 0 {
		p.noTurns(body, p.linesFrom(body))
	}
}

func cmpErr(err error, msg string) error {
	if err != nil {
		return err
	}
	return errors.New(msg)
}

// jsonSegments reads segments up to the closing "]" into turns, one a
// segment; mergeTurns joins them. A segment that is only punctuation, as
// word-level transcripts write "," and "." after a word, is joined to the
// word before it with no space: "Friday, the 2nd." and not "Friday , the 2nd .".
//
// Times are seconds, unless they read as milliseconds (see inMilliseconds).
func (p *parser) jsonSegments(dec *json.Decoder, body int) error {
	type read struct {
		speaker    string
		start, end jsonNumber
		text       string
		off        int
	}
	var segs []read
	for dec.More() {
		off := body + int(dec.InputOffset())
		// InputOffset is just after the previous token: skip to the "{".
		for off < len(p.src) && strings.IndexByte(" \t\r\n,", p.src[off]) >= 0 {
			off++
		}
		var seg jsonSegment
		if err := dec.Decode(&seg); err != nil {
			return err
		}
		r := read{speaker: strings.TrimSpace(seg.Speaker), start: seg.StartTime.or(seg.Start), end: seg.EndTime.or(seg.End), off: off}
		text := seg.Body
		if text == nil {
			text = seg.Text
		}
		if text != nil {
			r.text = strings.Join(strings.Fields(stripTags(*text)), " ")
		}
		segs = append(segs, r)
	}
	if _, err := dec.Token(); err != nil { // the closing "]"
		return err
	}
	unit := 1.0
	if inMilliseconds(len(segs), func(i int) (start, end jsonNumber) { return segs[i].start, segs[i].end }) {
		unit = 0.001
	}
	for _, r := range segs {
		if r.text == "" {
			continue // a pause, or a segment of timing only
		}
		t := Turn{Speaker: r.speaker, Start: p.jsonTime(r.start, unit, r.off), Offset: r.off, TextOffset: r.off, Text: r.text}
		if strings.IndexByte(t.Text, '&') >= 0 {
			t.Text = htmlEntities.Replace(t.Text)
		}
		if r.end.set && t.Start != NoTime {
			if end := time.Duration(math.Round(r.end.v*unit*1000)) * time.Millisecond; end >= t.Start && r.end.v*unit <= maxSeconds {
				t.End = end
			}
		}
		if n := len(p.t.Turns); n > 0 && punctuationOnly(t.Text) {
			last := &p.t.Turns[n-1]
			last.Text += t.Text
			if t.End > last.End {
				last.End = t.End
			}
			continue
		}
		p.t.Turns = append(p.t.Turns, t)
	}
	return nil
}

// maxSeconds is the latest time a JSON transcript may give, in seconds:
// past 277 hours, a number is not a time in an episode.
const maxSeconds = 1e6

// jsonTime reads a segment's start, reporting one that is missing or out
// of range.
func (p *parser) jsonTime(n jsonNumber, unit float64, off int) time.Duration {
	if !n.set {
		p.problems.Errorf(p.pos(off), `give each segment its start in seconds: "startTime": 12.5`, "segment has no startTime")
		return NoTime
	}
	if v := n.v; v < 0 || v*unit > maxSeconds || math.IsNaN(v) {
		p.problems.Errorf(p.pos(off), "write startTime as seconds from the start, such as 12.5", "startTime %v is out of range", v)
		return NoTime
	}
	return time.Duration(math.Round(n.v*unit*1000)) * time.Millisecond
}

// inMilliseconds reports whether the n segments' times (start and end of
// each, nil when absent) are milliseconds rather than seconds, as some
// subtitle converters write them: every time is a whole number, and either
// one is past ten hours as seconds (36,000), or one segment lasts more than
// ten minutes as seconds (600). A segment is a phrase; in seconds, neither
// happens in a real episode, while in milliseconds both come within the
// first minute.
func inMilliseconds(n int, times func(i int) (start, end jsonNumber)) bool {
	long := false
	for i := range n {
		start, end := times(i)
		for _, t := range [2]jsonNumber{start, end} {
			if !t.set {
				continue
			}
			if t.v != math.Trunc(t.v) || t.v < 0 {
				return false
			}
			if t.v > 36000 {
				long = true
			}
		}
		if start.set && end.set && end.v-start.v > 600 {
			long = true
		}
	}
	return long
}

// punctuationOnly reports whether s is punctuation that follows a word
// ("," "." "?!" "…"), which a word-level transcript writes as a segment.
func punctuationOnly(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune(".,;:!?…)]}”’\"'%", r) {
			return false
		}
	}
	return true
}
