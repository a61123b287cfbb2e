package site

import (
	"bytes"
	"fmt"

	"github.com/verbatim-ssg/verbatim/generator/diag"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// MaxSlug is the longest slug, in bytes, an episode or speaker URL may
// have: a slug is a folder name, and file systems refuse names over 255
// bytes, so this leaves room for a suffix that makes a slug unique.
const MaxSlug = 200

// Check reports what is wrong in one transcript for the site, as only its
// source can say where: links that are neither http(s) nor paths (media,
// audio, video, image, speakers' url and avatar), and names that make slugs too
// long for a file name. It records where the slug is set, so that errors
// found later, against other episodes, can point at it. src is the text t
// was parsed from.
func (s *Summary) Check(t *transcript.Transcript, src []byte) diag.List {
	var problems diag.List
	end := len(src) // front matter comes before the first turn
	if len(t.Turns) > 0 {
		end = max(0, min(end, t.Turns[0].Offset))
	}
	// Lines of the front matter only: a slug: is in every other file, and
	// indexing an hour of text to place it would cost more than the rest.
	lines := diag.NewLines(s.Source, src[:end])
	at := func(from, to int, value string, keys ...string) (diag.Pos, string) {
		if off, key, ok := findKey(src, from, to, value, keys); ok {
			return lines.Pos(off), key
		}
		return lines.Pos(from), keys[0]
	}
	if s.Meta.Slug != "" {
		s.SlugPos, _ = at(0, end, s.Meta.Slug, "slug")
	}
	media := []struct {
		url  string
		keys []string
	}{{s.Meta.Media.Audio, []string{"audio", "media"}}, {s.Meta.Media.Video, []string{"video", "media"}},
		{s.Meta.Image, []string{"image", "artwork", "cover", "cover_image", "episode_image", "itunes_image", "thumbnail"}}}
	for _, m := range media {
		if m.url == "" {
			continue
		}
		if why := CheckURL(m.url); why != "" {
			pos, key := at(0, end, m.url, m.keys...)
			problems.Errorf(pos, URLHint, "%s %q %s", key, m.url, why)
		}
	}
	for i, sp := range t.Speakers {
		to := end
		if i+1 < len(t.Speakers) && t.Speakers[i+1].Offset > sp.Offset {
			to = min(to, t.Speakers[i+1].Offset)
		}
		for _, link := range []struct{ key, url string }{{"url", sp.URL}, {"avatar", sp.Avatar}} {
			if link.url == "" {
				continue
			}
			if why := CheckURL(link.url); why != "" {
				pos, _ := at(sp.Offset, to, link.url, link.key)
				problems.Errorf(pos, URLHint, "%s's %s %q %s", sp.Name, link.key, link.url, why)
			}
		}
	}
	for _, sp := range s.Speakers {
		if n := len(Slug(sp.Name)); n > MaxSlug {
			problems.Errorf(diag.NewLines(s.Source, src).Pos(sp.Offset), "shorten the name; a long line taken for a speaker's name may need a blank line before it",
				"speaker name %q makes a URL of %d bytes, over the limit of %d", shorten(sp.Name), n, MaxSlug)
		}
	}
	return problems
}

// findKey returns the offset in src[from:to] of the first of keys written
// as a key (YAML "key:", TOML "key =", or inside a flow mapping "{a: 1,
// key: 2}") on a line that holds value, or failing that of the first of
// keys at all; and which key it is.
func findKey(src []byte, from, to int, value string, keys []string) (int, string, bool) {
	from, to = max(0, min(from, len(src))), max(0, min(to, len(src)))
	best, bestKey, found := 0, "", false
	for _, key := range keys {
		for off := from; off < to; {
			i := bytes.Index(src[off:to], []byte(key))
			if i < 0 {
				break
			}
			k := off + i
			off = k + len(key)
			if !isKeyAt(src, k, len(key)) {
				continue
			}
			lineEnd := bytes.IndexByte(src[k:to], '\n')
			if lineEnd < 0 {
				lineEnd = to - k
			}
			if bytes.Contains(src[k:k+lineEnd], []byte(value)) {
				return k, key, true
			}
			if !found {
				best, bestKey, found = k, key, true
			}
		}
	}
	return best, bestKey, found
}

// isKeyAt reports whether the n bytes at src[k:] are a key: preceded on
// their line only by spaces and list dashes, or by "{" or ",", and followed
// by ":" or "=".
func isKeyAt(src []byte, k, n int) bool {
	after := bytes.TrimLeft(src[k+n:], " \t")
	if len(after) == 0 || (after[0] != ':' && after[0] != '=') {
		return false
	}
	for i := k - 1; i >= 0; i-- {
		switch src[i] {
		case ' ', '\t', '-':
			continue
		case '\n', '{', ',':
			return true
		}
		return false
	}
	return true
}

// shorten cuts a long name for a message.
func shorten(s string) string {
	const n = 40
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// slugProblem returns why slug cannot be an episode's URL, or "".
func slugProblem(slug string) string {
	if len(slug) > MaxSlug {
		return fmt.Sprintf("makes a URL of %d bytes, over the limit of %d", len(slug), MaxSlug)
	}
	return ""
}
