package search

import (
	"strconv"
	"testing"
)

func TestTermTableNumbersInOrderFirstSeen(t *testing.T) {
	var table termTable
	// More terms than a new table has room for, so it grows twice.
	const terms = 3 * minTermSlots
	for round := range 2 {
		for i := range terms {
			tok := []byte("term" + strconv.Itoa(i))
			if got := table.number(tok, termHash(tok)); got != int32(i) {
				t.Fatalf("round %d: number(%q) = %d, want %d", round, tok, got, i)
			}
		}
		if table.len() != terms {
			t.Fatalf("round %d: len() = %d, want %d", round, table.len(), terms)
		}
		for i := range terms {
			want := "term" + strconv.Itoa(i)
			if got := string(table.term(int32(i))); got != want {
				t.Fatalf("round %d: term(%d) = %q, want %q", round, i, got, want)
			}
		}
		table.reset()
	}
}

func TestASCIITokenizerHashesAsTermHash(t *testing.T) {
	tok := asciiTokenizer{text: "Maps, RIVERS and rivers; x " + string(make([]byte, 3)) + "Zurich42"}
	for tok.next() {
		if want := termHash(tok.token()); tok.hash != want {
			t.Errorf("hash of %q = %#x, termHash gives %#x", tok.token(), tok.hash, want)
		}
	}
}

func TestTermTableTellsTermsWithACommonStartApart(t *testing.T) {
	// Terms that share their first eight bytes, or all of a shorter one's,
	// hashed as they are and then all with the same hash, so that every
	// lookup compares them.
	terms := []string{"abcdefgh", "abcdefghi", "abcdefghij", "abcdefgi", "abcdefg", "abcdefghijklmnopq", "abcdefghijklmnopr"}
	for _, sameHash := range []bool{false, true} {
		var table termTable
		for round := range 2 {
			for i, term := range terms {
				tok := []byte(term)
				h := termHash(tok)
				if sameHash {
					h = 7
				}
				if got := table.number(tok, h); got != int32(i) {
					t.Fatalf("same hash %v, round %d: number(%q) = %d, want %d", sameHash, round, tok, got, i)
				}
			}
		}
	}
}
