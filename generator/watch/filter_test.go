package watch

import (
	"testing"

	"github.com/fsnotify/fsnotify"
)

func TestIgnored(t *testing.T) {
	tests := []struct {
		name string
		rel  string
		want bool
	}{
		{"Transcript", "episodes/001-intro.md", false},
		{"ConfigFile", "verbatim.toml", false},
		{"RootItself", ".", false},
		{"Stylesheet", "css/site.css", false},
		{"NumberedNotProbe", "4914", false},
		{"YearFolder", "2024/ep.md", false},
		{"SwpInName", "swp-notes.md", false},
		{"HashInside", "c#-episode.md", false},
		{"VimSwapDotfile", "episodes/.001-intro.md.swp", true},
		{"VimSwapNoDot", "001-intro.md.swp", true},
		{"VimSwapSecond", "001-intro.md.swo", true},
		{"VimDirProbe", "episodes/x.swx", true},
		{"VimWriteProbe", "episodes/4913", true},
		{"VimWriteProbeNext", "5036", true},
		{"VimBackup", "001-intro.md~", true},
		{"EmacsAutosave", "#001-intro.md#", true},
		{"EmacsLock", ".#001-intro.md", true},
		{"JetBrainsTmp", "001-intro.md___jb_tmp___", true},
		{"JetBrainsOld", "001-intro.md___jb_old___", true},
		{"MacFinder", "episodes/.DS_Store", true},
		{"InsideGit", ".git/index", true},
		{"InsideDotFolder", "episodes/.cache/x.md", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Ignored(tt.rel); got != tt.want {
				t.Errorf("Ignored(%q) = %v, want %v", tt.rel, got, tt.want)
			}
		})
	}
}

func TestOpOf(t *testing.T) {
	tests := []struct {
		name   string
		op     fsnotify.Op
		want   Op
		wantOK bool
	}{
		{"CreateIsCreated", fsnotify.Create, Created, true},
		{"WriteIsWritten", fsnotify.Write, Written, true},
		{"RemoveIsGone", fsnotify.Remove, Gone, true},
		{"RenameAwayIsGone", fsnotify.Rename, Gone, true},
		{"ChmodOnlyDropped", fsnotify.Chmod, 0, false},
		{"WriteWithChmodKept", fsnotify.Write | fsnotify.Chmod, Written, true},
		{"NoOpDropped", 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := opOf(tt.op)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("opOf(%v) = %v, %v; want %v, %v", tt.op, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}
