package transcript

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// decodeTOML applies TOML front matter (between lines of +++) to t. The
// TOML library gives positions for syntax errors only, so the positions of
// keys are found by a scan of the lines: "key =" at the start of a line, or
// a [[speakers]] table header.
func (p *parser) decodeTOML(text []byte, textOff int) {
	var doc map[string]any
	if _, err := toml.Decode(string(text), &doc); err != nil {
		off := textOff
		msg := err.Error()
		var perr toml.ParseError
		if errors.As(err, &perr) {
			off += max(0, min(perr.Position.Start, len(text)))
			msg = perr.Message
		}
		p.problems.Errorf(p.pos(off), `front matter between lines of +++ is TOML: write key = "value", one per line`, "front matter: %s", msg)
		return
	}
	keys := make([]string, 0, len(doc))
	for k := range doc {
		keys = append(keys, k)
	}
	idx := tomlKeyIndex(text, textOff)
	// Apply keys in the order written, so problems come out in file order.
	sort.Slice(keys, func(i, j int) bool { return idx.off(keys[i]) < idx.off(keys[j]) })
	for _, k := range keys {
		off := idx.off(k)
		p.frontMatterValue(k, off, tomlValue{p: p, v: doc[k], off: off, idx: idx, key: k})
	}
}

// tomlKeys maps each top-level key, and each [[table]] occurrence, to the
// offset of the line that sets it.
type tomlKeys struct {
	keys   map[string]int
	tables map[string][]int
	end    int
}

func (k tomlKeys) off(key string) int {
	if o, ok := k.keys[key]; ok {
		return o
	}
	if t := k.tables[key]; len(t) > 0 {
		return t[0]
	}
	return k.end
}

func tomlKeyIndex(text []byte, textOff int) tomlKeys {
	idx := tomlKeys{keys: map[string]int{}, tables: map[string][]int{}, end: textOff + len(text)}
	inTable := false
	for _, l := range splitLines(text, 0) {
		s := strings.TrimSpace(l.text)
		switch {
		case strings.HasPrefix(s, "[[") && strings.HasSuffix(s, "]]"):
			name := strings.Trim(strings.TrimSpace(s[2:len(s)-2]), `"`)
			idx.tables[name] = append(idx.tables[name], textOff+l.off)
			inTable = true
		case strings.HasPrefix(s, "["):
			name := strings.Trim(strings.TrimSpace(strings.Trim(s, "[]")), `"`)
			idx.tables[name] = append(idx.tables[name], textOff+l.off)
			inTable = true
		case !inTable:
			if i := strings.IndexByte(s, '='); i > 0 {
				name := strings.Trim(strings.TrimSpace(s[:i]), `"'`)
				if _, seen := idx.keys[name]; !seen {
					idx.keys[name] = textOff + l.off + strings.Index(l.text, s)
				}
			}
		}
	}
	return idx
}

// tomlValue is a value in TOML front matter. Positions are those of the
// line that sets its key; items of an array of tables get their own line.
type tomlValue struct {
	p   *parser
	v   any
	off int
	idx tomlKeys
	key string
}

func (v tomlValue) offset() int { return v.off }

func (v tomlValue) str(key string) (string, bool) {
	switch x := v.v.(type) {
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), true
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format("2006-01-02"), true
		}
		return x.Format(time.RFC3339), true
	}
	v.p.problems.Errorf(v.p.pos(v.off), fmt.Sprintf(`write %s = "text"`, key), "%s must be text", key)
	return "", false
}

func (v tomlValue) list(key string) []value {
	var items []any
	switch x := v.v.(type) {
	case []any:
		items = x
	case []map[string]any:
		for _, m := range x {
			items = append(items, m)
		}
	default:
		return []value{v}
	}
	tables := v.idx.tables[v.key]
	out := make([]value, len(items))
	for i, it := range items {
		off := v.off
		if _, isTable := it.(map[string]any); isTable && i < len(tables) {
			off = tables[i]
		}
		out[i] = tomlValue{p: v.p, v: it, off: off, idx: v.idx}
	}
	return out
}

func (v tomlValue) fields() (keys []string, keyOffs []int, vals []value, ok bool) {
	m, ok := v.v.(map[string]any)
	if !ok {
		return nil, nil, nil, false
	}
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		keyOffs = append(keyOffs, v.off)
		vals = append(vals, tomlValue{p: v.p, v: m[k], off: v.off, idx: v.idx})
	}
	return keys, keyOffs, vals, true
}
