// Package lint finds what is probably wrong in a transcript that parsed:
// speakers nobody declared, times that go backwards, empty turns, long
// gaps, debris after the last turn. Everything it reports is a warning
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

// times warns where a turn starts before the timed turn before it, at the
// same time (except in cue formats, where voices of one cue share its
// time), or after a gap longer than LongGap.
func (c *checker) times() {
	cues := c.t.Format == transcript.FormatVTT || c.t.Format == transcript.FormatSRT || c.t.Format == transcript.FormatJSON
	prev := -1
	for i, turn := range c.t.Turns {
		if turn.Start == transcript.NoTime {
			continue
		}
		if prev >= 0 {
			c.timeStep(c.t.Turns[prev], turn, cues)
		}
		prev = i
	}
}

// timeStep warns when turn's time does not follow well on that of p, the
// timed turn before it. Positions and times are written out only for a
// warning: most steps are fine.
func (c *checker) timeStep(p, turn transcript.Turn, cues bool) {
	backwards := turn.Start < p.Start
	repeats := turn.Start == p.Start && !cues
	long := turn.Start-p.Start > LongGap
	if !backwards && !repeats && !long {
		return
	}
	at, line := c.pos(turn.Offset), c.pos(p.Offset).Line
	was, now := transcript.FormatTimestamp(p.Start), transcript.FormatTimestamp(turn.Start)
	switch {
	case backwards:
		c.problems.Warnf(at, fmt.Sprintf("the turn before (line %d) starts at %s; fix whichever time is wrong", line, was),
			"time goes backwards: %s after %s", now, was)
	case repeats:
		c.problems.Warnf(at, fmt.Sprintf("the turn before (line %d) has the same time; give this one its own", line),
			"time %s repeats", now)
	default:
		c.problems.Warnf(at, fmt.Sprintf("check both times; a digit may be off (the turn before, line %d, starts at %s)", line, was),
			"%s without a turn before %s", gap(turn.Start-p.Start), now)
	}
}

func gap(d time.Duration) string {
	d = d.Round(time.Minute)
	if d >= time.Hour {
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%d minutes", int(d.Minutes()))
}

// emptyTurns warns about turns with a header and nothing said.
func (c *checker) emptyTurns() {
	for _, turn := range c.t.Turns {
		if strings.TrimSpace(turn.Text) == "" {
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
