package main

import (
	"bufio"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
	"unsafe"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/internal/jsonwire"
	"github.com/trailmap/trailmap/trail"
)

//go:embed demo/deployment.json demo/records.json
var demo embed.FS

const routeAbout = `
Route reads CloudTrail records and says, for each, which trails of a
deployment deliver it (trail, account, Region folder, S3 key prefix up to the
day folder) and, for every other trail, why not (a stable code and a sentence).

With -format json (the default when standard output is not a terminal) it
prints one JSON object per line, as examples/route does:

	{"eventID":"…","eventName":"CreateUser",
	 "deliveries":[{"trail":"arn:…","account":"…","region":"us-east-1","key":"org/AWSLogs/…/2023/05/01/"}],
	 "skipped":[{"trail":"arn:…","code":"NotSelected","reason":"…"}]}

eventID is the record's eventID (an aggregated event's eventId); eventName is
the record's eventName; Insights and aggregated records, which have none, are
named by what they are about ("ec2.amazonaws.com:RunInstances
ApiCallRateInsight Start"). The codes are NotLogging, NoAccount, OtherAccount,
UnknownRegion, OtherPartition, HomeRegionNotEnabled, GlobalEventsExcluded,
GlobalEventOutsideHomeRegion, RegionNotCovered, RegionNotEnabled, NotSelected,
NoInsightSelectors, InsightNotSelected, NoAggregation,
AggregationTemplateNotConfigured and NoDataEventsOfSource. -format table
prints a table.

With -summary it prints, instead of a line per record, per trail the records
delivered and skipped by code, and per account and Region the records; as JSON:

	{"records":N,"undelivered":N,"bad":N,
	 "trails":[{"trail":"arn:…","delivered":N,"skipped":{"NotSelected":N,…}}],
	 "places":[{"account":"…","region":"…","records":N}]}

The objects of a bucket tree (a folder in the AWSLogs layout) are read by
several workers at once, as many as processors, and printed as the workers
finish them, each object's records in order; -ordered prints them in key
order. Other files (two or more in a row: a folder's, in lexical order, or
files named one after the other) are read by several workers at once too,
and printed in their order; so are those of a folder that holds other files
beside a tree's objects, but for the objects before the first other file in
lexical order, which may come as the workers finish them. Standard input is
read by one.

A summary of the run goes to standard error at the end, and a progress line
while it runs when standard error is a terminal. A record that cannot be read
is reported on standard error with its file, line and column, and the run goes
on; the exit status is then 1. Without -deployment the records are routed
through the built-in demo deployment (see trailmap demo).

Route holds the same memory whatever the size of its input: about 17 MiB on
one core, 33 MiB on two. Unless GOMEMLIMIT is set, it runs under a soft
memory limit of 56 MiB (runtime/debug.SetMemoryLimit), which keeps it under
64 MiB with many workers too: 16 of them peaked at 71-78 MiB without it,
40-42 MiB with it.`

const routeExample = `
# Which trails log what is in a synced bucket, as a table:
trailmap route -deployment deployment.json -format table ./bucket/AWSLogs

# Records of one account that the org trail does not deliver, and why:
trailmap route -deployment deployment.json -account 444455556666 \
    -trail arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit -only skipped logs/

# From the AWS CLI, with a describe-trails output as the deployment:
aws cloudtrail describe-trails > trails.json
aws cloudtrail lookup-events --max-results 50 | trailmap route -deployment trails.json -summary`

func runRoute(e *env, args []string) int {
	f := newFlags("route", "route [-deployment FILE [-with FILE ...] [-strict-tables]] [-at T] [-format json|table] [-summary] [filters] [PATH ...]",
		routeAbout, routeExample)
	o := routeOptions{}
	dep := f.deployment(false)
	at := f.time("at", "delivery `time` (RFC 3339 or a date) for the day folder of the keys; default: each record's event time")
	f.StringVar(&o.format, "format", "", "output `format`: json or table (default: table on a terminal, json otherwise)")
	f.BoolVar(&o.ordered, "ordered", false, "print the records of a bucket tree in key order (a table always is); by default the objects come as the workers finish them, each object's records in order")
	f.BoolVar(&o.summary, "summary", false, "print counts per trail and per account and Region instead of a line per record")
	f.StringVar(&o.trail, "trail", "", "show only the trail with this `ARN` (or name)")
	f.StringVar(&o.only, "only", "", "show only the records the trails deliver (`delivered`) or those they do not (skipped)")
	f.StringVar(&o.account, "account", "", "only records of this `account` (the recipient account)")
	f.StringVar(&o.region, "region", "", "only records of this `Region` (awsRegion)")
	f.StringVar(&o.eventName, "event-name", "", "only records with this `name` (eventName; for Insights records the API they concern, or the name shown)")
	since := f.time("since", "only records with an eventTime at or after this `time`")
	until := f.time("until", "only records with an eventTime before this `time`")
	paths, status, ok := f.parse(e, args)
	if !ok {
		return status
	}
	o.since, o.until = since.t, until.t
	if o.format == "" {
		o.format = "json"
		if e.stdoutTTY {
			o.format = "table"
		}
	}
	if o.format != "json" && o.format != "table" {
		return f.usageError(e, "-format %q: want json or table", o.format)
	}
	if o.only != "" && o.only != "delivered" && o.only != "skipped" {
		return f.usageError(e, "-only %q: want delivered or skipped", o.only)
	}
	if !o.since.IsZero() && !o.until.IsZero() && !o.until.After(o.since) {
		return f.usageError(e, "-until %s is not after -since %s", o.until.Format(time.RFC3339), o.since.Format(time.RFC3339))
	}
	var opts []trail.Option
	if !at.t.IsZero() {
		opts = append(opts, trail.WithDeliveryTime(at.t))
	}
	if o.summary {
		opts = append(opts, trail.WithoutReasons()) // counts need the codes only
	}
	if dep.strict {
		opts = append(opts, trail.WithStrictTables())
	}
	if o.trail == "" {
		// Results are only read (-trail alone removes from them, in
		// narrow): the Router may hand out the outcomes it remembers
		// without copying them.
		opts = append(opts, trail.WithSharedResults())
	}
	if len(paths) == 0 && e.stdinTTY {
		return f.usageError(e, "no input: name files or directories, or pipe records into standard input")
	}

	var d *trail.Deployment
	var rt *trail.Router
	if dep.file != "" {
		if d, rt, ok = dep.load(e, "route", opts...); !ok {
			return exitUsage
		}
	} else {
		fmt.Fprintln(e.stderr, "trailmap route: no -deployment: routing through the built-in demo deployment "+
			"(an organization with three accounts and three trails); give -deployment FILE for your own")
		b, _ := demo.ReadFile("demo/deployment.json")
		if d, rt, ok = parseDeployment(e, "route", "demo/deployment.json", b, opts...); !ok {
			return exitUsage
		}
	}
	if o.trail != "" {
		arn, ok := findTrail(d, o.trail)
		if !ok {
			return f.usageError(e, "-trail %q: the deployment has no such trail (it has %s)", o.trail, strings.Join(trailARNs(d), ", "))
		}
		o.trail = arn
	}
	defer limitMemory(routeMemoryLimit)()
	srcs, readable := collect(e, "route", paths)
	r := newReader(e, "route", srcs)
	if !e.decodeAll {
		members, c := o.members(rt)
		r.decodeOnlyIf(members, c, rt.NeedsWhole)
	}
	st := route(e, r, rt, &o, srcs)
	if !readable || r.failed() || st != exitOK {
		return exitProblem
	}
	return exitOK
}

// routeMemoryLimit is the soft memory limit route runs under, unless
// GOMEMLIMIT sets one (see routeAbout). Route's heap is a few MiB per
// worker and the memory trail/archive holds to pace the collector (16
// MiB with two workers or more); the collector lets it grow to twice
// that, which with many workers passes 64 MiB: over 20 copies of the
// benchmark tree, 8 workers peaked at 58 MiB resident and 16 at 71-78
// MiB, 40-42 MiB under this limit. On one or two cores the heap stays
// under it (17 and 33 MiB), and the limit costs nothing.
const routeMemoryLimit = 56 << 20

// limitMemory sets the Go runtime's soft memory limit to limit, unless
// GOMEMLIMIT is set or the limit is lower already, and returns what puts
// the limit back.
func limitMemory(limit int64) (restore func()) {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set || debug.SetMemoryLimit(-1) <= limit {
		return func() {}
	}
	old := debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(old) }
}

// routeOptions are the flags of route.
type routeOptions struct {
	format, trail, only        string
	account, region, eventName string
	ordered                    bool
	since, until               time.Time
	summary                    bool
}

// members returns the members of a record route reads with o through
// rt, for event.DecodeOnly (nil: all of them): what routing reads
// (trail.Router.Members), which holds what the filters read (the
// recipient account, awsRegion, eventName and the members Record.Title
// and Record.InsightAPI read, eventTime) and what the summary and the
// table print (the recipient account, awsRegion, eventTime, the title);
// and eventID for the JSON lines. The records whose title or ID are
// unmodelled members (aggregated events, an event data store's Insights
// records) are those trail.Router.NeedsWhole has decoded whole. The
// members routing reads of global services' records only (tlsDetails,
// additionalEventData) are decoded of those only, under the condition
// returned (trail.Router.MembersIf, event.DecodeOnlyIf).
func (o *routeOptions) members(rt *trail.Router) ([]string, event.Condition) {
	members, c := rt.MembersIf()
	if members == nil || o.summary || o.format == "table" {
		return members, c
	}
	return append(members, "eventID"), c
}

// keep reports whether the record filters select rec.
func (o *routeOptions) keep(rec *event.Record) bool {
	return (o.account == "" || rec.Recipient() == o.account) &&
		(o.region == "" || rec.AWSRegion == o.region) &&
		(o.eventName == "" || namedBy(rec, o.eventName)) &&
		(o.since.IsZero() || !rec.EventTime.Before(o.since)) &&
		(o.until.IsZero() || rec.EventTime.Before(o.until))
}

// namedBy reports whether -event-name name selects rec: its eventName,
// or for a record without one the name route and who show (Record.Title);
// an Insights record is also named by the API its unusual activity
// concerns (Record.InsightAPI), as LookupEvents' EventName attribute names
// Insights events (CloudTrail User Guide, "Viewing Insights events for
// trails with the AWS CLI").
func namedBy(rec *event.Record, name string) bool {
	if rec.EventName == name || rec.Title() == name {
		return true
	}
	_, api := rec.InsightAPI()
	return rec.EventName == "" && api == name
}

// narrow keeps only the -trail trail in res and reports whether -only
// selects the result.
func (o *routeOptions) narrow(res *trail.Result) bool {
	if o.trail != "" {
		res.Deliveries = slices.DeleteFunc(res.Deliveries, func(d trail.Delivery) bool { return d.TrailARN != o.trail })
		res.Skipped = slices.DeleteFunc(res.Skipped, func(s trail.Skip) bool { return s.TrailARN != o.trail })
	}
	switch o.only {
	case "delivered":
		return len(res.Deliveries) > 0
	case "skipped":
		return len(res.Deliveries) == 0
	}
	return true
}

func findTrail(d *trail.Deployment, s string) (string, bool) {
	for _, t := range d.Trails {
		if t.TrailARN == s || t.Name == s {
			return t.TrailARN, true
		}
	}
	return "", false
}

func trailARNs(d *trail.Deployment) []string {
	var out []string
	for _, t := range d.Trails {
		out = append(out, t.TrailARN)
	}
	return out
}

// route routes every record of srcs and prints per o; it returns
// exitProblem when standard output could not be written.
func route(e *env, r *reader, rt *trail.Router, o *routeOptions, srcs []source) int {
	jsonLines := o.format != "table" && !o.summary
	size := 256 << 10
	if jsonLines {
		size = 4 << 10 // the lines are written from the workers' buffers
	}
	w := bufio.NewWriterSize(e.stdout, size)
	// Bucket trees are routed by the workers that read them, unless a
	// table or -ordered asks for key order; runs of plain files are
	// routed by the workers that read them, in order, unless a table is
	// asked for.
	r.parallel = o.format != "table" && !o.ordered
	states := make([]routeWorker, r.workers)
	for i := range states {
		states[i].file = -1
		if jsonLines {
			// Room for a chunk and the line that ends it: a buffer
			// grown by append would leave a trail of smaller ones
			// behind, garbage the heap grows for (a page fault per
			// new page touched).
			states[i].buf = make([]byte, 0, linesChunk+linesSlack)
		}
	}
	var table *tableRows
	if o.format == "table" && !o.summary {
		table = newTableRows(w)
	}
	// The JSON lines go from the workers' buffers straight to standard
	// output: copying them into w's buffer first would cost a copy, and
	// evict what the readers keep in the processor's cache.
	out := &lines{w: e.stdout, waiting: linesWaiting}
	out.cond.L = &out.mu
	if o.format != "table" {
		r.runs = func(n int) fileRun {
			out.run(2 * r.workers)
			return &routeRun{out, states}
		}
	}
	stop := r.showProgress(progressInterval)
	r.eachWorker(srcs, func(i int, rec *event.Record) bool {
		s := &states[i]
		if i == 0 && s.tally.Records == hugePagesAfter {
			adviseHugePages()
		}
		if !o.keep(rec) {
			s.filtered++
			return true
		}
		rt.RouteInto(rec, &s.res)
		if !o.narrow(&s.res) {
			s.filtered++
			return true
		}
		s.tally.Add(rec, &s.res)
		switch {
		case o.summary:
		case table != nil:
			return table.row(rec, &s.res) == nil
		default:
			if b := append(s.enc.AppendJSON(s.buf, rec, &s.res), '\n'); unsafe.SliceData(b) == unsafe.SliceData(s.buf) {
				// Only the length is stored: storing a pointer costs
				// a write barrier while the garbage collector marks.
				s.buf = s.buf[:len(b)]
			} else {
				s.buf = b
			}
			if len(s.buf) >= linesChunk {
				ok := true
				if s.file >= 0 {
					s.buf, ok = out.flush(s.file, s.buf, false)
				} else {
					ok = out.write(s.buf)
					s.buf = s.buf[:0]
				}
				return ok
			}
		}
		return true
	})
	stop()
	var tally trail.Tally
	filtered := 0
	for i := range states {
		switch s := &states[i]; {
		case s.file >= 0:
			// A run of files cut short (an interrupt): the lines are
			// written only if it is their file's turn.
			out.flush(s.file, s.buf, true)
		case len(s.buf) > 0:
			out.write(s.buf)
		}
		tally.Merge(&states[i].tally)
		filtered += states[i].filtered
	}
	if table != nil {
		table.flush()
	}
	if o.summary {
		if o.format == "table" {
			writeSummaryTable(w, &tally, r.bad)
		} else {
			writeSummaryJSON(w, &tally, r.bad)
		}
	}
	err := w.Flush()
	if out.err != nil {
		err = out.err
	}
	printRunSummary(e.stderr, r.cmd, &tally, r.bad, filtered)
	if err != nil {
		fmt.Fprintf(e.stderr, "trailmap route: writing the output: %v\n", err)
		return exitProblem
	}
	return exitOK
}

// hugePagesAfter is how many records the first worker routes before
// route advises huge pages for the heap (adviseHugePages): enough for the
// collector to have run once already, so that a short read, which does
// not fault many pages, does not pay a collector cycle for it (over one
// object it took route from 15 to 21 ms of processor time), and early
// enough in a tree of thousands of objects for most of the heap to grow
// after it. Over the benchmark tree route's page faults went from 2,300
// to 1,420 on one core and from 2,900 to 2,150 on two. Checked again
// where a page fault costs 12-13 µs: advising at the first record or the
// 512th did no better (0.99-1.01 of the processor time, 21 rounds
// alternating), with trail/archive's pacer or without. The pacer matters
// here: the heap grows into the advised pages because the memory it holds
// raises the collector's goal; without it route's heap stayed in the 4
// KiB pages it had, and route took 3-7% more processor time.
const hugePagesAfter = 8192

// linesChunk is how many bytes of lines a worker gathers before writing
// them. Fewer, larger writes cost less: with 32 KiB, route -format json
// over the benchmark tree spent 7% more processor time writing into a
// pipe, and 2% more into /dev/null (one core; 64 and 256 KiB did as well
// as 128).
const linesChunk = 128 << 10

// linesSlack is the room a worker's buffer has past linesChunk, for the
// line that takes it past linesChunk: a line of a record routed through
// a few trails is 1 to 2 KiB; a longer one grows the buffer.
const linesSlack = 16 << 10

// routeWorker is what one worker of route keeps: its routing result,
// encoder and output lines, its counts, and the file of a run of plain
// files it reads (-1 when none).
type routeWorker struct {
	res      trail.Result
	enc      trail.ResultEncoder
	buf      []byte
	tally    trail.Tally
	filtered int
	file     int
}

// lines writes route's JSON lines to standard output for several workers.
// Outside runs of plain files a worker's lines are written as they come
// (write). In a run (see fileRun), the lines of the files come out in
// the files' order: those of the first file not yet written as they
// come, those of a later one once it is its turn, held meanwhile by its
// worker (up to waiting bytes, after which the worker waits) or, when
// the worker is done with it, here.
type lines struct {
	w    io.Writer
	mu   sync.Mutex
	cond sync.Cond // on mu: next moved on, or the run stopped
	err  error

	next    int            // the file of the run whose lines are being written
	window  int            // how far ahead of next the workers may read
	waiting int            // linesWaiting
	done    map[int][]byte // the lines of files read to their end, waiting for their turn
	free    [][]byte       // buffers of written files, for the workers to reuse
	stopped bool
}

// linesWaiting is how many bytes of lines a worker holds for a file that
// is not yet its turn before it waits for that turn.
const linesWaiting = 4 << 20

// write writes b now.
func (l *lines) write(b []byte) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.writeLocked(b)
}

func (l *lines) writeLocked(b []byte) bool {
	if l.err == nil && len(b) > 0 {
		if _, l.err = l.w.Write(b); l.err != nil {
			l.stopped = true
			l.cond.Broadcast()
		}
	}
	return l.err == nil
}

// run starts a run of files.
func (l *lines) run(window int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.next, l.window, l.done, l.stopped = 0, window, map[int][]byte{}, l.err != nil
}

// start waits until file i of the run is within the window.
func (l *lines) start(i int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for !l.stopped && i >= l.next+l.window {
		l.cond.Wait()
	}
	return !l.stopped
}

// flush hands over b, lines of file i of the run (all of its remaining
// lines when final), and returns the buffer for the worker to go on
// with.
func (l *lines) flush(i int, b []byte, final bool) ([]byte, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for {
		switch {
		case l.stopped:
			return b[:0], false
		case i == l.next:
			ok := l.writeLocked(b)
			if final {
				l.next++
				for ok {
					nb, waiting := l.done[l.next]
					if !waiting {
						break
					}
					delete(l.done, l.next)
					ok = l.writeLocked(nb)
					l.free = append(l.free, nb[:0])
					l.next++
				}
				l.cond.Broadcast()
			}
			return b[:0], ok
		case final:
			l.done[i] = b
			var nb []byte
			if n := len(l.free); n > 0 {
				nb, l.free = l.free[n-1], l.free[:n-1]
			}
			return nb, true
		case len(b) < l.waiting:
			return b, true
		}
		l.cond.Wait()
	}
}

// stop stops the run: the workers waiting go on, to stop.
func (l *lines) stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stopped = true
	l.cond.Broadcast()
}

// routeRun is route's fileRun.
type routeRun struct {
	out    *lines
	states []routeWorker
}

func (r *routeRun) start(w, i int) bool {
	r.states[w].file = i
	return r.out.start(i)
}

func (r *routeRun) end(w, i int) bool {
	s := &r.states[w]
	var ok bool
	s.buf, ok = r.out.flush(i, s.buf, true)
	s.file = -1
	return ok
}

func (r *routeRun) stop() { r.out.stop() }

// tableRows writes a table, aligned in blocks of rows so that memory does
// not grow with the input.
type tableRows struct {
	tw   *tabwriter.Writer
	rows int
}

const tableBlock = 500

func newTableRows(w io.Writer) *tableRows {
	t := &tableRows{tw: tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)}
	t.header()
	return t
}

func (t *tableRows) header() {
	fmt.Fprintln(t.tw, "TIME\tACCOUNT\tREGION\tEVENT\tDELIVERED BY\tNOT DELIVERED BY")
}

func (t *tableRows) row(rec *event.Record, res *trail.Result) error {
	if t.rows > 0 && t.rows%tableBlock == 0 {
		t.tw.Flush()
	}
	t.rows++
	when := "-"
	if rec.HasEventTime() {
		when = rec.EventTime.UTC().Format(time.RFC3339)
	}
	var del, skip []string
	for _, d := range res.Deliveries {
		del = append(del, trailName(d.TrailARN)+" ("+d.Account+" "+d.Region+")")
	}
	for _, s := range res.Skipped {
		skip = append(skip, trailName(s.TrailARN)+" ("+s.Code.String()+")")
	}
	_, err := fmt.Fprintf(t.tw, "%s\t%s\t%s\t%s\t%s\t%s\n", when, dash(rec.Recipient()), dash(rec.AWSRegion),
		dash(cell(rec.Title())), dash(strings.Join(del, ", ")), dash(strings.Join(skip, ", ")))
	return err
}

func (t *tableRows) flush() { t.tw.Flush() }

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// cell keeps a value on one table cell: tabs and line breaks become spaces.
func cell(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}

// trailName returns the name part of a trail ARN, the whole text when it
// is not one.
func trailName(arn string) string {
	if i := strings.LastIndex(arn, ":trail/"); i >= 0 {
		return arn[i+len(":trail/"):]
	}
	return arn
}

// writeSummaryJSON writes the -summary document.
func writeSummaryJSON(w io.Writer, t *trail.Tally, bad int) {
	b := fmt.Appendf(nil, `{"records":%d,"undelivered":%d,"bad":%d,"trails":[`, t.Records, t.Undelivered, bad)
	for i, c := range t.Trails() {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"trail":`...)
		b = jsonwire.AppendString(b, c.TrailARN)
		b = fmt.Appendf(b, `,"delivered":%d,"skipped":{`, c.Delivered)
		first := true
		for _, code := range trail.SkipCodes() {
			if n := c.Skipped(code); n > 0 {
				if !first {
					b = append(b, ',')
				}
				first = false
				b = fmt.Appendf(b, `"%s":%d`, code, n)
			}
		}
		b = append(b, "}}"...)
	}
	b = append(b, `],"places":[`...)
	for i, p := range t.Places() {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"account":`...)
		b = jsonwire.AppendString(b, p.Account)
		b = append(b, `,"region":`...)
		b = jsonwire.AppendString(b, p.Region)
		b = fmt.Appendf(b, `,"records":%d}`, p.Records)
	}
	b = append(b, "]}\n"...)
	w.Write(b)
}

// writeSummaryTable writes the -summary tables.
func writeSummaryTable(w io.Writer, t *trail.Tally, bad int) {
	fmt.Fprintf(w, "%d %s, %d delivered by no trail, %d unreadable\n\n", t.Records, plural(t.Records, "record", "records"), t.Undelivered, bad)
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "TRAIL\tDELIVERED\tSKIPPED\tSKIPPED BY CODE")
	for _, c := range t.Trails() {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\n", c.TrailARN, c.Delivered, c.SkippedTotal(), dash(skipCounts(&c)))
	}
	tw.Flush()
	fmt.Fprintln(w)
	fmt.Fprintln(tw, "ACCOUNT\tREGION\tRECORDS")
	for _, p := range t.Places() {
		fmt.Fprintf(tw, "%s\t%s\t%d\n", dash(p.Account), dash(p.Region), p.Records)
	}
	tw.Flush()
}

func skipCounts(c *trail.TrailCount) string {
	var parts []string
	for _, code := range trail.SkipCodes() {
		if n := c.Skipped(code); n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", code, n))
		}
	}
	return strings.Join(parts, ", ")
}

// printRunSummary writes the end-of-run summary to standard error:
// records, deliveries per trail, skips per reason, bad records.
func printRunSummary(w io.Writer, cmd string, t *trail.Tally, bad, filtered int) {
	fmt.Fprintf(w, "trailmap %s: %d %s routed", cmd, t.Records, plural(t.Records, "record", "records"))
	if filtered > 0 {
		fmt.Fprintf(w, ", %d filtered out", filtered)
	}
	fmt.Fprintf(w, ", %d unreadable; %d delivered by no trail\n", bad, t.Undelivered)
	for _, c := range t.Trails() {
		fmt.Fprintf(w, "  %s: delivered %d, skipped %d", trailName(c.TrailARN), c.Delivered, c.SkippedTotal())
		if s := skipCounts(&c); s != "" {
			fmt.Fprintf(w, " (%s)", s)
		}
		fmt.Fprintln(w)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// jsonLine encodes v on one line, HTML characters unescaped; for the
// commands whose output is small (who, check).
func jsonLine(v any) []byte {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	return []byte(b.String())
}
