// Command trailmap models AWS CloudTrail offline: see "trailmap -h" for
// its subcommands and "trailmap <subcommand> -h" for each one's flags.
//
// Exit status: 0 all good; 1 the input had problems (invalid files,
// findings); 2 usage or configuration errors.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"time"
)

// Exit statuses.
const (
	exitOK      = 0
	exitProblem = 1
	exitUsage   = 2
)

// env is what a subcommand runs with; tests give their own.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// now is the current time (the default end of time ranges).
	now func() time.Time
}

// command is one subcommand. Each lives in a file of its own and has an
// entry in commands.
type command struct {
	name    string
	summary string
	run     func(e *env, args []string) int
}

// commands lists the subcommands; add one by adding its entry.
var commands = []command{
	{"validate-logs", "validate digest chains, signatures and log file hashes offline, as aws cloudtrail validate-logs", runValidateLogs},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(&env{ctx: ctx, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, now: time.Now}, os.Args[1:])
	stop()
	os.Exit(code)
}

// run dispatches args to a subcommand and returns the exit status.
func run(e *env, args []string) int {
	if len(args) == 0 {
		usage(e.stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 {
			if c := lookup(args[1]); c != nil {
				return c.run(e, []string{"-h"})
			}
		}
		usage(e.stdout)
		return exitOK
	}
	c := lookup(args[0])
	if c == nil {
		fmt.Fprintf(e.stderr, "trailmap: unknown subcommand %q\n\n", args[0])
		usage(e.stderr)
		return exitUsage
	}
	return c.run(e, args[1:])
}

func lookup(name string) *command {
	for i := range commands {
		if commands[i].name == name {
			return &commands[i]
		}
	}
	return nil
}

func usage(w io.Writer) {
	fmt.Fprint(w, "trailmap models AWS CloudTrail offline.\n\nUsage:\n\n\ttrailmap <subcommand> [flags] [arguments]\n\nSubcommands:\n\n")
	cs := append([]command(nil), commands...)
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "\t%-14s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nRun \"trailmap <subcommand> -h\" for a subcommand's flags. Flags are written -flag or --flag.\n"+
		"Exit status: 0 all good, 1 the input had problems, 2 usage or configuration errors.\n")
}
