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

// splitFrontMatter finds front matter fenced by "---" (YAML) or "+++"
// (TOML) at the very start of src. It returns the fence, the front matter's
// text, the offset where that text starts, and the offset where the body
// starts. With no front matter, fence is "" and body is 0.
func splitFrontMatter(src []byte) (fence string, text []byte, textOff, body int) {
	for _, f := range []string{"---", "+++"} {
		first, rest, ok := cutLine(src, 0)
		if !ok && first == len(src) {
			return "", nil, 0, 0
		}
		if strings.TrimRight(string(src[:first]), " \t\r") != f {
			continue
		}
		for off := rest; off < len(src); {
			end, next, _ := cutLine(src, off)
			if strings.TrimRight(string(src[off:end]), " \t\r") == f {
				return f, src[rest:off], rest, next
			}
			off = next
		}
		return f, src[rest:], rest, len(src) // unterminated: reported by the caller
	}
	return "", nil, 0, 0
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
var frontMatterKeys = []string{"title", "date", "show", "description", "speakers", "media", "audio", "video", "slug", "draft", "tags", "format"}

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
		pos := p.lines.Pos(textOff)
		if line > 0 {
			pos.Line += line - 1
			pos.Col = 1
		}
		p.problems.Errorf(pos, "front matter is YAML between two lines of ---; check indentation and quote values that contain a colon", "front matter: %s", msg)
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
func (p *parser) frontMatterValue(key string, keyOff int, v value) {
	meta := &p.t.Meta
	vpos := func() diag.Pos { return p.pos(v.offset()) }
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
	case "media", "audio", "video":
		s, ok := v.str(key)
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
		p.problems.Warnf(p.pos(keyOff), hint, "unknown front matter key %q is ignored", key)
	}
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

// ParseDate reads a date in one of the layouts transcripts use.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range dateLayouts {
		if d, err := time.Parse(layout, s); err == nil {
			return d, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date", s)
}
