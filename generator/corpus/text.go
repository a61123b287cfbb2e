package corpus

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
)

// vocabulary is the fixed word list, most frequent first, with the
// cumulative weights of a Zipf-Mandelbrot law over it. It is computed once
// and never changed, so sharing it is safe; it depends on no seed.
var vocabulary = sync.OnceValue(newVocabulary)

type vocab struct {
	words []string
	cum   []float64 // cum[r] is the probability of drawing a rank <= r
}

// tailWords is how many made-up words follow the real ones.
const tailWords = 2000

func newVocabulary() *vocab {
	seen := make(map[string]bool)
	var words []string
	add := func(w string) {
		if w != "" && !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	for _, w := range strings.Fields(commonWords) {
		add(w)
	}
	// Content words in all their forms, shuffled by a fixed seed so no
	// single form or topic owns the middle of the distribution.
	var content []string
	for _, n := range strings.Fields(nouns) {
		content = append(content, n, plural(n))
	}
	for _, v := range strings.Fields(verbs) {
		content = append(content, v, thirdPerson(v), past(v), gerund(v))
	}
	content = append(content, strings.Fields(adjectives)...)
	r := rand.New(rand.NewPCG(1, 2))
	r.Shuffle(len(content), func(i, j int) { content[i], content[j] = content[j], content[i] })
	for _, w := range content {
		add(w)
	}
	// Made-up words: thousands of syllable pairs and triples exist, so this
	// ends quickly.
	syl := strings.Fields(syllables)
	for target := len(words) + tailWords; len(words) < target; {
		var b strings.Builder
		for k := 2 + r.IntN(2); k > 0; k-- {
			b.WriteString(syl[r.IntN(len(syl))])
		}
		add(b.String())
	}
	// Zipf-Mandelbrot: p(r) ∝ 1/(r+q)^s. q flattens the very top so "the"
	// is a few percent of words, as in speech, not a tenth.
	const q, s = 2.7, 1.0
	cum := make([]float64, len(words))
	total := 0.0
	for i := range words {
		total += 1 / math.Pow(float64(i)+q, s)
		cum[i] = total
	}
	for i := range cum {
		cum[i] /= total
	}
	return &vocab{words: words, cum: cum}
}

// word draws one word.
func (v *vocab) word(r *rand.Rand) string { return v.words[v.rank(r)] }

// rank draws the rank of one word.
func (v *vocab) rank(r *rand.Rand) int {
	i, _ := slices.BinarySearch(v.cum, r.Float64())
	return min(i, len(v.words)-1)
}

func plural(n string) string {
	switch {
	case strings.HasSuffix(n, "s"), strings.HasSuffix(n, "x"), strings.HasSuffix(n, "ch"), strings.HasSuffix(n, "sh"):
		return n + "es"
	case strings.HasSuffix(n, "y") && !strings.ContainsRune("aeiou", rune(n[len(n)-2])):
		return n[:len(n)-1] + "ies"
	}
	return n + "s"
}

func thirdPerson(v string) string { return plural(v) }

func past(v string) string {
	switch {
	case strings.HasSuffix(v, "e"):
		return v + "d"
	case strings.HasSuffix(v, "y") && !strings.ContainsRune("aeiou", rune(v[len(v)-2])):
		return v[:len(v)-1] + "ied"
	}
	return v + "ed"
}

func gerund(v string) string {
	if strings.HasSuffix(v, "e") && !strings.HasSuffix(v, "ee") && len(v) > 2 {
		return v[:len(v)-1] + "ing"
	}
	return v + "ing"
}

// token is one word of a paragraph as it will be written, with what
// decorates it, so links and emphasis never overlap.
type token struct {
	text      string
	decorated bool
}

// sentence appends one sentence of 4 to 22 words to p.
func sentence(r *rand.Rand, v *vocab, p []token) []token {
	n := 4 + r.IntN(10) + r.IntN(10)
	for k := range n {
		w := v.word(r)
		if k == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		if k < n-1 && k > 1 && r.IntN(9) == 0 {
			w += ","
		}
		if k == n-1 {
			switch r.IntN(8) {
			case 0:
				w += "?"
			default:
				w += "."
			}
		}
		p = append(p, token{text: w})
	}
	return p
}

// shortReplies are the one-line turns that punctuate a conversation.
var shortReplies = [...]string{
	"Yeah.", "Right.", "Exactly.", "Interesting.", "Mm-hmm.", "Sure.", "Totally.",
	"That makes sense.", "Oh, interesting.", "Yeah, exactly.", "Okay.", "Right, right.",
	"I see.", "Fair enough.", "Huh.", "Yes.", "No, no.", "Absolutely.",
}

// words returns the paragraph as text.
func words(p []token) string {
	var b strings.Builder
	for i, t := range p {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
	}
	return b.String()
}

// trailingPunct splits a word's trailing punctuation off.
func trailingPunct(w string) (core, punct string) {
	core = strings.TrimRight(w, ".,?!")
	return core, w[len(core):]
}
