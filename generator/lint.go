package generator

import (
	"github.com/verbatim-ssg/verbatim/generator/diag"
	"github.com/verbatim-ssg/verbatim/generator/lint"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// lintTranscript returns the linter's warnings for one transcript.
func lintTranscript(t *transcript.Transcript, src []byte) diag.List {
	return lint.Transcript(t, src)
}
