package site

import (
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/verbatim-ssg/verbatim/generator/diag"
)

// Colors is how many colours the theme's speaker palette has: a speaker's
// Color is an index below it, which pages write as the class c1 … c8 and
// the stylesheet maps to its custom properties --speaker-1 … --speaker-8.
const Colors = 8

// Talk is the talk time of one timed turn, from its start to next (the
// next timed turn's start, or NoTime after the last), cut at its end when
// the source gives one before. Summarize adds them up per speaker: a timed
// turn lasts until the next timed turn or its own End, whichever comes
// first; the last one until its End, when the transcript gives one (a
// transcript does not know the episode's length beyond its last start).
// Untimed turns between are the timed turn's; markers are no one's talk
// time, and an untimed transcript has none.
func Talk(start, end, next time.Duration) time.Duration {
	if end > start && (next < 0 || end < next) {
		return end - start
	}
	if next > start {
		return next - start
	}
	return 0
}

// TalkTime returns how long the speaker talks in episode e: the talk time
// of each of the episode's speakers that is this person (aliases make two
// names one person).
func (e *Episode) TalkTime(sp *Speaker) time.Duration {
	var d time.Duration
	for k, p := range e.Speakers {
		if p == sp && k < len(e.SpeakerTalk) {
			d += e.SpeakerTalk[k]
		}
	}
	return d
}

// Initials returns the letters that stand for the speaker where there is
// no picture: the first letter of the first and last words of the name,
// in upper case ("Ana María López" is "AL", "DJ Shadow" "DS"), or of its
// only word ("李小龙" is "李"). Words without a letter or digit ("Dr.
// (host)" keeps "D") are passed over; a name with none gives its first
// character.
// It is worked out on each call, which is cheap, rather than kept: the
// pages of an episode are rendered in parallel, and share their speakers.
func (s *Speaker) Initials() string { return Initials(s.Name) }

// Initials returns the initials of a name, as Speaker.Initials.
func Initials(name string) string {
	var first, last rune
	for word := range strings.FieldsSeq(name) {
		if r := firstLetter(word); r != 0 {
			if first == 0 {
				first = r
			} else {
				last = r
			}
		}
	}
	if first == 0 {
		r, _ := utf8.DecodeRuneInString(strings.TrimSpace(name))
		if r == utf8.RuneError {
			return ""
		}
		return string(r)
	}
	b := utf8.AppendRune(make([]byte, 0, 8), unicode.ToUpper(first))
	if last != 0 {
		b = utf8.AppendRune(b, unicode.ToUpper(last))
	}
	return string(b)
}

func firstLetter(word string) rune {
	for _, r := range word {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
	}
	return 0
}

// recentEpisodes is how many episodes before a speaker's first one
// assignColors looks at to choose among free colours, and regular is how
// many of them make a speaker a regular.
const (
	recentEpisodes = 30
	regular        = 3
)

// assignColors gives every speaker a colour, the same from build to build
// and as episodes are added: speakers are coloured in order of first
// appearance, oldest episode first. A new speaker takes a colour no speaker
// already coloured in that episode has (when the palette allows), and
// rather one no regular of the episodes just before has, as a guest may
// meet them next; among those, the first from one picked by a hash of
// their slug. A speaker's colour depends only on the episodes up to their
// first, so a new episode never changes an old speaker's colour. Colours
// the config gives are kept. Slugs must be given first.
func (s *Site) assignColors() {
	done := make(map[*Speaker]bool, len(s.people))
	for _, sp := range s.people {
		if c, ok := s.Config.Speakers[sp.Name]; ok && c.Color > 0 {
			sp.Color = c.Color - 1
			done[sp] = true
		}
	}
	heard := make(map[*Speaker]int)   // episodes of each speaker among the recent ones
	var regulars [Colors]int          // regulars of the recent episodes, by colour
	hear := func(e *Episode, n int) { // counts e in (n = 1) or out (n = -1)
		for k, sp := range e.Speakers {
			if k >= len(e.SpeakerTurns) || e.SpeakerTurns[k] == 0 {
				continue
			}
			was := heard[sp] >= regular
			heard[sp] += n
			if is := heard[sp] >= regular; is != was {
				regulars[sp.Color] += n
			}
		}
	}
	for i := len(s.Episodes) - 1; i >= 0; i-- {
		e := s.Episodes[i]
		var used [Colors]bool
		for _, sp := range e.Speakers {
			if done[sp] {
				used[sp.Color] = true
			}
		}
		for _, sp := range e.Speakers {
			if done[sp] {
				continue
			}
			h := fnv.New32a()
			h.Write([]byte(sp.Slug))
			start := int(h.Sum32() % Colors)
			best, rank := start, 2 // 0: free of this episode and of regulars; 1: of this episode
			for n := range Colors {
				c := (start + n) % Colors
				r := 2
				switch {
				case !used[c] && regulars[c] == 0:
					r = 0
				case !used[c]:
					r = 1
				}
				if r < rank {
					best, rank = c, r
				}
			}
			sp.Color = best
			used[best] = true
			done[sp] = true
		}
		hear(e, 1)
		if old := i + recentEpisodes; old < len(s.Episodes) {
			hear(s.Episodes[old], -1)
		}
	}
}

// SpeakerConfig is what the config says of one person, over what front
// matter says.
type SpeakerConfig struct {
	// Avatar is a picture of the person: a URL, or a path below the site.
	Avatar string `yaml:"avatar"`
	// Color is the person's colour, from 1 to Colors; 0 leaves it to the
	// site.
	Color int `yaml:"color"`
}

// checkSpeakers checks the config's speakers and returns them by Name.
func checkSpeakers(speakers map[string]SpeakerConfig, keys configNodes) (map[string]SpeakerConfig, diag.List) {
	if len(speakers) == 0 {
		return nil, nil
	}
	var problems diag.List
	out := make(map[string]SpeakerConfig, len(speakers))
	where := keys.entryPos("speakers")
	for _, k := range slices.Sorted(maps.Keys(speakers)) {
		c := speakers[k]
		pos := where(k)
		if c.Color < 0 || c.Color > Colors {
			problems.Errorf(pos, fmt.Sprintf("use a colour from 1 to %d, or leave color out", Colors), "speaker %q: color %d is not in the palette", k, c.Color)
			c.Color = 0
		}
		if why := CheckURL(c.Avatar); why != "" {
			problems.Errorf(pos, "use an https:// URL or a path below the site", "speaker %q: avatar %s", k, why)
			c.Avatar = ""
		}
		out[Name(k)] = c
	}
	return out, problems
}
