package site

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// Slug makes a URL path segment from a name: lower case letters and digits
// joined by hyphens, accents removed ("José Núñez" becomes "jose-nunez").
// Letters of other scripts are kept as they are.
func Slug(name string) string {
	var b strings.Builder
	hyphen := false
	decomposed := name // ASCII has no accents to take apart
	for i := 0; i < len(name); i++ {
		if name[i] >= utf8.RuneSelf {
			decomposed = norm.NFD.String(name)
			break
		}
	}
	for _, r := range decomposed {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // a combining accent
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(unicode.ToLower(r))
		default:
			hyphen = true
		}
	}
	return b.String()
}

// Anchors returns the id of every turn: derived from its time, so editing
// text never moves it ("t-12-34", "t-1-02-03"); a repeated time gets a
// letter ("t-12-34-b"); a turn without a time gets "turn-N", counting only
// untimed turns.
func Anchors(turns []transcript.Turn) []string {
	ids := make([]string, len(turns))
	seen := make(map[string]int, len(turns))
	untimed := 0
	for i, t := range turns {
		if t.Start == transcript.NoTime {
			untimed++
			ids[i] = "turn-" + strconv.Itoa(untimed)
			continue
		}
		id := TimeAnchor(t.Start)
		n := seen[id]
		seen[id] = n + 1
		if n > 0 {
			id += "-" + letters(n)
		}
		ids[i] = id
	}
	return ids
}

// TimeAnchor is the anchor of a turn starting at d, before any suffix.
func TimeAnchor(d time.Duration) string {
	return "t-" + strings.ReplaceAll(transcript.FormatTimestamp(d), ":", "-")
}

// letters numbers duplicates b, c, ..., z, ba, bb, ...: never "a", so the
// first duplicate reads as the second.
func letters(n int) string {
	s := ""
	for {
		s = string(rune('a'+n%26)) + s
		n /= 26
		if n == 0 {
			return s
		}
	}
}
