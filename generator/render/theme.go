package render

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"

	"github.com/verbatim-ssg/verbatim/generator/diag"
	"github.com/verbatim-ssg/verbatim/generator/output"
	"github.com/verbatim-ssg/verbatim/static"
	"github.com/verbatim-ssg/verbatim/templates"
)

// Theme is the templates and assets a site is rendered with: the built-in
// ones, each replaced by a file of the same name in the site's templates/
// or static/ folder.
type Theme struct {
	files  map[string][]byte // template name -> source
	origin map[string]string // template name -> file it came from, for errors
	// Assets are the theme's stylesheets and scripts, by name, and the
	// fingerprinted path each is published at.
	Assets map[string]Asset
	// Key changes whenever anything in the theme changes.
	Key output.Sum
}

// Asset is a stylesheet or script of the theme.
type Asset struct {
	Path string // slash path below the site root
	Data []byte
}

// Pages are the page kinds; each has a template of the same name.
var pageKinds = []string{"episode", "home", "speaker", "speakers", "tag", "tags", "show", "search", "404"}

// LoadTheme reads the built-in theme with the site's overrides from siteDir,
// generating the chroma stylesheet for the given styles. With fingerprint,
// assets are published under names that include a hash of their bytes, so
// they can be cached for ever.
func LoadTheme(siteDir, lightStyle, darkStyle string, fingerprint bool) (*Theme, diag.List) {
	var problems diag.List
	th := &Theme{files: make(map[string][]byte), origin: make(map[string]string), Assets: make(map[string]Asset)}
	if err := th.load(templates.FS, filepath.Join(siteDir, "templates"), "templates", ".html", func(name string, data []byte, origin string) {
		th.files[name] = data
		th.origin[name] = origin
	}); err != nil {
		problems.Errorf(diag.Pos{File: "templates"}, "check the folder's permissions", "cannot read templates: %v", err)
	}
	builtin := make(map[string]bool)
	fs.WalkDir(static.FS, ".", func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && !strings.HasSuffix(p, ".go") {
			builtin[p] = true
		}
		return nil
	})
	if err := th.load(static.FS, filepath.Join(siteDir, "static"), "static", "", func(name string, data []byte, _ string) {
		if builtin[name] {
			th.Assets[name] = Asset{Data: data}
		}
	}); err != nil {
		problems.Errorf(diag.Pos{File: "static"}, "check the folder's permissions", "cannot read static files: %v", err)
	}
	css, err := chromaCSS(lightStyle, darkStyle)
	if err != nil {
		problems.Errorf(diag.Pos{File: "verbatim.yaml"}, "see https://xyproto.github.io/splash/docs/ for the style names", "%v", err)
	}
	th.Assets["chroma.css"] = Asset{Data: css}

	keys := make([]string, 0, len(th.files)+len(th.Assets))
	var all bytes.Buffer
	for name := range th.files {
		keys = append(keys, "t:"+name)
	}
	for name := range th.Assets {
		keys = append(keys, "a:"+name)
	}
	sort.Strings(keys)
	for _, k := range keys {
		all.WriteString(k)
		if strings.HasPrefix(k, "t:") {
			all.Write(th.files[k[2:]])
		} else {
			all.Write(th.Assets[k[2:]].Data)
		}
	}
	all.WriteString(strconv.FormatBool(fingerprint))
	th.Key = output.SumOf(all.Bytes())
	for name, a := range th.Assets {
		a.Path = name
		// favicon.ico keeps its name: browsers and crawlers ask for
		// /favicon.ico whatever a page links.
		if fingerprint && name != "favicon.ico" {
			sum := output.SumOf(a.Data)
			ext := path.Ext(name)
			a.Path = "assets/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		}
		th.Assets[name] = a
	}
	return th, problems
}

// load calls add for every file of the built-in fsys, replaced by or added
// from the site's folder dir.
func (th *Theme) load(fsys fs.FS, dir, label, ext string, add func(name string, data []byte, origin string)) error {
	err := fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || strings.HasSuffix(p, ".go") || (ext != "" && path.Ext(p) != ext) {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		add(p, data, "(built-in) "+label+"/"+p)
		return err
	})
	if err != nil {
		return err
	}
	err = filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		if e.Type()&fs.ModeSymlink != 0 {
			if info, err := os.Stat(p); err != nil || info.IsDir() {
				return nil // a linked folder, or a broken link: the build's static copy reports it
			}
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if ext != "" && path.Ext(rel) != ext {
			return nil
		}
		data, err := os.ReadFile(p)
		add(rel, data, label+"/"+rel)
		return err
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// chromaCSS generates the stylesheet for highlighted code: the light style,
// and the dark one for readers who prefer a dark scheme.
func chromaCSS(light, dark string) ([]byte, error) {
	var b bytes.Buffer
	f := chromahtml.New(chromahtml.WithClasses(true))
	for i, name := range []string{light, dark} {
		st, ok := styles.Registry[strings.ToLower(name)]
		if !ok {
			return nil, fmt.Errorf("unknown highlight style %q", name)
		}
		if i == 1 {
			// A dark style leaves out token kinds it draws in the plain colour, so the light
			// style's colours for them would stay, dark on dark: reset every token first
			// (same specificity as the light rules, later; the dark rules come later still).
			b.WriteString("@media (prefers-color-scheme: dark) {\n")
			b.WriteString(".chroma [class] { color: inherit; background-color: transparent; font-weight: inherit; font-style: inherit; text-decoration: inherit; }\n")
		}
		if err := f.WriteCSS(&b, st); err != nil {
			return nil, err
		}
		if i == 1 {
			b.WriteString("}\n")
		}
	}
	return b.Bytes(), nil
}

// templateErrPos matches the position html/template puts in its errors.
var templateErrPos = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:(\d+):)?\s*(.*)$`)

// Templates parses the page templates: each page kind with the shared ones
// (every template that is not a page kind: base, pager, partials).
func (th *Theme) Templates(funcs template.FuncMap) (map[string]*template.Template, diag.List) {
	var problems diag.List
	var shared []string
	for name := range th.files {
		if !isPageKind(strings.TrimSuffix(name, ".html")) {
			shared = append(shared, name)
		}
	}
	sort.Strings(shared)
	out := make(map[string]*template.Template)
	for _, kind := range pageKinds {
		t := template.New(kind).Funcs(funcs)
		for _, name := range append(shared, kind+".html") {
			src, ok := th.files[name]
			if !ok {
				problems.Errorf(diag.Pos{File: "templates/" + name}, "restore the file, or add it to your templates/ folder", "template %s is missing", name)
				continue
			}
			if _, err := t.New(name).Parse(string(src)); err != nil {
				problems = append(problems, th.templateProblem(err))
			}
		}
		out[kind] = t
	}
	return out, problems
}

// templateProblem turns a template error into a positioned problem in the
// file the template came from.
func (th *Theme) templateProblem(err error) *diag.Problem {
	msg := err.Error()
	p := &diag.Problem{Severity: diag.Error, Msg: msg, Hint: "see https://pkg.go.dev/text/template for the template language"}
	var te *template.Error
	if errors.As(err, &te) {
		p.Pos = diag.Pos{File: th.origin[te.Name], Line: te.Line}
		p.Msg = te.Description
		return p
	}
	// text/template's parse errors are not structured; their text is
	// "template: NAME:LINE: MESSAGE".
	if m := templateErrPos.FindStringSubmatch(msg); m != nil {
		name := m[1]
		p.Pos.File = th.origin[name]
		if p.Pos.File == "" {
			p.Pos.File = "templates/" + name
		}
		p.Pos.Line, _ = strconv.Atoi(m[2])
		p.Pos.Col, _ = strconv.Atoi(m[3])
		p.Msg = m[4]
	}
	return p
}

func isPageKind(name string) bool {
	for _, k := range pageKinds {
		if k == name {
			return true
		}
	}
	return false
}

// SafeURL returns u when a browser would follow it as a web address or a
// path, and "" when it would run or render something: it is the template
// layer's own check, behind the site's (site.CheckURL), so that a URL that
// reached a page some other way still never becomes a javascript:, data:
// or vbscript: link. Only the http: and https: schemes are let through, in
// any letter case; the scheme is read as a browser reads it, after the
// spaces it skips, and again after undoing HTML entities and percent
// escapes, layer after layer: anything that decodes to another scheme is
// refused, and so is any control character.
func SafeURL(u string) string {
	for d, round := u, 0; ; round++ {
		if !webOrRelative(d) {
			return ""
		}
		next := percentDecode(html.UnescapeString(d))
		if next == d {
			return u
		}
		if round == 8 {
			return "" // still decoding: nobody's address
		}
		d = next
	}
}

// webOrRelative reports whether s is not empty, holds no control
// character, and has no scheme or an http(s) one, as a browser reads a
// scheme (WHATWG URL): after leading spaces, a letter, then letters,
// digits, "+", "-" or ".", then ":".
func webOrRelative(s string) bool {
	start := -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c == 0x7f {
			return false
		}
		if start < 0 && c != ' ' {
			start = i
		}
	}
	if start < 0 {
		return false
	}
	for i := start; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case i > start && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > start && c == ':':
			scheme := s[start:i]
			return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https")
		default:
			return true // no scheme: a path, a query or a fragment
		}
	}
	return true
}

// percentDecode undoes the valid %XX escapes of s and keeps the others; it
// returns s itself when there are none.
func percentDecode(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
