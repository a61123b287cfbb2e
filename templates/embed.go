// Package templates holds the built-in theme's page templates. A site
// overrides any of them by putting a file of the same name in its own
// templates/ folder.
package templates

import "embed"

// FS holds the built-in templates.
//
//go:embed *.html
var FS embed.FS
