// Package lint finds what is probably wrong in a transcript that parsed:
// speakers nobody declared, times that go backwards, empty turns, long
// gaps, debris after the last turn. It stays quiet about normal speech:
// turns in the same second, an interruption marked a little early, a
// long answer. Everything it reports is a warning
// with a position and a hint; "verbatim check -strict" makes them errors.
//
// Parsing reports what could not be read; lint reports what was read but
// looks like a mistake, so the two lists never say the same thing twice.
package lint

import (
	"fmt"
	"strings"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/diag"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// LongGap is the silence between two timed turns past which a time is
// more likely mistyped (1:05:00 for 0:05:00) than true.
const LongGap = 10 * time.Minute

// Transcript checks t, read from src, and returns its warnings sorted by
// position.
func Transcript(t *transcript.Transcript, src []byte) diag.List {
	c := checker{t: t, lines: diag.NewLines(t.File, src)}
	c.speakers()
	c.times()
	c.emptyTurns()
	c.trailer()
	c.problems.Sort()
	return c.problems
}

type checker struct {
	t        *transcript.Transcript
	lines    *diag.Lines
	problems diag.List
}

func (c *checker) pos(off int) diag.Pos { return c.lines.Pos(off) }

// speakers warns about turns whose speaker is not declared, once per name
// at its first turn, with a did-you-mean for near misses ("Dwarkesh" for
// "Dwarkesh Patel"); and about declared speakers who never speak. A
// transcript that declares nobody is not checked.
func (c *checker) speakers() {
	if len(c.t.Speakers) == 0 {
		return
	}
	declared := make([]string, len(c.t.Speakers))
	known := make(map[string]bool, len(declared))
	for i, s := range c.t.Speakers {
		declared[i] = s.Name
		known[s.Name] = true
	}
	first := map[string]int{}
	count := map[string]int{}
	var unknown []string
	spoke := map[string]bool{}
	for i, turn := range c.t.Turns {
		spoke[turn.Speaker] = true
		if turn.Speaker == "" || known[turn.Speaker] {
			continue
		}
		if _, seen := first[turn.Speaker]; !seen {
			first[turn.Speaker] = i
			unknown = append(unknown, turn.Speaker)
		}
		count[turn.Speaker]++
	}
	list := strings.Join(declared, ", ")
	for _, name := range unknown {
		turn := c.t.Turns[first[name]]
		hint := fmt.Sprintf("the declared speakers are %s; add %q to them or fix the name", list, name)
		if near := diag.Nearest(name, declared); near != "" {
			hint = fmt.Sprintf("did you mean %s?", near)
		}
		msg := fmt.Sprintf("speaker %q is not declared", name)
		if n := count[name]; n > 1 {
			msg += fmt.Sprintf(" (%d turns)", n)
		}
		c.problems.Warnf(c.pos(turn.Offset), hint, "%s", msg)
	}
	for _, s := range c.t.Speakers {
		if !spoke[s.Name] {
			hint := "remove the speaker, or check the spelling in the turn headers"
			if near := diag.Nearest(s.Name, unknown); near != "" {
				hint = fmt.Sprintf("the turns say %s: use one spelling", near)
			}
			c.problems.Warnf(c.pos(s.Offset), hint, "declared speaker %q has no turns", s.Name)
		}
	}
}

// Overlap is how far a turn may start before the turn before it without
// a warning: people talk over each other, and a transcriber marks the
// interruption a second or two early.
const Overlap = 5 * time.Second

// SameTime is how many timed turns in a row may share one time before it
// looks like a time copied down rather than a quick exchange ("Yes." "No."
// "Right." in one second is normal speech); and then only when the turns
// between the first and the last of them hold more than SameTimeWords
// words, ten seconds of speech: the first may have started long before
// the others, and the last may go on long after.
const (
	SameTime      = 4
	SameTimeWords = 30
)

// Pace is a slow speaking rate, in words a minute: a gap longer than
// LongGap is only suspect when the turn before it holds fewer words than
// this pace would fill it with (a 12-minute answer of 2,000 words is
// true; of 40 words, a digit is off).
const Pace = 50

// times warns where a turn starts well before the timed turn before it
// (more than Overlap), where more than SameTime turns in a row share a
// time and hold too many words for it (except in cue formats, where
// voices of one cue share its time), and after a gap longer than LongGap
// that the turn before it is too short to fill.
func (c *checker) times() {
	cues := c.t.Format == transcript.FormatVTT || c.t.Format == transcript.FormatSRT || c.t.Format == transcript.FormatJSON
	prev, run, words, warned := -1, 0, 0, false
	for i, turn := range c.t.Turns {
		if turn.Start == transcript.NoTime {
			continue
		}
		if prev >= 0 {
			p := c.t.Turns[prev]
			c.timeStep(prev, i)
			if turn.Start != p.Start || cues {
				run, words, warned = 0, 0, false
				prev = i
				continue
			}
			if run > 0 { // p is between the first turn of the run and this one
				words += wordCount(p.Text)
			}
			run++
			if run >= SameTime && words > SameTimeWords && !warned {
				warned = true
				c.problems.Warnf(c.pos(turn.Offset), "give each turn its own time, or remove the times that were copied",
					"%d turns in a row start at %s", run+1, transcript.FormatTimestamp(turn.Start))
			}
		}
		prev = i
	}
}

// timeStep warns when the time of turn i does not follow well on that of
// turn prev, the timed turn before it. Positions, times and the words
// said between (prev's and those of untimed turns) are counted only for a
// likely warning: most steps are fine, and this runs on every turn of
// every build.
func (c *checker) timeStep(prev, i int) {
	p, turn := c.t.Turns[prev], c.t.Turns[i]
	backwards := turn.Start < p.Start-Overlap
	from := p.Start
	if p.End > p.Start {
		from = p.End
	}
	said := 0
	long := turn.Start-from > LongGap
	if long {
		for _, t := range c.t.Turns[prev:i] {
			said += wordCount(t.Text)
		}
		long = said < int((turn.Start-p.Start).Minutes()*Pace)
	}
	if !backwards && !long {
		return
	}
	at, line := c.pos(turn.Offset), c.pos(p.Offset).Line
	was, now := transcript.FormatTimestamp(p.Start), transcript.FormatTimestamp(turn.Start)
	if backwards {
		c.problems.Warnf(at, fmt.Sprintf("the turn before (line %d) starts at %s; fix whichever time is wrong", line, was),
			"time goes backwards: %s after %s", now, was)
		return
	}
	c.problems.Warnf(at, fmt.Sprintf("check both times; a digit may be off (the timed turn before, line %d, starts at %s, and %s said since)", line, was, wordsSaid(said)),
		"%s without a turn before %s", gap(turn.Start-from), now)
}

func wordsSaid(n int) string {
	if n == 1 {
		return "1 word"
	}
	return fmt.Sprintf("%d words", n)
}

// wordCount counts the words of a turn's text, roughly: its fields.
func wordCount(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		space := s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r'
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}

func gap(d time.Duration) string {
	d = d.Round(time.Minute)
	if d >= time.Hour {
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%d minutes", int(d.Minutes()))
}

// emptyTurns warns about turns with a header and nothing said. A marker
// (a break, an intro) needs no text, and neither does a time left at the
// end of a turn (a continuation with nothing after it): nothing is lost.
func (c *checker) emptyTurns() {
	for _, turn := range c.t.Turns {
		if turn.Marker == "" && !turn.Continues && strings.TrimSpace(turn.Text) == "" {
			who := turn.Speaker
			if who == "" {
				who = "the unnamed speaker"
			}
			c.problems.Warnf(c.pos(turn.Offset), "write what was said under the header, or delete the header", "turn of %s has no text", who)
		}
	}
}

// trailer warns about a tool's footer or promo that the parser cut off
// after the last turn: it is left out of the page, and the publisher
// should know.
func (c *checker) trailer() {
	if c.t.Trailer == "" {
		return
	}
	first, _, _ := strings.Cut(c.t.Trailer, "\n")
	c.problems.Warnf(c.pos(c.t.TrailerOffset), "delete it from the transcript; if it is speech, put it under a turn header",
		"text after the last turn looks like a footer (%q) and is left out", firstWords(first, 8))
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		return strings.Join(f[:n], " ") + " …"
	}
	return strings.Join(f, " ")
}
