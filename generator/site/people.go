package site

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/verbatim-ssg/verbatim/generator/diag"
)

// Name returns a speaker's name as the site tells people apart by it: as
// written, in Unicode normal form C, with each run of white space made one
// space and none at the ends. Two speakers are one person exactly when
// their Names are equal (or an alias says so): "Jose Nunez" and
// "José Núñez" are two people, and so are "Speaker" and "🎧", though their
// slugs would be the same. A name already in that form is returned as it
// is, without allocating.
func Name(s string) string {
	if isName(s) {
		return s
	}
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

// isName reports whether Name(s) == s.
func isName(s string) bool {
	space, ascii := true, true // a space at the start is one too many
	for _, r := range s {
		if r >= utf8.RuneSelf {
			ascii = false
		}
		if unicode.IsSpace(r) {
			if space || r != ' ' {
				return false
			}
			space = true
			continue
		}
		space = false
	}
	return (s == "" || !space) && (ascii || norm.NFC.QuickSpanString(s) == len(s))
}

// speakerSlugs gives every speaker a slug of their own, whatever order the
// episodes come in. Among names whose slugs are the same, the one heard in
// the most turns keeps the slug (then the first in byte order) and the
// others get "-2", "-3" and so on, skipping the slugs of other names: with
// as many turns each, "Jose Nunez" is jose-nunez, "José Núñez"
// jose-nunez-2. A name with no letters or digits ("🎧") counts as
// "speaker". Turns must be counted first.
func speakerSlugs(people []*Speaker) {
	base := make(map[*Speaker]string, len(people))
	taken := make(map[string]bool, len(people))
	for _, sp := range people {
		b := Slug(sp.Name)
		if len(b) > MaxSlug {
			b = cutSlug(b)
		}
		if b == "" {
			b = "speaker"
		}
		base[sp] = b
		taken[b] = true
	}
	slices.SortFunc(people, func(a, b *Speaker) int {
		if c := strings.Compare(base[a], base[b]); c != 0 {
			return c
		}
		if a.Turns != b.Turns {
			return b.Turns - a.Turns
		}
		return strings.Compare(a.Name, b.Name)
	})
	for i, sp := range people {
		sp.Slug = base[sp]
		if i == 0 || base[people[i-1]] != sp.Slug {
			continue
		}
		for n := 2; ; n++ {
			s := sp.Slug + "-" + strconv.Itoa(n)
			if !taken[s] {
				sp.Slug = s
				taken[s] = true
				break
			}
		}
	}
}

// cutSlug cuts a slug over MaxSlug at a character boundary; Check has
// reported it, this keeps a build that goes on from writing a name the
// file system refuses.
func cutSlug(s string) string {
	cut := MaxSlug
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strings.TrimRight(s[:cut], "-")
}

// checkAliases checks the config's aliases and returns them by Name: each
// maps a name as transcripts write it to the person it is. An alias whose
// target is itself an alias is refused, as is an empty name: both are
// mistakes more likely than meant.
func checkAliases(aliases map[string]string, keys configNodes) (map[string]string, diag.List) {
	if len(aliases) == 0 {
		return nil, nil
	}
	var problems diag.List
	where := keys.entryPos("aliases")
	from := slices.Sorted(func(yield func(string) bool) {
		for k := range aliases {
			if !yield(k) {
				return
			}
		}
	})
	out := make(map[string]string, len(aliases))
	written := make(map[string]string, len(aliases))
	for _, k := range from {
		name, person := Name(k), Name(aliases[k])
		switch {
		case name == "" || person == "":
			problems.Errorf(where(k), `write each alias as "Name in transcripts": Person's name`, "alias %q: a name is empty", k)
		case written[name] != "":
			problems.Errorf(where(k), "keep one of them", "alias %q is the same name as alias %q", k, written[name])
		default:
			out[name] = person
			written[name] = k
		}
	}
	for _, k := range from {
		if person, ok := out[Name(k)]; ok && person != Name(k) {
			if _, chained := out[person]; chained {
				problems.Errorf(where(k), "map every name straight to the person: "+strconv.Quote(k)+": "+strconv.Quote(out[person]),
					"alias %q leads to %q, which is an alias itself", k, person)
			}
		}
	}
	return out, problems
}

// warnLookAlikes warns of published speakers whose names differ only in
// what a slug drops (letter case, accents, punctuation): "LENNY
// RACHITSKY" and "Lenny Rachitsky" are two people to the site, which is
// right for Jose Nunez and José Núñez, and a transcript's quirk for the
// first pair: the warning names the alias that merges them.
func warnLookAlikes(speakers []*Speaker) diag.List {
	var problems diag.List
	holder := map[string]*Speaker{} // of each slug, the speaker who has it plain
	for _, sp := range speakers {
		if base := Slug(sp.Name); base != "" && len(sp.Episodes) > 0 && (holder[base] == nil || sp.Slug == base) {
			holder[base] = sp
		}
	}
	for _, sp := range speakers {
		base := Slug(sp.Name)
		other := holder[base]
		if base == "" || len(sp.Episodes) == 0 || other == sp {
			continue
		}
		in := sp.Episodes[len(sp.Episodes)-1] // the oldest episode it is in
		problems.Warnf(diag.Pos{File: in.Source},
			fmt.Sprintf("if they are one person, add to %s:\n\taliases:\n\t  %q: %q", ConfigFile, sp.Name, other.Name),
			"speaker %q is another person than %q, whose name differs only in case, accents or punctuation (pages /speakers/%s/ and /speakers/%s/)",
			sp.Name, other.Name, sp.Slug, other.Slug)
	}
	return problems
}
