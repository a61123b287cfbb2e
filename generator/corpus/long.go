package corpus

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// LongName is the file name Long gives its episode.
const LongName = "long-conversation.md"

// LongAudio is the audio file Long's episode names: the site that shows it
// must provide it (a short silent file will do) or its page logs a 404.
const LongAudio = "/audio/long-conversation.mp3"

// long is the shape of Long's episode: an hour and a half of quick
// exchanges, the heaviest page a real archive has to show.
var long = shape{
	turns:   [2]int{1000, 1000},
	bytes:   [2]int{115_000, 125_000},
	minutes: [2]int{90, 91},
}

// chapterEvery is how far apart Long's chapters start, about.
const chapterEvery = 10 * time.Minute

// longCast is Long's cast: the two hosts of a show of the network and two
// guests, each with a role.
var longCast = [...]struct{ name, role string }{
	{"Elena Rossi", "host"}, {"Farid Haddad", "host"}, {"Kavya Iyer", "guest"}, {"Nikolai Petrov", "guest"},
}

// Long returns a 90-minute episode of 1,000 turns between four speakers,
// with a chapter about every ten minutes and LongAudio as its media: the
// page the CI's performance and accessibility checks load, because a theme
// that is fast and accessible there is so everywhere. Like Episode, it
// depends only on the seed.
func Long(seed int64) (name string, src []byte) {
	r := rand.New(rand.NewPCG(uint64(seed), 1<<40))
	v := vocabulary()
	var b bytes.Buffer
	b.Grow(long.bytes[1] + 4096)

	speakers := make([]string, len(longCast))
	fmt.Fprintf(&b, "---\ntitle: %q\ndate: 2011-12-31\nshow: %q\ndescription: %q\nspeakers:\n",
		"An Hour and a Half of "+title(r, v), shows[3].name, words(sentence(r, v, nil)))
	for k, s := range longCast {
		speakers[k] = s.name
		fmt.Fprintf(&b, "  - name: %s\n    role: %s\n", s.name, s.role)
	}
	fmt.Fprintf(&b, "media: %s\ntags: [%s]\n---\n", LongAudio, strings.Join(tagPool[:3], ", "))

	turns := body(r, v, speakers, long)
	times := timestamps(r, turns, long)
	next := time.Duration(0) // when the next chapter may start
	for k, t := range turns {
		if k > 0 {
			b.WriteByte('\n')
		}
		if times[k] >= next {
			fmt.Fprintf(&b, "## %s (%s)\n\n", title(r, v), clock(times[k]))
			next = times[k] + chapterEvery
		}
		fmt.Fprintf(&b, "**%s** (%s)\n", t.speaker, clock(times[k]))
		for _, p := range t.lines {
			b.WriteString(words(p))
			b.WriteByte('\n')
		}
	}
	return LongName, b.Bytes()
}
