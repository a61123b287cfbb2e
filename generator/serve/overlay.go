package serve

import (
	"bytes"
	"html/template"
	"os"
	"path/filepath"
	"strings"

	"github.com/verbatim-ssg/verbatim/generator/diag"
)

// contextLines is how many source lines the overlay shows on each side of
// a problem's line.
const contextLines = 2

// overlayProblem is one problem as the overlay shows it.
type overlayProblem struct {
	Pos, Msg, Hint string
	Warning        bool
	Source         []sourceLine
}

// sourceLine is one line of source around a problem. Caret, on the
// problem's own line, is the text that puts a "^" under its column. Each
// line is a row of its own, its number apart from its text, so a long
// line wraps beside the numbers rather than running into the next.
type sourceLine struct {
	N     int
	Text  string
	Here  bool
	Caret string
}

var overlayTemplate = template.Must(template.New("overlay").Parse(`<div id="verbatim-overlay" role="alert" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);color:#eee;font:15px/1.45 system-ui,sans-serif;padding:2rem">
<style>#verbatim-overlay pre{background:#000;color:#ddd;padding:.6rem .8rem;border-radius:4px;overflow:auto;font:13px/1.4 ui-monospace,monospace;white-space:pre-wrap}
#verbatim-overlay .row{display:flex}#verbatim-overlay .n{flex:none;white-space:pre;color:#888}#verbatim-overlay .t{flex:1;min-width:0;white-space:pre-wrap;overflow-wrap:anywhere;tab-size:4}
#verbatim-overlay .here{color:#fff;background:#4a1b1b}#verbatim-overlay .caret{color:#ff6b6b}
#verbatim-overlay .pos{font-family:ui-monospace,monospace;color:#9cf}#verbatim-overlay .hint{color:#bdb}
#verbatim-overlay button{float:right;font:inherit;cursor:pointer}</style>
<button type="button" onclick="this.parentNode.remove()">Dismiss</button>
<h2 style="color:#ff6b6b;margin-top:0">The build failed</h2>
<p>This page is from the last good build. Fix the problem and save: this message goes away by itself.</p>
{{range .Problems}}<section>
<p><span class="pos">{{.Pos}}</span>: {{if .Warning}}warning: {{end}}<strong>{{.Msg}}</strong></p>
{{with .Hint}}<p class="hint">hint: {{.}}</p>{{end}}
{{with .Source}}<pre>{{range .}}<span class="row{{if .Here}} here{{end}}"><span class="n">{{printf "%5d" .N}} | </span><span class="t">{{.Text}}</span></span>{{if .Here}}<span class="row caret"><span class="n">      | </span><span class="t">{{.Caret}}^</span></span>{{end}}{{end}}</pre>{{end}}
</section>{{end}}
{{with .More}}<p>(and {{.}} more)</p>{{end}}
{{with .Err}}<pre>{{.}}</pre>{{end}}
</div>`))

// renderOverlay renders the error overlay for a failed build: each problem
// with its position, message, hint and the source lines around it, all
// escaped; errors first, so the one that broke the build is never below
// the cap. err is shown when it is not the problem list itself.
func (s *Server) renderOverlay(problems diag.List, err error) string {
	errs, warns := problems.Errors(), problems.Warnings() // copies: problems may be shared
	errs.Sort()
	warns.Sort()
	sorted := append(errs, warns...)
	var data struct {
		Problems []overlayProblem
		More     int
		Err      string
	}
	files := make(map[string]*diag.Lines)
	for i, p := range sorted {
		if i == diag.MaxReported {
			data.More = len(sorted) - i
			break
		}
		data.Problems = append(data.Problems, overlayProblem{
			Pos: p.Pos.String(), Msg: p.Msg, Hint: p.Hint, Warning: p.Severity == diag.Warning,
			Source: s.source(files, p.Pos),
		})
	}
	if _, isList := err.(diag.List); err != nil && !isList {
		data.Err = err.Error()
	}
	if len(data.Problems) == 0 && data.Err == "" {
		data.Err = "the build failed without saying why"
	}
	var b bytes.Buffer
	if err := overlayTemplate.Execute(&b, data); err != nil {
		// The template is fixed and its data plain strings: this is a bug.
		return "<div id=\"verbatim-overlay\">" + template.HTMLEscapeString(err.Error()) + "</div>"
	}
	return b.String()
}

// source returns the lines around pos, reading (and remembering in files)
// its file from the source folder, or nil when there is no line to show.
func (s *Server) source(files map[string]*diag.Lines, pos diag.Pos) []sourceLine {
	if pos.File == "" || pos.Line < 1 {
		return nil
	}
	ls, ok := files[pos.File]
	if !ok {
		name := pos.File
		if !filepath.IsAbs(name) {
			name = filepath.Join(s.srcDir, filepath.FromSlash(name))
		}
		if src, err := os.ReadFile(name); err == nil {
			ls = diag.NewLines(pos.File, src)
		}
		files[pos.File] = ls
	}
	if ls == nil || pos.Line > ls.Count() {
		return nil
	}
	last := ls.Count()
	if last > 1 && ls.Line(last) == "" {
		last-- // the "line" after a final newline
	}
	var out []sourceLine
	for n := max(1, pos.Line-contextLines); n <= min(last, pos.Line+contextLines); n++ {
		line := sourceLine{N: n, Text: ls.Line(n), Here: n == pos.Line}
		if line.Here && pos.Col > 0 {
			line.Caret = caret(line.Text, pos.Col)
		}
		out = append(out, line)
	}
	return out
}

// caret returns the text that lines a "^" up under column col (counted in
// characters) of line: tabs are kept as tabs so it lines up however wide
// they show.
func caret(line string, col int) string {
	var b strings.Builder
	i := 1
	for _, r := range line {
		if i >= col {
			break
		}
		if r == '\t' {
			b.WriteRune('\t')
		} else {
			b.WriteRune(' ')
		}
		i++
	}
	return b.String()
}
