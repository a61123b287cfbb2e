package search

// termTable numbers the distinct terms of an episode in the order they are
// first seen. Prepare looks up every token of an episode in it, about 8,500
// for a 90-minute one, so it is built for that lookup: a hash table with
// open addressing (linear probing, at most half full) whose slots hold a
// term's hash and number, over the terms' bytes kept back to back in one
// slice. The tokenizer hashes a token as it folds it, so a lookup is a
// probe and, on a match, one comparison; a new term is appended to the
// bytes, with no allocation. A map[string]int32 hashed each token again,
// went through the runtime's generic lookup, and allocated a string per
// term, about 2,300 an episode.
//
// Term numbers, and so the order of Prepared.postings, do not depend on
// the hash: they count terms as they are first seen.
type termTable struct {
	slots []termSlot // a power of two long, or empty before the first term
	ends  []int32    // per term: where its bytes end in text (they start where the term before ends)
	text  []byte     // every term's bytes, in term order
}

// termSlot is a slot of termTable: a term's hash and its number plus one;
// zero is an empty slot.
type termSlot struct {
	hash   uint32
	number int32
}

// minTermSlots is the size of a new termTable: room for 4,096 terms at
// half full, where the benchmark corpus's episodes have at most 2,500.
const minTermSlots = 8192

// len returns the number of terms.
func (t *termTable) len() int { return len(t.ends) }

// term returns the bytes of term number n, valid until reset.
func (t *termTable) term(n int32) []byte {
	start := int32(0)
	if n > 0 {
		start = t.ends[n-1]
	}
	return t.text[start:t.ends[n]]
}

// number returns the number of tok, whose termHash is h, numbering it
// first if it is new.
func (t *termTable) number(tok []byte, h uint32) int32 {
	if 2*len(t.ends) >= len(t.slots) {
		t.grow()
	}
	mask := uint32(len(t.slots) - 1)
	for i := home(h, mask); ; i = (i + 1) & mask {
		s := t.slots[i]
		if s.number == 0 {
			n := int32(len(t.ends))
			t.text = append(t.text, tok...)
			t.ends = append(t.ends, int32(len(t.text)))
			t.slots[i] = termSlot{hash: h, number: n + 1}
			return n
		}
		if s.hash == h && string(t.term(s.number-1)) == string(tok) {
			return s.number - 1
		}
	}
}

// grow doubles the slots (or makes the first ones) and puts the terms back.
func (t *termTable) grow() {
	old := t.slots
	t.slots = make([]termSlot, max(minTermSlots, 2*len(old)))
	mask := uint32(len(t.slots) - 1)
	for _, s := range old {
		if s.number == 0 {
			continue
		}
		i := home(s.hash, mask)
		for t.slots[i].number != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}

// reset forgets every term, keeping the memory.
func (t *termTable) reset() {
	clear(t.slots)
	t.ends, t.text = t.ends[:0], t.text[:0]
}

// home is the slot where a term whose hash is h is looked for first. FNV's
// last step is a multiplication, which leaves its low bits, those the mask
// keeps, depending on the low bits of the bytes alone; the shift brings in
// the high bits.
func home(h, mask uint32) uint32 { return (h ^ h>>15) & mask }

// termHash is FNV-1a, 32 bits, of tok. The ASCII tokenizer computes the
// same as it folds a token, a byte at a time, with termHashStart and
// termHashByte.
func termHash(tok []byte) uint32 {
	h := uint32(termHashStart)
	for _, c := range tok {
		h = termHashByte(h, c)
	}
	return h
}

// termHashStart is FNV-1a's offset basis, the hash of no bytes.
const termHashStart = 2166136261

// termHashByte is FNV-1a's step: h with byte c hashed in.
func termHashByte(h uint32, c byte) uint32 { return (h ^ uint32(c)) * 16777619 }
