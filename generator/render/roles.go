package render

import "strings"

// personRole returns the role and group of the Podcast Taxonomy Project
// (podcast-namespace's taxonomy.json, which <podcast:person> refers to) that
// a speaker's role names, in lower case as the namespace's examples write
// them. The match ignores case, spaces and hyphens ("Co-host", "cohost"). A role
// the taxonomy does not name, or none, is "guest": the speaker of an
// interview who is not marked as its host.
func personRole(role string) (name, group string) {
	key := roleKey.Replace(strings.ToLower(role))
	for _, g := range taxonomy {
		for _, r := range g.roles {
			if roleKey.Replace(r) == key {
				return r, g.group
			}
		}
	}
	return "guest", "cast"
}

// roleKey is what two spellings of a role are compared by.
var roleKey = strings.NewReplacer(" ", "", "-", "", "\t", "")

// taxonomy is the Podcast Taxonomy Project's groups and roles, in its order:
// a role in two groups ("editor") is taken as the first's.
var taxonomy = []struct {
	group string
	roles []string
}{
	{"creative direction", []string{"director", "assistant director", "executive producer", "senior producer", "producer", "associate producer", "development producer", "creative director"}},
	{"cast", []string{"host", "co-host", "guest host", "guest", "voice actor", "narrator", "announcer", "reporter"}},
	{"writing", []string{"author", "editorial director", "co-writer", "writer", "songwriter", "guest writer", "story editor", "managing editor", "script editor", "script coordinator", "researcher", "editor", "fact checker", "translator", "transcriber", "logger"}},
	{"audio production", []string{"studio coordinator", "technical director", "technical manager", "audio engineer", "remote recording engineer", "post production engineer"}},
	{"audio post-production", []string{"audio editor", "sound designer", "foley artist", "composer", "theme music", "music production", "music contributor"}},
	{"administration", []string{"production coordinator", "booking coordinator", "production assistant", "content manager", "marketing manager", "sales representative", "sales manager"}},
	{"visuals", []string{"graphic designer", "cover art designer"}},
	{"community", []string{"social media manager"}},
	{"misc.", []string{"consultant", "intern"}},
	{"video production", []string{"camera operator", "lighting designer", "camera grip", "assistant camera"}},
	{"video post-production", []string{"editor", "assistant editor"}},
}
