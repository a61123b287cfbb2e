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
	tokenize(text, nil, func(tok []byte) { fn(string(tok)) })
}

// tokenize is Tokenize without an allocation per token: fn gets the token
// in a buffer it must not keep. buf is scratch space, returned for reuse.
// ASCII text, most of it, is lowercased token by token rather than folded
// whole.
func tokenize(text string, buf []byte, fn func(tok []byte)) []byte {
	if !isASCII(text) {
		text = Fold(text)
	}
	start, n := -1, 0 // the current run's start and its length in characters
	flush := func(end int) {
		if start >= 0 && n <= MaxTokenLength {
			buf = buf[:0]
			for k := start; k < end; k++ {
				c := text[k]
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				buf = append(buf, c)
			}
			if !isStopword(string(buf)) {
				fn(buf)
			}
		}
		start = -1
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				if start < 0 {
					start, n = i, 0
				}
				n++
			} else {
				flush(i)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			if start < 0 {
				start, n = i, 0
			}
			n++
		} else {
			flush(i)
		}
		i += size
	}
	flush(len(text))
	return buf
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
