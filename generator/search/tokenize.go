package search

import (
	"encoding/binary"
	"math/bits"
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

// isStopword reports whether a folded token is one of Stopwords.
func isStopword[T string | []byte](w T) bool {
	if len(w) == 0 || len(w) >= len(stopwordAt) {
		return false
	}
	return isStopwordPart(firstPart(w), len(w))
}

// isStopwordPart is isStopword for a token of n bytes, n > 0, whose first
// eight bytes, little-endian and padded with zeros, are part, as the
// ASCII tokenizer has them. It is asked once per word of the archive,
// about half of them stopwords, so it finds the one candidate in
// stopwordAt and compares once: a switch on the 42 strings, a binary
// search whose branches mispredict on such words, cost about 1.6 times as
// much (13-16 ns a word against 8-10, on the words of five corpus
// episodes), and comparing the part, one uint64, rather than the bytes,
// saves a call to compare memory.
func isStopwordPart(part uint64, n int) bool {
	if n >= len(stopwordAt) {
		return false
	}
	return stopwordParts[stopwordAt[n][part&31][part>>(8*(n-1))&31]] == part
}

// stopwordAt finds the stopword of a length, a first letter and a last
// letter (each letter's low five bits: a is 1, z is 26): its index in
// stopwordParts, where it is packed as isStopwordPart compares it, or 0
// for none, whose part is 0, as no token's is. No two stopwords share all
// three (TestStopwordListsAgree fails if a new one does), and the low bits
// of other bytes, such as digits, find a stopword only for the comparison
// to reject. A stopword of six letters or more, or more than 255 of them,
// would need bigger tables. They are built once and never written after.
var stopwordAt, stopwordParts = func() (at [6][32][32]uint8, parts [256]uint64) {
	for k, w := range strings.Fields(stopwordList) {
		at[len(w)][w[0]&31][w[len(w)-1]&31] = uint8(k + 1)
		parts[k+1] = firstPart(w)
	}
	return at, parts
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
// at a time: it folds and splits in one pass, eight bytes at a time, where
// Tokenize makes a folded copy of the text and then splits that, and it
// hashes each token for termTable as it folds it. Prepare calls next in a
// loop, where a function called per token cost two calls a token. The
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
//
// It reads the text eight bytes at a time, as the parts of a uint64, and
// finds which of the eight are letters and digits with a few arithmetic
// operations (wordBytes), where a table lookup and a branch per byte cost
// about twice as much. Each of a token's eight-byte parts is folded,
// stored and hashed in one step; a token ends at the first part that is
// not all letters and digits, and the rest of that part usually holds the
// start of the next token.
func (t *asciiTokenizer) next() bool {
	text := t.text // a local, which the loops need not load again after each store to t.word
	for t.at < len(text) {
		// The token at t.at, a part at a time; at is where the part starts.
		at, n, h := t.at, 0, uint64(termHashStart)
		var in uint64 // the letters and digits of the part
		for {
			var w uint64
			if at+8 <= len(text) { // a function doing this would be too long to inline
				w = loadAll(text[at : at+8])
			} else {
				w = loadEnd(text, at)
			}
			in = wordBytes(w)
			// gaps has the top bit of each byte that is not a letter or
			// digit; the first one ends the token. gaps&-gaps is that
			// byte's top bit alone: moved down to its bottom bit, less
			// one, it keeps the bytes before it, which are the token's
			// (all eight when there is none, as 0-1 is all ones).
			gaps := ^in & highBits
			k := bits.TrailingZeros64(gaps) / 8 // how many of the eight bytes are the token's
			part := (w | caseBits) & ((gaps&-gaps)>>7 - 1)
			if n < len(t.word) { // parts start at multiples of 8, and len(t.word) is one
				binary.LittleEndian.PutUint64(t.word[n:], part)
			}
			h = termHashPart(h, part)
			n += k
			if k < 8 {
				in &= -gaps // the letters and digits after the token (-gaps has the bits from its end up)
				break
			}
			at += 8
		}
		// The next token starts in the token's last part, or in a later one.
		for in == 0 && at+8 < len(text) {
			at += 8
			if at+8 <= len(text) {
				in = wordBytes(loadAll(text[at : at+8]))
			} else {
				in = wordBytes(loadEnd(text, at))
			}
		}
		t.at = len(text)
		if in != 0 {
			t.at = at + bits.TrailingZeros64(in)/8
		}
		t.n = n
		if n > 0 && n <= MaxTokenLength && !isStopwordPart(t.part(), n) {
			t.hash = termHashEnd(h)
			return true
		}
	}
	return false
}

// token returns the current token, valid until next is called.
func (t *asciiTokenizer) token() []byte { return t.word[:min(t.n, len(t.word))] }

// part returns the firstPart of the current token.
func (t *asciiTokenizer) part() uint64 { return binary.LittleEndian.Uint64(t.word[:8]) }

// highBits and oneBits are the top bit and the bottom bit of each byte of
// a uint64.
const (
	highBits = 0x8080808080808080
	oneBits  = 0x0101010101010101
)

// wordBytes finds the ASCII letters and digits among the eight bytes of w,
// all below 0x80: it sets the top bit of each of their bytes and clears
// the rest. Setting a byte's 0x20 bit lowercases a capital and leaves
// lowercase letters and digits as they are, and makes no other byte a
// lowercase letter; so (w | caseBits) is w folded, where wordBytes finds
// letters and digits.
func wordBytes(w uint64) uint64 {
	return inRange(w|caseBits, 'a', 'z') | inRange(w, '0', '9')
}

// caseBits is the 0x20 bit of each byte of a uint64, the one ASCII
// capitals lack.
const caseBits = 0x2020202020202020

// inRange sets the top bit of each byte of w, all below 0x80, that is
// between lo and hi inclusive, and clears the rest. A byte of w plus
// 0x80-lo reaches 0x80 when it is lo or more, and plus 0x7f-hi when it
// is more than hi; neither sum reaches 0x100, so no byte carries into the
// next.
func inRange(w uint64, lo, hi byte) uint64 {
	return (w + oneBits*uint64(0x80-lo)) &^ (w + oneBits*uint64(0x7f-hi)) & highBits
}

// loadAll returns the eight bytes of s as one uint64, little-endian: the
// compiler makes them one load.
func loadAll(s string) uint64 {
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// loadEnd is bytes i to the end of s, fewer than eight, as loadAll would
// return them with zeros (which are not letters or digits) past the end.
func loadEnd(s string, i int) uint64 {
	var w uint64
	for j := len(s) - 1; j >= i; j-- {
		w = w<<8 | uint64(s[j])
	}
	return w
}

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
