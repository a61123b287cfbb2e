package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/diag"
)

// Report is the measure of a folder of transcripts: each file, and the
// totals.
type Report struct {
	Files []File `json:"files"`
	Total Total  `json:"total"`
}

// Total sums the files of a report.
type Total struct {
	Files        int            `json:"files"`
	Built        int            `json:"built"`
	Untitled     int            `json:"untitled"`
	Formats      map[string]int `json:"formats"`
	Turns        int            `json:"turns"`
	Speakers     int            `json:"speakers"` // per file, summed
	Unattributed int            `json:"unattributed_turns"`
	SourceWords  int            `json:"source_words"`
	BuiltWords   int            `json:"built_words"`
	KeptWords    int            `json:"kept_words"`
	// BuiltSourceWords and BuiltKeptWords count SourceWords and KeptWords
	// of the files that build only, leaving out files that are no
	// transcript at all (an archive's README).
	BuiltSourceWords int `json:"built_files_source_words"`
	BuiltKeptWords   int `json:"built_files_kept_words"`
	Notes            int `json:"notes"`
	NotesKept        int `json:"notes_kept"`
	FalseSpeakers    int `json:"false_speakers"` // per file, summed
	LiteralTimes     int `json:"literal_timestamps"`
	Labels           int `json:"speaker_labels_in_text"`
	Errors           int `json:"errors"`
	Warnings         int `json:"warnings"`
	// Time is the time the whole measure took, which reading in
	// parallel makes shorter than the files' times added up.
	Time time.Duration `json:"time_ns"`
}

// New sums files, sorted by name, into a report that took elapsed.
func New(files []File, elapsed time.Duration) *Report {
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	r := &Report{Files: files, Total: Total{Files: len(files), Formats: map[string]int{}, Time: elapsed}}
	t := &r.Total
	for _, f := range files {
		if f.Built {
			t.Built++
			t.BuiltSourceWords += f.SourceWords
			t.BuiltKeptWords += f.KeptWords
		}
		if f.Untitled {
			t.Untitled++
		}
		t.Formats[f.Format]++
		t.Turns += f.Turns
		t.Speakers += f.Speakers
		t.Unattributed += f.Unattributed
		t.SourceWords += f.SourceWords
		t.BuiltWords += f.BuiltWords
		t.KeptWords += f.KeptWords
		t.Notes += f.Notes
		t.NotesKept += f.NotesKept
		t.FalseSpeakers += len(f.FalseSpeakers)
		t.LiteralTimes += f.LiteralTimes
		t.Labels += f.Labels
		t.Errors += f.Errors
		t.Warnings += f.Warnings
	}
	return r
}

// Kept is the share of source words found in the built text, in percent
// to two decimals; 100 for no words at all.
func Kept(kept, source int) string {
	if source == 0 {
		return "100.00%"
	}
	return fmt.Sprintf("%.2f%%", float64(10000*kept/source)/100)
}

// WriteJSON writes r as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	e := json.NewEncoder(w)
	e.SetIndent("", "  ")
	return e.Encode(r)
}

// WriteText writes r as a table, a file a row, then the totals. A file's
// false speakers and lost words follow the table, as they would not fit
// in a column.
// With times false, no times are written, so the output is the same on
// every run (for golden files).
func (r *Report) WriteText(w io.Writer, times bool) error {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	head := "file\tformat\tbuilt\ttitle\tturns\tspeakers\tno speaker\tsource words\tbuilt words\tkept\tnotes kept\tfalse speakers\tliteral times\tlabels in text\terrors\twarnings"
	if times {
		head += "\ttime"
	}
	fmt.Fprintln(tw, head)
	for _, f := range r.Files {
		row := fmt.Sprintf("%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%d\t%d\t%d\t%d\t%d", f.Name, f.Format, yes(f.Built), missing(f.Untitled),
			f.Turns, f.Speakers, f.Unattributed, f.SourceWords, f.BuiltWords, Kept(f.KeptWords, f.SourceWords),
			fmt.Sprintf("%d/%d", f.NotesKept, f.Notes), len(f.FalseSpeakers), f.LiteralTimes, f.Labels, f.Errors, f.Warnings)
		if times {
			row += "\t" + f.Time.Round(time.Microsecond).String()
		}
		fmt.Fprintln(tw, row)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	t := r.Total
	var b strings.Builder
	for _, f := range r.Files {
		if len(f.FalseSpeakers) > 0 {
			fmt.Fprintf(&b, "%s: false speakers %q\n", f.Name, f.FalseSpeakers)
		}
		if len(f.Lost) > 0 {
			fmt.Fprintf(&b, "%s: lost %s, first %q\n", f.Name, diag.Count(f.SourceWords-f.KeptWords, "word"), f.Lost)
		}
	}
	formats := make([]string, 0, len(t.Formats))
	for name, n := range t.Formats {
		formats = append(formats, fmt.Sprintf("%s %d", name, n))
	}
	sort.Strings(formats)
	fmt.Fprintf(&b, "\nTotal: %s, %s built, %s without a title (formats: %s)\n", diag.Count(t.Files, "file"), diag.Thousands(t.Built),
		diag.Thousands(t.Untitled), strings.Join(formats, ", "))
	fmt.Fprintf(&b, "  %s, %s, %s with no speaker\n", diag.Count(t.Turns, "turn"), diag.Count(t.Speakers, "speaker"), diag.Thousands(t.Unattributed))
	fmt.Fprintf(&b, "  words: %s in the sources, %s built, %s kept (%s)\n", diag.Thousands(t.SourceWords), diag.Thousands(t.BuiltWords),
		diag.Thousands(t.KeptWords), Kept(t.KeptWords, t.SourceWords))
	fmt.Fprintf(&b, "  words in the files that build: %s in the sources, %s kept (%s)\n", diag.Thousands(t.BuiltSourceWords),
		diag.Thousands(t.BuiltKeptWords), Kept(t.BuiltKeptWords, t.BuiltSourceWords))
	fmt.Fprintf(&b, "  bracketed notes: %s in the sources, %s kept\n", diag.Thousands(t.Notes), diag.Thousands(t.NotesKept))
	fmt.Fprintf(&b, "  %s, %s, %s left in the text\n", diag.Count(t.FalseSpeakers, "false speaker"), diag.Count(t.LiteralTimes, "literal timestamp"),
		diag.Count(t.Labels, "speaker label"))
	fmt.Fprintf(&b, "  %s, %s", diag.Count(t.Errors, "error"), diag.Count(t.Warnings, "warning"))
	if times {
		fmt.Fprintf(&b, "; %v", t.Time.Round(time.Millisecond))
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func yes(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}

func missing(untitled bool) string {
	if untitled {
		return "missing"
	}
	return "ok"
}
