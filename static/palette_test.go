package static

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/verbatim-ssg/verbatim/generator/site"
)

// scheme is the colours a colour scheme's custom properties give, by name
// without the dashes: "bg", "speaker-3".
type scheme map[string]string

// schemes reads the hex colours set on custom properties in css: those at
// the top level (the light scheme) and those inside @media
// (prefers-color-scheme: dark). Other @media blocks (print, forced
// colours, more contrast) are passed over.
func schemes(css string) (light, dark scheme) {
	light, dark = scheme{}, scheme{}
	decl := regexp.MustCompile(`--([a-z0-9-]+):\s*(#[0-9a-fA-F]{6})\b`)
	css = regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(css, " ")
	var stack []string // the at-rule, or "", of each open brace
	start := 0
	for i := 0; i < len(css); i++ {
		switch css[i] {
		case '{':
			prelude := strings.TrimSpace(css[start:i])
			if !strings.HasPrefix(prelude, "@") && len(stack) > 0 {
				prelude = stack[len(stack)-1] // a rule inside an at-rule
			}
			stack = append(stack, prelude)
			start = i + 1
		case '}':
			if len(stack) > 0 {
				into := light
				switch at := stack[len(stack)-1]; {
				case strings.Contains(at, "prefers-color-scheme: dark"):
					into = dark
				case strings.HasPrefix(at, "@"):
					into = nil
				}
				for _, m := range decl.FindAllStringSubmatch(css[start:i], -1) {
					if into != nil {
						into[m[1]] = m[2]
					}
				}
				stack = stack[:len(stack)-1]
			}
			start = i + 1
		case ';':
			if len(stack) == 0 {
				start = i + 1
			}
		}
	}
	return light, dark
}

// linearRGB is a "#rrggbb" colour's red, green and blue, linearised from sRGB.
func linearRGB(hex string) (r, g, b float64) {
	v, _ := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	lin := func(c uint64) float64 {
		s := float64(c) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return lin(v >> 16 & 0xff), lin(v >> 8 & 0xff), lin(v & 0xff)
}

func luminance(hex string) float64 {
	r, g, b := linearRGB(hex)
	return 0.2126*r + 0.7152*g + 0.0722*b
}

// contrast is the WCAG 2 contrast ratio of two colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// TestPaletteContrast checks the speaker palette in verbatim.css: one
// colour per site.Colors in each scheme, each AA as text (4.5:1, so 3:1 as
// a disc or bar too) on every background a speaker's name or disc sits on,
// and the disc's initials, drawn in the page's background colour, on the
// disc.
func TestPaletteContrast(t *testing.T) {
	css, err := FS.ReadFile("verbatim.css")
	if err != nil {
		t.Fatal(err)
	}
	light, dark := schemes(string(css))
	for name, sc := range map[string]scheme{"light": light, "dark": dark} {
		bgs := []string{"bg", "panel", "target", "current"}
		for n := 1; n <= site.Colors; n++ {
			c, ok := sc[fmt.Sprintf("speaker-%d", n)]
			if !ok {
				t.Errorf("%s: no --speaker-%d", name, n)
				continue
			}
			for _, bg := range bgs {
				back, ok := sc[bg]
				if !ok {
					t.Fatalf("%s: no --%s", name, bg)
				}
				if r := contrast(c, back); r < 4.5 {
					t.Errorf("%s: --speaker-%d %s on --%s %s is %.2f:1, under 4.5:1", name, n, c, bg, back, r)
				}
			}
		}
		if _, ok := sc[fmt.Sprintf("speaker-%d", site.Colors+1)]; ok {
			t.Errorf("%s: more speaker colours than site.Colors (%d)", name, site.Colors)
		}
	}
}

// TestPaletteDistinct checks that no two speaker colours of a scheme look
// alike: at least 20 apart in CIELAB (ΔE*ab), where 2.3 is a just
// noticeable difference.
func TestPaletteDistinct(t *testing.T) {
	css, err := FS.ReadFile("verbatim.css")
	if err != nil {
		t.Fatal(err)
	}
	light, dark := schemes(string(css))
	for name, sc := range map[string]scheme{"light": light, "dark": dark} {
		for i := 1; i <= site.Colors; i++ {
			for j := i + 1; j <= site.Colors; j++ {
				a, b := sc[fmt.Sprintf("speaker-%d", i)], sc[fmt.Sprintf("speaker-%d", j)]
				if d := deltaE(a, b); d < 20 {
					t.Errorf("%s: --speaker-%d %s and --speaker-%d %s are only %.1f apart", name, i, a, j, b, d)
				}
			}
		}
	}
}

func TestPaletteClasses(t *testing.T) {
	css, err := FS.ReadFile("verbatim.css")
	if err != nil {
		t.Fatal(err)
	}
	for n := 1; n <= site.Colors; n++ {
		rule := fmt.Sprintf(".c%d { --speaker: var(--speaker-%d); }", n, n)
		if !strings.Contains(string(css), rule) {
			t.Errorf("verbatim.css lacks %s", rule)
		}
	}
}

func TestSchemesReadsTheRightBlocks(t *testing.T) {
	css := `:root { --bg: #ffffff; /* --fg: #123456; */ }
@media (prefers-color-scheme: dark) { :root { --bg: #000000; } }
@media print { :root { --bg: #eeeeee; } }
.x { --speaker-1: #ff0000; }`
	light, dark := schemes(css)
	if light["bg"] != "#ffffff" || dark["bg"] != "#000000" || light["speaker-1"] != "#ff0000" || light["fg"] != "" {
		t.Errorf("light %v, dark %v", light, dark)
	}
}

// deltaE is the CIE76 distance of two sRGB colours in CIELAB (D65).
func deltaE(a, b string) float64 {
	la, aa, ba := lab(a)
	lb, ab, bb := lab(b)
	return math.Sqrt((la-lb)*(la-lb) + (aa-ab)*(aa-ab) + (ba-bb)*(ba-bb))
}

func lab(hex string) (l, a, b float64) {
	r, g, bl := linearRGB(hex)
	x := (0.4124*r + 0.3576*g + 0.1805*bl) / 0.95047
	y := 0.2126*r + 0.7152*g + 0.0722*bl
	z := (0.0193*r + 0.1192*g + 0.9505*bl) / 1.08883
	f := func(t float64) float64 {
		if t > 0.008856 {
			return math.Cbrt(t)
		}
		return 7.787*t + 16.0/116
	}
	return 116*f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))
}
