package corpus

import (
	"bytes"
	"testing"
)

// TestLongIsANinetyMinuteEpisodeWithChapters checks the shape the CI's
// checks count on: it parses without problems or lint warnings, and has
// 1,000 turns between four speakers over 90 minutes, chapters about every
// ten minutes each starting at a turn and at that turn's time, and audio.
func TestLongIsANinetyMinuteEpisodeWithChapters(t *testing.T) {
	name, src := Long(1)
	if name != LongName {
		t.Errorf("name %q, want %q", name, LongName)
	}
	tr, c := count(t, name, src)
	if c.turns != 1000 {
		t.Errorf("%d turns, want 1000", c.turns)
	}
	if d := tr.Duration().Minutes(); d < 89 || d > 92 {
		t.Errorf("%.1f minutes, want about 90", d)
	}
	if len(tr.Speakers) != 4 {
		t.Errorf("%d speakers declared, want 4", len(tr.Speakers))
	}
	spoke := map[string]int{}
	for _, turn := range tr.Turns {
		spoke[turn.Speaker]++
	}
	if len(spoke) != 4 {
		t.Errorf("%d speakers speak, want 4: %v", len(spoke), spoke)
	}
	if n := len(tr.Chapters); n < 8 || n > 10 {
		t.Errorf("%d chapters, want 9 or so", n)
	}
	for k, ch := range tr.Chapters {
		if ch.Title == "" || ch.Start != tr.Turns[ch.Turn].Start {
			t.Errorf("chapter %d (%q) starts at %v, its first turn at %v", k, ch.Title, ch.Start, tr.Turns[ch.Turn].Start)
		}
	}
	if tr.Meta.Media.Audio != LongAudio {
		t.Errorf("audio %q, want %q", tr.Meta.Media.Audio, LongAudio)
	}
	if _, again := Long(1); !bytes.Equal(src, again) {
		t.Error("Long(1) gave different results twice")
	}
	if _, other := Long(2); bytes.Equal(src, other) {
		t.Error("Long(2) equals Long(1): the seed is ignored")
	}
}
