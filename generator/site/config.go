package site

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
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
		problems.Errorf(pos, "the keys are title, baseURL, language, description, highlightStyle, highlightStyleDark, repository, pageSize, markers and limits", "config: %s", msg)
		return cfg, problems
	}
	if u, err := url.Parse(cfg.BaseURL); err != nil || u.Scheme == "" || u.Host == "" {
		problems.Errorf(pos, "write the full address, such as https://example.org/", "baseURL %q is not an absolute URL", cfg.BaseURL)
	}
	if cfg.PageSize < 1 {
		problems.Errorf(pos, "use a number such as 25", "pageSize must be at least 1")
	}
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
