package render

import (
	"bytes"
	"fmt"
	"html/template"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// linkTimes marks up the times a transcriber left inside a sentence, as
// Changelog's do for a word they could not make out ("try out the
// \[53:33\] before"), in a turn's HTML: each "[53:33]" in text becomes
//
//	<a class="time" href="MEDIA#t=2013" data-start="2013">[53:33]</a>
//
// which plays from there, or, with no media to play, a <time> element
// that carries the time as data. The text is left as it was, so the page's
// text and the exports' stay one. Times in code, in links and in tags are
// left alone. It returns html itself when there is nothing to mark up.
func linkTimes(html []byte, media Media) []byte {
	if bytes.IndexByte(html, '[') < 0 {
		return html
	}
	var out []byte
	last := 0   // html[last:] is not yet copied to out
	inside := 0 // depth of <a>, <code> and <pre> elements
	for i := 0; i < len(html); {
		switch html[i] {
		case '<':
			end := bytes.IndexByte(html[i:], '>')
			if end < 0 {
				return finish(out, html, last)
			}
			tag := html[i+1 : i+end]
			switch {
			case opens(tag, "a"), opens(tag, "code"), opens(tag, "pre"):
				inside++
			case opens(tag, "/a"), opens(tag, "/code"), opens(tag, "/pre"):
				inside = max(0, inside-1)
			}
			i += end + 1
		case '[':
			n, d, ok := bracketedTime(html[i:])
			if !ok || inside > 0 {
				i++
				continue
			}
			out = append(out, html[last:i]...)
			out = appendTimeMark(out, html[i:i+n], d, media)
			i += n
			last = i
		default:
			i++
		}
	}
	return finish(out, html, last)
}

func finish(out, html []byte, last int) []byte {
	if out == nil {
		return html
	}
	return append(out, html[last:]...)
}

// opens reports whether a tag's text (between < and >) is the element
// name, alone or followed by attributes.
func opens(tag []byte, name string) bool {
	return bytes.HasPrefix(tag, []byte(name)) && (len(tag) == len(name) || tag[len(name)] == ' ')
}

// bracketedTime reads "[m:ss]" to "[hh:mm:ss.ff]" at the start of s.
func bracketedTime(s []byte) (n int, d time.Duration, ok bool) {
	end := bytes.IndexByte(s[:min(len(s), 16)], ']')
	if end < 5 {
		return 0, 0, false
	}
	inner := string(s[1:end])
	if !bytes.Contains(s[1:end], []byte(":")) || bytes.ContainsAny(s[1:end], " \t") {
		return 0, 0, false
	}
	d, err := transcript.ParseTimestamp(inner)
	if err != nil {
		return 0, 0, false
	}
	return end + 1, d, true
}

func appendTimeMark(b, text []byte, d time.Duration, media Media) []byte {
	secs := seconds(d)
	href := media.At(d)
	if href == "" {
		return append(append(fmt.Appendf(b, `<time class="time" datetime="PT%sS">`, secs), text...), "</time>"...)
	}
	b = append(b, `<a class="time" href="`...)
	b = append(b, template.HTMLEscapeString(href)...)
	b = fmt.Appendf(b, `" data-start="%s">`, secs)
	return append(append(b, text...), "</a>"...)
}
