package render

import (
	"bytes"
	"encoding/json"

	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// podcastJSON writes the turns in the Podcasting 2.0 JSON transcript
// format: one segment per turn, endTime where the next turn's start (or
// the episode's end) tells it.
func podcastJSON(turns []*Turn) []byte {
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
			if i+1 < len(turns) && turns[i+1].start >= t.start {
				e := turns[i+1].start.Seconds()
				s.EndTime = &e
			}
		}
		doc.Segments = append(doc.Segments, s)
	}
	var b bytes.Buffer
	json.NewEncoder(&b).Encode(doc)
	return b.Bytes()
}
