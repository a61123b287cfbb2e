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

// isStopword reports whether a folded token is one of Stopwords. It is
// asked once per word of the archive, about half of them stopwords, so it
// finds the one candidate in stopwordAt and compares once: a switch on the
// 42 strings, a binary search whose branches mispredict on such words,
// cost about 1.6 times as much (13-16 ns a word against 8-10, on the
// words of five corpus episodes).
func isStopword[T string | []byte](w T) bool {
	if len(w) == 0 || len(w) >= len(stopwordAt) {
		return false
	}
	at := int(stopwordAt[len(w)][w[0]&31][w[len(w)-1]&31]) - 1
	return at >= 0 && stopwordList[at:at+len(w)] == string(w)
}

// stopwordAt finds the stopword of a length, a first letter and a last
// letter (each letter's low five bits: a is 1, z is 26): where it starts in
// stopwordList, plus one, or 0 for none. No two stopwords share all three
// (TestStopwordListsAgree fails if a new one does), and the low bits of
// other bytes, such as digits, find a stopword only for isStopword's
// comparison to reject. A stopword of six letters or more, or a list of
// more than 255 bytes, would need a bigger table. It is built once and
// never written after.
var stopwordAt = func() (t [6][32][32]uint8) {
	at := 0
	for w := range strings.SplitSeq(stopwordList, " ") {
		t[len(w)][w[0]&31][w[len(w)-1]&31] = uint8(at + 1)
		at += len(w) + 1
	}
	return t
}()

// Fold lowercases s and removes accents and other combining marks, the
// way the client does it in JavaScript:
//
//	s.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/ς/g, "σ")
//
// Lowercasing first matters: "İ" lowercases to "i" plus a combining dot,
// which the mark removal then drops.
func Fold(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	s = norm.NFD.String(strings.ToLower(s))
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.Is(unicode.M, r):
			return -1
		case r == 'ς':
			// Greek final sigma: JavaScript lowercases a word-final Σ
			// to ς, Go to σ; both fold to σ.
			return 'σ'
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

// emit calls fn with tok, a run of n letters and digits, if it is kept.
func emit(tok string, n int, fn func(tok string)) {
	if kept(tok, n) {
		fn(tok)
	}
}

// kept reports whether tok, a run of n letters and digits, is a token: not
// too long and not a stopword.
func kept[T string | []byte](tok T, n int) bool {
	return n <= MaxTokenLength && !isStopword(tok)
}

// asciiTokenizer is Tokenize for ASCII text, which is most text, a token
// at a time: it folds and splits in one pass, a table lookup per byte,
// where Tokenize makes a folded copy of the text and then splits that, and
// it hashes each token for termTable as it folds it. Prepare calls next in
// a loop, where a function called per token cost two calls a token. The
// token is kept in an array in the tokenizer, not in a slice: storing a
// slice, which holds a pointer, once per token costs a write barrier
// while the garbage collector runs (a tenth of BenchmarkPrepare's profile,
// when it did).
// FuzzTokenize checks that it agrees with Tokenize.
type asciiTokenizer struct {
	text string
	at   int                  // where the next token's search starts
	word [MaxTokenLength]byte // the current token, folded; longer ones are not kept
	n    int                  // its length
	hash uint32               // termHash of the token
}

// next moves to the next token and reports whether there is one.
func (t *asciiTokenizer) next() bool {
	text := t.text // a local, which the loops need not load again after each store to t.word
	for t.at < len(text) {
		// The word at t.at, then the gap after it.
		n, h, i := 0, uint32(termHashStart), t.at
		for ; i < len(text); i++ {
			c := foldASCII[text[i]]
			if c == 0 {
				break
			}
			if n < len(t.word) {
				t.word[n] = c
			}
			n++
			h = termHashByte(h, c)
		}
		for i < len(text) && foldASCII[text[i]] == 0 {
			i++
		}
		t.at, t.n, t.hash = i, n, h
		if n > 0 && kept(t.token(), n) {
			return true
		}
	}
	return false
}

// token returns the current token, valid until next is called.
func (t *asciiTokenizer) token() []byte { return t.word[:min(t.n, len(t.word))] }

// foldASCII maps an ASCII letter or digit to itself folded, as Fold does
// (capitals lowercased), and every other byte to 0. It is built once and
// never written after.
var foldASCII = func() (t [256]byte) {
	for c := range byte(utf8.RuneSelf) {
		switch {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			t[c] = c
		case 'A' <= c && c <= 'Z':
			t[c] = c + 'a' - 'A'
		}
	}
	return t
}()

// isASCII reports whether s is all ASCII. Prepare asks it of every turn,
// so it looks at eight bytes at a time (the compiler makes each eight one
// load): a byte at a time cost about a twentieth of Prepare.
func isASCII(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if w&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
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
