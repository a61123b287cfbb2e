package site

import (
	"fmt"
	"html"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/verbatim-ssg/verbatim/generator/diag"
)

// URLHint is the hint under every URL problem: what a page may link to.
const URLHint = "write an http(s) address, such as https://example.org/ep1.mp3, or a path on this site, such as /audio/ep1.mp3"

// CheckURL returns why raw may not be linked from a page, or "" when it
// may. A page may link to an http or https URL with a host, to a
// protocol-relative one (//host/path), to a path on this site
// (/audio/ep1.mp3) and to a relative path (audio/ep1.mp3). Everything else
// is refused, because a browser runs or renders what other schemes hold:
// javascript:, vbscript: and data: in any letter case, after the spaces and
// control characters a browser skips, and hidden behind entity or percent
// encoding (an address that decodes to a scheme is nobody's media file).
//
// The grammar of a scheme, as browsers read it (WHATWG URL): a letter, then
// letters, digits, "+", "-" or ".", then ":", after leading C0 controls and
// spaces are stripped and tabs and newlines anywhere are removed.
func CheckURL(raw string) string {
	for _, r := range raw {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return fmt.Sprintf("contains the control character %U", r)
		}
	}
	if !utf8.ValidString(raw) {
		return "is not valid UTF-8"
	}
	if scheme, ok := schemeOf(raw); ok {
		switch strings.ToLower(scheme) {
		case "http", "https":
			u, err := url.Parse(strings.TrimSpace(raw))
			if err != nil || u.Host == "" {
				return fmt.Sprintf("is an %s: URL without a host", strings.ToLower(scheme))
			}
			return ""
		}
		return fmt.Sprintf("is a %s: URL", strings.ToLower(scheme))
	}
	// A path. Decoded, it must still be one: "&#106;avascript:" and
	// "%6Aavascript:" are attacks, never file names.
	decoded := raw
	for range 4 {
		next := unescapePercent(html.UnescapeString(decoded))
		if next == decoded {
			break
		}
		decoded = next
		if scheme, ok := schemeOf(decoded); ok {
			return fmt.Sprintf("hides a %s: URL behind its encoding", strings.ToLower(scheme))
		}
	}
	return ""
}

// unescapePercent undoes the valid %XX escapes of s, keeping the others as
// they are (url.PathUnescape gives up on the whole string at the first bad
// one, which would let "%6Aavascript:%zz" through undecoded).
func unescapePercent(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b = append(b, byte(v))
				i += 2
				continue
			}
		}
		b = append(b, s[i])
	}
	return string(b)
}

// schemeOf returns the scheme a browser would read at the start of s, and
// whether there is one.
func schemeOf(s string) (string, bool) {
	s = strings.TrimLeftFunc(s, func(r rune) bool { return r <= ' ' })
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return s[:i], true
		default:
			return "", false
		}
	}
	return "", false
}

// CheckAbsoluteURL returns why raw is not an absolute http(s) URL, as the
// site's own address and its repository must be, or "" when it is.
func CheckAbsoluteURL(raw string) string {
	if why := CheckURL(raw); why != "" {
		return why
	}
	if scheme, ok := schemeOf(raw); !ok || (scheme != "http" && scheme != "https" && !strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https")) {
		return "is not an absolute URL"
	}
	return ""
}

// checkConfigURLs reports the config's links that are not absolute http(s)
// URLs, at their keys.
func checkConfigURLs(cfg Config, keys configNodes) diag.List {
	var problems diag.List
	if why := CheckAbsoluteURL(cfg.BaseURL); why != "" {
		problems.Errorf(keys.pos("baseURL"), "write the site's full address, such as https://example.org/", "baseURL %q %s", cfg.BaseURL, why)
	}
	if cfg.Repository != "" {
		if why := CheckAbsoluteURL(cfg.Repository); why != "" {
			problems.Errorf(keys.pos("repository"), "write the address of the transcripts' folder in the repository, such as https://github.com/you/site/blob/main/content", "repository %q %s", cfg.Repository, why)
		}
	}
	if cfg.Image != "" {
		if why := CheckURL(cfg.Image); why != "" {
			problems.Errorf(keys.pos("image"), "write a file of the static folder, such as /artwork.png, or an http(s) address", "image %q %s", cfg.Image, why)
		}
	}
	return problems
}
