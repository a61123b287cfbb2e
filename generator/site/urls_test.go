package site

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

func TestCheckURL(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"OKHTTPS", "https://cdn.example.org/ep1.mp3", ""},
		{"OKHTTPUpperCase", "HTTP://cdn.example.org/ep1.mp3", ""},
		{"OKProtocolRelative", "//cdn.example.org/ep1.mp3", ""},
		{"OKSitePath", "/audio/ep1.mp3", ""},
		{"OKRelativePath", "audio/ep 1.mp3", ""},
		{"OKColonAfterSlash", "audio/10:00.mp3", ""},
		{"OKEncodedSpace", "/audio/ep%201.mp3", ""},
		{"OKQueryWithScheme", "https://example.org/?next=javascript:x", ""},
		{"ErrJavascript", "javascript://%0aalert(document.domain)//", "is a javascript: URL"},
		{"ErrJavascriptAnyCase", "JaVaScRiPt:alert(1)", "is a javascript: URL"},
		{"ErrLeadingSpace", "  javascript:alert(1)", "is a javascript: URL"},
		{"ErrData", "data:text/html,<script>alert(1)</script>", "is a data: URL"},
		{"ErrVBScript", "VBSCRIPT:msgbox(1)", "is a vbscript: URL"},
		{"ErrOtherScheme", "ftp://example.org/ep1.mp3", "is a ftp: URL"},
		{"ErrWindowsPath", `C:\audio\ep1.mp3`, "is a c: URL"},
		{"ErrNoHost", "https:/ep1.mp3", "without a host"},
		{"ErrTabInScheme", "java\tscript:alert(1)", "control character U+0009"},
		{"ErrNewline", "javascript:\nalert(1)", "control character U+000A"},
		{"ErrNUL", "\x00javascript:alert(1)", "control character U+0000"},
		{"ErrEntity", "&#106;avascript:alert(1)", "hides a javascript: URL"},
		{"ErrNamedEntityColon", "javascript&colon;alert(1)", "hides a javascript: URL"},
		{"ErrPercent", "%6A%61vascript:alert(1)", "hides a javascript: URL"},
		{"ErrDoubleEncoded", "%2526%2523106;avascript:alert(1)", "hides a javascript: URL"},
		{"ErrEncodedTab", "java&#9;script:alert(1)", "hides a javascript: URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckURL(tt.in)
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Errorf("CheckURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{"https://x.org/a.mp3", "/a.mp3", "javascript:alert(1)", "&#106;avascript:", "%6Aavascript:", " data:x", "a/b:c"} {
		f.Add(s)
	}
	dangerous := []string{"javascript:", "vbscript:", "data:"}
	f.Fuzz(func(t *testing.T, s string) {
		if CheckURL(s) != "" {
			return
		}
		// Accepted: neither it nor any decoding of it reads as a script.
		for _, d := range decodings(s) {
			d = strings.ToLower(strings.TrimLeft(d, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\v\f\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
			d = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(d)
			for _, p := range dangerous {
				if strings.HasPrefix(d, p) {
					t.Fatalf("CheckURL accepts %q, which reads as %q", s, d)
				}
			}
		}
	})
}

func TestSummaryCheck(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // problems, position first
		slugPos   string
	}{
		{"OK", "---\nmedia: https://x.org/a.mp3\nslug: one\nspeakers:\n  - name: Ann\n    url: https://ann.example\n---\n\n**Ann** (0:00)\n\nHi.\n", nil, "ep.md:3:1"},
		{"ErrMediaAtItsKey", "---\ntitle: One\nmedia: \"javascript://%0aalert(1)//\"\n---\n\n**Ann** (0:00)\n\nHi.\n",
			[]string{`ep.md:3:1: media "javascript://%0aalert(1)//" is a javascript: URL`}, ""},
		{"ErrAudioAndVideo", "---\naudio: DATA:audio/mp3,x\nvideo: vbscript:x.mp4\n---\n\n**Ann** (0:00)\n\nHi.\n",
			[]string{`ep.md:2:1: audio "DATA:audio/mp3,x" is a data: URL`, `ep.md:3:1: video "vbscript:x.mp4" is a vbscript: URL`}, ""},
		{"ErrSpeakerURLAndAvatar", "---\nspeakers:\n  - name: Ann\n    url: https://ann.example\n  - name: Bob\n    role: guest\n    url: \" javascript:alert(1)\"\n    avatar: \"data:image/svg+xml,x\"\n---\n\n**Ann** (0:00)\n\nHi.\n",
			[]string{`ep.md:7:5: Bob's url " javascript:alert(1)" is a javascript: URL`, `ep.md:8:5: Bob's avatar "data:image/svg+xml,x" is a data: URL`}, ""},
		{"ErrFlowMapping", "---\nspeakers:\n  - {name: Ann, url: \"&#106;avascript:x\"}\n---\n\n**Ann** (0:00)\n\nHi.\n",
			[]string{`ep.md:3:17: Ann's url "&#106;avascript:x" hides a javascript: URL behind its encoding`}, ""},
		{"ErrTOML", "+++\ntitle = \"One\"\nslug = \"one\"\naudio = \"JavaScript:alert(1)\"\n+++\n\n**Ann** (0:00)\n\nHi.\n",
			[]string{`ep.md:4:1: audio "JavaScript:alert(1)" is a javascript: URL`}, "ep.md:3:1"},
		{"ErrImage", "---\ntitle: One\nimage: \"javascript:alert(1)\"\n---\n\n**Ann** (0:00)\n\nHi.\n",
			[]string{`ep.md:3:1: image "javascript:alert(1)" is a javascript: URL`}, ""},
		{"ErrImageUnderAnotherToolsKey", "---\ntitle: One\ncover: \"data:image/png,x\"\n---\n\n**Ann** (0:00)\n\nHi.\n",
			[]string{`ep.md:3:1: cover "data:image/png,x" is a data: URL`}, ""},
		{"ErrLongSpeakerName", "---\nspeakers:\n  - " + strings.Repeat("Name ", 50) + "\n---\n\n**Ann** (0:00)\n\nHi.\n",
			[]string{`ep.md:3:5: speaker name "Name Name Name Name Name Name Name Name …" makes a URL of 249 bytes, over the limit of 200`}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, parseProblems := transcript.Parse("ep.md", []byte(tt.src))
			if parseProblems.HasErrors() {
				t.Fatalf("parse: %v", parseProblems)
			}
			s := Summarize("ep.md", tr)
			problems := s.Check(tr, []byte(tt.src))
			var got []string
			for _, p := range problems {
				got = append(got, strings.SplitN(p.Error(), "\n", 2)[0])
				if !strings.Contains(p.Error(), "hint: ") {
					t.Errorf("%s: no hint", p.Error())
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if s.SlugPos.File != "" && s.SlugPos.String() != tt.slugPos || s.SlugPos.File == "" && tt.slugPos != "" {
				t.Errorf("slug at %q, want %q", s.SlugPos, tt.slugPos)
			}
		})
	}
}

func TestLoadConfigURLsAndAliases(t *testing.T) {
	tests := []struct {
		name, file string
		want       []string
		aliases    map[string]string
	}{
		{"OK", "baseURL: https://x.example/\nrepository: https://github.com/x/y/blob/main/content\naliases:\n  Speaker 1: Ann Lee\n  \"Bo  Chen \": Bo Chen\n", nil,
			map[string]string{"Speaker 1": "Ann Lee", "Bo Chen": "Bo Chen"}},
		{"ErrBaseURLScript", "title: X\nbaseURL: JavaScript:alert(1)//\n", []string{`verbatim.yaml:2:1: baseURL "JavaScript:alert(1)//" is a javascript: URL`}, nil},
		{"ErrBaseURLRelative", "baseURL: /pod/\n", []string{`verbatim.yaml:1:1: baseURL "/pod/" is not an absolute URL`}, nil},
		{"ErrImage", "image: \"vbscript:x.png\"\n", []string{`verbatim.yaml:1:1: image "vbscript:x.png" is a vbscript: URL`}, nil},
		{"ErrRepository", "repository: \"data:text/html,x\"\n", []string{`verbatim.yaml:1:1: repository "data:text/html,x" is a data: URL`}, nil},
		{"ErrAliasChain", "aliases:\n  S1: Speaker 1\n  Speaker 1: Ann\n", []string{`verbatim.yaml:2:3: alias "S1" leads to "Speaker 1", which is an alias itself`}, nil},
		{"ErrAliasEmpty", "aliases:\n  S1: \"\"\n", []string{`verbatim.yaml:2:3: alias "S1": a name is empty`}, nil},
		{"ErrAliasTwice", "aliases:\n  \"Ann  Lee\": A\n  Ann Lee: B\n", []string{`verbatim.yaml:3:3: alias "Ann Lee" is the same name as alias "Ann  Lee"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, ConfigFile), []byte(tt.file), 0o644); err != nil {
				t.Fatal(err)
			}
			c, problems := LoadConfig(dir)
			var got []string
			for _, p := range problems {
				got = append(got, strings.SplitN(p.Error(), "\n", 2)[0])
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if tt.aliases != nil && !equalMaps(c.Aliases, tt.aliases) {
				t.Errorf("aliases %q, want %q", c.Aliases, tt.aliases)
			}
		})
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// decodings returns s and every layer of entity and percent decoding of it,
// decoded independently of the code under test.
func decodings(s string) []string {
	out := []string{s}
	for range 10 {
		d := htmlUnescape(s)
		d = percentUnescape(d)
		if d == s {
			break
		}
		out = append(out, d)
		s = d
	}
	return out
}

func htmlUnescape(s string) string { return html.UnescapeString(s) }

// percentEscape matches one valid percent escape.
var percentEscape = regexp.MustCompile(`%[0-9A-Fa-f]{2}`)

func percentUnescape(s string) string {
	return percentEscape.ReplaceAllStringFunc(s, func(m string) string {
		var b byte
		fmt.Sscanf(m[1:], "%02x", &b)
		return string([]byte{b})
	})
}

// FuzzSummaryCheck checks that Check never panics on any transcript and
// places every problem, and the slug, inside the file.
func FuzzSummaryCheck(f *testing.F) {
	for _, s := range []string{
		"---\nmedia: \"javascript:x\"\nslug: one\nspeakers:\n  - {name: Ann, url: \"data:x\"}\n---\n\n**Ann** (0:00)\n\nHi.\n",
		"+++\naudio = \"%6Aavascript:x\"\nslug = \"a\"\n+++\n\n**Ann** (0:00)\n\nHi.\n",
		"---\nspeakers:\n  - name: Bo\n    avatar: \" vbscript:x\"\n---\n**Bo** (0:00)\nHi.\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		tr, _ := transcript.Parse("ep.md", []byte(src))
		s := Summarize("ep.md", tr)
		problems := s.Check(tr, []byte(src))
		lines := strings.Count(src, "\n") + 1
		for _, p := range problems {
			if p.Pos.File != "ep.md" || p.Pos.Line < 1 || p.Pos.Line > lines {
				t.Fatalf("problem outside the file (%d lines): %v", lines, p)
			}
		}
		if s.SlugPos.File != "" && (s.SlugPos.Line < 1 || s.SlugPos.Line > lines) {
			t.Fatalf("slug at %v, outside the file (%d lines)", s.SlugPos, lines)
		}
	})
}
