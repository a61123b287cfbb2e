package search

import "encoding/binary"

// termTable numbers the distinct terms of an episode in the order they are
// first seen. Prepare looks up every token of an episode in it, about 8,500
// for a 90-minute one, so it is built for that lookup: a hash table with
// open addressing (linear probing, at most half full) whose slots hold a
// term's hash, number and first eight bytes, over the terms' bytes kept
// back to back in one slice. The tokenizer hashes a token as it folds it,
// so a lookup is a probe and, on a match, a comparison of the first eight
// bytes, which for most words are all of them (comparing the bytes
// themselves, a call to compare memory, was half of a lookup's time); a
// new term is appended to the bytes, with no allocation. A
// map[string]int32 hashed each token again, went through the runtime's
// generic lookup, and allocated a string per term, about 2,300 an
// episode.
//
// Term numbers, and so the order of Prepared.postings, do not depend on
// the hash: they count terms as they are first seen.
type termTable struct {
	slots []termSlot // a power of two long, or empty before the first term
	ends  []int32    // per term: where its bytes end in text (they start where the term before ends)
	text  []byte     // every term's bytes, in term order
}

// termSlot is a slot of termTable: a term's first eight bytes (as
// firstPart has them), its hash and its number plus one; a zero number is
// an empty slot.
type termSlot struct {
	part   uint64
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
	return t.numberPart(tok, firstPart(tok), h)
}

// numberPart is number for a token whose firstPart the caller has.
func (t *termTable) numberPart(tok []byte, part uint64, h uint32) int32 {
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
			t.slots[i] = termSlot{part: part, hash: h, number: n + 1}
			return n
		}
		// The parts of two tokens, which hold no zero byte, are equal
		// only if the tokens are, or if both are at least eight bytes
		// long (the last byte of the part is not zero) and start alike.
		if s.hash == h && s.part == part &&
			(part>>56 == 0 || string(t.term(s.number - 1)[8:]) == string(tok[8:])) {
			return s.number - 1
		}
	}
}

// firstPart returns the first eight bytes of tok as the parts of a
// uint64, little-endian, padded with zeros if tok is shorter.
func firstPart[T string | []byte](tok T) uint64 {
	var part uint64
	for i := range min(len(tok), 8) {
		part |= uint64(tok[i]) << (8 * i)
	}
	return part
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

// home is the slot where a term whose hash is h is looked for first.
func home(h, mask uint32) uint32 { return (h ^ h>>15) & mask }

// termHash is the hash of tok that termTable keys on. The ASCII tokenizer
// computes the same as it folds a token, eight bytes at a time, with
// termHashStart, termHashPart and termHashEnd: tok's bytes are taken as
// little-endian uint64s of eight, the last one padded with zeros (and
// all zeros when len(tok) is a multiple of eight), each one hashed in
// with a multiplication, a cost per eight bytes where FNV's, a byte at a
// time, cost one per byte.
func termHash(tok []byte) uint32 {
	h := uint64(termHashStart)
	for ; len(tok) >= 8; tok = tok[8:] {
		h = termHashPart(h, binary.LittleEndian.Uint64(tok))
	}
	return termHashEnd(termHashPart(h, firstPart(tok)))
}

// termHashStart is the hash of no parts: FNV-1a's 64-bit offset basis.
const termHashStart = 14695981039346656037

// termHashPart is h with the eight bytes of part hashed in.
func termHashPart(h, part uint64) uint64 { return (h ^ part) * 0x9e3779b97f4a7c15 }

// termHashEnd makes the 32-bit hash of the parts hashed in h. The last
// multiplication leaves each bit of the product depending on the bits
// below it alone; folding the high half into the low one, then
// multiplying again, makes the top 32 bits depend on every byte.
func termHashEnd(h uint64) uint32 {
	h ^= h >> 32
	return uint32(h * 0x9e3779b97f4a7c15 >> 32)
}
