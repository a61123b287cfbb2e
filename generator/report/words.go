package report

import (
	"bytes"
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"unicode"

	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// eachWord calls f with each word of s, lower-cased: runs of letters and
// digits that hold at least one letter. Punctuation, markup and times are
// not words, so "\[laughs\]", "[laughs]" and "laughs" are one word, and
// "shared_buffers" two whether or not its underscore survives.
func eachWord(s string, f func(string)) {
	start, letter, upper := -1, false, false
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start, letter, upper = i, false, false
			}
			letter = letter || unicode.IsLetter(r)
			upper = upper || r >= 0x80 || 'A' <= r && r <= 'Z'
			continue
		}
		if start >= 0 {
			word(s[start:i], letter, upper, f)
		}
		start = -1
	}
	if start >= 0 {
		word(s[start:], letter, upper, f)
	}
}

func word(w string, letter, upper bool, f func(string)) {
	switch {
	case !letter:
	case upper:
		f(strings.ToLower(w))
	default:
		f(w)
	}
}

// sourceText is the text of a transcript's source whose words should
// reach the site: for line formats, the body without front matter and
// link targets; for cue formats, the cues' text without timings, numbers
// and headers; for JSON, the strings of its segments.
func sourceText(format string, src []byte) string {
	switch format {
	case transcript.FormatVTT, transcript.FormatSRT:
		return cueText(src)
	case transcript.FormatJSON:
		return jsonText(src)
	}
	// Markdown reads "&quot;" as '"': so does the measure, and the body
	// is unescaped first, as a link's target may hold an entity too.
	body := html.UnescapeString(bodyOf(string(src)))
	body = voiceTag.ReplaceAllString(body, " ")     // "00:00:03 <v Name>text" lines
	return linkTarget.ReplaceAllString(body, "]()") // still a link, not a note
}

// linkTarget is a markdown link's or image's destination, which a page
// keeps as an address, not as words.
var linkTarget = regexp.MustCompile(`\]\([^)\s]*(?:\s+"[^"]*")?\)`)

// bodyOf returns s without its front matter: a first block fenced by
// "---" (YAML) or "+++" (TOML) lines.
func bodyOf(s string) string {
	s = strings.TrimPrefix(s, "\uFEFF")
	for _, fence := range []string{"---", "+++"} {
		first, rest, ok := strings.Cut(s, "\n")
		if !ok || strings.TrimSpace(first) != fence {
			continue
		}
		for off := 0; off < len(rest); {
			line, _, _ := strings.Cut(rest[off:], "\n")
			if strings.TrimSpace(line) == fence {
				return rest[min(len(rest), off+len(line)+1):]
			}
			off += len(line) + 1
		}
	}
	return s
}

// cueText returns the text of a WebVTT or SRT file's cues: no header,
// notes, styles, cue numbers or timing lines, and no tags, though a
// voice tag's name stays (speakers' names are not counted anyway).
func cueText(src []byte) string {
	var b strings.Builder
	skip := false // inside a NOTE, STYLE or REGION block
	lines := strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")
	for i, line := range lines {
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			skip = false
			continue
		case skip:
			continue
		case i == 0 && strings.HasPrefix(strings.TrimPrefix(t, "\uFEFF"), "WEBVTT"):
			continue
		case strings.HasPrefix(t, "NOTE") || t == "STYLE" || t == "REGION":
			skip = true
			continue
		case strings.Contains(t, "-->"):
			continue
		case i+1 < len(lines) && strings.Contains(lines[i+1], "-->"):
			continue // a cue's number or identifier
		}
		b.WriteString(html.UnescapeString(tag.ReplaceAllString(t, " ")))
		b.WriteByte('\n')
	}
	return b.String()
}

// voiceTag is a WebVTT voice tag, which some line formats carry too.
var voiceTag = regexp.MustCompile(`</?v(?:[ .][^>\n]*)?>`)

// tag is a cue's markup: <v Name>, <i>, <00:01.000>.
var tag = regexp.MustCompile(`<[^>]*>`)

// jsonText returns the strings inside a JSON file's arrays (its segments),
// leaving out keys, numbers and strings outside arrays, such as a
// Whisper file's "text" that repeats every segment's.
func jsonText(src []byte) string {
	var v any
	d := json.NewDecoder(bytes.NewReader(src))
	d.UseNumber()
	if d.Decode(&v) != nil {
		return ""
	}
	var b strings.Builder
	var walk func(v any, inArray bool, key string)
	walk = func(v any, inArray bool, key string) {
		switch v := v.(type) {
		case string:
			if inArray && key != "id" && key != "language" && key != "version" {
				b.WriteString(v)
				b.WriteByte('\n')
			}
		case []any:
			for _, e := range v {
				walk(e, true, key)
			}
		case map[string]any:
			for k, e := range v {
				walk(e, inArray, k)
			}
		}
	}
	walk(v, false, "")
	return b.String()
}
