// Package scaffold holds the files "verbatim new" writes to start a site: a
// commented verbatim.yaml, one example transcript, a netlify.toml and a
// .gitignore, embedded here beside them so the binary carries them.
package scaffold

import (
	"embed"
	"io/fs"
	"strings"
)

//go:embed all:site
var files embed.FS

// Vars are the words a new site's files are filled in with.
type Vars struct {
	Title   string // the show's title, written into verbatim.yaml
	Version string // the verbatim version netlify.toml builds with: a tag, or "latest"
}

// File is one file of a new site: its slash-separated path and its bytes.
type File struct {
	Path string
	Data []byte
}

// Files returns the files of a new site, in a fixed order, with {{title}}
// and {{version}} filled in. (A file named "gitignore" is written as
// ".gitignore": go:embed leaves dotfiles out of a plain pattern, and the
// name would hide it from readers of this folder.)
func Files(v Vars) ([]File, error) {
	var out []File
	err := fs.WalkDir(files, "site", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		text := strings.NewReplacer("{{title}}", v.Title, "{{version}}", v.Version).Replace(string(data))
		name := strings.TrimPrefix(p, "site/")
		if name == "gitignore" {
			name = ".gitignore"
		}
		out = append(out, File{Path: name, Data: []byte(text)})
		return nil
	})
	return out, err
}
