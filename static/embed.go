// Package static holds the built-in theme's stylesheet and script. A site
// overrides either by putting a file of the same name in its own static/
// folder; everything else in that folder is copied to the site as it is.
package static

import "embed"

// FS holds the built-in static files.
//
//go:embed *.css *.js
var FS embed.FS
