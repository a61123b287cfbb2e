package main

import (
	"cmp"
	"errors"
	"fmt"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// searchQuery is one query the step types, and what it stands for.
type searchQuery struct {
	kind    string
	text    string
	speaker string // the speaker filter, or "" for anyone
}

func (q searchQuery) String() string {
	if q.speaker != "" {
		return fmt.Sprintf("%s %q (%s)", q.kind, q.text, q.speaker)
	}
	return fmt.Sprintf("%s %q", q.kind, q.text)
}

// wordCounts is what chooseQueries learns from the archive.
type wordCounts struct {
	titleWords map[string]bool
	turnsWith  map[string]int // turns holding each word
	turnsBy    map[string]int // turns of each speaker
}

// commonOneIn says how often a common word is: in one turn in 50, as
// often as the corpus's most frequent nouns, verbs and adjectives. Words
// in more turns than that are its filler ("everyone", "nothing"), which
// nobody searches for.
const commonOneIn = 50

// chooseQueries picks the step's queries from the archive's own words, so
// that the same archive always gets the same queries. The candidates are
// the words of episode titles of four letters or more, which the corpus
// draws from beyond its most common words: what a listener might type
// after reading a title. Counting the turns that hold each candidate:
//
//   - a rare word: the candidate in the fewest turns;
//   - a common word: the candidate in the number of turns nearest to one
//     in commonOneIn;
//   - two words: that one and the next nearest;
//   - filtered by speaker: the common word, in the turns of the speaker
//     with the most turns.
//
// Ties go to the word or name first in alphabetical order.
func chooseQueries(episodes iter.Seq[[]byte]) ([]searchQuery, error) {
	c := wordCounts{titleWords: map[string]bool{}, turnsWith: map[string]int{}, turnsBy: map[string]int{}}
	for src := range episodes {
		c.add(src)
	}
	var words []string
	for w := range c.titleWords {
		if c.turnsWith[w] > 0 {
			words = append(words, w)
		}
	}
	speakers := slices.Collect(maps.Keys(c.turnsBy))
	if len(words) < 2 || len(speakers) == 0 {
		return nil, errors.New("choosing search queries: the archive has fewer than two title words found in turns, or no speakers")
	}
	turns := 0
	for _, n := range c.turnsBy {
		turns += n
	}
	offCommon := func(w string) int { return max(c.turnsWith[w]*commonOneIn-turns, turns-c.turnsWith[w]*commonOneIn) }
	slices.SortFunc(words, func(a, b string) int { return cmp.Or(cmp.Compare(offCommon(a), offCommon(b)), strings.Compare(a, b)) })
	slices.SortFunc(speakers, func(a, b string) int { return cmp.Or(cmp.Compare(c.turnsBy[b], c.turnsBy[a]), strings.Compare(a, b)) })
	rare := slices.MinFunc(words, func(a, b string) int {
		return cmp.Or(cmp.Compare(c.turnsWith[a], c.turnsWith[b]), strings.Compare(a, b))
	})
	return []searchQuery{
		{kind: "rare word", text: rare},
		{kind: "common word", text: words[0]},
		{kind: "two words", text: words[0] + " " + words[1]},
		{kind: "filtered by speaker", text: words[0], speaker: speakers[0]},
	}, nil
}

// add counts one episode of the corpus's markdown: the words of its title
// (front matter's "title:" line) and, for each turn (a "**Name** (m:ss)"
// line and the lines up to the next), its speaker and the words it holds.
func (c *wordCounts) add(src []byte) {
	inTurn := map[string]bool{}
	flush := func() {
		for w := range inTurn {
			c.turnsWith[w]++
		}
		clear(inTurn)
	}
	front := false
	for i, line := range strings.Split(string(src), "\n") {
		switch name, isTurn := turnSpeaker(line); {
		case i == 0 && line == "---":
			front = true
		case front:
			if line == "---" {
				front = false
			} else if title, ok := strings.CutPrefix(line, "title: "); ok {
				for _, w := range wordsOf(title) {
					if utf8.RuneCountInString(w) >= 4 {
						c.titleWords[w] = true
					}
				}
			}
		case isTurn:
			flush()
			c.turnsBy[name]++
		default:
			for _, w := range wordsOf(line) {
				inTurn[w] = true
			}
		}
	}
	flush()
}

// turnSpeaker returns the speaker of a turn's first line, "**Name** (m:ss)".
func turnSpeaker(line string) (string, bool) {
	rest, ok := strings.CutPrefix(line, "**")
	if !ok {
		return "", false
	}
	name, after, ok := strings.Cut(rest, "** (")
	if !ok || name == "" || !strings.HasSuffix(after, ")") {
		return "", false
	}
	return name, true
}

// wordsOf splits text into lowercase runs of letters and digits, as both
// tools' tokenizers do for English.
func wordsOf(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
}

// episodeFiles yields the markdown files of a content folder, in name order.
func episodeFiles(content string, failed *error) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		names, err := filepath.Glob(filepath.Join(content, "*.md"))
		for _, name := range names {
			var src []byte
			if src, err = os.ReadFile(name); err != nil || !yield(src) {
				break
			}
		}
		*failed = err
	}
}
