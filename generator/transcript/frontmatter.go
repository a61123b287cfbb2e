package transcript

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/verbatim-ssg/verbatim/generator/diag"
	"go.yaml.in/yaml/v3"
)

// frontMatter decodes any front matter and returns where the body starts.
//
// Front matter whose closing fence is missing is reported as such, and
// read up to its first blank line (or first line that is not a key, an
// item or an indented value): what follows is the transcript, and is read
// as such rather than lost in the front matter.
func (p *parser) frontMatter() int {
	start := 0
	if bytes.HasPrefix(p.src, []byte("\uFEFF")) { // not string(p.src), which copies the file
		start = 3
	}
	fence, text, textOff, body, closed := splitFrontMatter(p.src[start:])
	if fence == "" {
		return start
	}
	textOff += start
	body += start
	if !closed {
		p.problems.Errorf(p.pos(start), "close the front matter with a line holding only "+fence+" after its last key",
			"front matter is not closed: no line of %s after the one on line 1", fence)
	}
	switch fence {
	case "---":
		p.decodeYAML(text, textOff)
	case "+++":
		p.decodeTOML(text, textOff)
	}
	return body
}

// splitFrontMatter finds front matter fenced by "---" (YAML) or "+++"
// (TOML) at the very start of src. It returns the fence, the front matter's
// text, the offset where that text starts, the offset where the body
// starts, and whether a closing fence was found. With no front matter,
// fence is "" and body is 0. Without a closing fence, the front matter
// ends before its first line that cannot be front matter (see fmLine).
func splitFrontMatter(src []byte) (fence string, text []byte, textOff, body int, closed bool) {
	for _, f := range []string{"---", "+++"} {
		first, rest, ok := cutLine(src, 0)
		if !ok && first == len(src) {
			return "", nil, 0, 0, false
		}
		if strings.TrimRight(string(src[:first]), " \t\r") != f {
			continue
		}
		for off := rest; off < len(src); {
			end, next, _ := cutLine(src, off)
			if string(bytes.TrimRight(src[off:end], " \t\r")) == f { // compared without a copy
				return f, src[rest:off], rest, next, true
			}
			off = next
		}
		// Unclosed: it ends where a line cannot be front matter.
		guess := len(src)
		for off := rest; off < len(src); {
			end, next, _ := cutLine(src, off)
			if !fmLine(strings.TrimRight(string(src[off:end]), " \t\r"), f) {
				guess = off
				break
			}
			off = next
		}
		return f, src[rest:guess], rest, guess, false
	}
	return "", nil, 0, 0, false
}

// fmLine reports whether l can be a line of front matter fenced by fence:
// a key and value, a list item, an indented line, a comment or a TOML
// table header. A blank line, or a line of prose or a turn header, cannot.
func fmLine(l, fence string) bool {
	if l == "" {
		return false
	}
	switch l[0] {
	case ' ', '\t', '#', '-':
		return true
	case '[':
		return fence == "+++"
	}
	sep := ":"
	if fence == "+++" {
		sep = "="
	}
	k, _, ok := strings.Cut(l, sep)
	return ok && k != "" && !strings.ContainsAny(k, "*()[]") && strings.Count(strings.TrimSpace(k), " ") <= 1
}

// cutLine returns the end of the line starting at off (before "\n") and the
// start of the next line; ok is false on the last line.
func cutLine(src []byte, off int) (end, next int, ok bool) {
	i := bytes.IndexByte(src[off:], '\n')
	if i < 0 {
		return len(src), len(src), false
	}
	return off + i, off + i + 1, true
}

// frontMatterKeys are the keys front matter may set, for did-you-mean hints.
var frontMatterKeys = []string{"title", "date", "show", "description", "speakers", "media", "audio", "video", "slug", "draft", "tags", "format", "image"}

// decodeYAML applies YAML front matter to t. Positions in problems are
// computed from the YAML parser's lines, shifted to the file.
func (p *parser) decodeYAML(text []byte, textOff int) {
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		line := 0
		if _, err := fmt.Sscanf(msg, "line %d:", &line); err == nil {
			msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
		}
		hint := "front matter is YAML between two lines of ---; check indentation and quote values that contain a colon"
		if l, q, ok := unclosedQuote(text, line); ok && (strings.Contains(msg, "end of stream") || strings.Contains(msg, "did not find expected")) {
			// The parser ran on to the end looking for the closing
			// quote; the cause is the line that opened it.
			line, msg = l, fmt.Sprintf("the value starting with %s is never closed", q)
			hint = fmt.Sprintf("end the value with %s on the same line, or remove the opening %s", q, q)
		}
		pos := p.lines.Pos(textOff)
		if line > 0 {
			pos.Line += line - 1
			pos.Col = 1
		}
		p.problems.Errorf(pos, hint, "front matter: %s", msg)
		return
	}
	if len(doc.Content) == 0 {
		return
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		p.problems.Errorf(p.yamlPos(textOff, m), "write one key per line, such as title: My episode", "front matter must be a set of key: value lines")
		return
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		p.frontMatterValue(k.Value, p.yamlOffset(textOff, k), yamlValue{p, textOff, v})
	}
}

// unclosedQuote finds, when YAML front matter failed at line errLine (0
// when unknown), a quoted value whose line opens a quote it does not
// close: the cause of "found unexpected end of stream" and its kin, which
// the YAML parser reports where it gave up. It returns the line (from 1)
// and the quote. A quoted value may go on over lines in YAML, so this is
// asked only once the parser has failed, and only for a quote still open
// where it failed.
func unclosedQuote(text []byte, errLine int) (line int, quote string, ok bool) {
	for i, l := range splitLines(text, 0) {
		if errLine > 0 && i+1 > errLine {
			break
		}
		v := strings.TrimSpace(l.text)
		v = strings.TrimPrefix(v, "- ")
		if k := strings.Index(v, ": "); k > 0 && !strings.ContainsAny(v[:k], `"'`) {
			v = strings.TrimSpace(v[k+2:])
		} else if k := strings.IndexByte(v, ':'); k > 0 && k == len(v)-1 {
			continue
		}
		if v == "" || (v[0] != '"' && v[0] != '\'') {
			continue
		}
		if !closesQuote(v) {
			return i + 1, v[:1], true
		}
	}
	return 0, "", false
}

// closesQuote reports whether the quoted scalar v, starting with its
// quote, closes on its line: a doubled quote inside single quotes and an escaped one inside double
// quotes do not close it.
func closesQuote(v string) bool {
	q := v[0]
	for i := 1; i < len(v); i++ {
		switch {
		case q == '"' && v[i] == '\\':
			i++
		case v[i] == q && q == '\'' && i+1 < len(v) && v[i+1] == '\'':
			i++
		case v[i] == q:
			return true
		}
	}
	return false
}

func (p *parser) yamlPos(textOff int, n *yaml.Node) diag.Pos {
	return p.lines.Pos(p.yamlOffset(textOff, n))
}

// value is one front matter value, whichever language it was written in,
// with what it needs to report itself. frontMatterValue works on it so YAML
// and TOML front matter mean the same.
type value interface {
	// offset is where the value starts in the file.
	offset() int
	// str returns a scalar as text, reporting anything else.
	str(key string) (string, bool)
	// list returns the items of a list; a scalar is a list of one.
	list(key string) []value
	// fields returns the keys and values of a mapping; ok is false for
	// anything else.
	fields() (keys []string, keyOffs []int, vals []value, ok bool)
}

// yamlValue is a value in YAML front matter.
type yamlValue struct {
	p   *parser
	off int // where the front matter's text starts
	n   *yaml.Node
}

func (v yamlValue) offset() int { return v.p.yamlOffset(v.off, v.n) }

func (v yamlValue) str(key string) (string, bool) {
	if v.n.Kind != yaml.ScalarNode {
		v.p.problems.Errorf(v.p.pos(v.offset()), fmt.Sprintf("write %s: followed by text on the same line", key), "%s must be text", key)
		return "", false
	}
	return v.n.Value, true
}

func (v yamlValue) list(key string) []value {
	if v.n.Kind == yaml.ScalarNode {
		return []value{v}
	}
	if v.n.Kind != yaml.SequenceNode {
		v.p.problems.Errorf(v.p.pos(v.offset()), fmt.Sprintf("write %s as a list: [a, b] or one \"- item\" per line", key), "%s must be a list", key)
		return nil
	}
	var out []value
	for _, c := range v.n.Content {
		out = append(out, yamlValue{v.p, v.off, c})
	}
	return out
}

func (v yamlValue) fields() (keys []string, keyOffs []int, vals []value, ok bool) {
	if v.n.Kind != yaml.MappingNode {
		return nil, nil, nil, false
	}
	for i := 0; i+1 < len(v.n.Content); i += 2 {
		keys = append(keys, v.n.Content[i].Value)
		keyOffs = append(keyOffs, v.p.yamlOffset(v.off, v.n.Content[i]))
		vals = append(vals, yamlValue{v.p, v.off, v.n.Content[i+1]})
	}
	return keys, keyOffs, vals, true
}

// frontMatterValue applies one front matter key. It is shared by the YAML
// and TOML readers through the value interface.
//
// Keys other tools write for the same things (publish_date, youtube_url,
// audio_url ...) are read as the key they mean, where that is not set
// already; a value of theirs that cannot be read is a warning, not an
// error, as the file was not written for verbatim. Any other key is a
// warning, once per key.
func (p *parser) frontMatterValue(key string, keyOff int, v value) {
	meta := &p.t.Meta
	vpos := func() diag.Pos { return p.pos(v.offset()) }
	foreign := ""
	if k, ok := aliasKeys[key]; ok {
		if p.metaSet(k) {
			return
		}
		foreign, key = key, k
	}
	switch key {
	case "title", "show", "description", "slug", "format":
		s, ok := v.str(key)
		if !ok {
			return
		}
		switch key {
		case "title":
			meta.Title = s
		case "show":
			meta.Show = s
		case "description":
			meta.Description = strings.TrimSpace(s)
		case "slug":
			meta.Slug = s
		case "format":
			meta.Format = s
		}
	case "date":
		s, ok := v.str(key)
		if !ok {
			return
		}
		d, err := ParseDate(s)
		if err != nil {
			if foreign != "" {
				p.problems.Warnf(vpos(), "write date: 2024-05-15 for the episode's date", "%s is ignored: %v", foreign, err)
				return
			}
			p.problems.Errorf(vpos(), "write dates as 2024-05-15 or May 15, 2024", "%v", err)
			return
		}
		meta.Date = d
	case "draft":
		s, _ := v.str(key)
		switch strings.ToLower(s) {
		case "true", "yes":
			meta.Draft = true
		case "false", "no", "":
			meta.Draft = false
		default:
			p.problems.Errorf(vpos(), "write draft: true or draft: false", "draft must be true or false, not %q", s)
		}
	case "tags":
		for _, item := range v.list(key) {
			if s, ok := item.str("each tag"); ok && s != "" {
				meta.Tags = append(meta.Tags, s)
			}
		}
	case "image":
		// A URL, or a table with one ({url: ..., alt: ...} in Hugo themes).
		if s, ok := p.mediaURL(key, v); ok {
			meta.Image = s
		}
	case "media", "audio", "video":
		s, ok := p.mediaURL(key, v)
		if !ok {
			return
		}
		kind := key
		if key == "media" {
			kind = MediaKind(s)
		}
		if kind == "video" {
			meta.Media.Video = s
		} else {
			meta.Media.Audio = s
		}
	case "speakers":
		p.t.Speakers = nil
		for _, item := range v.list(key) {
			p.frontMatterSpeaker(item)
		}
	default:
		hint := "the keys are " + strings.Join(frontMatterKeys, ", ")
		if near := diag.Nearest(key, frontMatterKeys); near != "" {
			hint = fmt.Sprintf("did you mean %s?", near)
		}
		if near := diag.Nearest(key, frontMatterKeys); near == "" {
			// Not a typo of a key of ours: a key another tool uses.
			hint = "verbatim reads " + strings.Join(frontMatterKeys, ", ") + "; other keys do no harm"
			p.problems.Warnf(p.pos(keyOff), hint, "front matter key %q is not used by verbatim: it is ignored", key)
			p.problems[len(p.problems)-1].PerSite = true // a tool's key, in each of its files
			return
		}
		p.problems.Warnf(p.pos(keyOff), hint, "unknown front matter key %q is ignored", key)
	}
}

// aliasKeys are the front matter keys other tools (Jekyll, Hugo themes,
// podcast hosts' exports) write, each with the key it means here.
var aliasKeys = map[string]string{
	"publish_date": "date", "pub_date": "date", "pubDate": "date", "published": "date",
	"published_at": "date", "publishDate": "date", "release_date": "date",
	"youtube_url": "video", "youtube": "video", "video_url": "video",
	"audio_url": "audio", "audio_file": "audio", "mp3": "audio", "enclosure": "audio",
	"podcast": "show", "show_name": "show", "summary": "description",
	"categories": "tags",
	"artwork":    "image", "cover": "image", "cover_image": "image", "episode_image": "image",
	"itunes_image": "image", "thumbnail": "image",
}

// metaSet reports whether the meta field that key sets has a value
// already, so that a key another tool writes does not overwrite it.
func (p *parser) metaSet(key string) bool {
	m := &p.t.Meta
	switch key {
	case "date":
		return !m.Date.IsZero()
	case "video":
		return m.Media.Video != ""
	case "audio":
		return m.Media.Audio != ""
	case "show":
		return m.Show != ""
	case "description":
		return m.Description != ""
	case "tags":
		return len(m.Tags) > 0
	case "image":
		return m.Image != ""
	}
	return false
}

// mediaURL reads a media key's value: a URL, or a table that holds one
// under url, file, src, href or path, as in TOML's [audio] with file =
// "episode.mp3".
func (p *parser) mediaURL(key string, v value) (string, bool) {
	keys, keyOffs, vals, ok := v.fields()
	if !ok {
		return v.str(key)
	}
	for _, want := range []string{"url", "file", "src", "href", "path", "image"} {
		for i, k := range keys {
			if strings.EqualFold(k, want) {
				return vals[i].str(key + "." + k)
			}
		}
	}
	off := v.offset()
	if len(keyOffs) > 0 {
		off = keyOffs[0]
	}
	p.problems.Warnf(p.pos(off), fmt.Sprintf("give %s a url (or file) key, or write %s: https://example.com/episode.mp3", key, key), "%s has no url or file key: it is ignored", key)
	return "", false
}

func (p *parser) frontMatterSpeaker(v value) {
	keys, keyOffs, vals, ok := v.fields()
	if !ok {
		name, ok := v.str("each speaker")
		if ok && name != "" {
			p.t.Speakers = append(p.t.Speakers, Speaker{Name: name, Offset: v.offset()})
		}
		return
	}
	s := Speaker{Offset: v.offset()}
	for i, k := range keys {
		str, ok := vals[i].str(k)
		if !ok {
			continue
		}
		switch k {
		case "name":
			s.Name = str
		case "role":
			s.Role = str
		case "url":
			s.URL = str
		case "avatar":
			s.Avatar = str
		default:
			p.problems.Warnf(p.pos(keyOffs[i]), "a speaker has name, role, url and avatar", "unknown speaker key %q is ignored", k)
		}
	}
	if s.Name == "" {
		p.problems.Errorf(p.pos(v.offset()), "add name: followed by the speaker's name", "this speaker has no name")
		return
	}
	p.t.Speakers = append(p.t.Speakers, s)
}

// yamlOffset turns a YAML node's line and column (within the front matter
// starting at textOff) into a byte offset in the file.
func (p *parser) yamlOffset(textOff int, n *yaml.Node) int {
	off := textOff
	for line := 1; line < n.Line; line++ {
		_, next, ok := cutLine(p.src, off)
		if !ok {
			return off
		}
		off = next
	}
	end, _, _ := cutLine(p.src, off)
	for col := 1; col < n.Column && off < end; col++ {
		_, size := utf8.DecodeRune(p.src[off:end])
		off += size
	}
	return off
}

// MediaKind tells "video" for a video page URL (YouTube, Vimeo) and "audio"
// for anything else, which is taken as a media file.
func MediaKind(url string) string {
	u := strings.ToLower(url)
	for _, host := range []string{"youtube.com/", "youtu.be/", "youtube-nocookie.com/", "vimeo.com/"} {
		if strings.Contains(u, host) {
			return "video"
		}
	}
	for _, ext := range []string{".mp4", ".webm", ".m4v", ".mov"} {
		if strings.HasSuffix(strings.SplitN(u, "?", 2)[0], ext) {
			return "video"
		}
	}
	return "audio"
}

// dateLayouts are the ways transcripts write an episode's date.
var dateLayouts = []string{
	"2006-01-02", time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05",
	"January 2, 2006", "Jan 2, 2006", "January 2 2006", "Jan 2 2006",
	"2 January 2006", "2 Jan 2006", "Monday, January 2, 2006", "Mon, 02 Jan 2006",
}

// clockDateLayouts are dates with a time of day or slashes, as Jekyll,
// Hugo and RSS feeds write them. They are tried only on text with a colon
// or a slash: the preamble asks about many lines that are not dates, and
// each layout that fails allocates its error.
var clockDateLayouts = []string{
	"2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05 -07:00", "2006-01-02 15:04",
	time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "2006/01/02",
}

// ParseDate reads a date in one of the layouts transcripts use.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layouts := range [][]string{dateLayouts, clockDateLayouts} {
		if layouts[0] == clockDateLayouts[0] && !strings.ContainsAny(s, ":/") {
			break
		}
		for _, layout := range layouts {
			if d, err := time.Parse(layout, s); err == nil {
				if _, off := d.Zone(); off == 0 {
					d = d.UTC() // "+0000" is UTC, as written back ("Z")
				}
				return d, nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date", s)
}
