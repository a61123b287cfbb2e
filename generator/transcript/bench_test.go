package transcript

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/verbatim-ssg/verbatim/generator/corpus"
)

// benchInput makes an input of about 90 KB, the size of an hour-long
// episode, by repeating a golden sample's turns with rising times, so
// each parser is measured on a realistic file rather than a tiny one.
func benchInput(b *testing.B, name string) []byte {
	src, err := os.ReadFile(name)
	if err != nil {
		b.Fatal(err)
	}
	tr, _ := Parse(filepath.Base(name), src)
	if len(tr.Turns) == 0 {
		b.Fatalf("%s has no turns", name)
	}
	var out bytes.Buffer
	if filepath.Ext(name) == ".json" {
		// JSON cannot be repeated: write as many segments as fit.
		out.WriteString(`{"version": "1.0.0", "segments": [`)
		for i := 0; out.Len() < 90_000; i++ {
			t := tr.Turns[i%len(tr.Turns)]
			fmt.Fprintf(&out, "\n  {\"speaker\": %q, \"startTime\": %d.25, \"endTime\": %d.5, \"body\": %q},", t.Speaker, i, i+1, t.Text)
		}
		out.Truncate(out.Len() - 1)
		out.WriteString("\n]}\n")
		return out.Bytes()
	}
	out.Write(src)
	for out.Len() < 90_000 {
		out.Write(src[tr.Turns[0].Offset:]) // turns only, footers and all
		out.WriteByte('\n')
	}
	return out.Bytes()
}

func benchParse(b *testing.B, name string) {
	src := benchInput(b, name)
	format := ""
	if name == spineSample() {
		format = FormatMarkdown
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		ParseFormat(filepath.Base(name), src, format)
	}
}

// BenchmarkParseSpine is the parser that runs on every file of a build,
// twice: the shared sample's format, with detection.
func BenchmarkParseSpine(b *testing.B) {
	b.Run("Detect", func(b *testing.B) {
		src := benchInput(b, spineSample())
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		for b.Loop() {
			Parse("sample.md", src)
		}
	})
	b.Run("Named", func(b *testing.B) { benchParse(b, spineSample()) })
}

// BenchmarkParseCorpus parses episodes of the benchmark corpus, as a build
// does twice for each: once detecting the format, once with it named.
func BenchmarkParseCorpus(b *testing.B) {
	srcs := make([][]byte, 8)
	for i := range srcs {
		_, srcs[i] = corpus.Episode(1, i)
	}
	for _, format := range []string{"", FormatMarkdown} {
		name := "Detect"
		if format != "" {
			name = "Named"
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(srcs[0])))
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				ParseFormat("ep.md", srcs[i%len(srcs)], format)
				i++
			}
		})
	}
}

func BenchmarkParseFormats(b *testing.B) {
	for _, in := range goldenInputs(b) {
		if in == spineSample() {
			continue
		}
		b.Run(filepath.Base(in), func(b *testing.B) { benchParse(b, in) })
	}
}

func BenchmarkMarkdown(b *testing.B) {
	tr, _ := Parse("sample.md", benchInput(b, spineSample()))
	out := Markdown(tr)
	b.SetBytes(int64(len(out)))
	b.ReportAllocs()
	for b.Loop() {
		Markdown(tr)
	}
}
