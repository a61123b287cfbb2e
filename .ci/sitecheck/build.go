package main

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/verbatim-ssg/verbatim/generator"
	"github.com/verbatim-ssg/verbatim/generator/browsertest"
	"github.com/verbatim-ssg/verbatim/generator/corpus"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// fixture is the real sample transcript, relative to the repository root
// (CI has shared/ beside its clone, as developers do); ownFixture, the
// repository's own sample of the same shape, stands in where it is absent.
const (
	fixture    = "../shared/fixtures/spoken-md-sample.md"
	ownFixture = "generator/transcript/testdata/formats/spoken.md"
)

// build writes three sites under out, all with base as their URL:
//
//	sample/  the repository's own sample site (content/ at the root)
//	large/   a generated archive of n episodes (generator/corpus, seed 1),
//	         with a second of silence for each episode's audio file, and
//	         corpus.Long's 90-minute episode of 1,000 turns with chapters
//	         at /episodes/long-conversation/
//	media/   the real sample transcript with a generated silent WAV as its
//	         audio, at /audio/silence.wav, long enough for its last turn
//
// It runs from the repository root.
func build(out, base string, n int) error {
	if out == "" {
		return fmt.Errorf("-out is required")
	}
	if err := site(".", filepath.Join(out, "sample"), base); err != nil {
		return fmt.Errorf("sample site: %w", err)
	}
	large := filepath.Join(out, "large-src")
	if err := os.RemoveAll(large); err != nil {
		return err
	}
	if err := corpus.Write(filepath.Join(large, generator.ContentDir), 1, n); err != nil {
		return err
	}
	name, long := corpus.Long(1)
	if err := os.WriteFile(filepath.Join(large, generator.ContentDir, name), long, 0o644); err != nil {
		return err
	}
	if err := site(large, filepath.Join(out, "large"), base); err != nil {
		return fmt.Errorf("generated site: %w", err)
	}
	// The archive's episodes name audio files it does not make: a second
	// of silence stands in for each, so links to them resolve.
	if err := os.MkdirAll(filepath.Join(out, "large", "audio"), 0o755); err != nil {
		return err
	}
	silence := browsertest.SilentWAV(time.Second, 8000)
	files := []string{path.Base(corpus.LongAudio)}
	for i := range n {
		files = append(files, strings.TrimSuffix(corpus.Name(i), ".md")+".mp3")
	}
	for _, name := range files {
		if err := os.WriteFile(filepath.Join(out, "large", "audio", name), silence, 0o644); err != nil {
			return err
		}
	}

	src, err := os.ReadFile(fixture)
	if os.IsNotExist(err) {
		src, err = os.ReadFile(ownFixture)
	}
	if err != nil {
		return err
	}
	t, problems := transcript.Parse("fixture.md", src)
	if problems.HasErrors() {
		return fmt.Errorf("%s: %v", fixture, problems)
	}
	t.Meta.Media.Audio = "/audio/silence.wav"
	if t.Meta.Title == "" {
		t.Meta.Title = "Timestamps check"
	}
	media := filepath.Join(out, "media-src")
	if err := os.MkdirAll(filepath.Join(media, generator.ContentDir), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(media, generator.ContentDir, "fixture.md"), transcript.Markdown(t), 0o644); err != nil {
		return err
	}
	if err := site(media, filepath.Join(out, "media"), base); err != nil {
		return fmt.Errorf("media site: %w", err)
	}
	audio := filepath.Join(out, "media", "audio")
	if err := os.MkdirAll(audio, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(audio, "silence.wav"), browsertest.SilentWAV(t.Duration()+30*time.Second, 8000), 0o644)
}

func site(src, out, base string) error {
	cfg := generator.DefaultConfig()
	cfg.Source, cfg.Output, cfg.BaseURL = src, out, base
	res, err := generator.NewBuilder(cfg).Build(context.Background())
	if err != nil {
		return err
	}
	fmt.Printf("built %s: %d episodes, %d pages in %v\n", out, res.Episodes, res.Pages, res.Elapsed.Round(time.Millisecond))
	return nil
}
