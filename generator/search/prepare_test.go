package search

import "testing"

func TestAppendCleanMakesTabsAndLineBreaksSpaces(t *testing.T) {
	// Each of the bytes at every offset, so both the eight-byte words and
	// the bytes after them meet one.
	for _, c := range []byte{'\t', '\n', '\r'} {
		for at := range 19 {
			in := []byte("abcdefghijklmnopqrs")
			in[at] = c
			want := []byte("prefix:abcdefghijklmnopqrs")
			want[len("prefix:")+at] = ' '
			if got := appendClean([]byte("prefix:"), string(in)); string(got) != string(want) {
				t.Errorf("appendClean(%q) = %q, want %q", in, got, want)
			}
		}
	}
	keep := "\x00\x0b\x0c\x0e\x1f é\x8e\xff"
	if got := string(appendClean(nil, keep)); got != keep {
		t.Errorf("appendClean(%q) = %q, want it unchanged", keep, got)
	}
}
