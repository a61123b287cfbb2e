package generator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/diag"
	"github.com/verbatim-ssg/verbatim/generator/output"
	"github.com/verbatim-ssg/verbatim/generator/site"
	"github.com/verbatim-ssg/verbatim/generator/transcript"
)

// transcriptExts are the file name extensions read as transcripts.
var transcriptExts = map[string]bool{".md": true, ".markdown": true, ".txt": true, ".vtt": true, ".srt": true, ".json": true}

// source is what a build knows of one transcript file. It is kept between
// builds, so a file whose size and time did not change is not read again.
type source struct {
	Size     int64
	ModTime  int64
	Sum      output.Sum
	Summary  *site.Summary
	Problems diag.List
	// Format is the line format the file was read in, so that the render
	// pass need not detect it again; "" for a cue format.
	Format string
	// Options is optionsKey of the options the file was read with: it
	// is read again when they change.
	Options string
}

// optionsKey identifies the options transcripts are read with; "" for the
// defaults, as a state saved before there were options has it.
func optionsKey(opt transcript.Options) string {
	if len(opt.Markers) == 0 && opt.Limits == (transcript.Limits{}) {
		return ""
	}
	return fmt.Sprintf("%q %+v", opt.Markers, opt.Limits)
}

// listSources returns the transcript files under the content folder as
// slash paths relative to root, sorted. Names starting with "." or "_"
// (editor files, drafts folders kept aside) are skipped.
func listSources(root string) ([]string, error) {
	files, err := walkSources(root, filepath.Join(root, ContentDir))
	if os.IsNotExist(err) {
		return nil, nil
	}
	sort.Strings(files)
	return files, err
}

// walkSources returns the transcript files in dir and below, unsorted, as
// slash paths relative to root.
func walkSources(root, dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir && setAside(e.Name()) {
			if e.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if e.IsDir() || !isTranscript(e.Name()) || !e.Type().IsRegular() {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	return files, err
}

// setAside reports whether a file or folder name in the content folder is
// left out of the site: editor files, drafts folders kept aside.
func setAside(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

// isTranscript reports whether a file name has a transcript's extension.
func isTranscript(name string) bool {
	return transcriptExts[strings.ToLower(path.Ext(name))]
}

// changedSources updates names, the sorted transcripts of the last build,
// for paths a watcher saw change (created, written, removed or renamed;
// absolute, or relative to the working folder). A path is forgotten with
// everything below it, then looked at again: a file is listed if it is a
// transcript, a folder is walked. This needs no event kinds, so a rename,
// an editor's atomic save or a folder moved in or out all come out right.
// It returns the new sorted list, the names to read again, and ok false
// when only a full listing will do: a path outside the content folder (a
// template, a static file, the config) or the content folder itself.
func changedSources(root string, names, changed []string) (next []string, reread map[string]bool, ok bool, err error) {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, nil, false, err
	}
	content := filepath.Join(absRoot, ContentDir)
	gone := make([]bool, len(names))
	reread = make(map[string]bool)
	for _, p := range changed {
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, nil, false, err
		}
		rel, err := filepath.Rel(content, abs)
		if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return nil, nil, false, nil
		}
		name := ContentDir + "/" + filepath.ToSlash(rel)
		// Forget name, and everything below it should it have been a folder.
		if i := sort.SearchStrings(names, name); i < len(names) && names[i] == name {
			gone[i] = true
		}
		for i := sort.SearchStrings(names, name+"/"); i < len(names) && strings.HasPrefix(names[i], name+"/"); i++ {
			gone[i] = true
		}
		if slices.ContainsFunc(strings.Split(filepath.ToSlash(rel), "/"), setAside) {
			continue
		}
		info, err := os.Lstat(abs)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, nil, false, nil // the full listing reports it
		case info.IsDir():
			files, err := walkSources(absRoot, abs)
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, nil, false, nil
			}
			for _, f := range files {
				reread[f] = true
			}
		case info.Mode().IsRegular() && isTranscript(name):
			reread[name] = true
		}
	}
	next = make([]string, 0, len(names)+len(reread))
	for i, name := range names {
		if !gone[i] && !reread[name] {
			next = append(next, name)
		}
	}
	for name := range reread {
		next = append(next, name)
	}
	sort.Strings(next)
	return next, reread, true, nil
}

// trustAfter is how old a file's modification time must be before an
// unchanged size and time are taken to mean unchanged bytes. File systems
// stamp times at a coarse tick, so two saves in quick succession can leave
// the same size and time; like Go's build cache, distrust recent times.
const trustAfter = 2 * time.Second

// readSource parses one transcript, or reuses what the last build knew
// when the file's size and modification time are the same and not recent.
func readSource(root, name string, prev *source, now time.Time, opt transcript.Options) (*source, error) {
	info, err := os.Stat(filepath.Join(root, filepath.FromSlash(name)))
	if err != nil {
		return nil, err
	}
	if prev != nil && prev.Size == info.Size() && prev.ModTime == info.ModTime().UnixNano() && now.Sub(info.ModTime()) > trustAfter && prev.Options == optionsKey(opt) {
		return prev, nil
	}
	src, err := readFile(root, name)
	if err != nil {
		return nil, err
	}
	defer recycle(src)
	t, problems := transcript.ParseWith(name, src, opt)
	problems = append(problems, lintTranscript(t, src)...)
	sum := site.Summarize(name, t)
	problems = append(problems, sum.Check(t, src)...)
	return &source{
		Size:     info.Size(),
		ModTime:  info.ModTime().UnixNano(),
		Sum:      output.SumOf(src),
		Summary:  sum,
		Problems: problems,
		Format:   lineFormat(t),
		Options:  optionsKey(opt),
	}, nil
}

// sourceBufs holds buffers to read transcripts into. A build reads each
// transcript twice, 180 MB at 1,000 episodes, and what it keeps of one
// (the parsed transcript, its summary and problems) holds strings copied
// from the bytes, never the bytes: so a buffer is free again once the
// transcript is parsed, and recycling it spares the collector those MB.
var sourceBufs sync.Pool

// readFile reads the transcript name, below root, into a recycled buffer;
// the caller hands it back to recycle once done with the bytes.
func readFile(root, name string) ([]byte, error) {
	f, err := os.Open(filepath.Join(root, filepath.FromSlash(name)))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var b []byte
	if p, ok := sourceBufs.Get().(*[]byte); ok {
		b = *p
	}
	buf := bytes.NewBuffer(b[:0])
	_, err = buf.ReadFrom(f)
	return buf.Bytes(), err
}

// recycle hands back a buffer readFile returned.
func recycle(src []byte) {
	src = src[:0]
	sourceBufs.Put(&src)
}

// lineFormat is the format to read t's file in again: its line format,
// named so the file reads the same without detecting it; or "" for a cue
// format, which front matter may have named, as it will again, and which
// named by the caller would leave the front matter unread.
func lineFormat(t *transcript.Transcript) string {
	switch t.Format {
	case transcript.FormatVTT, transcript.FormatSRT, transcript.FormatJSON:
		return ""
	}
	return t.Format
}

// errChangedDuringBuild is returned when a transcript's bytes differ from
// those the build read first: someone saved it mid-build. The pages would
// mix two versions, so the build stops; a watcher's next batch builds again.
var errChangedDuringBuild = errors.New("changed during the build; build again")

// parseSource reads and parses a transcript for rendering, checking that
// it is the version the site was put together from, in the line format
// that reading found (source.Format), so as not to detect it again.
func parseSource(root, name string, want output.Sum, format string, opt transcript.Options) (*transcript.Transcript, error) {
	src, err := readFile(root, name)
	if err != nil {
		return nil, err
	}
	defer recycle(src)
	if output.SumOf(src) != want {
		return nil, fmt.Errorf("%s: %w", name, errChangedDuringBuild)
	}
	opt.Format = format
	t, _ := transcript.ParseWith(name, src, opt)
	return t, nil
}

// readSources reads every transcript in parallel, reusing prev where the
// files did not change.
func readSources(ctx context.Context, root string, names []string, prev map[string]*source, opt transcript.Options, workers int, progress func(int)) (map[string]*source, error) {
	out := make(map[string]*source, len(names))
	var mu sync.Mutex
	var firstErr error
	done := 0
	now := time.Now()
	forEach(ctx, len(names), workers, func(i int) {
		s, err := readSource(root, names[i], prev[names[i]], now, opt)
		mu.Lock()
		defer mu.Unlock()
		if err != nil && firstErr == nil {
			firstErr = err
		}
		out[names[i]] = s
		done++
		if progress != nil {
			progress(done)
		}
	})
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return out, firstErr
}

// forEach calls f(0) ... f(n-1) on up to workers goroutines, stopping early
// when ctx is done.
func forEach(ctx context.Context, n, workers int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < max(1, workers); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}
