package main

import (
	"fmt"
	"strings"
	"time"
)

// report is what a run of the harness found, and how to run it again.
type report struct {
	command  string         // the exact command line
	machine  string         // OS, CPUs, Go version
	hugo     string         // Hugo's version, or why it was left out
	runs     int            // timed runs per step, after one warm-up
	against  string         // the other verbatim binary cold builds ran against, if any
	results  []result       // one per archive size
	searches []searchResult // the search step's, one per archive size, if it ran
	// deletedEarly is how many times the disk ran short and cold builds'
	// earlier outputs were deleted mid-run (aside.go).
	deletedEarly int
}

// markdown writes the report as markdown: a header, then a table per size.
// The columns are ratios where the goals of issue 6 are ratios: the cold
// build against Hugo's, rebuilds against the cold build.
func (r report) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "## verbatim-bench\n\n")
	fmt.Fprintf(&b, "- command: `%s`\n", r.command)
	fmt.Fprintf(&b, "- machine: %s\n", r.machine)
	fmt.Fprintf(&b, "- Hugo: %s\n", r.hugo)
	if r.timed() {
		fmt.Fprintf(&b, "- each figure: median of %d runs after a warm-up (min–max beside it); peak MB is the largest peak resident set of a run\n", r.runs)
		b.WriteString("- every run starts after a sync, so it does not pay for writing back what the runs before it wrote; cold builds write into folders nothing was deleted from in the minutes before: earlier runs' outputs are moved aside and deleted when the bench ends")
		if r.deletedEarly > 0 {
			fmt.Fprintf(&b, ", except %d time(s) the disk ran short and they were deleted mid-run (the runs after that paid for it on ext4 without a journal)", r.deletedEarly)
		}
		b.WriteString("\n")
	}
	for _, res := range r.results {
		if len(res.steps) == 0 && res.hugo == nil {
			continue // only the search step ran at this size
		}
		fmt.Fprintf(&b, "\n### %s episodes (%.0f MB of markdown)\n\n", thousands(res.episodes), float64(res.bytes)/1e6)
		b.WriteString("| step | median ms | min–max ms | CPU ms | ms/episode | peak MB | × Hugo time | × Hugo memory | × cold build |\n")
		b.WriteString("|---|--:|--:|--:|--:|--:|--:|--:|--:|\n")
		var cold, against *series
		for i := range res.steps {
			switch {
			case res.steps[i].skipped != "":
			case res.steps[i].step == stepCold:
				cold = &res.steps[i]
			case res.steps[i].step == stepAgainst:
				against = &res.steps[i]
			}
		}
		for _, s := range res.steps {
			if s.skipped != "" {
				fmt.Fprintf(&b, "| %s | skipped: %s | | | | | | | |\n", s.step, strings.NewReplacer("\n", " ", "|", "\\|").Replace(s.skipped))
				continue
			}
			hugoTime, hugoMem, vsCold := "", "", ""
			switch {
			case s.step == stepCold && res.hugo != nil:
				hugoTime = ratio(float64(s.median()), float64(res.hugo.median()))
				hugoMem = ratio(float64(s.peak()), float64(res.hugo.peak()))
			case s.step == stepFloor && res.hugo != nil && cold != nil:
				hugoTime = ratio(float64(s.median()), float64(res.hugo.median()))
				vsCold = ratio(float64(s.median()), float64(cold.median()))
			case s.step != stepCold && s.step != stepReload && s.step != stepAgainst && cold != nil:
				vsCold = ratio(float64(s.median()), float64(cold.median()))
			}
			b.WriteString(row(s, res.episodes, s.step != stepReload, hugoTime, hugoMem, vsCold))
		}
		if res.hugo != nil {
			b.WriteString(row(*res.hugo, res.episodes, true, "1.00", "1.00", ""))
		}
		if cold != nil && against != nil {
			fmt.Fprintf(&b, "\nAgainst `%s`, run alternately, this cold build took %s× the wall time and %s× the CPU time (medians).\n",
				r.against, ratio(float64(cold.median()), float64(against.median())), ratio(float64(cold.medianCPU()), float64(against.medianCPU())))
		}
	}
	for _, s := range r.searches {
		b.WriteString(s.markdown())
	}
	return b.String()
}

// timed reports whether any step but search ran.
func (r report) timed() bool {
	for _, res := range r.results {
		if len(res.steps) > 0 || res.hugo != nil {
			return true
		}
	}
	return false
}

func row(s series, episodes int, perEpisode bool, hugoTime, hugoMem, vsCold string) string {
	lo, hi := s.spread()
	per := ""
	if perEpisode {
		per = fmt.Sprintf("%.3f", ms(s.median())/float64(episodes))
	}
	peak, cpu := "", "" // none for a step timed in this process
	if s.peak() > 0 {
		peak = fmt.Sprintf("%.0f", float64(s.peak())/(1<<20))
	}
	if c := s.medianCPU(); c > 0 {
		cpu = fmt.Sprintf("%.0f", ms(c))
	}
	return fmt.Sprintf("| %s | %.0f | %.0f–%.0f | %s | %s | %s | %s | %s | %s |\n",
		s.step, ms(s.median()), ms(lo), ms(hi), cpu, per, peak, hugoTime, hugoMem, vsCold)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func ratio(a, b float64) string {
	if b == 0 {
		return ""
	}
	return fmt.Sprintf("%.2f", a/b)
}

// thousands writes n with commas: 5,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
