package site

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/verbatim-ssg/verbatim/generator/diag"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

func TestName(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"AsWritten", "José Núñez", "José Núñez"},
		{"NFDBecomesNFC", "Jose\u0301 Nu\u0301n\u0303ez", "José Núñez"},
		{"SpacesCollapse", "  Ann \t Lee  ", "Ann Lee"},
		{"NoBreakSpace", "Ann\u00a0Lee", "Ann Lee"},
		{"CaseKept", "ann lee", "ann lee"},
		{"AccentsKept", "Jose Nunez", "Jose Nunez"},
		{"EmojiKept", "🎧", "🎧"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Name(tt.in); got != tt.want {
				t.Errorf("Name(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	if n := testing.AllocsPerRun(100, func() { Name("José Núñez") }); n != 0 {
		t.Errorf("Name allocates %v times for a name already in form", n)
	}
}

// speakersOf summarises turns by the given names, in one episode.
func speakersOf(source string, names ...string) *Summary {
	return summary(source, strings.TrimSuffix(source, ".md"), "2024-01-01", false, names...)
}

// people lists the site's speakers as "slug=Name:turns".
func people(s *Site) string {
	var out []string
	for _, sp := range s.Speakers {
		out = append(out, fmt.Sprintf("%s=%s:%d", sp.Slug, sp.Name, sp.Turns))
	}
	return strings.Join(out, " ")
}

func TestSpeakersAreWhoTheySayTheyAre(t *testing.T) {
	tests := []struct {
		name    string
		aliases map[string]string
		sums    [][]string // each episode's turns, by speaker
		want    string
	}{
		{"AccentsAreAnotherPerson", nil, [][]string{{"Jose Nunez", "José Núñez"}},
			"jose-nunez=Jose Nunez:1 jose-nunez-2=José Núñez:1"},
		{"MostHeardKeepsTheSlug", nil, [][]string{{"LENNY RACHITSKY", "Lenny Rachitsky"}, {"Lenny Rachitsky"}},
			"lenny-rachitsky=Lenny Rachitsky:2 lenny-rachitsky-2=LENNY RACHITSKY:1"},
		{"SameNameOtherFormIsOnePerson", nil, [][]string{{"José Núñez", "Jose\u0301 Nu\u0301n\u0303ez", " José  Núñez"}},
			"jose-nunez=José Núñez:3"},
		{"EmojiIsNotSpeaker", nil, [][]string{{"🎧", "Speaker", "Speaker"}},
			"speaker=Speaker:2 speaker-2=🎧:1"},
		{"SuffixSkipsTakenSlugs", nil, [][]string{{"Ann Lee", "ann lee", "Ann Lee 2"}},
			"ann-lee=Ann Lee:1 ann-lee-3=ann lee:1 ann-lee-2=Ann Lee 2:1"},
		{"AliasMerges", map[string]string{"Speaker 1": "Ann Lee"}, [][]string{{"Speaker 1", "Bo"}, {"Ann Lee"}},
			"ann-lee=Ann Lee:2 bo=Bo:1"},
		{"AliasToSomeoneNew", map[string]string{"Speaker 1": "Ann Lee"}, [][]string{{"Speaker 1", "Speaker 2"}},
			"ann-lee=Ann Lee:1 speaker-2=Speaker 2:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sums []*Summary
			for i, names := range tt.sums {
				sums = append(sums, speakersOf(fmt.Sprintf("content/ep%d.md", i), names...))
			}
			cfg := DefaultConfig()
			cfg.Aliases = tt.aliases
			s, problems := New(cfg, sums, false)
			if problems.HasErrors() {
				t.Fatal(problems)
			}
			for _, w := range problems.Warnings() {
				if !strings.Contains(w.Error(), "differs only in case, accents or punctuation") || !strings.Contains(w.Hint, "aliases:") {
					t.Errorf("warning %s", w.Error())
				}
			}
			if got := people(s); got != tt.want {
				t.Errorf("speakers %s\nwant     %s", got, tt.want)
			}
			// Whatever order the episodes come in, the slugs are the same.
			rev := slices.Clone(tt.sums)
			slices.Reverse(rev)
			sums = nil
			for i, names := range rev {
				sums = append(sums, speakersOf(fmt.Sprintf("content/ep%d.md", i), names...))
			}
			if s, _ := New(cfg, sums, false); people(s) != tt.want {
				t.Errorf("episodes in another order: speakers %s", people(s))
			}
		})
	}
}

// TestTurnsFindTheirSpeaker checks that a turn is labelled by its own
// speaker: the index a renderer looks a turn's name up with.
func TestTurnsFindTheirSpeaker(t *testing.T) {
	sum := speakersOf("content/ep.md", "🎧", "Speaker", "José Núñez", "Jose Nunez")
	s, _ := New(DefaultConfig(), []*Summary{sum}, false)
	e := s.Episodes[0]
	for _, name := range []string{"Speaker", "🎧", "José Núñez", "Jose\u0301 Nu\u0301n\u0303ez", "Jose Nunez"} {
		k := e.SpeakerIndex(name)
		if k < 0 || e.Speakers[k].Name != Name(name) {
			t.Errorf("a turn by %q is labelled %v", name, e.Speakers[max(k, 0)].Name)
		}
	}
	if k := e.SpeakerIndex("speaker"); k >= 0 {
		t.Errorf("a turn by %q is labelled %q", "speaker", e.Speakers[k].Name)
	}
}

func TestLookAlikeNamesWarn(t *testing.T) {
	sums := []*Summary{speakersOf("content/a.md", "Lenny Rachitsky", "Lenny Rachitsky"), speakersOf("content/b.md", "LENNY RACHITSKY", "🎧", "Speaker")}
	_, problems := New(DefaultConfig(), sums, false)
	want := `content/b.md: warning: speaker "LENNY RACHITSKY" is another person than "Lenny Rachitsky", whose name differs only in case, accents or punctuation (pages /speakers/lenny-rachitsky-2/ and /speakers/lenny-rachitsky/)` +
		"\n\thint: if they are one person, add to verbatim.yaml:\n\taliases:\n\t  \"LENNY RACHITSKY\": \"Lenny Rachitsky\""
	if len(problems) != 1 || problems[0].Error() != want {
		t.Errorf("problems %v\nwant %s", problems, want)
	}
	cfg := DefaultConfig()
	cfg.Aliases = map[string]string{"LENNY RACHITSKY": "Lenny Rachitsky"}
	if s, problems := New(cfg, sums, false); len(problems) != 0 || people(s) != "lenny-rachitsky=Lenny Rachitsky:3 speaker=Speaker:1 speaker-2=🎧:1" {
		t.Errorf("with the alias: %s, problems %v", people(s), problems)
	}
}

func TestEpisodeSlugProblems(t *testing.T) {
	long := strings.Repeat("a", 300)
	at := func(sum *Summary, line int) *Summary {
		sum.SlugPos = diag.Pos{File: sum.Source, Line: line, Col: 1}
		return sum
	}
	withSlug := func(source, slug string) *Summary {
		sum := Summarize(source, &transcript.Transcript{Meta: transcript.Meta{Title: "T", Slug: slug}})
		return sum
	}
	tests := []struct {
		name string
		sums []*Summary
		want string
	}{
		{"ErrDuplicateNamesBothLines", []*Summary{at(withSlug("content/a.md", "intro"), 3), at(withSlug("content/b.md", "Intro"), 4)},
			"content/b.md:4:1: episode URL /episodes/intro/ is also the URL of content/a.md:3:1"},
		{"ErrDuplicateFileAndLine", []*Summary{withSlug("content/2024/intro.md", ""), at(withSlug("content/b.md", "intro"), 2)},
			"content/b.md:2:1: episode URL /episodes/intro/ is also the URL of content/2024/intro.md"},
		{"ErrTooLong", []*Summary{at(withSlug("content/a.md", long), 5)},
			"content/a.md:5:1: episode slug \"" + strings.Repeat("a", 40) + "…\" makes a URL of 300 bytes, over the limit of 200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := New(DefaultConfig(), tt.sums, false)
			if len(problems) != 1 || !strings.HasPrefix(problems[0].Error(), tt.want+"\n\thint: ") {
				t.Errorf("problems %v\nwant %s", problems, tt.want)
			}
		})
	}
}

// FuzzName checks that Name is idempotent and that its fast path agrees
// with the slow one: a name it returns unchanged is already normal.
func FuzzName(f *testing.F) {
	for _, s := range []string{"José Núñez", "Jose\u0301", " a  b ", "🎧", "Ann\u00a0Lee", "\u1100\u1161"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Name(s)
		if Name(n) != n {
			t.Fatalf("Name(%q) = %q, but Name of that is %q", s, n, Name(n))
		}
		if slow := strings.Join(strings.Fields(norm.NFC.String(s)), " "); n != slow {
			t.Fatalf("Name(%q) = %q, want %q", s, n, slow)
		}
	})
}
