package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// turn is one generated turn: who speaks and the lines of what they say.
// A code line is a single token marked decorated, so nothing decorates it.
type turn struct {
	speaker string
	lines   [][]token
	size    int // bytes of text, for timing
}

// headerBytes is about what a turn's header and the blank line before it
// take, so the text budget leaves room for them.
const headerBytes = 30

// decorationBytes is about what code blocks, links and emphasis add.
const decorationBytes = 1500

// shape is the size of an episode, each figure drawn between its two bounds.
type shape struct {
	turns, bytes, minutes [2]int
}

// archive is the shape of every episode Episode makes.
var archive = shape{
	turns:   [2]int{minTurns, maxTurns},
	bytes:   [2]int{minBytes, maxBytes},
	minutes: [2]int{minMinutes, maxMinutes},
}

// between draws an int from lo to hi, both included.
func between(r *rand.Rand, b [2]int) int { return b[0] + r.IntN(b[1]-b[0]+1) }

// body draws the turns of an episode of the shape: their number, who speaks,
// how much each says, then the code blocks, links and emphasis spread over them.
func body(r *rand.Rand, v *vocab, speakers []string, sh shape) []turn {
	n := between(r, sh.turns)
	budget := between(r, sh.bytes) - n*headerBytes
	turns := make([]turn, n)
	long := 0
	who := 0 // the host opens
	for k := range turns {
		// Speakers take turns; with three, who speaks next varies.
		if k > 0 {
			who = (who + 1 + r.IntN(max(len(speakers)-1, 1))) % len(speakers)
		}
		turns[k].speaker = speakers[who]
		if k > 0 && r.IntN(shortTurnChance) == 0 {
			reply := shortReplies[r.IntN(len(shortReplies))]
			turns[k].lines = [][]token{{{text: reply}}}
			budget -= len(reply)
			continue
		}
		long++
	}
	// Each long turn gets a share of what is left, so overshoot in one
	// turn is taken from the next and the episode lands near its budget.
	budget -= decorationBytes
	for k := range turns {
		if turns[k].lines != nil {
			continue
		}
		per := budget / max(long, 1)
		long--
		// Some answers run long, some are a sentence.
		want := per * (3 + r.IntN(15)) / 10
		paras := 1 + r.IntN(3)
		for range paras {
			var line []token
			size := 0 // of the line written out, with its newline
			for len(line) == 0 || size < want/paras {
				from := len(line)
				line = sentence(r, v, line)
				for _, t := range line[from:] {
					size += len(t.text) + 1
				}
			}
			turns[k].lines = append(turns[k].lines, line)
			budget -= size
		}
	}
	addCode(r, v, turns)
	decorate(r, v, turns)
	for k := range turns {
		for _, l := range turns[k].lines {
			turns[k].size += len(words(l)) + 1
		}
	}
	return turns
}

// addCode puts 0 to 3 code blocks, 1.5 on average, each after the first
// line of a turn that has text to introduce it.
func addCode(r *rand.Rand, v *vocab, turns []turn) {
	count := [...]int{0, 1, 1, 2, 2, 3}[r.IntN(6)]
	for c := 0; c < count; {
		t := &turns[1+r.IntN(len(turns)-1)]
		if len(t.lines[0]) < 4 || t.lines[0][0].decorated {
			continue
		}
		var code [][]token
		for _, l := range codeBlock(r, v) {
			code = append(code, []token{{text: l, decorated: true}})
		}
		lines := append([][]token{t.lines[0]}, code...)
		t.lines = append(lines, t.lines[1:]...)
		c++
	}
}

// decorate turns about 14 runs of words into links and about 34 into
// emphasis, never overlapping and never across a comma or full stop.
func decorate(r *rand.Rand, v *vocab, turns []turn) {
	type at struct{ turn, line int }
	var lines []at
	var total []int // cumulative word counts over lines
	sum := 0
	for k := range turns {
		for l, line := range turns[k].lines {
			if len(line) > 1 && !line[0].decorated {
				lines = append(lines, at{k, l})
				sum += len(line)
				total = append(total, sum)
			}
		}
	}
	if sum == 0 {
		return
	}
	links := linksMin + r.IntN(linksMax-linksMin+1)
	emph := emphMin + r.IntN(emphMax-emphMin+1)
	for tries := 0; (links > 0 || emph > 0) && tries < 10_000; tries++ {
		g := r.IntN(sum)
		li := 0
		for total[li] <= g {
			li++
		}
		line := turns[lines[li].turn].lines[lines[li].line]
		start := g - (total[li] - len(line))
		span := 1 + r.IntN(3)
		end := start
		for end < len(line) && end-start < span && !line[end].decorated {
			if _, p := trailingPunct(line[end].text); p != "" {
				end++
				break
			}
			end++
		}
		if end == start {
			continue
		}
		first, last := &line[start], &line[end-1]
		core, punct := trailingPunct(last.text)
		if core == "" {
			continue
		}
		switch {
		case links > 0 && (emph == 0 || r.IntN(3) == 0):
			first.text = "[" + first.text
			if first == last {
				core = first.text[:len(first.text)-len(punct)]
			}
			last.text = core + "](" + linkURL(r, v, line[start:end]) + ")" + punct
			links--
		case emph > 0:
			mark := "*"
			if r.IntN(4) == 0 {
				mark = "**"
			}
			first.text = mark + first.text
			if first == last {
				core = first.text[:len(first.text)-len(punct)]
			}
			last.text = core + mark + punct
			emph--
		}
		for i := start; i < end; i++ {
			line[i].decorated = true
		}
	}
}

// linkURL makes a plausible address for the linked words.
func linkURL(r *rand.Rand, v *vocab, span []token) string {
	var parts []string
	for _, t := range span {
		core, _ := trailingPunct(strings.TrimLeft(t.text, "[*"))
		parts = append(parts, strings.ToLower(core))
	}
	slug := strings.Join(parts, "-")
	if strings.ContainsAny(slug, "'*[]()") {
		slug = v.word(r) + "-" + fmt.Sprint(r.IntN(100))
		slug = strings.ReplaceAll(slug, "'", "")
	}
	return linkBases[r.IntN(len(linkBases))] + slug
}

// timestamps gives each turn a start time, in step with how much was said
// before it, over an episode as long as the shape's minutes (the upper bound
// left out). Times rise strictly.
func timestamps(r *rand.Rand, turns []turn, sh shape) []time.Duration {
	length := time.Duration(sh.minutes[0]*60+r.IntN((sh.minutes[1]-sh.minutes[0])*60)) * time.Second
	total := 0
	for _, t := range turns {
		total += t.size
	}
	out := make([]time.Duration, len(turns))
	said := 0
	for k, t := range turns {
		at := time.Duration(int64(length) * int64(said) / int64(max(total, 1))).Truncate(time.Second)
		if k > 0 && at <= out[k-1] {
			at = out[k-1] + time.Second
		}
		out[k] = at
		said += t.size
	}
	return out
}

// clock writes a time as m:ss, or h:mm:ss past the hour.
func clock(d time.Duration) string {
	s := int(d / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
