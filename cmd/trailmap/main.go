// Command trailmap answers questions about AWS CloudTrail records and
// trails offline: which trails deliver each record and where (route), who
// made the calls (who), event history over local files (lookup), what a
// deployment of trails gets wrong (check) and does not log (coverage), the
// integrity of delivered log files (validate-logs), an HTML page of it all
// (report), and a built-in demo (demo).
//
// Usage:
//
//	trailmap <subcommand> [flags] [PATH ...]
//
// Run "trailmap -h" for the subcommands and "trailmap <subcommand> -h"
// for the flags of one, with an example. Flags are written -flag value or
// --flag value, and may follow the paths. A PATH is a file, a directory
// (walked recursively for .json, .json.gz, .jsonl and .gz files; an
// AWSLogs/ tree is recognised and its digest files left out) or "-" for
// standard input; with no PATH, records are read from standard input
// when it is not a terminal.
//
// The JSON each subcommand prints (with -format json, the default when
// standard output is not a terminal, or -json) is documented in its -h:
//
//	route     {"eventID","eventName","deliveries":[{"trail","account","region","key"}],
//	           "skipped":[{"trail","code","reason"}]} per record; with -summary one
//	           {"records","undelivered","bad","trails":[{"trail","delivered","skipped":{CODE:N}}],
//	           "places":[{"account","region","records"}]}
//	who       {"eventID","eventTime","eventName","account","principal":{"kind","arn","name",
//	           "account","issuer"},"session","mfa","sourceIPAddress","invokedBy",
//	           "federation":{"method","provider","subject","identityStoreArn","sourceIdentity"},
//	           "chain":[{"eventID","eventName","eventTime","by","issued","session","sourceIPAddress"}]}
//	           per record
//	lookup    {"Events":[{"EventId","EventName","ReadOnly","AccessKeyId","EventTime",
//	           "EventSource","Username","Resources":[{"ResourceType","ResourceName"}],
//	           "CloudTrailEvent"}]}, as aws cloudtrail lookup-events prints it
//	check     {"severity","code","trails","accounts","path","message","fact"} per finding
//	coverage  {"accounts","regions","selector":{"FieldSelectors"},"witness","skipped"} per gap
//	          (trail.Gap)
//	validate-logs  {"kind","bucket","key","valid","reason"} per file, then {"summary":…}
//
// Exit status: 0 all good; 1 the input had problems (bad records, files
// that could not be read, invalid log files, findings at or above
// -fail-on); 2 usage or configuration errors (an unknown flag, a
// deployment AWS would refuse).
//
// Memory: route holds the same memory whatever the size of its input, and
// runs under a soft memory limit of 56 MiB unless GOMEMLIMIT is set (see
// trailmap route -h).
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
	// stdinTTY, stdoutTTY and stderrTTY say which streams are
	// terminals: tables and progress lines are for people.
	stdinTTY, stdoutTTY, stderrTTY bool
	// loc is the local time zone, in which lookup prints event times as
	// the AWS CLI does; nil means UTC. Tests leave it nil.
	loc *time.Location
	// workers is how many objects of a bucket tree are read at once;
	// 0 means GOMAXPROCS. Tests set 1 for output in key order.
	workers int
	// decodeAll makes the commands that decode only the members of
	// records they read (event.DecodeOnly) decode every member, for
	// tests that compare the two.
	decodeAll bool
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
	{"route", "which trails deliver each record, where, and why the others do not", runRoute},
	{"check", "what a deployment of trails does not do that it seems to (-fail-on for CI)", runCheck},
	{"coverage", "the events no trail of a deployment logs, per account and Region", runCoverage},
	{"who", "who made each call: the principal behind sessions, federation, MFA, source IP, STS chains", runWho},
	{"lookup", "event history over local records, printed as aws cloudtrail lookup-events prints it", runLookup},
	{"report", "one self-contained HTML page: coverage matrix, findings, per-trail counts, top actors", runReport},
	{"demo", "route the built-in demo records through the built-in demo deployment", runDemo},
	{"version", "print the version of trailmap", runVersion},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(&env{ctx: ctx, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, now: time.Now, loc: time.Local,
		stdinTTY: isTerminal(os.Stdin), stdoutTTY: isTerminal(os.Stdout), stderrTTY: isTerminal(os.Stderr)}, os.Args[1:])
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
	case "-version", "--version":
		return runVersion(e, nil)
	case "-h", "-help", "--help", "help":
		if len(args) > 1 {
			c := lookup(args[1])
			if c == nil {
				fmt.Fprintf(e.stderr, "trailmap: unknown subcommand %q\n\n", args[1])
				usage(e.stderr)
				return exitUsage
			}
			return c.run(e, []string{"-h"})
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
	fmt.Fprint(w, "\nA PATH is a file, a directory (walked for .json, .json.gz, .jsonl and .gz files) or - for\n"+
		"standard input; with no PATH, records are read from standard input. Records may be CloudTrail\n"+
		"log files, JSON Lines, single records, aws cloudtrail lookup-events output, EventBridge events\n"+
		"or CloudWatch Logs subscription data, gzip-compressed or not.\n"+
		"\nRun \"trailmap <subcommand> -h\" for a subcommand's flags. Flags are written -flag or --flag.\n"+
		"Exit status: 0 all good, 1 the input had problems, 2 usage or configuration errors.\n")
}
