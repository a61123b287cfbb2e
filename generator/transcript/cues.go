package transcript

import (
	"strings"
	"time"
)

// Cue formats (WebVTT, SRT, JSON) and speakerless lines come in short
// pieces: a phrase each, a few seconds long. mergeTurns makes turns a
// person can read out of them.

// speakerlessSpan is how long a turn with no speaker grows before it is
// closed at the next end of a sentence.
const speakerlessSpan = 30 * time.Second

// mergeTurns joins each turn into the one before when both have the same
// speaker, keeping the first start. Runs with no speaker are broken at
// the end of a sentence once a turn spans speakerlessSpan, so a YouTube
// transcript reads as paragraphs, each with a time to link to. Chapters'
// turn indices are kept pointing at the same speech, and a turn that opens
// a chapter is never joined to the one before.
func mergeTurns(turns []Turn, chapters []Chapter) []Turn {
	if len(turns) == 0 {
		return turns
	}
	turns, chapters = splitVoices(turns, chapters)
	opens := make(map[int]bool, len(chapters))
	for _, c := range chapters {
		opens[c.Turn] = true
	}
	index := make([]int, len(turns)+1) // old index -> new index
	out := turns[:1:1]
	// The texts of each output turn, joined once at the end: a speaker
	// may hold the floor for a thousand cues.
	parts := [][]string{{turns[0].Text}}
	for i := 1; i < len(turns); i++ {
		t, last := turns[i], &out[len(out)-1]
		join := t.Speaker == last.Speaker && !opens[i]
		if join && t.Speaker == "" && last.Start != NoTime && t.Start != NoTime && t.Start-last.Start >= speakerlessSpan && endsSentence(parts[len(parts)-1][len(parts[len(parts)-1])-1]) {
			join = false
		}
		switch {
		case !join:
			out = append(out, t)
			parts = append(parts, []string{t.Text})
		case t.Text != "":
			if last.Text == "" {
				last.Text, last.TextOffset = t.Text, t.TextOffset
			}
			parts[len(parts)-1] = append(parts[len(parts)-1], t.Text)
			fallthrough
		default:
			if last.Start == NoTime {
				last.Start = t.Start
			}
			// The joined turn ends where its last piece does, or at an
			// unknown time when that piece's end is unknown.
			last.End = t.End
		}
		index[i] = len(out) - 1
	}
	for k := range out {
		if len(parts[k]) > 1 {
			// Pieces joined into one paragraph lose their own line
			// breaks, which were only where a tool cut the lines.
			for j, p := range parts[k] {
				if strings.IndexByte(p, '\n') >= 0 {
					parts[k][j] = strings.Join(strings.Fields(p), " ")
				}
			}
		}
		out[k].Text = joinNonEmpty(parts[k])
	}
	index[len(turns)] = len(out)
	for k := range chapters {
		if c := &chapters[k]; c.Turn >= 0 && c.Turn <= len(turns) {
			c.Turn = index[c.Turn]
		}
	}
	return out
}

// splitVoices cuts a turn at each WebVTT voice tag inside its text, as
// tools that flatten cues to lines leave them ("00:08:42 <v Ann>I'm
// working on <v Ann>and my"): each voice opens a turn of that speaker (at
// the same start, the only time given), and no tag is left in the text.
// Chapters' turn indices are moved to follow. When no text holds "<v",
// the turns are returned as they are, with no allocation.
func splitVoices(turns []Turn, chapters []Chapter) ([]Turn, []Chapter) {
	first := -1
	for i := range turns {
		if voiceAt(turns[i].Text, 0) >= 0 {
			first = i
			break
		}
	}
	if first < 0 {
		return turns, chapters
	}
	index := make([]int, len(turns)+1) // old index -> new index
	out := make([]Turn, 0, len(turns)+4)
	for i, t := range turns {
		index[i] = len(out)
		k := voiceAt(t.Text, 0)
		if k < 0 {
			out = append(out, t)
			continue
		}
		n := len(out)
		rest, piece := t.Text, t
		for k >= 0 {
			if head := strings.TrimSpace(rest[:k]); head != "" {
				piece.Text = head
				out = append(out, piece)
			}
			piece = t
			piece.Speaker, _ = voiceOf(rest[k:])
			rest = rest[k+strings.IndexByte(rest[k:], '>')+1:]
			k = voiceAt(rest, 0)
		}
		if piece.Text = strings.TrimSpace(rest); piece.Text != "" || len(out) == n {
			out = append(out, piece)
		}
	}
	index[len(turns)] = len(out)
	for c := range chapters {
		if t := chapters[c].Turn; t >= 0 && t <= len(turns) {
			chapters[c].Turn = index[t]
		}
	}
	return out, chapters
}

// voiceAt is the index of the first voice tag ("<v Name>", "<v.class
// Name>") in s from index from, or -1.
func voiceAt(s string, from int) int {
	for {
		i := strings.Index(s[from:], "<v")
		if i < 0 {
			return -1
		}
		if _, ok := voiceOf(s[from+i:]); ok {
			return from + i
		}
		from += i + 2
	}
}

func joinNonEmpty(parts []string) string {
	n := 0
	for _, p := range parts {
		if p != "" {
			parts[n] = p
			n++
		}
	}
	return strings.Join(parts[:n], " ")
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, `"')]”’ `)
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "…")
}

// cueText makes markdown of a cue's payload lines: tags such as <i> and
// <c.yellow> are dropped (markup is not passed through), entities decoded,
// and the lines, which a caption tool wrapped to fit a screen, joined.
func cueText(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		l = strings.TrimSpace(stripTags(l))
		if l == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(l)
	}
	return htmlEntities.Replace(b.String())
}

var htmlEntities = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&nbsp;", " ", "&lrm;", "", "&rlm;", "", "&quot;", `"`, "&#39;", "'")

// stripTags removes <...> tags and SRT's {\an8} placement codes.
func stripTags(s string) string {
	if !strings.ContainsAny(s, "<{") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '<' && i+1 < len(s) && (isTagStart(s[i+1])):
			if j := strings.IndexByte(s[i:], '>'); j > 0 {
				i += j
				continue
			}
		case c == '{' && i+1 < len(s) && s[i+1] == '\\':
			if j := strings.IndexByte(s[i:], '}'); j > 0 {
				i += j
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isTagStart(c byte) bool {
	return c == '/' || isDigit(c) || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}
