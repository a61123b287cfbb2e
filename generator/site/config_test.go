package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadConfig(t *testing.T) {
	tests := []struct {
		name, file, wantErr string
		check               func(Config) bool
	}{
		{"NoFile", "", "", func(c Config) bool { return c.Title == "Transcripts" && c.PageSize == 25 }},
		{"OK", "title: Field Notes\nbaseURL: https://x.example/pod\n", "", func(c Config) bool {
			return c.Title == "Field Notes" && c.BaseURL == "https://x.example/pod/"
		}},
		{"ErrUnknownKey", "title: X\ntitel: Y\n", "verbatim.yaml:2: config: field titel not found", nil},
		{"ErrRelativeBaseURL", "baseURL: /pod/\n", "not an absolute URL", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.file != "" {
				os.WriteFile(filepath.Join(dir, ConfigFile), []byte(tt.file), 0o644)
			}
			c, problems := LoadConfig(dir)
			if tt.wantErr != "" {
				if !strings.Contains(problems.Error(), tt.wantErr) {
					t.Fatalf("problems %q, want %q", problems.Error(), tt.wantErr)
				}
				return
			}
			if len(problems) > 0 || !tt.check(c) {
				t.Errorf("config %+v, problems %v", c, problems)
			}
		})
	}
}
