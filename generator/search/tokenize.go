package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxTokenLength is the longest token indexed, in characters. Longer runs
// of letters and digits are hashes, encoded data or URLs run together:
// nobody types them into a search box, and they would bloat the shards.
const MaxTokenLength = 40

// stopwordList is left out of the index and out of queries. These words
// occur in almost every turn of spoken English, so their postings would be
// most of the index and every query naming one would fetch them, while
// they do not narrow a search. The manifest carries the list, so the
// client drops exactly the words the build dropped. The one-letter and
// two-letter ones are what is left of "that's", "don't", "you're", "I'll",
// "I've", "I'd" and "I'm" once the apostrophe splits them. Sorted.
const stopwordList = "a an and are as at be but by d for from i if in is it its ll m of on or re s so " +
	"t that the their them then there they this to ve was we were with you"

// Stopwords returns the words left out of the index, sorted.
func Stopwords() []string { return strings.Fields(stopwordList) }

// isStopword reports whether a folded token is one of Stopwords. A switch
// rather than a map: it is asked once per word of the archive, and the
// list stays a constant (TestStopwordListsAgree keeps the two in step).
func isStopword(w string) bool {
	switch w {
	case "a", "an", "and", "are", "as", "at", "be", "but", "by", "d", "for", "from", "i", "if", "in", "is", "it", "its", "ll", "m", "of", "on", "or", "re", "s", "so", "t", "that", "the", "their", "them", "then", "there", "they", "this", "to", "ve", "was", "we", "were", "with", "you":
		return true
	}
	return false
}

// Fold lowercases s and removes accents and other combining marks, the
// way the client does it in JavaScript:
//
//	s.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "")
//
// Lowercasing first matters: "İ" lowercases to "i" plus a combining dot,
// which the mark removal then drops.
func Fold(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	s = norm.NFD.String(strings.ToLower(s))
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.M, r) {
			return -1
		}
		return r
	}, s)
}

// Tokenize calls fn with each token of text in order: the runs of Unicode
// letters and digits of the folded text, without stopwords and without
// runs longer than MaxTokenLength. The client splits the same way:
//
//	fold(text).split(/[^\p{L}\p{N}]+/u)
func Tokenize(text string, fn func(token string)) {
	tokenize(Fold(text), fn)
}

// tokenize is Tokenize on text already folded. Each token is a substring
// of text, so tokenizing allocates nothing: folding a turn once costs one
// allocation where making each token a string would cost one per word.
func tokenize(text string, fn func(tok string)) {
	start, n := -1, 0 // the current run's start and its length in characters
	for i := 0; i < len(text); {
		c := text[i]
		size := 1
		word := 'a' <= c && c <= 'z' || '0' <= c && c <= '9' // folded: no capitals
		if c >= utf8.RuneSelf {
			var r rune
			r, size = utf8.DecodeRuneInString(text[i:])
			word = unicode.IsLetter(r) || unicode.IsNumber(r)
		}
		if word {
			if start < 0 {
				start, n = i, 0
			}
			n++
		} else if start >= 0 {
			emit(text[start:i], n, fn)
			start = -1
		}
		i += size
	}
	if start >= 0 {
		emit(text[start:], n, fn)
	}
}

// emit calls fn with a run of n letters and digits unless it is too long
// or a stopword.
func emit(tok string, n int, fn func(tok string)) {
	if n <= MaxTokenLength && !isStopword(tok) {
		fn(tok)
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Tokens returns the tokens of text as a slice, for tests and queries.
func Tokens(text string) []string {
	var out []string
	Tokenize(text, func(t string) { out = append(out, t) })
	return out
}
