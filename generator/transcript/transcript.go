// Package transcript reads transcript files into one model: metadata,
// speakers, and turns with optional start times and markdown text.
//
// It knows nothing of HTML or of other episodes. Every format keeps byte
// offsets into its source so later stages can report "file:line:col".
package transcript

import (
	"time"
)

// NoTime is the Start of a turn whose transcript gives no time.
const NoTime time.Duration = -1

// Transcript is one episode's transcript, whatever format it came in.
type Transcript struct {
	File     string // path used in diagnostics, relative to the site
	Format   string // name of the format it was read as
	Meta     Meta
	Speakers []Speaker // declared speakers, in order; turns may name others
	Turns    []Turn
	Chapters []Chapter
	// Trailer is text after the last turn that looks like a tool's footer
	// or a promo; it is reported and left out of the page.
	Trailer       string
	TrailerOffset int
}

// Meta is what a transcript says about its episode.
type Meta struct {
	Title       string
	Show        string
	Description string
	Date        time.Time // zero when unknown
	Media       Media
	Slug        string
	Draft       bool
	Tags        []string
	Format      string // format named in front matter, if any
	// Image is the episode's artwork: a URL, or a path on the site such
	// as /images/ep1.png.
	Image string
}

// Media is where the episode can be heard or watched. Audio is a file URL;
// Video is a video page URL, such as a YouTube link.
type Media struct {
	Audio string
	Video string
}

// Speaker is a declared speaker.
type Speaker struct {
	Name   string
	Role   string
	URL    string
	Avatar string
	Offset int // byte offset of the declaration
}

// Turn is one speaker's stretch of speech, or a marker of a stretch that
// is not speech (a break, an intro, music).
type Turn struct {
	Speaker string
	Start   time.Duration // NoTime when not given
	// End is when the stretch ends, when the source says so (a cue's end,
	// a break's "to \[22:26\]"); 0 when it does not.
	End time.Duration
	// Marker names a stretch that is not speech ("Break", "Intro",
	// "Music"). A marker has no Speaker; its Text, if any, is a note.
	Marker string
	// Continues is set on a turn that goes on with the speech of the turn
	// before it, by the same speaker, from a time of its own (a paragraph
	// opening with "\[01:00:06.26\]", a Rev block "(00:00:48):"). A page
	// shows its time, not the speaker's name again.
	Continues  bool
	Text       string // markdown
	Offset     int    // byte offset of the turn's header
	TextOffset int    // byte offset where Text starts in the source
}

// Chapter is a heading between turns: a new section of the episode.
type Chapter struct {
	Title  string
	Start  time.Duration // NoTime when neither the heading nor a turn gives one
	Turn   int           // index of the first turn in the chapter
	Offset int
}

// Duration is the start of the last timed turn: the best guess of the
// episode's length a transcript gives.
func (t *Transcript) Duration() time.Duration {
	for i := len(t.Turns) - 1; i >= 0; i-- {
		if t.Turns[i].Start != NoTime {
			return t.Turns[i].Start
		}
	}
	return 0
}

// SpeakerNames returns the declared speakers followed by any other speaker
// of a turn, each once, in order of first appearance.
func (t *Transcript) SpeakerNames() []string {
	seen := make(map[string]bool)
	var names []string
	add := func(n string) {
		if n != "" && !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	for _, s := range t.Speakers {
		add(s.Name)
	}
	for _, turn := range t.Turns {
		add(turn.Speaker)
	}
	return names
}
