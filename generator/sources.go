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
// (editor files, drafts folders kept aside) are skipped. Symbolic links,
// the content folder's own included, are followed; a link that loops back
// to a folder it is in, or leads nowhere, is a problem with its path, and
// the error returned is then a diag.List of every such link.
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
	problems, err := walkFiles(root, dir, setAside, func(rel string) bool { return isTranscript(rel) }, func(p string) {
		rel, _ := filepath.Rel(root, p)
		files = append(files, filepath.ToSlash(rel))
	})
	if err == nil && problems.HasErrors() {
		err = problems
	}
	return files, err
}

// walkFiles calls visit with the path of every file in dir and below,
// following symbolic links to files and to folders, and leaving out the
// names skip says to (not dir itself). A link that leads back to a folder
// it is in is not followed: it would list the same files forever. That,
// a link that leads nowhere and a folder that cannot be read are problems,
// positioned at their path relative to root, and the walk goes on; the
// error is for dir itself (fs.ErrNotExist when there is no such folder).
// wanted says which files' problems matter (a broken link to a file that
// would not be read is no problem).
func walkFiles(root, dir string, skip func(name string) bool, wanted func(name string) bool, visit func(path string)) (diag.List, error) {
	var problems diag.List
	rel := func(p string) string {
		r, err := filepath.Rel(root, p)
		if err != nil {
			return filepath.ToSlash(p)
		}
		return filepath.ToSlash(r)
	}
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var walk func(dir string, entries []fs.DirEntry, within []string)
	walk = func(dir string, entries []fs.DirEntry, within []string) {
		for _, e := range entries {
			if skip(e.Name()) {
				continue
			}
			p := filepath.Join(dir, e.Name())
			mode := e.Type()
			if mode&fs.ModeSymlink != 0 {
				info, err := os.Stat(p)
				if err != nil {
					if wanted(e.Name()) {
						target, _ := os.Readlink(p)
						problems.Errorf(diag.Pos{File: rel(p)}, "point the link at a file that exists, or remove it",
							"symbolic link to %s leads nowhere: %v", target, reason(err))
					}
					continue
				}
				mode = info.Mode().Type()
			}
			switch {
			case mode.IsDir():
				r, err := filepath.EvalSymlinks(p)
				if err != nil {
					problems.Errorf(diag.Pos{File: rel(p)}, "check the folder and any link in its path", "cannot follow the folder: %v", reason(err))
					continue
				}
				if k := slices.Index(within, r); k >= 0 {
					problems.Errorf(diag.Pos{File: rel(p)}, "a link to a folder must not lead to that folder or one around it; point it elsewhere or remove it",
						"symbolic link loops back to %s, a folder it is in: not followed", rel(r))
					continue
				}
				sub, err := os.ReadDir(p)
				if err != nil {
					problems.Errorf(diag.Pos{File: rel(p)}, "check the folder's permissions (chmod a+rx)", "cannot read the folder: %v", reason(err))
				}
				walk(p, sub, append(within[:len(within):len(within)], r))
			case mode.IsRegular() && wanted(e.Name()):
				visit(p)
			}
		}
	}
	walk(dir, entries, []string{real})
	return problems, nil
}

// reason is what went wrong in err, without the path it names: problems
// give the path as their position already.
func reason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// setAside reports whether a file or folder name in the content folder is
// left out of the site: editor files, drafts folders kept aside.
func setAside(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

// isTranscript reports whether a file name has a transcript's extension
// and is not one of the files a repository keeps beside its transcripts.
func isTranscript(name string) bool {
	return transcriptExts[strings.ToLower(path.Ext(name))] && !repositoryFile(name)
}

// repositoryFiles are the names, lower case and without extension, of the
// files a repository of transcripts keeps beside them (Changelog's has a
// README, a CONTRIBUTING and a package.json at its root): they are not
// episodes, and a folder cloned as it is builds without moving them.
var repositoryFiles = map[string]bool{
	"readme": true, "contributing": true, "license": true, "licence": true, "code_of_conduct": true,
	"security": true, "package": true, "package-lock": true, "tsconfig": true, "composer": true,
}

func repositoryFile(name string) bool {
	base := strings.ToLower(path.Base(name))
	return repositoryFiles[strings.TrimSuffix(base, path.Ext(base))]
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
		info, err := os.Stat(abs) // a link is what it leads to
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
//
// A file that is there but cannot be read (its permissions, a folder by
// that name) is a problem at its path, not an error: the build goes on
// to read the others and reports every such file.
func readSource(root, name string, prev *source, now time.Time, opt transcript.Options) (*source, error) {
	info, err := os.Stat(filepath.Join(root, filepath.FromSlash(name)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err // removed since the listing: the next build is the watcher's
	}
	if err != nil {
		return unreadable(name, err), nil
	}
	if prev != nil && prev.Size == info.Size() && prev.ModTime == info.ModTime().UnixNano() && now.Sub(info.ModTime()) > trustAfter && prev.Options == optionsKey(opt) {
		return prev, nil
	}
	if t, problems, ok := transcript.Oversized(name, info.Size(), opt); ok {
		// Refused unread, so that one huge file costs no memory; its
		// size and time still tell the next build when it changed.
		return &source{Size: info.Size(), ModTime: info.ModTime().UnixNano(), Summary: site.Summarize(name, t), Problems: problems, Options: optionsKey(opt)}, nil
	}
	src, err := readFile(root, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err != nil {
		return unreadable(name, err), nil
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

// unreadable is the source of a transcript that could not be read: a
// problem at its path, with what to do, and an empty transcript. Its size
// is -1, so the next build reads it again, whatever its size and time: a
// chmod changes neither.
func unreadable(name string, err error) *source {
	hint := "check that the file can be read by the user running verbatim"
	if errors.Is(err, fs.ErrPermission) {
		hint = "give the user running verbatim permission to read it (chmod a+r " + name + "), or move it out of " + ContentDir + "/"
	}
	var problems diag.List
	problems.Errorf(diag.Pos{File: name}, hint, "cannot read the transcript: %v", reason(err))
	t := &transcript.Transcript{File: name}
	return &source{Size: -1, Summary: site.Summarize(name, t), Problems: problems}
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
