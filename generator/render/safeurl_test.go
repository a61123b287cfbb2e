package render

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"

	nethtml "golang.org/x/net/html"

	"github.com/verbatim-ssg/verbatim/generator/site"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// hostileURLs are ways to write a script or a document as a URL: each
// scheme in several letter cases, behind spaces and control characters a
// browser skips, and behind entity and percent encodings, once and twice.
var hostileURLs = func() []string {
	var out []string
	for _, scheme := range []string{"javascript:alert(1)", "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>"} {
		name, rest, _ := strings.Cut(scheme, ":")
		cases := []string{name, strings.ToUpper(name), strings.ToUpper(name[:1]) + name[1:], mixedCase(name)}
		for _, n := range cases {
			out = append(out,
				n+":"+rest,
				"  "+n+":"+rest,
				"\x01\x1f "+n+":"+rest,
				n[:2]+"\t"+n[2:]+":"+rest,
				n[:2]+"\n"+n[2:]+":"+rest,
				n+"://%0a"+rest,
				"&#"+strconv.Itoa(int(n[0]))+";"+n[1:]+":"+rest,
				"&#x"+strconv.FormatInt(int64(n[0]), 16)+";"+n[1:]+"&colon;"+rest,
				n+"&#58;"+rest,
				"%"+strconv.FormatInt(int64(n[0]), 16)+n[1:]+":"+rest,
				"%25"+strconv.FormatInt(int64(n[0]), 16)+n[1:]+"%253A"+rest,
				n[:2]+"&#9;"+n[2:]+":"+rest,
				"&amp;#"+strconv.Itoa(int(n[0]))+";"+n[1:]+":"+rest,
			)
		}
	}
	return out
}()

func mixedCase(s string) string {
	b := []byte(s)
	for i := range b {
		if i%2 == 1 {
			b[i] = strings.ToUpper(string(b[i]))[0]
		}
	}
	return string(b)
}

func TestSafeURL(t *testing.T) {
	for _, ok := range []string{
		"https://cdn.example.org/ep1.mp3", "HTTP://example.org/a.mp3#t=5", "//cdn.example.org/a.mp3",
		"/audio/ep1.mp3", "audio/ep%201.mp3", "audio/10:00.mp3", "#t-0-00", "?page=2",
		"https://example.org/?next=javascript:x", " https://example.org/a.mp3",
	} {
		if got := SafeURL(ok); got != ok {
			t.Errorf("SafeURL(%q) = %q, want it as it is", ok, got)
		}
	}
	for _, bad := range append(hostileURLs, "", "   ", "ftp://example.org/a.mp3", "file:///etc/passwd", "blob:https://x/y", `C:\a.mp3`, "https://x/\x00") {
		if got := SafeURL(bad); got != "" {
			t.Errorf("SafeURL(%q) = %q, want \"\"", bad, got)
		}
	}
}

func FuzzSafeURL(f *testing.F) {
	for _, s := range append(hostileURLs, "https://x.org/a.mp3", "/a.mp3", "a/b:c", "#x") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := SafeURL(s)
		if got != "" && got != s {
			t.Fatalf("SafeURL(%q) = %q: it changed the URL", s, got)
		}
		if got == "" {
			return
		}
		for _, d := range decodings(s) {
			if scheme := browserScheme(d); scheme != "" && scheme != "http" && scheme != "https" {
				t.Fatalf("SafeURL lets %q through, which reads as a %s: URL (%q)", s, scheme, d)
			}
		}
	})
}

// browserScheme reads the scheme of s as a browser does: after leading C0
// controls and spaces, with tabs and newlines removed; "" for none.
func browserScheme(s string) string {
	s = strings.TrimLeft(s, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\v\f\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	if m := schemeRE.FindStringSubmatch(s); m != nil {
		return strings.ToLower(m[1])
	}
	return ""
}

var schemeRE = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.\-]*):`)

// decodings returns s and each layer of entity and percent decoding of it.
func decodings(s string) []string {
	out := []string{s}
	for range 12 {
		d := percentRE.ReplaceAllStringFunc(html.UnescapeString(s), func(m string) string {
			v, _ := strconv.ParseUint(m[1:], 16, 8)
			return string([]byte{byte(v)})
		})
		if d == s {
			break
		}
		out = append(out, d)
		s = d
	}
	return out
}

var percentRE = regexp.MustCompile(`%[0-9A-Fa-f]{2}`)

// hostileEpisode is an episode that puts u in every URL-bearing field of
// front matter, and in a markdown link and an autolink.
func hostileEpisode(i int, u string) string {
	q := strconv.Quote(u) // a YAML double-quoted string too
	key := []string{"media", "audio", "video"}[i%3]
	return fmt.Sprintf("---\ntitle: Episode %d\nslug: ep%d\n%s: %s\nspeakers:\n  - name: Guest %d\n    url: %s\n    avatar: %s\n---\n\n"+
		"**Guest %d** (0:00)\n\nSee [this](%s) and <%s>.\n\n**Guest %d** (0:05)\n\nMore.\n", i, i, key, q, i, q, q, i, u, u, i)
}

// TestHostileURLsNeverReachAPage renders, with the site's checks bypassed,
// a site whose every URL field holds one of hostileURLs (media, audio,
// video, a speaker's url and avatar, links in the text, the config's
// repository and baseURL), and checks that no attribute of any page or of
// the feed reads, as a browser reads it, as a javascript:, vbscript: or
// data: URL.
func TestHostileURLsNeverReachAPage(t *testing.T) {
	th, problems := LoadTheme(t.TempDir(), "github", "github-dark", false)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	for i, u := range hostileURLs {
		src := hostileEpisode(i, u)
		tr, problems := transcript.Parse("content/ep.md", []byte(src))
		if problems.HasErrors() {
			t.Fatalf("%q: %v", u, problems)
		}
		bases := []string{"https://example.org/"}
		if i%3 == 0 { // a third of them as the base URL too: each scheme, case and some encodings
			bases = append(bases, u)
		}
		for _, base := range bases {
			cfg := site.DefaultConfig()
			cfg.BaseURL, cfg.Repository = base, u
			s, problems := site.New(cfg, []*site.Summary{site.Summarize("content/ep.md", tr)}, false)
			if len(problems) > 0 {
				t.Fatal(problems)
			}
			r, problems := New(s, th, NewMarkdown())
			if len(problems) > 0 {
				t.Fatal(problems)
			}
			pages := map[string][]byte{}
			rendered, err := r.EpisodeFiles(s.Episodes[0], tr)
			if err != nil {
				t.Fatal(err)
			}
			pages["episode"] = rendered.Files[0].Data
			if _, pages["speaker"], err = r.SpeakerPage(s.Speakers[0], 1, nil); err != nil {
				t.Fatal(err)
			}
			if _, pages["home"], err = r.Home(1); err != nil {
				t.Fatal(err)
			}
			var feed bytes.Buffer
			w := bufio.NewWriter(&feed)
			r.Feed(w)
			w.Flush()
			pages["feed"] = feed.Bytes()
			for name, data := range pages {
				if bad := scriptURLs(data); len(bad) > 0 {
					t.Errorf("media %q, base %q: the %s has script URLs: %s", u, base, name, strings.Join(bad, "; "))
				}
			}
		}
	}
}

// scriptURLs returns every attribute of the document that a browser reads
// as a javascript:, vbscript: or data: URL; and, outside the turns' text
// (links written in markdown, which goldmark checks), every one that
// does in any layer of its encoding: what the template layer writes must
// not even hide one.
func scriptURLs(doc []byte) []string {
	root, err := nethtml.Parse(bytes.NewReader(doc))
	if err != nil {
		return []string{err.Error()}
	}
	var bad []string
	var walk func(n *nethtml.Node, inText bool)
	walk = func(n *nethtml.Node, inText bool) {
		for _, a := range n.Attr {
			layers := decodings(a.Val)
			if inText {
				layers = layers[:1]
			}
			for _, d := range layers {
				switch browserScheme(d) {
				case "javascript", "vbscript", "data":
					bad = append(bad, fmt.Sprintf("<%s %s=%q>", n.Data, a.Key, a.Val))
				}
			}
			if a.Key == "class" && a.Val == "text" {
				inText = true
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inText)
		}
	}
	walk(root, false)
	return bad
}
