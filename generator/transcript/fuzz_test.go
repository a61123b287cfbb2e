package transcript

import (
	"os"
	"strings"
	"testing"
)

// seedGoldens adds every golden sample whose name ends in one of exts to
// the fuzzer's corpus.
func seedGoldens(f *testing.F, exts ...string) {
	for _, in := range goldenInputs(f) {
		for _, ext := range exts {
			if strings.HasSuffix(in, ext) {
				src, err := os.ReadFile(in)
				if err != nil {
					f.Fatal(err)
				}
				f.Add(src)
			}
		}
	}
}

// fuzzFormat checks the invariants of parsing src as format: no panic,
// positions in range, starts known or NoTime, a transcript even with
// errors, and canonical output that parses without a panic.
func fuzzFormat(t *testing.T, format string, src []byte) {
	tr, problems := ParseFormat("fuzz", src, format)
	checkInvariants(t, tr, src)
	for _, p := range problems {
		if p.Pos.Line < 1 {
			t.Errorf("problem without a line: %v", p)
		}
	}
	again, _ := Parse("fuzz.md", Markdown(tr))
	checkInvariants(t, again, Markdown(tr))
}

func FuzzParse(f *testing.F) {
	seedGoldens(f, "")
	f.Fuzz(func(t *testing.T, src []byte) { fuzzFormat(t, "", src) })
}

func FuzzMarkdown(f *testing.F) {
	seedGoldens(f, ".md")
	f.Fuzz(func(t *testing.T, src []byte) { fuzzFormat(t, FormatMarkdown, src) })
}

// FuzzLineFormats runs each line style other than the spine on the input.
func FuzzLineFormats(f *testing.F) {
	seedGoldens(f, ".md", ".txt")
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, st := range lineStyles[1:] {
			fuzzFormat(t, st.name, src)
		}
	})
}

func FuzzVTT(f *testing.F) {
	seedGoldens(f, ".vtt")
	f.Fuzz(func(t *testing.T, src []byte) { fuzzFormat(t, FormatVTT, src) })
}

func FuzzSRT(f *testing.F) {
	seedGoldens(f, ".srt")
	f.Fuzz(func(t *testing.T, src []byte) { fuzzFormat(t, FormatSRT, src) })
}

func FuzzJSON(f *testing.F) {
	seedGoldens(f, ".json")
	f.Fuzz(func(t *testing.T, src []byte) { fuzzFormat(t, FormatJSON, src) })
}
