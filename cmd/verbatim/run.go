package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"sort"
	"strings"
)

// Exit statuses, as the flag package has them.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// command is one subcommand: "verbatim NAME [flags]".
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

// commands maps each subcommand's name to it. Each lives in its own file
// and adds itself from an init function.
var commands = map[string]command{}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "verbatim", version())
		return exitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "verbatim: unknown command %q\n", args[0])
		usage(stderr)
		return exitUsage
	}
	return cmd.run(ctx, args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprint(w, "verbatim turns a folder of transcripts into a static site.\n\nUsage:\n\n  verbatim <command> [flags]\n\nCommands:\n\n")
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "  %-9s %s\n", name, commands[name].summary)
		if s := synopsisOf(name); s != "" {
			fmt.Fprintf(w, "  %-9s %s\n", "", s)
		}
	}
	fmt.Fprintf(w, "  %-9s %s\n  %-9s %s\n\nRun \"verbatim <command> -h\" for what each flag does.\n", "version", "print the version and commit", "help", "print this help")
}

// synopsisOf returns the usage line of command name, every flag listed,
// as its -h prints it: each command declares its flags where it parses
// them, so asking it is the one way to list them that cannot go stale.
func synopsisOf(name string) string {
	var b strings.Builder
	commands[name].run(context.Background(), []string{"-h"}, io.Discard, &b)
	line, _, _ := strings.Cut(b.String(), "\n")
	return strings.TrimPrefix(line, "Usage: ")
}

// newFlags returns a flag set that reports errors to stderr without
// exiting. Its usage line is the command's name, args (its arguments, and
// any flags to show in an order of their own) and every other flag.
func newFlags(name, args string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: verbatim %s\n\n", synopsis(fs, args))
		fs.PrintDefaults()
	}
	return fs
}

// synopsis is the usage line of a command: its name and args, then, in
// brackets, every flag args does not name, so a flag added to a command
// is never missing from its usage.
func synopsis(fs *flag.FlagSet, args string) string {
	var flags []string
	fs.VisitAll(func(f *flag.Flag) {
		if mentions(args, "-"+f.Name) {
			return
		}
		s := "-" + f.Name
		if arg, _ := flag.UnquoteUsage(f); arg != "" {
			s += " " + arg
		}
		flags = append(flags, "["+s+"]")
	})
	out := fs.Name()
	if args != "" {
		out += " " + args
	}
	if len(flags) > 0 {
		out += " " + strings.Join(flags, " ")
	}
	return out
}

// mentions reports whether args names flag as a whole word: "-poll" in
// "[-watch [-poll DURATION]]", but not "-out" in "-output".
func mentions(args, flag string) bool {
	for i := 0; ; {
		j := strings.Index(args[i:], flag)
		if j < 0 {
			return false
		}
		end := i + j + len(flag)
		if end == len(args) || !isFlagChar(args[end]) {
			return true
		}
		i = end
	}
}

func isFlagChar(c byte) bool {
	return c == '-' || c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// parseFlags parses args, returning the exit status to use when parsing
// ended the command (-h, or a usage error) and ok when it did not.
func parseFlags(fs *flag.FlagSet, args []string) (code int, ok bool) {
	err := fs.Parse(args)
	switch {
	case err == flag.ErrHelp:
		return exitOK, false
	case err != nil:
		return exitUsage, false
	}
	return 0, true
}

// version is the module version the binary was built from and the
// commit, as the Go toolchain recorded them: "v1.2.0", or for a build
// from a checkout "(devel) commit 1e5638a1b2c3 (modified), 2026-12-07T19:58:01Z".
// go run records no commit, and says so.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown: built without module information)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, at string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	switch {
	case rev != "":
		v += " commit " + rev[:min(12, len(rev))]
		if modified {
			v += " (modified)"
		}
		if at != "" {
			v += ", " + at
		}
	case v == "(devel)":
		v += ", no commit recorded (go run, or -buildvcs=false)"
	}
	return v + ", " + info.GoVersion
}
