package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
)

// checkExports checks every transcript.json and chapters.json in the site
// against the Podcasting 2.0 formats, field by field: no field the format
// does not define, the required ones present, times that are numbers, and
// endTime >= startTime. (The captions are checked by third-party parsers
// in captions.mjs.)
func checkExports(site string) ([]string, error) {
	var problems []string
	n := 0
	err := filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch d.Name() {
		case "transcript.json":
			n++
			problems = append(problems, checkTranscriptJSON(p)...)
		case "chapters.json":
			problems = append(problems, checkChaptersJSON(p)...)
		}
		return nil
	})
	if err == nil && n == 0 {
		problems = append(problems, site+": no transcript.json")
	}
	sort.Strings(problems)
	return problems, err
}

// strictly decodes data into v, refusing fields v does not have.
func strictly(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func checkTranscriptJSON(file string) []string {
	data, err := os.ReadFile(file)
	if err != nil {
		return []string{err.Error()}
	}
	var doc struct {
		Version  *string `json:"version"`
		Segments []struct {
			Speaker   *string  `json:"speaker"`
			StartTime *float64 `json:"startTime"`
			EndTime   *float64 `json:"endTime"`
			Body      *string  `json:"body"`
		} `json:"segments"`
	}
	if err := strictly(data, &doc); err != nil {
		return []string{file + ": " + err.Error()}
	}
	var problems []string
	if doc.Version == nil || *doc.Version == "" {
		problems = append(problems, file+": no version")
	}
	if doc.Segments == nil {
		problems = append(problems, file+": no segments")
	}
	for i, s := range doc.Segments {
		where := fmt.Sprintf("%s: segment %d", file, i+1)
		switch {
		case s.Body == nil:
			problems = append(problems, where+": no body")
		case s.EndTime != nil && s.StartTime == nil:
			problems = append(problems, where+": endTime without startTime")
		case s.StartTime != nil && (*s.StartTime < 0 || math.IsNaN(*s.StartTime)):
			problems = append(problems, fmt.Sprintf("%s: startTime %v", where, *s.StartTime))
		case s.EndTime != nil && *s.EndTime < *s.StartTime:
			problems = append(problems, fmt.Sprintf("%s: endTime %v before startTime %v", where, *s.EndTime, *s.StartTime))
		}
	}
	return problems
}

func checkChaptersJSON(file string) []string {
	data, err := os.ReadFile(file)
	if err != nil {
		return []string{err.Error()}
	}
	var doc struct {
		Version  string `json:"version"`
		Chapters []struct {
			StartTime *float64        `json:"startTime"`
			EndTime   *float64        `json:"endTime"`
			Title     string          `json:"title"`
			Img       string          `json:"img"`
			URL       string          `json:"url"`
			TOC       *bool           `json:"toc"`
			Location  json.RawMessage `json:"location"`
		} `json:"chapters"`
	}
	if err := strictly(data, &doc); err != nil {
		return []string{file + ": " + err.Error()}
	}
	var problems []string
	if doc.Version != "1.2.0" {
		problems = append(problems, file+": version "+doc.Version+", want 1.2.0")
	}
	last := -1.0
	for i, c := range doc.Chapters {
		where := fmt.Sprintf("%s: chapter %d", file, i+1)
		switch {
		case c.StartTime == nil:
			problems = append(problems, where+": no startTime")
		case *c.StartTime < last:
			problems = append(problems, where+": out of order")
		case c.EndTime != nil && *c.EndTime < *c.StartTime:
			problems = append(problems, where+": endTime before startTime")
		default:
			last = *c.StartTime
		}
	}
	return problems
}
