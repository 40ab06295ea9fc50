package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/trail"
)

const reportAbout = `
Report writes one self-contained HTML page (no external assets, no scripts;
it opens from disk or a static web site) for people who would rather look
than read:

  - the coverage matrix: a row per account, a column per Region, and in each
    cell a square per event class (management, data, network activity,
    Insights, global service events), green when every event of the class
    is logged there, amber when some are not, red when none are, grey where
    the account has not enabled the Region; the gaps, with their selector
    and a witness event, listed below it;
  - the findings of trailmap check;
  - when records are given: per trail the records delivered and skipped by
    code, the top actors and actions, and the records per day (inline SVG).

Records are read from the PATHs only (not from standard input). The
objects of a bucket tree are read by several workers at once, as many as
processors; the page is the same whatever the order they finish in.`

const reportExample = `
trailmap report -deployment deployment.json -o report.html
trailmap report -deployment trails.json -with org-audit-selectors.json -o report.html ./logs/AWSLogs
# An organization trail: its organization from aws organizations
# describe-organization and list-accounts:
trailmap report -deployment trails.json -with org.json -with accounts.json -o report.html`

func runReport(e *env, args []string) int {
	f := newFlags("report", "report -deployment FILE [-with FILE ...] [-strict-tables] [-at T] -o FILE.html [PATH ...]", reportAbout, reportExample)
	dep := f.deployment(true)
	out := f.String("o", "", "write the page to `FILE.html` (required)")
	at := f.time("at", "compute the coverage at this `time` (RFC 3339 or a date; default now)")
	paths, status, ok := f.parse(e, args)
	if !ok {
		return status
	}
	if dep.file == "" {
		return f.usageError(e, "-deployment FILE is required")
	}
	if *out == "" {
		return f.usageError(e, "-o FILE.html is required")
	}
	d, rt, ok := dep.load(e, "report")
	if !ok {
		return exitUsage
	}
	when, cov, ok := coverageAt(e, rt, at, "report")
	if !ok {
		return exitProblem
	}
	page := reportPage{Title: "trailmap report: " + dep.file, Generated: when.Format(time.RFC3339), Deployment: dep.file}
	page.coverage(d, cov)
	for _, fd := range trail.Check(d) {
		page.Findings = append(page.Findings, reportFinding{Severity: fd.Severity().String(), Code: fd.Code, Path: fd.Path, Message: fd.Message})
	}
	slices.SortStableFunc(page.Findings, func(a, b reportFinding) int { return cmp.Compare(a.Severity, b.Severity) }) // "error" < "warning"

	bad := false
	if len(paths) > 0 {
		srcs, readable := collect(e, "report", paths)
		r := newReader(e, "report", srcs)
		if members := rt.Members(); members != nil && !e.decodeAll {
			// The page reads of a record what routing reads, its title
			// and time (among them), and its actor: userIdentity.
			r.decodeOnly(append(members, "userIdentity"), rt.NeedsWhole)
		}
		// What the page counts does not depend on the order of the
		// records: a bucket tree's objects are counted by the workers
		// that read them, each in counts of its own, added up at the end.
		r.parallel = true
		counts := make([]reportCounts, r.workers)
		for i := range counts {
			counts[i] = reportCounts{actors: map[string]int{}, actions: map[string]int{}, days: map[string]int{}}
		}
		stop := r.showProgress(progressInterval)
		r.eachWorker(srcs, func(w int, rec *event.Record) bool {
			c := &counts[w]
			rt.RouteInto(rec, &c.res)
			c.tally.Add(rec, &c.res)
			a := answer(rec, nil)
			actor := a.principalText()
			if actor == "" {
				actor = "(not identified)"
			}
			c.actors[actor]++
			c.actions[rec.Title()]++
			if !rec.EventTime.IsZero() {
				c.days[rec.EventTime.UTC().Format(time.DateOnly)]++
			}
			return true
		})
		stop()
		all := &counts[0]
		for i := 1; i < len(counts); i++ {
			all.add(&counts[i])
		}
		page.records(&all.tally, r.bad, all.actors, all.actions, all.days)
		bad = !readable || r.failed()
	}
	var b bytes.Buffer
	writePage(&b, &page)
	if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		fmt.Fprintf(e.stderr, "trailmap report: %v\n", pathError(err))
		return exitProblem
	}
	fmt.Fprintf(e.stderr, "trailmap report: wrote %s (%d %s, %d %s, %d %s)\n", *out,
		len(cov.Gaps), plural(len(cov.Gaps), "gap", "gaps"), len(page.Findings), plural(len(page.Findings), "finding", "findings"),
		page.Records, plural(page.Records, "record", "records"))
	if bad {
		return exitProblem
	}
	return exitOK
}

// The event classes of a coverage cell, in the order the squares show.
var reportClasses = []string{"Management", "Data", "NetworkActivity", "Insight", "Global"}

type reportPage struct {
	Title, Generated, Deployment string
	Classes                      []string
	Regions                      []string
	Rows                         []reportRow
	Gaps                         []reportGap
	Findings                     []reportFinding
	HasRecords                   bool
	Records, Undelivered, Bad    int
	Trails                       []reportTrail
	Actors, Actions              []reportCount
	Chart                        string // HTML (dayChart's)
}

type reportRow struct {
	Account string
	Cells   []reportCell
}

type reportCell struct {
	Squares []reportSquare
}

type reportSquare struct {
	Class, State, Title string // State: logged, partly, none
}

type reportGap struct {
	ID                int
	Text, Selector    string
	Witness, Skipped  string
	Accounts, Regions string
}

type reportFinding struct{ Severity, Code, Path, Message string }

type reportTrail struct {
	ARN       string
	Delivered int
	Skipped   string
}

type reportCount struct {
	Name  string
	Count int
	Width int // per cent of the largest
}

// gapClass returns the event class of a gap and whether it covers the
// whole class (a selector naming only its category, beyond the
// exclusion of global service event sources).
func gapClass(g *trail.Gap) (class string, whole bool) {
	switch {
	case g.Selector == nil:
		return "Insight", false
	case g.GlobalServiceEvents:
		return "Global", len(g.Selector.Fields) <= 1
	}
	whole = true
	for _, f := range g.Selector.Fields {
		switch {
		case f.Field == "eventCategory" && len(f.Equals) == 1:
			class = f.Equals[0]
		case f.Field == "eventSource" && len(f.Equals) == 0 && len(f.StartsWith) == 0 && len(f.EndsWith) == 0:
			// The exclusion of global service event sources.
		default:
			whole = false
		}
	}
	if class == "" {
		class = "Management"
	}
	return class, whole
}

func (p *reportPage) coverage(d *trail.Deployment, cov *trail.Coverage) {
	p.Classes = reportClasses
	type cellKey struct{ account, region, class string }
	state := map[cellKey]string{}
	titles := map[cellKey][]string{}
	accounts, regions := map[string]bool{}, map[string]bool{}
	for i := range cov.Gaps {
		g := &cov.Gaps[i]
		class, whole := gapClass(g)
		rg := reportGap{ID: i + 1, Text: g.String(), Accounts: strings.Join(g.Accounts, ", "), Regions: strings.Join(g.Regions, ", ")}
		if g.Selector != nil {
			b, _ := json.MarshalIndent(g.Selector, "", "  ")
			rg.Selector = string(b)
		} else {
			rg.Selector = fmt.Sprintf("Insights events %s about %s events", g.InsightType, g.InsightCategory)
		}
		if g.Witness != nil {
			b, _ := json.MarshalIndent(g.Witness, "", "  ")
			rg.Witness = string(b)
		}
		var sk []string
		for _, s := range g.Skipped {
			sk = append(sk, trailName(s.TrailARN)+": "+s.Code.String()+": "+s.Reason)
		}
		rg.Skipped = strings.Join(sk, "\n")
		p.Gaps = append(p.Gaps, rg)
		for _, a := range g.Accounts {
			accounts[a] = true
			for _, r := range g.Regions {
				regions[r] = true
				k := cellKey{a, r, class}
				if whole {
					state[k] = "none"
				} else if state[k] != "none" {
					state[k] = "partly"
				}
				titles[k] = append(titles[k], fmt.Sprintf("gap %d: %s", i+1, g.String()))
			}
		}
	}
	// Every account of the deployment gets a row, every Region enabled
	// in one of them a column, gaps or not.
	partitions := map[string]bool{}
	for i := range d.Trails {
		accounts[d.Trails[i].Account()] = true
		partitions[d.Trails[i].Partition()] = true
	}
	if d.Organization != nil {
		for _, a := range d.Organization.Members() {
			accounts[a] = true
		}
	}
	for a := range d.Accounts {
		accounts[a] = true
	}
	delete(accounts, "")
	for a := range accounts {
		for pt := range partitions {
			for _, r := range d.EnabledRegions(a, pt) {
				regions[r] = true
			}
		}
	}
	if len(cov.Gaps) == 0 {
		return // the page says every event is logged
	}
	p.Regions = sortedKeys(regions)
	for _, a := range sortedKeys(accounts) {
		row := reportRow{Account: a}
		for _, r := range p.Regions {
			var c reportCell
			enabled := d.RegionEnabled(a, r)
			for _, class := range reportClasses {
				k := cellKey{a, r, class}
				st := cmp.Or(state[k], "logged")
				title := class + ": every event logged"
				switch {
				case !enabled:
					st, title = "disabled", r+" is not enabled in account "+a
				case st != "logged":
					title = class + ": " + strings.Join(titles[k], "; ")
				}
				c.Squares = append(c.Squares, reportSquare{Class: class, State: st, Title: title})
			}
			row.Cells = append(row.Cells, c)
		}
		p.Rows = append(p.Rows, row)
	}
}

func (p *reportPage) records(t *trail.Tally, bad int, actors, actions, days map[string]int) {
	p.HasRecords, p.Records, p.Undelivered, p.Bad = true, t.Records, t.Undelivered, bad
	for _, c := range t.Trails() {
		p.Trails = append(p.Trails, reportTrail{ARN: c.TrailARN, Delivered: c.Delivered, Skipped: dash(skipCounts(&c))})
	}
	p.Actors, p.Actions = top(actors, 10), top(actions, 10)
	p.Chart = dayChart(days)
}

// reportCounts is what one worker of report counts of the records it
// reads.
type reportCounts struct {
	res                   trail.Result
	tally                 trail.Tally
	actors, actions, days map[string]int
}

// add adds o's counts to c's.
func (c *reportCounts) add(o *reportCounts) {
	c.tally.Merge(&o.tally)
	for _, m := range [...]struct{ dst, src map[string]int }{{c.actors, o.actors}, {c.actions, o.actions}, {c.days, o.days}} {
		for k, n := range m.src {
			m.dst[k] += n
		}
	}
}

func top(m map[string]int, n int) []reportCount {
	var out []reportCount
	for k, v := range m {
		out = append(out, reportCount{Name: k, Count: v})
	}
	slices.SortFunc(out, func(a, b reportCount) int { return cmp.Or(b.Count-a.Count, cmp.Compare(a.Name, b.Name)) })
	if len(out) > n {
		out = out[:n]
	}
	for i := range out {
		out[i].Width = out[i].Count * 100 / out[0].Count
	}
	return out
}

// dayChart draws the records per day as an inline SVG bar chart.
func dayChart(days map[string]int) string {
	keys := sortedKeys(days)
	if len(keys) == 0 {
		return ""
	}
	maxN := 0
	for _, k := range keys {
		maxN = max(maxN, days[k])
	}
	const h, bw, gap = 120, 16, 4
	w := len(keys) * (bw + gap)
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="records per day" width="%d" height="%d" viewBox="0 0 %d %d">`, w, h+20, w, h+20)
	for i, k := range keys {
		bh := days[k] * h / maxN
		fmt.Fprintf(&b, `<rect class="bar" x="%d" y="%d" width="%d" height="%d"><title>`, i*(bw+gap), h-bh, bw, bh)
		escapeHTML(&b, k, false)
		fmt.Fprintf(&b, `: %d records</title></rect>`, days[k])
	}
	fmt.Fprintf(&b, `<text x="0" y="%d">`, h+15)
	escapeHTML(&b, keys[0], false)
	fmt.Fprintf(&b, `</text><text x="%d" y="%d" text-anchor="end">`, w, h+15)
	escapeHTML(&b, keys[len(keys)-1], false)
	b.WriteString(`</text></svg>`)
	return b.String() // built from escaped text and numbers only
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// writePage writes the page as HTML. It writes what html/template wrote
// for the page's template before (reportPageTemplate in the tests), byte
// for byte: every string through htmlEscape, which html/template applied
// in each place the template used one (text, RCDATA in <title>, quoted
// attributes), numbers as decimals and the chart as it is. Writing it by
// hand keeps html/template, text/template and their initialisation (a
// regular expression compiled at start-up) out of every run of the
// command.
func writePage(b *bytes.Buffer, p *reportPage) {
	b.WriteString(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>`)
	htmlEscape(b, p.Title)
	b.WriteString(`</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}
.sq{display:inline-block;width:12px;height:12px;margin:1px;border-radius:2px}
.logged{background:#3a3}.partly{background:#e9a825}.none{background:#d33}.disabled{background:#ddd}
#matrix td{white-space:nowrap}
.error{color:#b00;font-weight:bold}.warning{color:#a60}
pre{background:#f6f6f6;padding:6px;overflow:auto;max-height:20em}
.barh{background:#58c;height:10px}
svg .bar{fill:#58c}svg text{font-size:10px}
</style></head><body>
<h1>`)
	htmlEscape(b, p.Title)
	b.WriteString("</h1>\n<p>Deployment <code>")
	htmlEscape(b, p.Deployment)
	b.WriteString("</code>, coverage at ")
	htmlEscape(b, p.Generated)
	b.WriteString(".</p>\n\n<h2 id=\"coverage\">Coverage</h2>\n<p>Each cell holds a square per event class: ")
	for i, c := range p.Classes {
		if i > 0 {
			b.WriteString(", ")
		}
		htmlEscape(b, c)
	}
	b.WriteString(`.
<span class="sq logged"></span> all logged <span class="sq partly"></span> some not logged <span class="sq none"></span> none logged <span class="sq disabled"></span> Region not enabled. Hover a square for its gaps.</p>
`)
	if len(p.Rows) > 0 {
		b.WriteString(`<table id="matrix"><tr><th>account</th>`)
		for _, r := range p.Regions {
			b.WriteString("<th>")
			htmlEscape(b, r)
			b.WriteString("</th>")
		}
		b.WriteString("</tr>\n")
		for i := range p.Rows {
			row := &p.Rows[i]
			b.WriteString("<tr><th>")
			htmlEscape(b, row.Account)
			b.WriteString("</th>")
			for _, c := range row.Cells {
				b.WriteString("<td>")
				for _, sq := range c.Squares {
					b.WriteString(`<span class="sq `)
					htmlEscape(b, sq.State)
					b.WriteString(`" data-class="`)
					htmlEscape(b, sq.Class)
					b.WriteString(`" title="`)
					htmlEscape(b, sq.Title)
					b.WriteString(`"></span>`)
				}
				b.WriteString("</td>")
			}
			b.WriteString("</tr>\n")
		}
		b.WriteString("</table>")
	} else {
		b.WriteString(`<p id="matrix">No gaps: every event of the universe is logged by some trail in every account and enabled Region.</p>`)
	}
	b.WriteString("\n\n<h2 id=\"gaps\">Gaps (")
	writeInt(b, len(p.Gaps))
	b.WriteString(")</h2>\n")
	for i := range p.Gaps {
		g := &p.Gaps[i]
		b.WriteString(`<details class="gap"><summary>gap `)
		writeInt(b, g.ID)
		b.WriteString(": ")
		htmlEscape(b, g.Text)
		b.WriteString("</summary>\n<p>Accounts: ")
		htmlEscape(b, g.Accounts)
		b.WriteString("<br>Regions: ")
		htmlEscape(b, g.Regions)
		b.WriteString("</p>\n<pre>")
		htmlEscape(b, g.Selector)
		b.WriteString("</pre>\n")
		if g.Witness != "" {
			b.WriteString("<p>A witness, delivered by no trail:</p><pre>")
			htmlEscape(b, g.Witness)
			b.WriteString("</pre>")
		}
		b.WriteString("\n")
		if g.Skipped != "" {
			b.WriteString("<pre>")
			htmlEscape(b, g.Skipped)
			b.WriteString("</pre>")
		}
		b.WriteString("</details>\n")
	}
	b.WriteString("\n\n<h2 id=\"findings\">Findings (")
	writeInt(b, len(p.Findings))
	b.WriteString(")</h2>\n")
	if len(p.Findings) > 0 {
		b.WriteString("<table><tr><th>severity</th><th>code</th><th>where</th><th>message</th></tr>\n")
		for i := range p.Findings {
			f := &p.Findings[i]
			b.WriteString(`<tr class="finding"><td class="`)
			htmlEscape(b, f.Severity)
			b.WriteString(`">`)
			htmlEscape(b, f.Severity)
			b.WriteString("</td><td>")
			htmlEscape(b, f.Code)
			b.WriteString("</td><td>")
			htmlEscape(b, f.Path)
			b.WriteString("</td><td>")
			htmlEscape(b, f.Message)
			b.WriteString("</td></tr>\n")
		}
		b.WriteString("</table>")
	} else {
		b.WriteString("<p>None.</p>")
	}
	b.WriteString("\n\n")
	if p.HasRecords {
		b.WriteString("\n<h2 id=\"records\">Records</h2>\n<p>")
		writeInt(b, p.Records)
		b.WriteString(" records, ")
		writeInt(b, p.Undelivered)
		b.WriteString(" delivered by no trail, ")
		writeInt(b, p.Bad)
		b.WriteString(" unreadable.</p>\n<table id=\"trails\"><tr><th>trail</th><th>delivered</th><th>skipped by code</th></tr>\n")
		for i := range p.Trails {
			t := &p.Trails[i]
			b.WriteString("<tr><td>")
			htmlEscape(b, t.ARN)
			b.WriteString("</td><td>")
			writeInt(b, t.Delivered)
			b.WriteString("</td><td>")
			htmlEscape(b, t.Skipped)
			b.WriteString("</td></tr>\n")
		}
		b.WriteString("</table>\n<h2>Top actors</h2>\n<table id=\"actors\">")
		writeCounts(b, p.Actors)
		b.WriteString("</table>\n<h2>Top actions</h2>\n<table id=\"actions\">")
		writeCounts(b, p.Actions)
		b.WriteString("</table>\n<h2>Records per day</h2>\n<div id=\"chart\">")
		b.WriteString(p.Chart) // HTML built by dayChart
		b.WriteString("</div>\n")
	}
	b.WriteString("\n</body></html>\n")
}

// writeCounts writes the rows of a table of top actors or actions.
func writeCounts(b *bytes.Buffer, cs []reportCount) {
	for i := range cs {
		c := &cs[i]
		b.WriteString("<tr><td>")
		htmlEscape(b, c.Name)
		b.WriteString("</td><td>")
		writeInt(b, c.Count)
		b.WriteString(`</td><td style="width:200px"><div class="barh" style="width:`)
		writeInt(b, c.Width)
		b.WriteString(`%"></div></td></tr>`)
	}
}

func writeInt(b *bytes.Buffer, n int) { b.Write(strconv.AppendInt(b.AvailableBuffer(), int64(n), 10)) }

// htmlEscape writes s escaped as html/template escapes a string in HTML
// text, in RCDATA and in a quoted attribute value (its htmlEscaper,
// rcdataEscaper and attrEscaper, which share one table): NUL becomes
// U+FFFD and " & ' + < > character references; every other byte, bytes
// that are not UTF-8 among them, is written as it is.
func htmlEscape(b *bytes.Buffer, s string) { escapeHTML(b, s, true) }

// escapeHTML writes s with NUL, " & ' < > replaced as html/template does,
// and + too when plus is set. Without plus it is text/template's
// HTMLEscapeString, which html/template exports as its own.
func escapeHTML(b *bytes.Buffer, s string, plus bool) {
	last := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case 0:
			r = "\uFFFD"
		case '"':
			r = "&#34;"
		case '&':
			r = "&amp;"
		case '\'':
			r = "&#39;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		case '+':
			if !plus {
				continue
			}
			r = "&#43;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(r)
		last = i + 1
	}
	b.WriteString(s[last:])
}
