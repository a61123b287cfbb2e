package transcript

import (
	"strings"
	"testing"
)

// TestFrontMatterProblems checks that YAML and TOML front matter report
// the same mistakes, at the line and column where they are.
func TestFrontMatterProblems(t *testing.T) {
	const turn = "**Ann** (0:00)\nHi.\n"
	tests := []struct {
		name, src, want string
	}{
		{"ErrTOMLSyntaxAtItsLine", "+++\ntitle = \"ok\"\ndate = \n+++\n" + turn, "ep.md:3:"},
		{"ErrTOMLUnclosed", "+++\ntitle = \"ok\"\n" + turn, "ep.md:1:1: front matter is not closed"},
		{"WarnTOMLUnknownKeyDidYouMean", "+++\ntitle = \"ok\"\ntittle = \"x\"\n+++\n" + turn, "ep.md:3:1: warning: unknown front matter key \"tittle\" is ignored\n\thint: did you mean title?"},
		{"WarnYAMLUnknownKeyDidYouMean", "---\ntitle: ok\ntittle: x\n---\n" + turn, "ep.md:3:1: warning: unknown front matter key \"tittle\" is ignored\n\thint: did you mean title?"},
		{"ErrTOMLDateNotADate", "+++\ndate = \"someday\"\n+++\n" + turn, "ep.md:2:1: \"someday\" is not a date"},
		{"ErrYAMLDateNotADate", "---\ndate: someday\n---\n" + turn, "ep.md:2:7: \"someday\" is not a date"},
		{"ErrTOMLTitleNotText", "+++\ntitle = [1, 2]\n+++\n" + turn, "ep.md:2:1: title must be text"},
		{"ErrTOMLSpeakerWithoutName", "+++\n[[speakers]]\nrole = \"host\"\n+++\n" + turn, "ep.md:2:1: this speaker has no name"},
		{"ErrYAMLBadIndent", "---\ntitle: a\n  b: c\n---\n" + turn, "ep.md:3:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := Parse("ep.md", []byte(tt.src))
			if got := problems.Format(); !strings.Contains(got, tt.want) {
				t.Errorf("problems lack %q:\n%s", tt.want, got)
			}
		})
	}
}

// TestTOMLMatchesYAML checks that the same front matter in TOML and in
// YAML gives the same transcript.
func TestTOMLMatchesYAML(t *testing.T) {
	const body = "**Ann Lee** (0:00)\nHi.\n"
	yml := "---\ntitle: T\nshow: S\ndate: 2024-01-02\ndraft: true\ntags: [a, b]\nmedia: https://youtu.be/x\nspeakers:\n  - name: Ann Lee\n    role: host\n  - Bo\n---\n" + body
	tml := "+++\ntitle = \"T\"\nshow = \"S\"\ndate = 2024-01-02\ndraft = true\ntags = [\"a\", \"b\"]\nmedia = \"https://youtu.be/x\"\nspeakers = [{name = \"Ann Lee\", role = \"host\"}, \"Bo\"]\n+++\n" + body
	a, pa := Parse("a.md", []byte(yml))
	b, pb := Parse("b.md", []byte(tml))
	if len(pa) > 0 || len(pb) > 0 {
		t.Fatalf("problems: %v / %v", pa, pb)
	}
	if diff := sameTranscript(a, b); diff != "" {
		t.Error(diff)
	}
	if a.Meta.Media.Video != "https://youtu.be/x" || len(a.Speakers) != 2 || a.Speakers[0].Role != "host" {
		t.Errorf("YAML read wrong: %+v %+v", a.Meta, a.Speakers)
	}
}

// TestFrontMatterImage checks that an episode's artwork is read from
// image: and from the keys other tools write for it, as a URL or a table
// that holds one, and that image: wins over them.
func TestFrontMatterImage(t *testing.T) {
	const turn = "**Ann** (0:00)\nHi.\n"
	tests := []struct{ name, src, want string }{
		{"OK", "---\nimage: /images/ep1.png\n---\n" + turn, "/images/ep1.png"},
		{"ArtworkKey", "---\nartwork: https://cdn.example/a.jpg\n---\n" + turn, "https://cdn.example/a.jpg"},
		{"EpisodeImageKey", "---\nepisode_image: b.png\n---\n" + turn, "b.png"},
		{"HugoCoverTable", "---\ncover:\n  image: c.png\n  alt: A cave\n---\n" + turn, "c.png"},
		{"TOMLTable", "+++\n[image]\nurl = \"d.png\"\n+++\n" + turn, "d.png"},
		{"ImageWins", "---\ncover: x.png\nimage: e.png\n---\n" + turn, "e.png"},
		{"ImageWinsWrittenFirst", "---\nimage: f.png\nthumbnail: x.png\n---\n" + turn, "f.png"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, problems := Parse("ep.md", []byte(tt.src))
			if problems.HasErrors() {
				t.Fatalf("problems: %s", problems.Format())
			}
			if tr.Meta.Image != tt.want {
				t.Errorf("image %q, want %q", tr.Meta.Image, tt.want)
			}
			if back, _ := Parse("ep.md", Markdown(tr)); back.Meta.Image != tt.want {
				t.Errorf("written as markdown and read back, image %q, want %q", back.Meta.Image, tt.want)
			}
		})
	}
}
