package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/rss"
)

// rfc822 are the date layouts RSS 2.0 allows (RFC 822 with a four-digit
// year, the weekday and the seconds optional).
var rfc822 = []string{
	"Mon, 02 Jan 2006 15:04:05 -0700", "Mon, 02 Jan 2006 15:04:05 MST",
	"02 Jan 2006 15:04:05 -0700", "02 Jan 2006 15:04:05 MST",
	"Mon, 02 Jan 2006 15:04 -0700", "Mon, 2 Jan 2006 15:04:05 -0700",
}

// transcriptTypes are the types docs/tags/transcript.md of the Podcasting
// 2.0 namespace names for podcast:transcript (and its schema's
// application/srt).
var transcriptTypes = map[string]bool{"text/plain": true, "text/html": true, "text/vtt": true,
	"application/json": true, "application/x-subrip": true, "application/srt": true}

// personRoles are the roles of the Podcast Taxonomy Project (the
// namespace's taxonomy.json), in lower case: podcast:person's role is one.
var personRoles = map[string]bool{}

func init() {
	for _, r := range []string{"announcer", "assistant camera", "assistant director", "assistant editor", "associate producer", "audio editor", "audio engineer", "author", "booking coordinator", "camera grip", "camera operator", "co-host", "co-writer", "composer", "consultant", "content manager", "cover art designer", "creative director", "development producer", "director", "editor", "editorial director", "executive producer", "fact checker", "foley artist", "graphic designer", "guest", "guest host", "guest writer", "host", "intern", "lighting designer", "logger", "managing editor", "marketing manager", "music contributor", "music production", "narrator", "post production engineer", "producer", "production assistant", "production coordinator", "remote recording engineer", "reporter", "researcher", "sales manager", "sales representative", "script coordinator", "script editor", "senior producer", "social media manager", "songwriter", "sound designer", "story editor", "studio coordinator", "technical director", "technical manager", "theme music", "transcriber", "translator", "voice actor", "writer"} {
		personRoles[r] = true
	}
}

// checkFeed parses the feed with gofeed (as a feed reader would) and then
// applies what gofeed forgives: well-formed XML, RSS 2.0's required
// elements, RFC 822 dates, absolute URLs, unique guids, podcast:transcript
// and podcast:chapters with a url and a type, and the Podcasting 2.0 rules
// gofeed does not know: a transcript's type is one the namespace names and
// it has a language; every item names its people (podcast:person), each
// with a role of the Podcast Taxonomy and absolute href and img.
func checkFeed(file, base string) ([]string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, file+": "+fmt.Sprintf(format, args...)) }

	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			bad("not well-formed XML: %v", err)
			return problems, nil
		}
	}
	if f, err := gofeed.NewParser().Parse(bytes.NewReader(data)); err != nil {
		bad("gofeed: %v", err)
		return problems, nil
	} else if f.FeedType != "rss" {
		bad("gofeed reads it as %q, not RSS", f.FeedType)
	}
	feed, err := (&rss.Parser{}).Parse(bytes.NewReader(data))
	if err != nil {
		bad("gofeed's RSS parser: %v", err)
		return problems, nil
	}
	if feed.Version != "2.0" {
		bad(`<rss version="%s">, want "2.0"`, feed.Version)
	}
	for name, v := range map[string]string{"title": feed.Title, "link": feed.Link, "description": feed.Description} {
		if strings.TrimSpace(v) == "" {
			bad("the channel has no <%s>", name)
		}
	}
	abs := func(where, u string) {
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
			bad("%s: %q is not an absolute http(s) URL", where, u)
		}
	}
	date := func(where, d string) {
		if d == "" {
			return
		}
		for _, layout := range rfc822 {
			if _, err := time.Parse(layout, d); err == nil {
				return
			}
		}
		bad("%s: %q is not an RFC 822 date", where, d)
	}
	abs("channel link", feed.Link)
	date("channel pubDate", feed.PubDate)
	date("channel lastBuildDate", feed.LastBuildDate)
	for _, l := range feed.Extensions["atom"]["link"] {
		abs("atom:link", l.Attrs["href"])
	}
	guids := make(map[string]int)
	for i, it := range feed.Items {
		where := fmt.Sprintf("item %d (%s)", i+1, it.Title)
		if it.Title == "" && it.Description == "" {
			bad("%s: neither a title nor a description", where)
		}
		if it.Link != "" {
			abs(where+" link", it.Link)
		}
		date(where+" pubDate", it.PubDate)
		if it.GUID == nil || it.GUID.Value == "" {
			bad("%s: no guid", where)
		} else {
			if guids[it.GUID.Value]++; guids[it.GUID.Value] == 2 {
				bad("%s: guid %q is not unique", where, it.GUID.Value)
			}
			if it.GUID.IsPermalink != "false" {
				abs(where+" guid (a permalink)", it.GUID.Value)
			}
		}
		for _, e := range it.Enclosures {
			abs(where+" enclosure", e.URL)
			if e.Type == "" || e.Length == "" {
				bad("%s: enclosure without a type or a length", where)
			}
		}
		if len(it.Extensions["podcast"]["transcript"]) == 0 {
			bad("%s: no podcast:transcript", where)
		}
		for _, tag := range []string{"transcript", "chapters"} {
			for _, x := range it.Extensions["podcast"][tag] {
				abs(where+" podcast:"+tag, x.Attrs["url"])
				if t := x.Attrs["type"]; !strings.Contains(t, "/") {
					bad("%s: podcast:%s type %q is not a MIME type", where, tag, t)
				}
				if u := x.Attrs["url"]; !strings.HasPrefix(u, base) {
					bad("%s: podcast:%s %q is not under %s", where, tag, u, base)
				}
			}
		}
		for _, x := range it.Extensions["podcast"]["transcript"] {
			if t := x.Attrs["type"]; !transcriptTypes[t] {
				bad("%s: podcast:transcript type %q is not one the Podcasting 2.0 namespace names (%s)", where, t, x.Attrs["url"])
			}
			if x.Attrs["language"] == "" {
				bad("%s: podcast:transcript %s has no language", where, x.Attrs["url"])
			}
		}
		people := it.Extensions["podcast"]["person"]
		if len(people) == 0 {
			bad("%s: no podcast:person", where)
		}
		for _, p := range people {
			name := strings.TrimSpace(p.Value)
			if name == "" || len([]rune(name)) > 128 {
				bad("%s: podcast:person %q: a name must have 1 to 128 characters", where, name)
			}
			if r := p.Attrs["role"]; r == "" || !personRoles[strings.ToLower(r)] {
				bad("%s: podcast:person %q: role %q is not one of the Podcast Taxonomy's", where, name, r)
			}
			if p.Attrs["href"] == "" {
				bad("%s: podcast:person %q has no href", where, name)
			}
			for _, a := range []string{"href", "img"} {
				if u, ok := p.Attrs[a]; ok {
					abs(fmt.Sprintf("%s podcast:person %q %s", where, name, a), u)
				}
			}
		}
	}
	return problems, nil
}
