// Package static holds the built-in theme's stylesheet, scripts and icons
// (favicon.svg, linked from every page, and favicon.ico, published at the
// site's root for the clients that ask for it by that name). A site
// overrides any of them by putting a file of the same name in its own
// static/ folder; everything else in that folder is copied to the site as
// it is.
package static

import "embed"

// FS holds the built-in static files.
//
//go:embed *.css *.js *.svg *.ico
var FS embed.FS
