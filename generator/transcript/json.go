package transcript

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strings"
	"time"
)

// jsonSegment is one segment of a JSON transcript, in the Podcasting 2.0
// spelling (startTime, endTime, body) or the one Whisper and others write
// (start, end, text).
type jsonSegment struct {
	Speaker   string   `json:"speaker"`
	StartTime *float64 `json:"startTime"`
	Start     *float64 `json:"start"`
	Body      *string  `json:"body"`
	Text      *string  `json:"text"`
}

// parseJSON reads a JSON transcript:
//
//	file    = "{" ... "segments" ":" "[" *segment "]" ... "}" / "[" *segment "]"
//	segment = "{" ["speaker":string] ("startTime"/"start"):seconds ("body"/"text"):string ... "}"
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

// jsonSegments reads segments up to the closing "]".
func (p *parser) jsonSegments(dec *json.Decoder, body int) error {
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
		text := seg.Body
		if text == nil {
			text = seg.Text
		}
		start := seg.StartTime
		if start == nil {
			start = seg.Start
		}
		t := Turn{Speaker: strings.TrimSpace(seg.Speaker), Start: NoTime, Offset: off, TextOffset: off}
		if start == nil {
			p.problems.Errorf(p.pos(off), `give each segment its start in seconds: "startTime": 12.5`, "segment has no startTime")
		} else {
			if *start < 0 || *start > 1e6 || math.IsNaN(*start) {
				p.problems.Errorf(p.pos(off), "write startTime as seconds from the start, such as 12.5", "startTime %v is out of range", *start)
			} else {
				t.Start = time.Duration(math.Round(*start*1000)) * time.Millisecond
			}
		}
		if text != nil {
			t.Text = strings.Join(strings.Fields(*text), " ")
		}
		if t.Text == "" {
			continue // a pause, or a segment of timing only
		}
		p.t.Turns = append(p.t.Turns, t)
	}
	if _, err := dec.Token(); err != nil { // the closing "]"
		return err
	}
	return nil
}
