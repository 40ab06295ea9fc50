package main

import (
	"bufio"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
)

const checkAbout = `
Check reads a deployment and reports what it does not do that it seems to:
trails that log nothing or are stopped, selectors that never match or
exclude nothing, organization trails homed in Regions members have not
enabled, global service events stored twice or not received, management
events delivered by more than one trail (only the first copy is free),
settings that change nothing, delivery errors get-trail-status reports (give
its output with -with TRAIL=FILE). Each finding has a severity: error (events
the configuration seems to log are not logged, or AWS would not accept it as
is) or warning.

The text output groups the findings by severity and code. With -json it
prints one JSON object per finding per line:

	{"severity":"error","code":"LogsNothing","trails":["arn:…"],"accounts":[],
	 "path":"trails[1].EventSelectors","message":"…","fact":"…"}

With -best-practices it also reports, as warnings, the security best
practices of the CloudTrail User Guide the trails do not follow (a
multi-Region trail, log file validation, CloudWatch Logs, SSE-KMS; AWS
Security Hub CloudTrail.1, .4, .5, .2): AWS calls them considerations rather
than prescriptions, so they are left out by default.

Exit status 1 when a finding is at or above -fail-on, else 0. A deployment
AWS would refuse (CreateTrail, PutEventSelectors) is reported with the
exception name and message, exit 2.`

const checkExample = `
trailmap check -deployment deployment.json
# In a CI pipeline: fail on errors, machine-readable output.
aws cloudtrail describe-trails > trails.json
trailmap check -deployment trails.json -json -fail-on error
# An organization trail, from raw CLI outputs (every account list-accounts
# lists is a member, whatever its status):
aws organizations describe-organization > org.json
aws organizations list-accounts > accounts.json
trailmap check -deployment trails.json -with org.json -with accounts.json
# Refuse resource types and network event sources trailmap's tables do not
# list, as AWS refuses an invalid value (exit 2), instead of warning:
trailmap check -deployment deployment.json -strict-tables`

func runCheck(e *env, args []string) int {
	f := newFlags("check", "check -deployment FILE [-with FILE ...] [-strict-tables] [-best-practices] [-json] [-fail-on warning|error]", checkAbout, checkExample)
	dep := f.deployment(true)
	practices := f.Bool("best-practices", false, "also report, as warnings, the security best practices the trails do not follow: a multi-Region trail, log file validation, CloudWatch Logs, SSE-KMS")
	asJSON := f.Bool("json", false, "print one JSON object per finding per line")
	failOn := f.String("fail-on", "", "exit 1 when a finding is at or above this `severity`: warning or error")
	paths, status, ok := f.parse(e, args)
	if !ok {
		return status
	}
	if len(paths) > 0 {
		return f.usageError(e, "unexpected argument %q: the deployment is given with -deployment", paths[0])
	}
	if dep.file == "" {
		return f.usageError(e, "-deployment FILE is required")
	}
	var threshold trail.Severity
	if *failOn != "" {
		s, err := trail.ParseSeverity(*failOn)
		if err != nil {
			return f.usageError(e, "-fail-on %q: want warning or error", *failOn)
		}
		threshold = s
	}
	d, _, ok := dep.load(e, "check")
	if !ok {
		return exitUsage
	}
	findings := trail.Check(d)
	if *practices {
		findings = append(findings, trail.BestPractices(d)...)
		sort.SliceStable(findings, func(i, j int) bool { return findings[i].Code < findings[j].Code })
	}
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	worst := trail.Severity(0)
	for _, fd := range findings {
		worst = max(worst, fd.Severity())
	}
	if *asJSON {
		for _, fd := range findings {
			w.Write(jsonLine(findingJSON{
				Severity: fd.Severity().String(), Code: fd.Code, Trails: orEmpty(fd.Trails),
				Accounts: orEmpty(fd.Accounts), Path: fd.Path, Message: fd.Message, Fact: fd.Fact,
			}))
		}
	} else {
		writeFindings(w, dep.file, findings)
	}
	if threshold != 0 && worst >= threshold {
		return exitProblem
	}
	return exitOK
}

// findingJSON is the -json line of one finding.
type findingJSON struct {
	Severity string   `json:"severity"`
	Code     string   `json:"code"`
	Trails   []string `json:"trails"`
	Accounts []string `json:"accounts"`
	// Every member is always there (DESIGN's shape): path is "" for a
	// finding about accounts rather than a place in the file.
	Path    string `json:"path"`
	Message string `json:"message"`
	Fact    string `json:"fact"`
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// writeFindings writes the findings for people: a count, then errors
// before warnings, each under its code.
func writeFindings(w *bufio.Writer, name string, findings []trail.Finding) {
	n := map[trail.Severity]int{}
	for _, f := range findings {
		n[f.Severity()]++
	}
	if len(findings) == 0 {
		fmt.Fprintf(w, "%s: no findings\n", name)
		return
	}
	fmt.Fprintf(w, "%s: %d %s, %d %s\n", name, n[trail.SeverityError], plural(n[trail.SeverityError], "error", "errors"),
		n[trail.SeverityWarning], plural(n[trail.SeverityWarning], "warning", "warnings"))
	for _, sev := range []trail.Severity{trail.SeverityError, trail.SeverityWarning} {
		code := ""
		for _, f := range findings {
			if f.Severity() != sev {
				continue
			}
			if f.Code != code {
				code = f.Code
				fmt.Fprintf(w, "\n%s %s\n", sev, code)
			}
			where := f.Path
			if where == "" && len(f.Accounts) > 0 {
				where = "accounts " + strings.Join(f.Accounts, ", ")
			}
			if where != "" {
				fmt.Fprintf(w, "  %s: %s\n", where, f.Message)
			} else {
				fmt.Fprintf(w, "  %s\n", f.Message)
			}
			if f.Fact != "" {
				fmt.Fprintf(w, "    (%s)\n", f.Fact)
			}
		}
	}
}

const coverageAbout = `
Coverage reads a deployment and prints the events no trail logs, per account
and enabled Region, grouped for people: each line holds for every account in
every Region it lists. The universe is management events of any eventSource,
data events of the resource types below, network activity events of the
event sources below, and Insights events; global service events follow the
rule of the -at date (since 2021-11-22, recorded in us-east-1 only).

With -json it prints one JSON object per gap per line:

	{"accounts":[…],"regions":[…],"selector":{"FieldSelectors":[…]},
	 "witness":{<record>},"skipped":[{"trail":…,"code":…,"reason":…}]}

The selector is an advanced event selector describing the gap (it may use
fields and operators AWS refuses on trails: it describes, it is not meant for
a trail); Insights gaps have "insightType" and "eventCategory" (the events
the Insights are about) in its place, aggregated events gaps
"aggregationTemplate" (and, where some trail aggregates that template,
"aggregationSelector": the eventSources whose data events none of those
trails logs, as only those are summarized for them). A gap of global
service events (IAM, CloudFront, and AWS STS and console sign-in through
their global endpoints) also has "globalServiceEvents":true. The witness
is one such event: trailmap route confirms it is delivered nowhere, and
skipped is its route result. No gaps: nothing is printed. Exit status 0, or
1 with -fail-on gap when there are gaps.`

const coverageExample = `
trailmap coverage -deployment deployment.json
# From raw CLI outputs: the trails, a trail's selectors, the organization:
trailmap coverage -deployment trails.json -with org-audit-selectors.json \
    -with org.json -with accounts.json   # describe-organization, list-accounts
# What is not logged in the organization, as of 2021 (global events then):
trailmap coverage -deployment deployment.json -at 2021-06-01 -json`

func runCoverage(e *env, args []string) int {
	about := coverageAbout + "\n\nData event resource types (" + selector.TablesDate + "):\n" +
		wrapList(selector.ResourceTypes()) + "\n\nNetwork activity event sources:\n" + wrapList(selector.NetworkEventSources())
	f := newFlags("coverage", "coverage -deployment FILE [-with FILE ...] [-strict-tables] [-json] [-at T] [-fail-on gap]", about, coverageExample)
	dep := f.deployment(true)
	asJSON := f.Bool("json", false, "print one JSON object per gap per line")
	at := f.time("at", "compute the coverage at this `time` (RFC 3339 or a date; default now)")
	failOn := f.String("fail-on", "", "exit 1 when there is a gap (`gap`)")
	paths, status, ok := f.parse(e, args)
	if !ok {
		return status
	}
	if len(paths) > 0 {
		return f.usageError(e, "unexpected argument %q: the deployment is given with -deployment", paths[0])
	}
	if dep.file == "" {
		return f.usageError(e, "-deployment FILE is required")
	}
	if *failOn != "" && *failOn != "gap" {
		return f.usageError(e, "-fail-on %q: the only value is gap", *failOn)
	}
	d, rt, ok := dep.load(e, "coverage")
	if !ok {
		return exitUsage
	}
	if len(d.Trails) == 0 && d.Organization == nil && len(d.Accounts) == 0 {
		// An empty trailList (describe-trails of an account without
		// trails) names no account: there is nothing to list gaps for,
		// which is not the same as no gaps.
		fmt.Fprintf(e.stderr, "trailmap coverage: %s has no trail and names no account, so no gap can be listed; in an account without trails nothing is logged beyond Event history (name the account in a deployment file, {\"accounts\": {\"123456789012\": {}}, \"trails\": []}, to list its gaps)\n", dep.file)
	}
	for i := range d.Trails {
		// Gaps computed from selectors the input lacks are not the
		// trail's: say so (what check reports as SelectorsNotGiven and
		// InsightSelectorsNotGiven).
		t := &d.Trails[i]
		if t.HasCustomEventSelectors && len(t.EventSelectors) == 0 && len(t.AdvancedEventSelectors) == 0 {
			fmt.Fprintf(e.stderr, "trailmap coverage: warning: trail %s has custom event selectors (HasCustomEventSelectors) that were not given; its gaps are computed as if it logged all management events and no data events (add the output of aws cloudtrail get-event-selectors with -with)\n", t.TrailARN)
		}
		if t.HasInsightSelectors && len(t.InsightSelectors) == 0 {
			fmt.Fprintf(e.stderr, "trailmap coverage: warning: trail %s has Insights enabled (HasInsightSelectors) but no insight selectors were given; its gaps are computed as if it logged no Insights events (add the output of aws cloudtrail get-insight-selectors with -with)\n", t.TrailARN)
		}
	}
	when, cov, ok := coverageAt(e, rt, at, "coverage")
	if !ok {
		return exitProblem
	}
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	for _, g := range cov.Gaps {
		if *asJSON {
			w.Write(jsonLine(g))
		} else {
			fmt.Fprintln(w, g.String())
		}
	}
	if !*asJSON {
		fmt.Fprintf(e.stderr, "trailmap coverage: %d %s at %s\n", len(cov.Gaps), plural(len(cov.Gaps), "gap", "gaps"), when.Format(time.RFC3339))
	}
	if *failOn == "gap" && len(cov.Gaps) > 0 {
		return exitProblem
	}
	return exitOK
}

// wrapList writes names as indented lines of at most 78 columns.
func wrapList(names []string) string {
	var b strings.Builder
	line := "\t"
	for i, n := range names {
		if i < len(names)-1 {
			n += ","
		}
		if len(line) > 1 && len(line)+1+len(n) > 78 {
			b.WriteString(line + "\n")
			line = "\t"
		}
		if len(line) > 1 {
			line += " "
		}
		line += n
	}
	b.WriteString(line)
	return b.String()
}

// coverageAt computes rt's coverage at the -at time (now when unset),
// reporting a failure on standard error under the subcommand's name.
func coverageAt(e *env, rt *trail.Router, at *timeFlag, sub string) (time.Time, *trail.Coverage, bool) {
	when := at.t
	if when.IsZero() {
		when = e.now().UTC()
	}
	cov, err := rt.Coverage(trail.CoverageOptions{At: when})
	if err != nil {
		fmt.Fprintf(e.stderr, "trailmap %s: %v\n", sub, err)
		return when, nil, false
	}
	return when, cov, true
}
