package render

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/site"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// Speakers for the geometry tests.
var (
	ana = &site.Speaker{Name: "Ana", Slug: "ana"}
	ben = &site.Speaker{Name: "Ben", Slug: "ben"}
)

// tturn is a turn for the geometry tests: who (a speaker, or "" for a
// marker), its start and end in seconds (-1: untimed; end 0: not given).
func tturn(who *site.Speaker, start, end float64, text string) *Turn {
	t := &Turn{Speaker: who, Text: text, start: transcript.NoTime}
	if who == nil {
		t.Marker = "Break"
	}
	if start >= 0 {
		t.start = time.Duration(start * float64(time.Second))
	}
	if end > 0 {
		t.end = time.Duration(end * float64(time.Second))
	}
	return t
}

// laneShape is what the tests compare of a lane.
type laneShape struct {
	Name string
	Talk time.Duration
	Runs []run
}

func TestTimelineGeometry(t *testing.T) {
	s := time.Second
	tests := []struct {
		name     string
		turns    []*Turn
		chapters []*Chapter
		duration time.Duration
		lanes    []laneShape
		markers  []run
		marks    []int
	}{{
		name:     "OKTurnLastsUntilTheNext",
		turns:    []*Turn{tturn(ana, 0, 0, ""), tturn(ben, 250, 0, ""), tturn(ana, 600, 0, ""), tturn(ben, 900, 0, strings.Repeat("x", 1500))},
		duration: 1000 * s, // the last turn's 1,500 characters take 100 s to say
		lanes: []laneShape{
			{"Ana", 550 * s, []run{{0, 250}, {600, 300}}},
			{"Ben", 450 * s, []run{{250, 350}, {900, 100}}},
		},
	}, {
		name:     "MergesTheSameSpeakersTurns",
		turns:    []*Turn{tturn(ana, 0, 0, ""), tturn(ana, 100, 0, ""), tturn(ana, 200, 0, ""), tturn(ben, 300, 0, ""), tturn(ben, 999, 1000, "")},
		duration: 1000 * s,
		lanes:    []laneShape{{"Ana", 300 * s, []run{{0, 300}}}, {"Ben", 700 * s, []run{{300, 700}}}},
	}, {
		name: "RoundsToWholeUnits",
		// 3 s on a 2,000 s episode is 1.5 units; 2.4 s is 1.2; the last
		// second rounds to the end, and is drawn in the last unit.
		turns:    []*Turn{tturn(ana, 0, 3, ""), tturn(ben, 3, 5.4, ""), tturn(ana, 1999, 2000, "")},
		duration: 2000 * s,
		lanes: []laneShape{
			{"Ana", 4 * s, []run{{0, 2}, {999, 1}}},
			{"Ben", 2400 * time.Millisecond, []run{{2, 1}}},
		},
	}, {
		name: "ShortTurnsAreAUnitWide",
		// Half a second in 1,000: too short to see, widened to a unit;
		// Ana's turns either side of it, a unit apart, are one run.
		turns:    []*Turn{tturn(ana, 0, 0, ""), tturn(ben, 500, 500.5, ""), tturn(ana, 500.5, 0, ""), tturn(ana, 999, 1000, "")},
		duration: 1000 * s,
		lanes: []laneShape{
			{"Ana", 999500 * time.Millisecond, []run{{0, 1000}}},
			{"Ben", 500 * time.Millisecond, []run{{500, 1}}},
		},
	}, {
		name: "ZeroLengthTurnsAreNotDrawn",
		// Ben's turn ends as it starts: it has no lane, and Ana's turns
		// either side of it are one run.
		turns:    []*Turn{tturn(ana, 0, 0, ""), tturn(ben, 10, 0, ""), tturn(ana, 10, 20, "")},
		duration: 20 * s,
		lanes:    []laneShape{{"Ana", 20 * s, []run{{0, 1000}}}},
	}, {
		name:     "UntimedTurnsAreSkipped",
		turns:    []*Turn{tturn(ana, 0, 0, ""), tturn(ben, -1, 0, "untimed"), tturn(ana, 50, 100, "")},
		duration: 100 * s,
		lanes:    []laneShape{{"Ana", 100 * s, []run{{0, 1000}}}},
	}, {
		name:     "MarkersAreBandsNotSpeech",
		turns:    []*Turn{tturn(ana, 0, 0, ""), tturn(nil, 40, 50, ""), tturn(ben, 60, 100, ""), tturn(nil, 100, 0, "")},
		duration: 101 * s, // the marker with no text lasts a second
		lanes: []laneShape{
			{"Ana", 40 * s, []run{{0, 396}}},
			{"Ben", 40 * s, []run{{594, 396}}},
		},
		markers: []run{{396, 99}, {990, 10}},
	}, {
		name:     "EndCutAtTheNextStart",
		turns:    []*Turn{tturn(ana, 0, 80, ""), tturn(ben, 50, 100, "")},
		duration: 100 * s,
		lanes:    []laneShape{{"Ana", 50 * s, []run{{0, 500}}}, {"Ben", 50 * s, []run{{500, 500}}}},
	}, {
		name: "TimesOutOfOrder",
		// Ben's turn lasts until a start before its own: no time. Ana's
		// overlap, counted as the site's talk time counts them.
		turns:    []*Turn{tturn(ana, 0, 0, ""), tturn(ben, 90, 0, ""), tturn(ana, 30, 100, "")},
		duration: 100 * s,
		lanes:    []laneShape{{"Ana", 160 * s, []run{{0, 1000}}}},
	}, {
		name:     "ChaptersMarkTheirStarts",
		turns:    []*Turn{tturn(ana, 0, 0, ""), tturn(ben, 50, 100, "")},
		chapters: []*Chapter{{start: 0}, {start: transcript.NoTime}, {start: 50 * s}, {start: 500 * s}},
		duration: 100 * s,
		lanes:    []laneShape{{"Ana", 50 * s, []run{{0, 500}}}, {"Ben", 50 * s, []run{{500, 500}}}},
		marks:    []int{0, 500},
	}, {
		name:  "NoneWhenUntimed",
		turns: []*Turn{tturn(ana, -1, 0, "a"), tturn(ben, -1, 0, "b")},
	}, {
		name:  "NoneWithoutTurns",
		turns: nil,
	}, {
		name:     "SpeakerOfNoLaneIsLeftOut",
		turns:    []*Turn{tturn(&site.Speaker{Name: "Stranger"}, 0, 0, ""), tturn(ana, 10, 20, "")},
		duration: 20 * s,
		lanes:    []laneShape{{"Ana", 10 * s, []run{{500, 500}}}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl := timelineOf(tt.turns, []*site.Speaker{ana, ben}, tt.chapters)
			if tt.duration == 0 {
				if tl != nil {
					t.Fatalf("want no timeline, got %+v", tl)
				}
				return
			}
			if tl == nil {
				t.Fatal("no timeline")
			}
			if tl.Duration != tt.duration {
				t.Errorf("duration %v, want %v", tl.Duration, tt.duration)
			}
			var lanes []laneShape
			for _, l := range tl.Lanes {
				lanes = append(lanes, laneShape{l.Speaker.Name, l.Talk, l.Runs})
			}
			if !reflect.DeepEqual(lanes, tt.lanes) {
				t.Errorf("lanes\n got %v\nwant %v", lanes, tt.lanes)
			}
			if !reflect.DeepEqual(tl.Markers, tt.markers) {
				t.Errorf("markers %v, want %v", tl.Markers, tt.markers)
			}
			if !reflect.DeepEqual(tl.Chapters, tt.marks) {
				t.Errorf("chapter marks %v, want %v", tl.Chapters, tt.marks)
			}
		})
	}
}

func TestTimelineShares(t *testing.T) {
	tests := []struct {
		name  string
		talk  []time.Duration
		wants []string
	}{
		{"OK", []time.Duration{46, 38, 16}, []string{"46%", "38%", "16%"}},
		{"Rounded", []time.Duration{1, 2}, []string{"33%", "67%"}},
		{"UnderAPercent", []time.Duration{1, 999}, []string{"&lt;1%", "100%"}},
		{"HalfAPercentIsOne", []time.Duration{1, 199}, []string{"1%", "100%"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl := &timeline{}
			for _, d := range tt.talk {
				tl.Lanes = append(tl.Lanes, lane{Talk: d * time.Minute})
			}
			for i, l := range tl.Lanes {
				if got := string(tl.appendShare(nil, l)); got != tt.wants[i] {
					t.Errorf("lane %d: %s, want %s", i, got, tt.wants[i])
				}
			}
		})
	}
}

// TestTimelineGolden renders the timeline of a small episode with two
// speakers, a chapter and a break, and markup to escape in a name.
func TestTimelineGolden(t *testing.T) {
	src, err := os.ReadFile("testdata/timeline.md")
	if err != nil {
		t.Fatal(err)
	}
	r, s, trs := testRenderer(t, map[string]string{"content/timeline.md": string(src)})
	e, tr := s.Episodes[0], trs["content/timeline.md"]
	// Markdown has no markers: the fifth turn is made a break, as the
	// parsers of other formats make them.
	tr.Turns[4].Speaker, tr.Turns[4].Marker, tr.Turns[4].End, tr.Turns[4].Text = "", "Break", 750*time.Second, ""
	e.Summary = site.Summarize("content/timeline.md", tr) // the talk times without the break
	turns := r.Turns(e, tr)
	got := timelineHTML(e, turns, chapters(tr.Chapters, turns))
	golden(t, "timeline.html", []byte(got+"\n"))
}

// longTurns is an hour and a half of conversation: 1,000 turns of three
// speakers, a break, and ten chapters, in an episode with no talk times of
// its own.
func longTurns() (*site.Episode, []*Turn, []*Chapter) {
	cleo := &site.Speaker{Name: "Cleo", Slug: "cleo"}
	speakers := []*site.Speaker{ana, ben, cleo}
	turns := make([]*Turn, 1000)
	for i := range turns {
		start := float64(i) * 5.4
		switch {
		case i == 500:
			turns[i] = tturn(nil, start, start+5, "")
		case i%7 == 3:
			turns[i] = tturn(cleo, start, 0, "Right.")
		default:
			turns[i] = tturn(speakers[i%2], start, 0, "Something said for a while.")
		}
	}
	var chapters []*Chapter
	for i := range 10 {
		chapters = append(chapters, &Chapter{Title: fmt.Sprint("Part ", i+1), Time: "1:00", start: time.Duration(i) * 540 * time.Second})
	}
	return &site.Episode{Summary: &site.Summary{}, Speakers: speakers}, turns, chapters
}

// TestTimelineOfAnHourIsSmall keeps a 90-minute, 1,000-turn episode's
// timeline within a few kilobytes of the page.
func TestTimelineOfAnHourIsSmall(t *testing.T) {
	e, turns, chapters := longTurns()
	html := timelineHTML(e, turns, chapters)
	if n := len(html); n > 8<<10 || n < 1<<10 {
		t.Errorf("the timeline of 1,000 turns is %d bytes; want a few KB", n)
	}
	// The last turn's 27 characters take 1.8 s to say.
	for _, want := range []string{`data-duration="5396"`, `<path class="timeline-markers" d="M500 0h1v30h-1z"/>`, "Cleo"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("the timeline lacks %s", want)
		}
	}
}

func BenchmarkTimeline(b *testing.B) {
	e, turns, chapters := longTurns()
	b.ReportAllocs()
	for b.Loop() {
		timelineHTML(e, turns, chapters)
	}
}

// FuzzTimeline draws turns made from arbitrary bytes (each three bytes: a
// speaker or a marker, a start, an end) and checks what any timeline
// keeps to: runs inside the view box, left to right within a lane, at
// least a unit wide, shares of a hundred or near it, and well-formed paths.
func FuzzTimeline(f *testing.F) {
	f.Add([]byte{0, 0, 0, 1, 10, 0, 0, 20, 30})
	f.Add([]byte{2, 5, 9, 0, 5, 5, 1, 4, 0, 0, 255, 0})
	f.Add([]byte{0, 100, 0, 1, 50, 0, 0, 10, 200})
	f.Fuzz(func(t *testing.T, data []byte) {
		var turns []*Turn
		for i := 0; i+2 < len(data); i += 3 {
			var who *site.Speaker
			switch data[i] % 4 {
			case 0:
				who = ana
			case 1:
				who = ben
			case 2:
				who = &site.Speaker{Name: "Stranger"}
			}
			start := float64(data[i+1]) * 7
			if data[i+1] == 255 {
				start = -1
			}
			turns = append(turns, tturn(who, start, float64(data[i+2])*7, strings.Repeat("a", int(data[i+2]))))
		}
		tl := timelineOf(turns, []*site.Speaker{ana, ben}, nil)
		if tl == nil {
			return
		}
		sum := 0
		for _, l := range tl.Lanes {
			sum += tl.share(l)
			checkRuns(t, l.Runs, true)
		}
		checkRuns(t, tl.Markers, false)
		if len(tl.Lanes) > 0 && (sum < 100-len(tl.Lanes) || sum > 100+len(tl.Lanes)) {
			t.Errorf("shares add up to %d", sum)
		}
		html := string(tl.append(nil, nil))
		if strings.Count(html, "<path") != strings.Count(html, "/>") || strings.Contains(html, "NaN") || strings.Contains(html, "--") {
			t.Errorf("malformed timeline:\n%s", html)
		}
	})
}

// checkRuns fails the test unless runs lie inside the view box, each a
// unit wide or more, and, when ordered, left to right apart.
func checkRuns(t *testing.T, runs []run, ordered bool) {
	t.Helper()
	for i, r := range runs {
		if r.X < 0 || r.W < 1 || r.X+r.W > timelineWidth {
			t.Fatalf("run %d is %+v, outside the view box", i, r)
		}
		if ordered && i > 0 && r.X <= runs[i-1].X+runs[i-1].W+1 && r.X >= runs[i-1].X {
			t.Fatalf("runs %d and %d, %+v and %+v, should be one", i-1, i, runs[i-1], r)
		}
	}
}
