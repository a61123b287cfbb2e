package generator

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestMeasureGolden measures a small site of one file in each shape the
// measure looks for: a break read as a speaker, a time left inside a
// turn, a Rev continuation, a lost word, a sentence in a header; as text
// and as JSON, without times.
func TestMeasureGolden(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Source = filepath.Join("report", "testdata", "site")
	r, problems, err := Measure(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != r.Total.Errors+r.Total.Warnings {
		t.Errorf("%d problems, but the report counts %d", len(problems), r.Total.Errors+r.Total.Warnings)
	}
	for i := range r.Files {
		if r.Files[i].Time <= 0 {
			t.Errorf("%s: no time measured", r.Files[i].Name)
		}
		r.Files[i].Time = 0
	}
	r.Total.Time = 0
	var text, js bytes.Buffer
	if err := r.WriteText(&text, false); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][]byte{"site.golden.txt": text.Bytes(), "site.golden.json": js.Bytes()} {
		golden := filepath.Join("report", "testdata", name)
		if *update {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("report differs from %s (run with -update to accept):\n%s", golden, got)
		}
	}
}
