package search

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestTokens(t *testing.T) {
	long := strings.Repeat("x", MaxTokenLength)
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"Empty", "", nil},
		{"LowercasesAndSplitsOnPunctuation", "Hello, World! How's it going?", []string{"hello", "world", "how", "going"}},
		{"DropsStopwords", "The cat and the hat", []string{"cat", "hat"}},
		{"DropsWhatApostrophesLeave", "That's what you're saying, don't you'll", []string{"what", "saying", "don"}},
		{"FoldsAccents", "Café Zürich naïve Tomás", []string{"cafe", "zurich", "naive", "tomas"}},
		{"FoldsDecomposedAccents", "Cafe\u0301", []string{"cafe"}},
		{"DottedCapitalI", "İstanbul", []string{"istanbul"}},
		{"KeepsDigits", "Go 1.26 in 2026", []string{"go", "1", "26", "2026"}},
		{"FoldsGreekFinalSigma", "ΟΔΟΣ οδος Σοφός", []string{"οδοσ", "οδοσ", "σοφοσ"}},
		{"KeepsOtherScripts", "Привет мир 東京", []string{"привет", "мир", "東京"}},
		{"SplitsOnSymbols", "co-op/e-mail_x", []string{"co", "op", "e", "mail", "x"}},
		{"KeepsLongestAllowed", long, []string{long}},
		{"DropsTooLong", long + "y short", []string{"short"}},
		{"TooLongCountsCharactersNotBytes", strings.Repeat("é", MaxTokenLength), []string{strings.Repeat("e", MaxTokenLength)}},
		{"MarkdownLeftovers", "**bold** `code` [link](x)", []string{"bold", "code", "link", "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Tokens(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := asciiTokens(tt.in); isASCII(tt.in) && !slices.Equal(got, tt.want) {
				t.Errorf("asciiTokenizer on %q gave %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestStopwordListsAgree(t *testing.T) {
	list := Stopwords()
	if !slices.IsSorted(list) {
		t.Errorf("Stopwords() is not sorted: %q", list)
	}
	for _, w := range list {
		if !isStopword(w) {
			t.Errorf("%q is in Stopwords() but isStopword says no", w)
		}
		if Fold(w) != w {
			t.Errorf("stopword %q is not folded, so no token can equal it", w)
		}
	}
	for _, w := range []string{"cat", "", "ther", "thee", "iss"} {
		if isStopword(w) {
			t.Errorf("isStopword(%q) = true, want false", w)
		}
	}
}

// asciiTokens returns the tokens of ASCII text as asciiTokenizer finds them.
func asciiTokens(text string) []string {
	var out []string
	for t := (asciiTokenizer{text: text}); t.next(); {
		out = append(out, string(t.token()))
	}
	return out
}

// checkTokens checks what every token must be: non-empty, folded, letters
// and digits only, at most MaxTokenLength characters, not a stopword.
func checkTokens(t *testing.T, in string) {
	t.Helper()
	Tokenize(in, func(tok string) {
		switch {
		case tok == "":
			t.Fatalf("Tokens(%q) gave an empty token", in)
		case !utf8.ValidString(tok) && utf8.ValidString(in):
			t.Fatalf("Tokens(%q) gave invalid UTF-8 %q", in, tok)
		case utf8.RuneCountInString(tok) > MaxTokenLength:
			t.Fatalf("Tokens(%q) gave %q, longer than %d", in, tok, MaxTokenLength)
		case isStopword(tok):
			t.Fatalf("Tokens(%q) gave stopword %q", in, tok)
		case Fold(tok) != tok:
			t.Fatalf("Tokens(%q) gave %q, which folds to %q", in, tok, Fold(tok))
		}
		for _, r := range tok {
			if !unicode.IsLetter(r) && !unicode.IsNumber(r) && r != utf8.RuneError {
				t.Fatalf("Tokens(%q) gave %q holding %q", in, tok, r)
			}
		}
	})
}

func FuzzTokenize(f *testing.F) {
	for _, ep := range tinySite() {
		for _, turn := range ep.Turns {
			f.Add(turn.Text)
		}
	}
	f.Add("İstanbul Cafe\u0301 ﬁle Ǆ ß ᾈ")
	f.Add(strings.Repeat("é", MaxTokenLength+1))
	f.Fuzz(func(t *testing.T, in string) {
		checkTokens(t, in)
		// Tokenizing is idempotent on its own output.
		toks := Tokens(in)
		if again := Tokens(strings.Join(toks, " ")); !slices.Equal(again, toks) {
			t.Fatalf("Tokens(%q) = %q, but tokens of those = %q", in, toks, again)
		}
		// The one-pass ASCII tokenizer that Prepare uses agrees, on the
		// input made ASCII byte by byte.
		ascii := []byte(in)
		for i := range ascii {
			ascii[i] &= 0x7f
		}
		if want, got := Tokens(string(ascii)), asciiTokens(string(ascii)); !slices.Equal(got, want) {
			t.Fatalf("asciiTokenizer on %q gave %q, Tokens gives %q", ascii, got, want)
		}
	})
}

// TestASCIITokenizerAtPartBoundaries checks the tokenizer, which reads
// eight bytes at a time, on tokens and gaps of every length around the
// multiples of eight, starting at every offset, and on text that ends
// inside a token or a gap.
func TestASCIITokenizerAtPartBoundaries(t *testing.T) {
	word := "AbcdefghijklmnopqrstuvwxyZ0123456789abcdefghij" // longer than MaxTokenLength
	for _, n := range []int{1, 2, 7, 8, 9, 15, 16, 17, 39, 40, 41, 46} {
		for gap := 1; gap <= 17; gap++ {
			for lead := range 9 {
				text := strings.Repeat(".", lead) + word[:n] + strings.Repeat(" ", gap) + word[:n] + strings.Repeat("-", gap%3) + "Q"
				for _, in := range []string{text, text[:len(text)-1], text[:len(text)-1-gap%3]} {
					if got, want := asciiTokens(in), Tokens(in); !slices.Equal(got, want) {
						t.Fatalf("asciiTokenizer on %q gave %q, Tokens gives %q", in, got, want)
					}
				}
			}
		}
	}
}
