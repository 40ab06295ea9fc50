package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/trailmap/trailmap/internal/jsonwire"
	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
)

// flags is a subcommand's flag set with its help text.
type flags struct {
	*flag.FlagSet
	synopsis string // "route [-deployment FILE] ... [PATH ...]"
	about    string // what the command does, a paragraph or more
	example  string // one or more example command lines, with comments
}

func newFlags(name, synopsis, about, example string) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &flags{FlagSet: fs, synopsis: synopsis, about: about, example: example}
}

// help writes the command's help: synopsis, description, flags, example.
func (f *flags) help(w io.Writer) {
	fmt.Fprintf(w, "Usage: trailmap %s\n\n%s\n", f.synopsis, strings.TrimSpace(f.about))
	var b bytes.Buffer
	f.SetOutput(&b)
	f.PrintDefaults()
	f.SetOutput(io.Discard)
	if b.Len() > 0 {
		fmt.Fprintf(w, "\nFlags (-flag or --flag):\n%s", b.String())
	}
	if f.example != "" {
		fmt.Fprintf(w, "\nExample:\n%s\n", indent(strings.TrimSpace(f.example)))
	}
}

func indent(s string) string {
	return "\t" + strings.ReplaceAll(s, "\n", "\n\t")
}

// parse parses args, flags and operands in any order ("--" ends the
// flags). It returns the operands, or a status to exit with: 0 after -h
// (the help went to standard output), 2 after a usage error.
func (f *flags) parse(e *env, args []string) (operands []string, status int, ok bool) {
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				f.help(e.stdout)
				return nil, exitOK, false
			}
			return nil, f.usageError(e, "%v", err), false
		}
		rest := f.Args()
		if len(rest) == 0 {
			return operands, 0, true
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(operands, rest...), 0, true
		}
		operands = append(operands, rest[0])
		args = rest[1:]
	}
}

// usageError reports a usage error and returns exitUsage.
func (f *flags) usageError(e *env, format string, args ...any) int {
	fmt.Fprintf(e.stderr, "trailmap %s: %s\nRun 'trailmap %s -h' for usage.\n", f.Name(), fmt.Sprintf(format, args...), f.Name())
	return exitUsage
}

// parseTime reads a time flag: RFC 3339, or a date (midnight UTC).
func parseTime(name, s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("-%s %q: want a time such as 2023-05-01T12:00:00Z or a date such as 2023-05-01", name, s)
}

// timeFlag is a flag holding a time.
type timeFlag struct {
	name string
	t    time.Time
}

func (f *timeFlag) String() string {
	if f == nil || f.t.IsZero() {
		return ""
	}
	return f.t.Format(time.RFC3339)
}

func (f *timeFlag) Set(s string) error {
	t, err := parseTime(f.name, s)
	if err != nil {
		return errors.New(strings.TrimPrefix(err.Error(), "-"+f.name+" "))
	}
	f.t = t
	return nil
}

func (f *flags) time(name, usage string) *timeFlag {
	t := &timeFlag{name: name}
	f.Var(t, name, usage)
	return t
}

// deploymentFlags are the flags that name a deployment: -deployment and
// the AWS CLI outputs (-with) that complete a describe-trails output.
type deploymentFlags struct {
	file   string
	with   multiString
	strict bool // -strict-tables
}

func (f *flags) deployment(required bool) *deploymentFlags {
	d := &deploymentFlags{}
	req := ""
	if required {
		req = " (required)"
	}
	f.StringVar(&d.file, "deployment", "", "the deployment `FILE`: a deployment file (organization, accounts, trails) or the output of aws cloudtrail describe-trails"+req)
	f.Var(&d.with, "with", "with a describe-trails -deployment: the output of aws cloudtrail get-event-selectors, get-insight-selectors, get-event-configuration or get-trail-status (`FILE`, repeatable; matched to its trail by TrailARN, or TRAIL=FILE), or of aws organizations list-accounts, with or without describe-organization (the organization an organization trail covers: every listed account, whatever its status; without describe-organization the accounts' Arns name the organization and its management account; list-accounts pages as several files or one after the other in one)")
	f.BoolVar(&d.strict, "strict-tables", false, "refuse the deployment (exit 2) when a selector names a resources.type or network activity eventSource missing from trailmap's tables (dated "+selector.TablesDate+"), with InvalidEventSelectorsException, as AWS refuses an invalid value; by default such a value is accepted and check warns of it")
	return d
}

// multiString is a flag that may be given more than once.
type multiString []string

func (m *multiString) String() string { return strings.Join(*m, ",") }
func (m *multiString) Set(s string) error {
	*m = append(*m, s)
	return nil
}

// load reads the deployment and builds a Router over it. Problems are
// reported; ok is false after one (a configuration error: exit 2).
func (df *deploymentFlags) load(e *env, cmd string, opts ...trail.Option) (*trail.Deployment, *trail.Router, bool) {
	if df.strict {
		opts = append(opts, trail.WithStrictTables())
	}
	b, err := os.ReadFile(df.file)
	if err != nil {
		fmt.Fprintf(e.stderr, "trailmap %s: -deployment: %v\n", cmd, pathError(err))
		return nil, nil, false
	}
	if what := notJSON(b); what != "" {
		fmt.Fprintf(e.stderr, "trailmap %s: -deployment %s: %s\n", cmd, df.file, what)
		return nil, nil, false
	}
	isDeployment, top := isDeploymentFile(b)
	if !isDeployment {
		var outs []trail.Output
		for _, w := range df.with {
			var o trail.Output
			name := w
			if tr, file, ok := strings.Cut(w, "="); ok && !fileExists(w) {
				o.Trail, name = tr, file
			}
			if o.Data, err = os.ReadFile(name); err != nil {
				fmt.Fprintf(e.stderr, "trailmap %s: -with: %v\n", cmd, pathError(err))
				return nil, nil, false
			}
			if what := notJSON(o.Data); what != "" {
				fmt.Fprintf(e.stderr, "trailmap %s: -with %s: %s\n", cmd, w, what)
				return nil, nil, false
			}
			outs = append(outs, o)
		}
		d, err := trail.AssembleDeployment(b, outs...)
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				// A problem of one -with output is told with its file.
				name := df.file
				for i, w := range df.with {
					p := fmt.Sprintf("trail: assemble: outputs[%d]: ", i)
					if rest, ok := strings.CutPrefix(line, p); ok {
						name, line = "-with "+w, rest
						// Output.Trail is the library's name for
						// what the command spells TRAIL=FILE.
						if r, ok := strings.CutSuffix(line, " and Output.Trail is empty"); ok {
							line = r + "; name its trail with -with TRAIL=" + w
						}
						break
					}
				}
				fmt.Fprintf(e.stderr, "trailmap %s: %s: %s\n", cmd, name, line)
			}
			return nil, nil, false
		}
		return router(e, cmd, df.file, d, opts...)
	}
	top = notDeployment(top)
	if what := companionOutput(top); what != "" {
		// A -with output given as the deployment by mistake.
		fmt.Fprintf(e.stderr, "trailmap %s: -deployment %s: this is the output of %s; -deployment takes a deployment file or the output of aws cloudtrail describe-trails, and -with %s goes beside it\n", cmd, df.file, what, df.file)
		return nil, nil, false
	}
	if what := otherInput(top); what != "" {
		fmt.Fprintf(e.stderr, "trailmap %s: -deployment %s: %s; -deployment takes a deployment file or the output of aws cloudtrail describe-trails\n", cmd, df.file, what)
		return nil, nil, false
	}
	if len(df.with) > 0 {
		fmt.Fprintf(e.stderr, "trailmap %s: -with completes a describe-trails output; %s is a deployment file, which holds the selectors itself\n", cmd, df.file)
		return nil, nil, false
	}
	return parseDeployment(e, cmd, df.file, b, opts...)
}

// companionOutput names the AWS CLI command whose output the members top
// of notDeployment are when it is one that -with takes rather than a
// deployment: a JSON object with none of a deployment file's members and
// one of that output's own.
func companionOutput(top map[string]json.RawMessage) string {
	if top == nil {
		return ""
	}
	for _, c := range []struct{ member, command string }{
		{"EventSelectors", "aws cloudtrail get-event-selectors"},
		{"AdvancedEventSelectors", "aws cloudtrail get-event-selectors"},
		{"InsightSelectors", "aws cloudtrail get-insight-selectors"},
		{"AggregationConfigurations", "aws cloudtrail get-event-configuration"},
		{"IsLogging", "aws cloudtrail get-trail-status"},
		{"Organization", "aws organizations describe-organization"},
		{"Accounts", "aws organizations list-accounts"},
	} {
		if _, ok := top[c.member]; ok {
			return c.command
		}
	}
	return ""
}

// notJSON says why b cannot be a deployment when it does not start like a
// JSON object or array: most often the AWS CLI printed it in its text,
// table or YAML output format (the output setting of the CLI profile).
// UTF-16 and empty input are left to the parsers, which say more.
func notJSON(b []byte) string {
	if bytes.HasPrefix(b, []byte("\xff\xfe")) || bytes.HasPrefix(b, []byte("\xfe\xff")) {
		return ""
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\ufeff")), " \t\r\n")
	if len(t) == 0 || t[0] == '{' || t[0] == '[' {
		return ""
	}
	first, _, _ := bytes.Cut(t, []byte("\n"))
	line := []rune(string(first))
	if len(line) > 40 {
		line = append(line[:40:40], '…')
	}
	return fmt.Sprintf("not JSON (it starts %q): give the output of the AWS CLI in JSON, with --output json (the CLI profile may set text, table or yaml)", string(line))
}

// notDeployment returns top, the members of a file that is one JSON
// object (from isDeploymentFile), when it has none of a deployment file's
// members, else nil.
func notDeployment(top map[string]json.RawMessage) map[string]json.RawMessage {
	for _, k := range []string{"organization", "accounts", "trails"} {
		if _, ok := top[k]; ok {
			return nil
		}
	}
	return top
}

// otherInput says what b is when it is JSON that neither a deployment nor
// an output -with takes: the output of aws cloudtrail list-trails
// (TrailARN, Name and HomeRegion of each trail only: API ListTrails), or
// records (a log file's Records, lookup-events' Events), which trailmap
// route reads. top is what notDeployment returns.
func otherInput(top map[string]json.RawMessage) string {
	if top == nil {
		return ""
	}
	if raw, ok := top["Trails"]; ok {
		// Only the members of ListTrails' TrailInfo: a "Trails" of whole
		// trails is a deployment file with a misspelt "trails", which
		// ParseDeployment reports.
		var list []map[string]json.RawMessage
		listTrails := json.Unmarshal(raw, &list) == nil
		for _, t := range list {
			for k := range t {
				if k != "TrailARN" && k != "Name" && k != "HomeRegion" {
					listTrails = false
				}
			}
		}
		if listTrails {
			return "this is the output of aws cloudtrail list-trails, which names the trails but not their settings; give the output of aws cloudtrail describe-trails"
		}
	}
	_, records := top["Records"]
	_, events := top["Events"]
	if records || events {
		return "this holds CloudTrail records, not trails (trailmap route reads records)"
	}
	return ""
}

func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

// isDeploymentFile reports whether b is a deployment file rather than a
// CLI output: a JSON object with a member of the deployment file's own.
// When b is one JSON object and nothing more, top holds its members, so
// that the checks that follow do not decode it again.
func isDeploymentFile(b []byte) (ok bool, top map[string]json.RawMessage) {
	// A byte order mark (PowerShell 5's Out-File -Encoding utf8) is
	// ignored here as the trail package's parsers ignore it. The first
	// JSON value decides: describe-trails outputs of several Regions may
	// follow one another.
	t := bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\ufeff")), " \t\r\n")
	if len(t) > 0 && t[0] == '[' {
		// A JSON array of trails: describe-trails output through
		// --query trailList, which trail.ParseTrails reads.
		return false, nil
	}
	t = bytes.TrimPrefix(b, []byte("\ufeff"))
	if top, ok := topMembers(t); ok {
		_, list := top["trailList"]
		_, one := top["Trail"]
		return !list && !one, top
	}
	return isDeploymentFileReflect(t)
}

// isDeploymentFileReflect is isDeploymentFile through encoding/json, for
// the text t (without its byte order mark) that topMembers declines.
func isDeploymentFileReflect(t []byte) (ok bool, top map[string]json.RawMessage) {
	dec := json.NewDecoder(bytes.NewReader(t))
	if dec.Decode(&top) != nil {
		return true, nil // let ParseDeployment say what is wrong, with a position
	}
	_, list := top["trailList"]
	_, one := top["Trail"]
	if len(bytes.TrimLeft(t[dec.InputOffset():], " \t\r\n")) != 0 {
		top = nil // more than one JSON value: not one object
	}
	return !list && !one, top
}

func parseDeployment(e *env, cmd, name string, b []byte, opts ...trail.Option) (*trail.Deployment, *trail.Router, bool) {
	d, err := trail.ParseDeployment(b)
	if err != nil {
		fmt.Fprintf(e.stderr, "trailmap %s: %s: %v\n", cmd, name, err)
		return nil, nil, false
	}
	return router(e, cmd, name, d, opts...)
}

func router(e *env, cmd, name string, d *trail.Deployment, opts ...trail.Option) (*trail.Deployment, *trail.Router, bool) {
	rt, err := trail.NewRouter(d, opts...)
	if err != nil {
		// One line per problem: the AWS exception name and message, as
		// CreateTrail or PutEventSelectors would have returned them.
		var es trail.Errors
		if errors.As(err, &es) {
			for _, err := range es {
				fmt.Fprintf(e.stderr, "trailmap %s: %s: %v\n", cmd, name, err)
			}
		} else {
			fmt.Fprintf(e.stderr, "trailmap %s: %s: %v\n", cmd, name, err)
		}
		return nil, nil, false
	}
	return d, rt, true
}

// topMembers returns the members of t when t is one JSON object and
// nothing more, as encoding/json decodes them into a map of
// json.RawMessage (the text of each value; of a member given twice, the
// last), without its reflection, whose first use costs a command's start-up
// more than the file takes to read. It declines (ok false) what it does
// not read as encoding/json would or where isDeploymentFileReflect tells
// more: invalid JSON, invalid UTF-8 (which encoding/json replaces),
// nesting deeper than jsonwire skips, another value than an object, text
// after it.
func topMembers(t []byte) (top map[string]json.RawMessage, ok bool) {
	sc := jsonwire.New(string(t))
	sc.Quiet()
	if sc.BeginObject() != nil {
		return nil, false
	}
	top = map[string]json.RawMessage{}
	for {
		key, more, err := sc.NextKey()
		if err != nil {
			return nil, false
		}
		if !more {
			break
		}
		v, err := sc.SkipValue()
		if err != nil || sc.Deep() {
			return nil, false
		}
		top[key] = json.RawMessage(v)
	}
	if sc.End() != nil {
		return nil, false
	}
	return top, true
}

// pathError drops the operation from an *os.PathError: "open x: no such
// file or directory" reads as "x: no such file or directory".
func pathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}
