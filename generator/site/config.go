package site

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/verbatim-ssg/verbatim/generator/diag"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
	"go.yaml.in/yaml/v3"
)

// ConfigFile is the name of the optional site config file at the site root.
const ConfigFile = "verbatim.yaml"

// Config is the site's configuration, from ConfigFile.
type Config struct {
	Title       string `yaml:"title"`
	BaseURL     string `yaml:"baseURL"`
	Language    string `yaml:"language"`
	Description string `yaml:"description"`
	// HighlightStyle names the chroma style code blocks are coloured with.
	HighlightStyle string `yaml:"highlightStyle"`
	// HighlightStyleDark is used when the reader prefers a dark scheme.
	HighlightStyleDark string `yaml:"highlightStyleDark"`
	// Repository is the URL of the folder holding the transcripts in a
	// source repository; with it, episode pages link to their source.
	Repository string `yaml:"repository"`
	// PageSize is how many episodes a home or speaker page lists.
	PageSize int `yaml:"pageSize"`
	// Favicon is the site's icon: a file of its static folder, such as
	// "logo.png", or a URL. Empty, pages link the theme's favicon.svg.
	Favicon string `yaml:"favicon"`
	// Image is the show's artwork: a file of its static folder, such as
	// "/artwork.png", or a URL. It is shown on the home page, shared with
	// links (og:image) and given to podcast apps in the feed; an episode
	// without artwork of its own is shared with it.
	Image string `yaml:"image"`
	// Aliases merge speakers on purpose: each name (such as "Speaker 1")
	// is shown, linked and counted as the person it maps to.
	Aliases map[string]string `yaml:"aliases"`
	// Speakers gives details of people by name, over what front matter
	// says: a picture, a colour of the palette.
	Speakers map[string]SpeakerConfig `yaml:"speakers"`
	// Markers are more labels, beside transcript.DefaultMarkers, that
	// name a stretch that is not speech ("**Ad read:** \[12:00\]").
	Markers []string `yaml:"markers"`
	// Limits bound what one transcript file may hold; zero keeps
	// transcript.DefaultLimits.
	Limits transcript.Limits `yaml:"limits"`
}

// ParseOptions are the options transcripts of the site are read with.
func (c Config) ParseOptions() transcript.Options {
	return transcript.Options{Markers: c.Markers, Limits: c.Limits}
}

// DefaultConfig returns the configuration of a site with no config file.
func DefaultConfig() Config {
	return Config{
		Title:              "Transcripts",
		BaseURL:            "http://localhost:1313/",
		Language:           "en",
		HighlightStyle:     "github",
		HighlightStyleDark: "github-dark",
		PageSize:           25,
	}
}

// LoadConfig reads ConfigFile from dir over DefaultConfig. A missing file is
// not an error.
func LoadConfig(dir string) (Config, diag.List) {
	cfg := DefaultConfig()
	var problems diag.List
	src, err := os.ReadFile(filepath.Join(dir, ConfigFile))
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, nil
	}
	pos := diag.Pos{File: ConfigFile}
	if err != nil {
		problems.Errorf(pos, "check the file's permissions", "cannot read the config: %v", err)
		return cfg, problems
	}
	dec := yaml.NewDecoder(strings.NewReader(string(src)))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		var line int
		if _, e := fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(msg, "unmarshal errors:\n")), "line %d:", &line); e == nil {
			pos.Line = line
			msg = strings.TrimSpace(msg[strings.Index(msg, fmt.Sprintf("line %d:", line))+len(fmt.Sprintf("line %d:", line)):])
		}
		problems.Errorf(pos, "the keys are "+configKeyNames(), "config: %s", msg)
		return cfg, problems
	}
	keys := configKeys(src)
	problems = append(problems, checkConfigURLs(cfg, keys)...)
	if cfg.PageSize < 1 {
		problems.Errorf(keys.pos("pageSize"), "use a number such as 25", "pageSize must be at least 1")
	}
	var aliasProblems diag.List
	cfg.Aliases, aliasProblems = checkAliases(cfg.Aliases, keys)
	problems = append(problems, aliasProblems...)
	var speakerProblems diag.List
	cfg.Speakers, speakerProblems = checkSpeakers(cfg.Speakers, keys)
	problems = append(problems, speakerProblems...)
	for _, m := range cfg.Markers {
		if strings.TrimSpace(m) == "" {
			problems.Errorf(pos, `list labels such as "Ad read"`, "markers: a marker is empty")
		}
	}
	if l := cfg.Limits; l.FileSize < 0 || l.TurnLength < 0 || l.Nesting < 0 {
		problems.Errorf(pos, "use positive numbers, or leave a limit out for its default", "limits: a limit is negative")
	}
	cfg.BaseURL = strings.TrimSuffix(cfg.BaseURL, "/") + "/"
	return cfg, problems
}

// configKeyNames lists the config file's keys, as their yaml tags name
// them, for the hint under an unknown key: "title, baseURL, … and limits".
func configKeyNames() string {
	t := reflect.TypeFor[Config]()
	names := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); name != "" && name != "-" {
			names = append(names, name)
		}
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// configNodes are the top-level keys of the config file and their values,
// to report a problem at the line that causes it.
type configNodes struct {
	keys, values map[string]*yaml.Node
}

// configKeys reads where each top-level key of the config file src is. A
// file that does not parse has none: its problem is reported already.
func configKeys(src []byte) configNodes {
	c := configNodes{keys: map[string]*yaml.Node{}, values: map[string]*yaml.Node{}}
	var doc yaml.Node
	if yaml.Unmarshal(src, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return c
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		c.keys[m.Content[i].Value] = m.Content[i]
		c.values[m.Content[i].Value] = m.Content[i+1]
	}
	return c
}

// pos is the position of the key in the config file, or the file's when
// the key is not in it.
func (c configNodes) pos(key string) diag.Pos {
	return nodePos(c.keys[key])
}

// entryPos returns where each entry of the mapping under key is, by the
// entry's name as written, falling back to the key's own position.
func (c configNodes) entryPos(key string) func(name string) diag.Pos {
	pos := map[string]diag.Pos{}
	if m := c.values[key]; m != nil && m.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(m.Content); i += 2 {
			pos[m.Content[i].Value] = nodePos(m.Content[i])
		}
	}
	return func(name string) diag.Pos {
		if p, ok := pos[name]; ok {
			return p
		}
		return c.pos(key)
	}
}

func nodePos(n *yaml.Node) diag.Pos {
	if n == nil {
		return diag.Pos{File: ConfigFile}
	}
	return diag.Pos{File: ConfigFile, Line: n.Line, Col: n.Column}
}
