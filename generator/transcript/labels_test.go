package transcript

import (
	"strings"
	"testing"
	"time"
)

// TestMarkers names, for each label, whether it is a marker or a speaker.
func TestMarkers(t *testing.T) {
	tests := []struct {
		name, label string
		markers     []string
		want        string // the marker, or "" for a speaker
	}{
		{"Break", "Break", nil, "Break"},
		{"AnyCase", "BREAK", nil, "BREAK"},
		{"ColdOpen", "Cold open", nil, "Cold open"},
		{"MarkerThenLowerCaseWords", "Song extract", nil, "Song extract"},
		{"PersonWhoseNameStartsLikeOne", "Breakmaster Cylinder", nil, ""},
		{"MarkerThenCapitalisedName", "Ad Miller", nil, ""},
		{"ClipFromAShow", "Clip from Go Time #273", nil, "Clip from Go Time #273"},
		{"Person", "Jerod Santo", nil, ""},
		{"FromConfig", "Interlude", []string{"Interlude"}, "Interlude"},
		{"NotInConfig", "Interlude", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &parser{markers: tt.markers}
			if got := p.markerOf(tt.label); got != tt.want {
				t.Errorf("markerOf(%q) = %q, want %q", tt.label, got, tt.want)
			}
		})
	}
}

// TestMarkerTurn checks a marker's time range and that the configured
// markers reach parsing.
func TestMarkerTurn(t *testing.T) {
	src := "**Ann:** Hi.\n\n**Interlude:** \\[20:49\\] to \\[22:26\\]\n\n**Ann:** Back.\n"
	tr, _ := ParseWith("a.md", []byte(src), Options{Markers: []string{"Interlude"}})
	if len(tr.Turns) != 3 {
		t.Fatalf("%d turns, want 3", len(tr.Turns))
	}
	m := tr.Turns[1]
	if m.Marker != "Interlude" || m.Speaker != "" || m.Start != 20*time.Minute+49*time.Second || m.End != 22*time.Minute+26*time.Second || m.Text != "" {
		t.Errorf("marker turn = %+v", m)
	}
	if got := tr.SpeakerNames(); len(got) != 1 || got[0] != "Ann" {
		t.Errorf("speakers = %q, want only Ann", got)
	}
}

// TestLimits checks that each limit is an error at the position where it
// is exceeded, and that the defaults let ordinary files through.
func TestLimits(t *testing.T) {
	long := "**Ann** (0:00)\n" + strings.Repeat("word ", 100) + "\n\n**Ben** (0:05)\nShort.\n"
	deep := "**Ann** (0:00)\nA list:\n\n" + "- a\n  - b\n    - c\n      - d\n        - e\n"
	tests := []struct {
		name   string
		src    string
		limits Limits
		want   string // in the error; "" for none
		line   int
	}{
		{"OK", long, Limits{}, "", 0},
		{"ErrFileSize", long, Limits{FileSize: 100}, "over the limit of 100", 1},
		{"ErrTurnLength", long, Limits{TurnLength: 200}, "the turn is 517 bytes long, over the limit of 200", 1},
		{"OKNesting", deep, Limits{}, "", 0},
		{"ErrNesting", deep, Limits{Nesting: 3}, "nest 4 deep, over the limit of 3", 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, problems := ParseWith("a.md", []byte(tt.src), Options{Limits: tt.limits})
			if tr == nil {
				t.Fatal("no transcript")
			}
			if tt.want == "" {
				if problems.HasErrors() {
					t.Errorf("errors: %v", problems)
				}
				return
			}
			for _, p := range problems {
				if strings.Contains(p.Msg, tt.want) {
					if p.Pos.Line != tt.line || p.Hint == "" {
						t.Errorf("at line %d with hint %q, want line %d and a hint", p.Pos.Line, p.Hint, tt.line)
					}
					return
				}
			}
			t.Errorf("no error %q in %v", tt.want, problems)
		})
	}
}

// TestTitleFromName checks the titles made for files that have none.
func TestTitleFromName(t *testing.T) {
	for file, want := range map[string]string{
		"podcast/the-changelog-103.md":      "The Changelog 103",
		"episodes/boz/transcript.md":        "Boz",
		"2024/ep_12 final.txt":              "Ep 12 Final",
		"transcript.md":                     "Transcript",
		"gotime/go-time-funny-bits-2021.md": "Go Time Funny Bits 2021",
	} {
		if got := titleFromName(file); got != want {
			t.Errorf("titleFromName(%q) = %q, want %q", file, got, want)
		}
	}
}

// FuzzHeaderShaped checks that headerShaped never turns away a line that
// a style marked shaped reads as a header: detection and lookalike skip
// the lines it turns away.
func FuzzHeaderShaped(f *testing.F) {
	for _, s := range []string{"**Jane** (0:00)", "**Jane:** Hi.", "**Jane** [00:00:01]: Hi.", "\\[0:00:01.5\\] **Jane** Hi.",
		"### Jane — 0:00", "Jane: (00:01)", "(00:00:09) More.", "Lex (00:00:00) Hi.", "[00:00:01] Jane: Hi.",
		"Jane Doe  0:03", "0:03", "  Lenny (00:01:30):", "Jiaona Zhang (JZ) (00:01:02):", "Just text."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if s == "" || strings.ContainsAny(s, "\n") {
			return
		}
		for _, st := range lineStyles {
			if _, ok := st.header(s); ok && st.shaped && !headerShaped(s) {
				t.Errorf("%s reads %q as a header, but headerShaped does not", st.name, s)
			}
		}
	})
}
