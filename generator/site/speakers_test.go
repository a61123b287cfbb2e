package site

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

func TestInitials(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"FirstAndLast", "Ana María López", "AL"},
		{"OneWord", "Madonna", "M"},
		{"Han", "李小龙", "李"},
		{"Acronym", "DJ Shadow", "DS"},
		{"LowerCase", "bell hooks", "BH"},
		{"Accented", "émile zola", "ÉZ"},
		{"PunctuationSkipped", "Dr. Ann (host)", "DH"},
		{"NoLetters", "🎧", "🎧"},
		{"Empty", "", ""},
		{"Spaces", "  Sam   Chen ", "SC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Initials(tt.in); got != tt.want {
				t.Errorf("Initials(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// timed makes a turn: "Name@1:00" starts at a minute, "Name@1:00-1:30"
// ends too, "Name" has no time, "[Break]@2:00" is a marker.
func timed(t *testing.T, spec string) transcript.Turn {
	t.Helper()
	who, at, _ := strings.Cut(spec, "@")
	turn := transcript.Turn{Speaker: who, Start: transcript.NoTime}
	if strings.HasPrefix(who, "[") {
		turn = transcript.Turn{Marker: strings.Trim(who, "[]"), Start: transcript.NoTime}
	}
	if at != "" {
		start, end, hasEnd := strings.Cut(at, "-")
		var err error
		if turn.Start, err = transcript.ParseTimestamp(start); err != nil {
			t.Fatal(err)
		}
		if hasEnd {
			if turn.End, err = transcript.ParseTimestamp(end); err != nil {
				t.Fatal(err)
			}
		}
	}
	return turn
}

func TestTalkTime(t *testing.T) {
	tests := []struct {
		name  string
		turns []string
		want  string // each speaker's talk time, in order of first appearance
	}{
		{"UntilNextTurn", []string{"A@0:00", "B@1:00", "A@1:30"}, "A=1m0s B=30s"},
		{"LastUntilItsEnd", []string{"A@0:00", "B@1:00-1:45"}, "A=1m0s B=45s"},
		{"LastWithoutEndIsNothing", []string{"A@0:00", "B@1:00"}, "A=1m0s B=0s"},
		{"EndCutsBeforeNext", []string{"A@0:00-0:20", "B@1:00"}, "A=20s B=0s"},
		{"EndAfterNextIgnored", []string{"A@0:00-2:00", "B@1:00"}, "A=1m0s B=0s"},
		{"MarkerIsNoOne", []string{"A@0:00", "[Break]@1:00", "B@3:00", "A@3:10"}, "A=1m0s B=10s"},
		{"UntimedTurnsAreTheTimedOnes", []string{"A@0:00", "B", "A@1:00", "B@2:00"}, "A=2m0s B=0s"},
		{"ContinuedTurnsAdd", []string{"A@0:00", "A@0:30", "B@1:00", "A@1:40"}, "A=1m0s B=40s"},
		{"Untimed", []string{"A", "B", "A"}, "A=0s B=0s"},
		{"TimesOutOfOrder", []string{"A@1:00", "B@0:30", "A@2:00"}, "A=0s B=1m30s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := &transcript.Transcript{}
			for _, s := range tt.turns {
				tr.Turns = append(tr.Turns, timed(t, s))
			}
			sum := Summarize("content/x.md", tr)
			var got []string
			for k, sp := range sum.Speakers {
				got = append(got, fmt.Sprintf("%s=%s", sp.Name, sum.SpeakerTalk[k]))
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("talk time %s, want %s", g, tt.want)
			}
		})
	}
}

func TestTalkTimeSite(t *testing.T) {
	ep := func(source, date string, turns ...string) *Summary {
		tr := &transcript.Transcript{}
		tr.Meta.Date, _ = time.Parse("2006-01-02", date)
		for _, s := range turns {
			tr.Turns = append(tr.Turns, timed(t, s))
		}
		return Summarize(source, tr)
	}
	cfg := DefaultConfig()
	cfg.Aliases = map[string]string{"Speaker 1": "Ann"}
	s, problems := New(cfg, []*Summary{
		ep("content/a.md", "2024-01-01", "Ann@0:00", "Bo@1:00", "Ann@1:30-2:00"),
		ep("content/b.md", "2024-02-01", "Ann@0:00", "Speaker 1@0:10", "Bo@0:40-1:00"),
	}, false)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	ann, bo := s.Speaker("ann"), s.Speaker("bo")
	if ann.TalkTime != 130*time.Second || bo.TalkTime != 50*time.Second {
		t.Errorf("totals: Ann %s, Bo %s; want 2m10s, 50s", ann.TalkTime, bo.TalkTime)
	}
	if got := s.Episodes[0].TalkTime(ann); got != 40*time.Second { // Ann and Speaker 1 are one person
		t.Errorf("Ann in b: %s, want 40s", got)
	}
}

// cast makes an untimed episode of the given speakers.
func cast(source, date string, speakers ...string) *Summary {
	return summary(source, source, date, false, speakers...)
}

func colors(s *Site) map[string]int {
	m := map[string]int{}
	for _, sp := range s.Speakers {
		m[sp.Name] = sp.Color
	}
	return m
}

func TestColorsDistinctInAnEpisode(t *testing.T) {
	var sums []*Summary
	for i := range 40 {
		// A host, a co-host and guests who come back now and then.
		sums = append(sums, cast(fmt.Sprintf("content/%02d.md", i), fmt.Sprintf("2024-01-%02d", 1+i%28),
			"Host", "Co-host", fmt.Sprintf("Guest %d", i%13), fmt.Sprintf("Guest %d", (i*7)%17+13)))
	}
	s, _ := New(DefaultConfig(), sums, false)
	for _, e := range s.Episodes {
		seen := map[int]string{}
		for _, sp := range e.Speakers {
			if sp.Color < 0 || sp.Color >= Colors {
				t.Fatalf("%s has colour %d", sp.Name, sp.Color)
			}
			// A speaker first heard here must differ from everyone
			// coloured before; two returning speakers may clash only if
			// both were coloured elsewhere first.
			if other, ok := seen[sp.Color]; ok && (firstEpisode(sp) == e || firstEpisode(s.byName[other]) == e) {
				t.Errorf("%s: %s and %s share colour %d", e.Source, other, sp.Name, sp.Color)
			}
			seen[sp.Color] = sp.Name
		}
	}
}

func firstEpisode(sp *Speaker) *Episode { return sp.Episodes[len(sp.Episodes)-1] }

func TestColorsFillThePalette(t *testing.T) {
	names := make([]string, Colors)
	for i := range names {
		names[i] = fmt.Sprintf("Person %d", i)
	}
	s, _ := New(DefaultConfig(), []*Summary{cast("content/a.md", "2024-01-01", names...)}, false)
	used := map[int]bool{}
	for _, sp := range s.Speakers {
		used[sp.Color] = true
	}
	if len(used) != Colors {
		t.Errorf("%d speakers of one episode got %d colours", Colors, len(used))
	}
}

func TestColorsStableWhenEpisodesAreAdded(t *testing.T) {
	sums := []*Summary{
		cast("content/a.md", "2024-01-01", "Host", "Ann"),
		cast("content/b.md", "2024-02-01", "Host", "Bo", "Cy"),
		cast("content/c.md", "2024-03-01", "Host", "Ann", "Di"),
	}
	before, _ := New(DefaultConfig(), sums, false)
	was := colors(before)
	more := append(sums,
		cast("content/d.md", "2024-04-01", "Host", "Bo", "Di", "Ed", "Flo"),
		cast("content/0.md", "2024-05-01", "Cy", "Ann", "Gus"))
	after, _ := New(DefaultConfig(), more, false)
	for name, c := range colors(after) {
		if old, ok := was[name]; ok && old != c {
			t.Errorf("%s changed colour from %d to %d", name, old, c)
		}
	}
}

func TestColorsOverride(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Speakers = map[string]SpeakerConfig{"Ann": {Color: 3}, "Host": {Color: 3, Avatar: "/img/host.png"}}
	s, _ := New(cfg, []*Summary{cast("content/a.md", "2024-01-01", "Host", "Ann", "Bo")}, false)
	c := colors(s)
	if c["Ann"] != 2 || c["Host"] != 2 {
		t.Errorf("colours %v: the config's color 3 is index 2", c)
	}
	if c["Bo"] == 2 {
		t.Errorf("Bo took a colour the config gave")
	}
	if got := s.Speaker("host").Avatar; got != "/img/host.png" {
		t.Errorf("avatar %q, want the config's", got)
	}
}

func TestLoadConfigSpeakers(t *testing.T) {
	tests := []struct{ name, yaml, want, problem string }{
		{"OK", "speakers:\n  Ann López:\n    color: 2\n    avatar: /ann.jpg\n", "Ann López=2 /ann.jpg", ""},
		{"ErrColorOutOfPalette", "speakers:\n  Ann:\n    color: 9\n", "Ann=0 ", "verbatim.yaml:2:3: speaker \"Ann\": color 9 is not in the palette"},
		{"ErrAvatarScript", "speakers:\n  Ann:\n    avatar: javascript:x\n", "Ann=0 ", "verbatim.yaml:2:3: speaker \"Ann\": avatar is a javascript: URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, ConfigFile), []byte(tt.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg, problems := LoadConfig(dir)
			var got []string
			for name, c := range cfg.Speakers {
				got = append(got, fmt.Sprintf("%s=%d %s", name, c.Color, c.Avatar))
			}
			if g := strings.Join(got, ","); g != tt.want {
				t.Errorf("speakers %s, want %s", g, tt.want)
			}
			if p := problems.Error(); !strings.HasPrefix(p, tt.problem) || (tt.problem == "") != (len(problems) == 0) {
				t.Errorf("problems %q, want %q", p, tt.problem)
			}
		})
	}
}

// TestColorsAvoidRegulars checks that a guest of one show does not take
// the colour of another show's host, whom they may meet next, when the
// palette has a colour free of both.
func TestColorsAvoidRegulars(t *testing.T) {
	var sums []*Summary
	for i := range 40 {
		host := []string{"Ann Host", "Bo Host"}[i%2]
		sums = append(sums, cast(fmt.Sprintf("content/%02d.md", i), fmt.Sprintf("2024-%02d-%02d", 1+i/28, 1+i%28), host, fmt.Sprintf("Guest %d", i)))
	}
	s, _ := New(DefaultConfig(), sums, false)
	ann, bo := s.Speaker("ann-host").Color, s.Speaker("bo-host").Color
	for i := 2 * regular; i < 40; i++ { // once both hosts are regulars
		if g := s.Speaker(fmt.Sprintf("guest-%d", i)); g.Color == ann || g.Color == bo {
			t.Errorf("Guest %d has a host's colour %d (Ann %d, Bo %d)", i, g.Color, ann, bo)
		}
	}
}
