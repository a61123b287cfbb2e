package transcript

import "github.com/verbatim-ssg/verbatim/generator/diag"

// Parse reads a transcript file. The result is best effort even when there
// are problems; the problems say what was wrong and where.
func Parse(file string, src []byte) (*Transcript, diag.List) {
	return ParseMarkdown(file, src)
}
