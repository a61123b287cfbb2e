package watch

import (
	"strconv"
	"strings"

	"github.com/fsnotify/fsnotify"
)

// Ignored reports whether a path, relative to a watched root and
// slash-separated, names editor or system noise rather than a file a user
// edits: swap, backup, lock and temporary files, and anything inside or
// named by a dotfile (.git, .DS_Store, vim's .x.swp, emacs's .#x).
//
// It looks at every element, so a file inside .git/ is noise too; the root
// itself may sit in a dotted folder, which is why the path is relative.
func Ignored(rel string) bool {
	for _, elem := range strings.Split(rel, "/") {
		if noiseName(elem) {
			return true
		}
	}
	return false
}

// noiseName reports whether one file name is editor or system noise.
func noiseName(name string) bool {
	switch {
	case name == "" || name == ".":
		return false
	case strings.HasPrefix(name, "."): // dotfiles: .DS_Store, .x.swp, .#x (emacs lock), .git
		return true
	case strings.HasSuffix(name, "~"): // vim and emacs backups
		return true
	case len(name) > 2 && name[0] == '#' && name[len(name)-1] == '#': // emacs autosave
		return true
	case strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"): // JetBrains safe write
		return true
	case vimSwap(name):
		return true
	case vimProbe(name):
		return true
	}
	return false
}

// vimSwap matches vim's swap files when they are not dotfiles (the
// 'directory' option can put them elsewhere): .swp, then .swo, .swn and on
// down the alphabet, and .swx, which vim uses to test a directory.
func vimSwap(name string) bool {
	i := strings.LastIndexByte(name, '.')
	if i < 0 || len(name)-i != 4 || !strings.HasPrefix(name[i:], ".sw") {
		return false
	}
	c := name[len(name)-1]
	return c >= 'a' && c <= 'z'
}

// vimProbe matches the file vim writes to test that a directory is
// writable before a save: "4913", or 4913 plus a multiple of 123 when that
// name is taken.
func vimProbe(name string) bool {
	n, err := strconv.Atoi(name)
	return err == nil && n >= 4913 && (n-4913)%123 == 0 && strconv.Itoa(n) == name
}

// opOf maps an fsnotify operation to what it means for a path, and reports
// false for events that change nothing a build reads: CHMOD alone (touch -a,
// Spotlight, antivirus scanners) and events with no operation.
func opOf(op fsnotify.Op) (Op, bool) {
	switch {
	case op.Has(fsnotify.Remove), op.Has(fsnotify.Rename):
		return Gone, true
	case op.Has(fsnotify.Create):
		return Created, true
	case op.Has(fsnotify.Write):
		return Written, true
	}
	return 0, false
}
