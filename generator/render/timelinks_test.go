package render

import "testing"

func TestLinkTimes(t *testing.T) {
	audio := Media{Kind: "audio", Src: "/audio/ep1.mp3"}
	for _, c := range []struct {
		name, html string
		media      Media
		want       string
	}{
		{"SeekLinkWithMedia", `<p>try out the [53:33] before</p>`, audio,
			`<p>try out the <a class="time" href="/audio/ep1.mp3#t=3213" data-start="3213">[53:33]</a> before</p>`},
		{"FractionKeptInData", `<p>a [01:00:06.26] b</p>`, audio,
			`<p>a <a class="time" href="/audio/ep1.mp3#t=3606" data-start="3606.26">[01:00:06.26]</a> b</p>`},
		{"TimeElementWithoutMedia", `<p>a [7:57] b</p>`, Media{},
			`<p>a <time class="time" datetime="PT477S">[7:57]</time> b</p>`},
		{"NotesStayText", `<p>[laughs] [unintelligible 00:07:57.27] [1] [12:345]</p>`, audio,
			`<p>[laughs] [unintelligible 00:07:57.27] [1] [12:345]</p>`},
		{"NotInCode", `<p><code>a[1:20]</code></p><pre><code>x[0:10]</code></pre>`, audio,
			`<p><code>a[1:20]</code></p><pre><code>x[0:10]</code></pre>`},
		{"NotInLinks", `<p><a href="/x">[1:20]</a> [1:20]</p>`, Media{},
			`<p><a href="/x">[1:20]</a> <time class="time" datetime="PT80S">[1:20]</time></p>`},
		{"NotInAttributes", `<p><abbr title="[1:20]">x</abbr></p>`, audio, `<p><abbr title="[1:20]">x</abbr></p>`},
		{"BadTimeStaysText", `<p>[1:75] [99:99:99]</p>`, audio, `<p>[1:75] [99:99:99]</p>`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := string(linkTimes([]byte(c.html), c.media)); got != c.want {
				t.Errorf("linkTimes(%s)\n got %s\nwant %s", c.html, got, c.want)
			}
		})
	}
}

// FuzzLinkTimes checks that marking up times never changes a turn's text:
// what is left when every tag is taken out is the same before and after.
func FuzzLinkTimes(f *testing.F) {
	for _, s := range []string{`<p>try out the [53:33] before</p>`, `<p><code>[1:20]</code> [1:2] [01:00:06.26]</p>`, `<p>[[1:20]]</p>`, `<a>[1:20`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, html string) {
		for _, media := range []Media{{}, {Kind: "audio", Src: "/a.mp3"}} {
			got := string(linkTimes([]byte(html), media))
			if textOf(got) != textOf(html) {
				t.Errorf("text changed:\n%q\n%q", html, got)
			}
		}
	})
}

// textOf is s without its tags, as far as linkTimes reads tags.
func textOf(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '<' {
			if end := indexByteFrom(s, i, '>'); end >= 0 {
				i = end
				continue
			}
		}
		b = append(b, s[i])
	}
	return string(b)
}

func indexByteFrom(s string, i int, c byte) int {
	for ; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}
