package transcript

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestDetect names, for each way a file can look, the format it is read as.
func TestDetect(t *testing.T) {
	tests := []struct {
		name, file, src, want string
	}{
		{"SpineTimedHeaders", "a.md", "Title\n\n**Jane** (0:00)\nHi.\n\n**Joe** (0:05)\nHo.\n", FormatMarkdown},
		{"SpineWinsOverShowNotesChapterList", "a.md", "Title\n\n0:00 Intro\n4:00 Middle\n\n**Jane** (0:00)\nHi.\n\n**Joe** (0:05)\nHo.\n\n**Jane** (4:00)\nHa.\n", FormatMarkdown},
		{"SpineIgnoresTurnsInCodeBlocks", "a.md", "**Jane** (0:00)\n```\n**A:** x\n**B:** y\n**C:** z\n```\n", FormatMarkdown},
		{"ChangelogBoldColon", "a.md", "**Jane:** Hi.\n\n**Joe:** Ho.\n", FormatBoldColon},
		{"ChangelogColonOutsideBold", "a.md", "**Jane**: Hi.\n\n**Joe**: Ho.\n", FormatBoldColon},
		{"SubstackBracketTime", "a.md", "**Jane** [00:00:01]: Hi.\n**Joe** [00:00:04]: Ho.\n", FormatBoldBracket},
		{"SubstackEscapedBrackets", "a.md", "**Jane** \\[00:00:01\\] Hi.\n", FormatBoldBracket},
		{"TimeBeforeBoldName", "a.md", "\\[0:00:01.5\\] **Jane** Hi.\n\\[0:00:03.5\\] **Joe** Ho.\n", FormatTimeBold},
		{"HeadingWithDashTime", "a.md", "### Jane — 0:00\nHi.\n### Joe - 0:04\nHo.\n", FormatHeading},
		{"RevNameColonTime", "a.txt", "Jane: (00:01)\nHi.\n\nJoe: (00:04)\nHo.\n", FormatRev},
		{"RevSpeakerNumberTimeColon", "a.txt", "Speaker 1 (00:00:00):\nHi.\n", FormatRev},
		{"LexNameTimeText", "a.txt", "Lex (00:00:00) Hi.\n(00:00:09) More.\nGuest (00:01:00) Ho.\n", FormatNameTime},
		{"MeetingTimeNameColon", "a.txt", "[00:00:01] Jane: Hi.\n[00:00:04] Joe: Ho.\n", FormatTimeName},
		{"MeetingParenthesisedTime", "a.txt", "(00:00:01) Jane: Hi.\n(00:00:04) Joe: Ho.\n", FormatTimeName},
		{"OtterNameThenTime", "a.txt", "Jane Doe  0:03\nHi.\n\nJoe Bloggs  0:07\nHo.\n", FormatOtter},
		{"YouTubeTimeAlone", "a.txt", "0:00\nhello\n0:03\nthere\n", FormatYouTube},
		{"PlainWhisperRange", "a.txt", "[00:00.000 --> 00:02.000]  hello\n", FormatPlain},
		{"VTTByExtension", "a.vtt", "00:00.000 --> 00:01.000\nhi\n", FormatVTT},
		{"VTTByContent", "a.txt", "WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n", FormatVTT},
		{"SRTByExtension", "a.srt", "1\n00:00:00,000 --> 00:00:01,000\nhi\n", FormatSRT},
		{"SRTByContentWithBOM", "a.txt", "\uFEFF1\n00:00:00,000 --> 00:00:01,000\nhi\n", FormatSRT},
		{"JSONByExtension", "a.json", `{"segments": []}`, FormatJSON},
		{"JSONByContent", "a.txt", `  {"version": "1.0.0", "segments": []}`, FormatJSON},
		{"MarkdownLinkIsNotJSON", "a.md", "[a link](x)\n\n**Jane** (0:00)\nHi.\n", FormatMarkdown},
		{"FrontMatterOverridesDetection", "a.md", "---\nformat: plain\n---\n**Jane:** 0:00 hi\n", FormatPlain},
		{"FrontMatterNamesCueFormat", "a.md", "---\nformat: srt\n---\n1\n00:00:00,000 --> 00:00:01,000\nJane: hi\n", FormatSRT},
		{"RevContinuationsNeverDecide", "a.md", "Lenny (00:00:00):\nHi.\n\n(00:00:04):\nA.\n\n(00:00:05):\nB.\n\n(00:00:06):\nC.\n\nBoz (00:00:09):\nHo.\n", FormatRev},
		{"RevNicknameAndPart", "a.md", "Andrew 'Boz' Bosworth (00:00:07):\nHi.\n\nJiaona Zhang (JZ) (00:01:02):\nHo.\n", FormatRev},
		{"ChangelogMonologueWithTimes", "a.md", "**Dan:** Hi.\n\n\\[06:30\\] One.\n\n\\[10:23\\] Two.\n\n\\[14:25\\] Three.\n", FormatBoldColon},
		{"SpineRoleInBrackets", "a.md", "**Ann (host)** (0:00)\nHi.\n\n**Jane Doe (guest)** (0:05)\nHo.\n", FormatMarkdown},
		{"NothingMatchesFallsBackToMarkdown", "a.md", "Just some notes.\nNo turns here.\n", FormatMarkdown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, problems := Parse(tt.file, []byte(tt.src))
			if tr.Format != tt.want {
				t.Errorf("format = %s, want %s (problems: %v)", tr.Format, tt.want, problems)
			}
		})
	}
}

// TestParseFormatNamed checks that a format named by the caller (the
// site's config) is used, and that front matter still wins over it.
func TestParseFormatNamed(t *testing.T) {
	src := "0:00 Jane: hi\n0:04 Joe: ho\n"
	if tr, _ := ParseFormat("a.txt", []byte(src), FormatPlain); tr.Format != FormatPlain || len(tr.Turns) != 1 {
		t.Errorf("named plain: format %s, %d turns", tr.Format, len(tr.Turns))
	}
	src = "---\nformat: changelog\n---\n**Jane:** hi\n"
	if tr, _ := ParseFormat("a.md", []byte(src), FormatPlain); tr.Format != FormatBoldColon || len(tr.Turns) != 1 {
		t.Errorf("front matter over config: format %s, %d turns", tr.Format, len(tr.Turns))
	}
}

// TestNoTurnsError checks the one error a file matching no format gets:
// which formats were tried, and the first lines as the parser saw them.
func TestNoTurnsError(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"ErrListsFormatsAndFirstLines", "Notes from the call\nJane said hi\n", []string{"no turns found", "tried formats markdown, changelog", "vtt, srt, json", `"Notes from the call"`, `"Jane said hi"`}},
		{"ErrNamedFormatOnly", "---\nformat: otter\n---\nNotes\n", []string{"tried formats otter (named in front matter)", `"Notes"`}},
		{"ErrEmptyFile", "", []string{"the file is empty"}},
		{"ErrNearMissQuoted", "# A near miss\n\n**Bob* (0:00)\nHello there.\n", []string{`the line "**Bob* (0:00)" is nearly a turn header`, `3:1: warning: "**Bob* (0:00)" looks like a turn header`, "write it as **Bob** (0:00)"}},
		{"ErrUnknownFormatDidYouMean", "---\nformat: markdwn\n---\n**A** (0:00)\nhi\n", []string{`unknown format "markdwn"`, "did you mean markdown?"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := Parse("ep.md", []byte(tt.src))
			if !problems.HasErrors() {
				t.Fatalf("no error for %q", tt.src)
			}
			got := problems.Format()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("error lacks %q:\n%s", w, got)
				}
			}
		})
	}
}

// TestDetectStopsOnlyWhenDecided checks that detection, which stops as
// soon as the lines left could not change its pick, picks what counting
// all of its lines would, on files that mix the headers of every style.
func TestDetectStopsOnlyWhenDecided(t *testing.T) {
	kinds := []string{"**Jane** (0:00)", "**Jane:** Hi.", "**Jane** [00:00:01]: Hi.", "\\[0:00:01.5\\] **Jane** Hi.",
		"### Jane — 0:00", "Jane: (00:01)", "(00:00:09) More.", "Lex (00:00:00) Hi.", "[00:00:01] Jane: Hi.",
		"Jane Doe  0:03", "0:03", "Just text.", "```", ""}
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 500 {
		var b strings.Builder
		for range r.IntN(2 * detectLines) {
			// Few kinds per file, so that counts run close.
			b.WriteString(kinds[(n+r.IntN(3))%len(kinds)])
			b.WriteByte('\n')
		}
		if got, want := detectStyle(b.String(), 0), countAll(b.String()); got != want {
			t.Fatalf("picked %s, counting all lines picks %s, in:\n%s", got.name, want.name, b.String())
		}
	}
}

// countAll is detection without stopping early.
func countAll(s string) *lineStyle {
	counts, opens := countHeaders(s, 0, func(_ []int, _ []bool, left int) bool { return left == 0 })
	return lineStyles[leader(counts, opens)]
}
