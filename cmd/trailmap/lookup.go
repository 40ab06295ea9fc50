package main

import (
	"bufio"
	"bytes"
	"cmp"
	"container/heap"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"flag"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/internal/jsonwire"
)

const lookupAbout = `
Lookup answers a LookupEvents query over local records, as event history
would (CloudTrail API Reference, LookupEvents): management events only, or
Insights events only with -event-category insight; at most one lookup
attribute (EventId, EventName, ReadOnly, Username, ResourceType,
ResourceName, EventSource or AccessKeyId; for Insights events EventId,
EventName or EventSource), matched exactly; an optional time window,
inclusive; newest first.

It prints what aws cloudtrail lookup-events prints, so scripts written for
the AWS CLI work offline:

	{
	    "Events": [
	        {
	            "EventId": "…",
	            "EventName": "DeleteBucket",
	            "ReadOnly": "false",
	            "AccessKeyId": "…",
	            "EventTime": "2023-05-01T12:00:00+00:00",
	            "EventSource": "s3.amazonaws.com",
	            "Username": "alice",
	            "Resources": [{"ResourceType": "AWS::S3::Bucket", "ResourceName": "…"}],
	            "CloudTrailEvent": "{\"eventVersion\":…}"
	        }
	    ]
	}

EventTime is in the local time zone, with its offset, as the AWS CLI
(version 2) prints it; TZ=UTC prints "+00:00" as above. A record without
a usable eventTime has no EventTime and falls in no time window.

Unlike event history, the lookup spans every account and Region of the
records given and has no 90-day limit.

Paging works as with the AWS CLI. Without paging flags every event is
printed. -max-items N prints the N newest and, when there are more, a
"NextToken" member after "Events"; -starting-token TOKEN goes on after the
events that printed it. -max-results N (1 to 50, the API's page size,
which the CLI passes through), -next-token TOKEN and -no-paginate ask for
one page, as aws cloudtrail lookup-events --max-results does: at most N events (50
without -max-results), and "NextToken" when there are more. The two kinds
do not mix. A token is opaque: the same for the same input and query every
time, valid only with the query (lookup attribute, times, category) that
printed it; -page-size is accepted and changes nothing.

Memory: newest first means every record is read before the first event
is printed, so lookup keeps the events it is to print, each with its
record's text (CloudTrailEvent): with -max-results or -max-items N only
the N newest met so far (a page of a whole bucket takes little memory),
without them every event that matches, the first 64 MiB of them in
memory and the rest in a temporary file (in $TMPDIR, removed at the end;
as large as that part of the output). Records that do not match are not
kept.`

const lookupExample = `
trailmap lookup -lookup-attributes AttributeKey=EventName,AttributeValue=DeleteBucket ./bucket/AWSLogs
trailmap lookup -lookup-attributes AttributeKey=Username,AttributeValue=alice \
    -start-time 2023-05-01 -end-time 2023-05-08T00:00:00Z -max-results 10 logs/
# The next 10, with the NextToken the first page printed:
trailmap lookup -lookup-attributes AttributeKey=Username,AttributeValue=alice \
    -start-time 2023-05-01 -end-time 2023-05-08T00:00:00Z -max-results 10 -next-token TOKEN logs/`

func runLookup(e *env, args []string) int {
	f := newFlags("lookup", "lookup [-lookup-attributes AttributeKey=K,AttributeValue=V] [-start-time T] [-end-time T] [-event-category insight] [-max-items N] [-starting-token TOKEN] [-max-results N] [-next-token TOKEN] [-no-paginate] [PATH ...]",
		lookupAbout, lookupExample)
	var attrs multiString
	f.Var(&attrs, "lookup-attributes", "the lookup attribute: `AttributeKey=K,AttributeValue=V`, or its JSON form (one only, as LookupEvents takes)")
	start := &cliTimestamp{}
	end := &cliTimestamp{}
	f.Var(start, "start-time", "only events at or after this `time`: the AWS CLI's forms (UNIX time, 2015-01-27, \"01-27-2015, 01:16 PM\", \"01/27/2015, 13:16\", RFC 3339; UTC without a zone)")
	f.Var(end, "end-time", "only events at or before this `time`, in the forms of -start-time")
	category := f.String("event-category", "", "insight for Insights events; management events otherwise (`category`)")
	maxResults := f.Int("max-results", 0, "one page of at most `N` (1 to 50) events, the newest, with a NextToken when there are more (default: every event, no paging)")
	nextToken := f.String("next-token", "", "the page after the one that printed this NextToken (`TOKEN`)")
	maxItems := f.Int("max-items", 0, "print at most `N` events, the newest, with a NextToken when there are more")
	startingToken := f.String("starting-token", "", "go on after the events that printed this NextToken (`TOKEN`), as the AWS CLI's --starting-token")
	pageSize := f.Int("page-size", 0, "accepted for the AWS CLI's sake; the output is the same whatever the page size (`N`)")
	f.Bool("no-paginate", false, "one page, as the AWS CLI's --no-paginate: the same as -max-results 50")
	paths, status, ok := f.parse(e, args)
	if !ok {
		return status
	}
	given := map[string]bool{}
	f.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	insight := false
	switch *category {
	case "":
	case "insight":
		insight = true
	default:
		return f.usageError(e, "InvalidEventCategoryException: -event-category %q is not valid; the only value is insight", *category)
	}
	var la *event.LookupAttribute
	// LookupEvents takes one attribute ("Currently the list can contain
	// only one item"); the AWS CLI's list form puts a second one after
	// the first, where it would be taken for a PATH.
	if len(attrs) > 0 {
		paths = slices.DeleteFunc(paths, func(p string) bool {
			if strings.HasPrefix(p, "AttributeKey=") || strings.HasPrefix(p, "AttributeValue=") {
				attrs = append(attrs, p)
				return true
			}
			return false
		})
	}
	if len(attrs) > 1 {
		return f.usageError(e, "InvalidLookupAttributesException: -lookup-attributes: %d attributes given; specify exactly one", len(attrs))
	}
	if len(attrs) == 1 {
		a, err := event.ParseLookupAttribute(attrs[0])
		if err != nil {
			return f.usageError(e, "-lookup-attributes: %s", strings.TrimPrefix(err.Error(), "event: lookup attribute: "))
		}
		if err := a.Validate(insight); err != nil {
			return f.usageError(e, "InvalidLookupAttributesException: %v", err)
		}
		la = &a
	}
	for _, n := range []struct {
		name string
		v    int
	}{{"max-results", *maxResults}, {"max-items", *maxItems}, {"page-size", *pageSize}} {
		switch {
		case !given[n.name]:
		case n.name == "max-results" && n.v < 1:
			// The AWS CLI refuses it before calling the API:
			// botocore checks MaxResults' minimum only.
			return f.usageError(e, "Parameter validation failed: Invalid value for parameter MaxResults, value: %d, valid min value: 1", n.v)
		case n.name == "max-results" && n.v > lookupPageSize:
			// The service refuses it (CloudTrail API Reference,
			// LookupEvents: MaxResults 1 to 50).
			return f.usageError(e, "InvalidMaxResultsException: -max-results %d: MaxResults must be 1 to 50", n.v)
		case n.v < 1:
			return f.usageError(e, "-%s %d: want 1 or more", n.name, n.v)
		}
	}
	// As the AWS CLI: the API's own paging parameters turn its paging
	// off, and then its paging flags are refused.
	manual := given["max-results"] || given["next-token"] || f.Lookup("no-paginate").Value.String() == "true"
	if manual {
		var mixed []string
		for _, name := range []string{"starting-token", "page-size", "max-items"} {
			if given[name] {
				mixed = append(mixed, "-"+name)
			}
		}
		if len(mixed) > 0 {
			return f.usageError(e, "-max-results, -next-token and -no-paginate ask for one page of the API's; they do not mix with %s, which page as the AWS CLI does", strings.Join(mixed, ", "))
		}
	}
	if !start.t.IsZero() && !end.t.IsZero() && start.t.After(end.t) {
		return f.usageError(e, "InvalidTimeRangeException: -start-time %s is after -end-time %s", start, end)
	}
	q := lookupQuery{attr: la, start: start.t, end: end.t, insight: insight}
	var after *pageToken
	switch token, name := *nextToken+*startingToken, "next-token"; {
	case token == "":
	case given["next-token"] && given["starting-token"]:
		return f.usageError(e, "-next-token and -starting-token: give one")
	default:
		if given["starting-token"] {
			name = "starting-token"
		}
		t, err := parsePageToken(token, q.fingerprint())
		if err != nil {
			return f.usageError(e, "InvalidNextTokenException: -%s: %v", name, err)
		}
		after = &t
	}
	limit := 0 // every event
	switch {
	case manual && given["max-results"]:
		limit = *maxResults
	case manual:
		limit = lookupPageSize
	case given["max-items"]:
		limit = *maxItems
	}
	if len(paths) == 0 && e.stdinTTY {
		return f.usageError(e, "no input: name files or directories, or pipe records into standard input")
	}
	srcs, readable := collect(e, "lookup", paths)
	r := newReader(e, "lookup", srcs)
	if members := q.members(); members != nil && !e.decodeAll {
		r.decodeOnly(members, q.whole)
	}
	loc := e.loc
	if loc == nil {
		loc = time.UTC
	}
	// One more than the page: whether there are more events after it.
	hits := &newest{max: limit}
	if limit > 0 {
		hits.max = limit + 1
	}
	var kept spool
	defer kept.close()
	var text []byte
	var keepErr error
	seq := 0
	stop := r.showProgress(progressInterval)
	r.each(srcs, func(rec *event.Record) bool {
		seq++
		if !q.match(rec) {
			return true
		}
		h := hit{t: rec.EventTime.UTC(), seq: seq}
		if r.fromLookup {
			// Already newest first: among events of the same time the
			// earlier in the input is the newer, as event history gave it.
			h.seq = -seq
		}
		if after != nil && newer(h, after.hit()) <= 0 {
			return true // on an earlier page
		}
		if !hits.admits(h) {
			return true // older than the page: not worth making its event
		}
		ev := event.NewLookupEvent(rec)
		// The AWS CLI (version 2) prints timestamps in the local zone,
		// with its offset.
		ev.EventTime = ev.EventTime.In(loc)
		text = unescapeLineSeparators(appendLookupEvent(text[:0], &ev))
		if keepErr = kept.keep(&h, text); keepErr != nil {
			return false
		}
		if old, ok := hits.add(h); ok {
			kept.drop(old)
		}
		return true
	})
	stop()
	if keepErr != nil {
		// Not a page with events missing: nothing.
		fmt.Fprintf(e.stderr, "trailmap lookup: keeping the events in a temporary file: %v\n", keepErr)
		return exitProblem
	}
	events := hits.sorted()
	token := ""
	if limit > 0 && len(events) > limit {
		events = events[:limit]
		token = newPageToken(events[limit-1], q.fingerprint())
	}
	w := bufio.NewWriterSize(e.stdout, 64<<10)
	err := writeLookupOutput(w, len(events), func(i int) ([]byte, error) {
		return kept.text(&events[i], &text)
	}, token)
	if err == nil {
		err = w.Flush()
	}
	fmt.Fprintf(e.stderr, "trailmap lookup: %d %s of %d %s read, %d unreadable\n",
		len(events), plural(len(events), "event", "events"), seq, plural(seq, "record", "records"), r.bad)
	if err != nil {
		fmt.Fprintf(e.stderr, "trailmap lookup: writing the output: %v\n", err)
		return exitProblem
	}
	if !readable || r.failed() {
		return exitProblem
	}
	return exitOK
}

// cliTimestamp is a -start-time or -end-time flag: a time in the forms
// aws cloudtrail lookup-events takes (parseCLITimestamp).
type cliTimestamp struct{ t time.Time }

func (c *cliTimestamp) String() string {
	if c == nil || c.t.IsZero() {
		return ""
	}
	return c.t.Format(time.RFC3339Nano)
}

func (c *cliTimestamp) Set(s string) error {
	t, err := parseCLITimestamp(s)
	if err != nil {
		return err
	}
	c.t = t
	return nil
}

// parseCLITimestamp reads a timestamp as the AWS CLI does for
// lookup-events (CloudTrail User Guide, "Viewing CloudTrail events with
// the AWS CLI", "Valid <timestamp> formats"): UNIX time, whole or with a
// fraction ("1422317782", "1422317782.0"); a date, month-day-year or
// year-month-day, its parts separated by hyphens or slashes, optionally
// followed, after a comma or a space, by a time of 24 hours or with AM or
// PM ("01-27-2015,01:16PM", "01/27/2015, 13:16", "2015-01-27, 01:16 PM");
// or RFC 3339. A time without a zone is UTC, as botocore takes a naive
// timestamp; a fraction of a second is dropped, as botocore sends
// StartTime and EndTime in whole seconds.
func parseCLITimestamp(s string) (time.Time, error) {
	t, err := parseCLITime(s)
	return t.Truncate(time.Second), err
}

func parseCLITime(s string) (time.Time, error) {
	bad := fmt.Errorf("%q: want UNIX time (1422317782), a date (2015-01-27, 01-27-2015, 01/27/2015) with an optional time (\"01-27-2015, 01:16 PM\", \"01/27/2015, 13:16\") or RFC 3339 (2015-01-27T13:16:00Z)", s)
	s = strings.TrimSpace(s)
	if t, ok := parseUnixTime(s); ok {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	date, clock, _ := strings.Cut(s, ",")
	if !strings.Contains(s, ",") {
		date, clock, _ = strings.Cut(s, " ")
	}
	clock = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(clock), " ", ""))
	var d time.Time
	for _, layout := range []string{"1-2-2006", "1/2/2006", "2006-1-2", "2006/1/2"} {
		if t, err := time.Parse(layout, strings.TrimSpace(date)); err == nil {
			d = t
			break
		}
	}
	if d.IsZero() {
		return time.Time{}, bad
	}
	if clock == "" {
		return d, nil
	}
	for _, layout := range []string{"15:04", "15:04:05", "3:04PM", "3:04:05PM"} {
		if t, err := time.Parse(layout, clock); err == nil {
			return d.Add(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute + time.Duration(t.Second())*time.Second), nil
		}
	}
	return time.Time{}, bad
}

// parseUnixTime reads UNIX time in seconds, digits with an optional
// fraction, as botocore reads a numeric timestamp string.
func parseUnixTime(s string) (time.Time, bool) {
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || len(whole) > 12 || strings.Trim(whole, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" {
		return time.Time{}, false
	}
	sec, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	var nanos int64
	if dot && frac != "" {
		f := (frac + "000000000")[:9]
		nanos, _ = strconv.ParseInt(f, 10, 64)
	}
	return time.Unix(sec, nanos).UTC(), true
}

// lookupPageSize is the page LookupEvents returns without MaxResults
// (CloudTrail API Reference, LookupEvents: "The default is 50").
const lookupPageSize = 50

// lookupQuery is what selects the events of a lookup.
type lookupQuery struct {
	attr       *event.LookupAttribute
	start, end time.Time
	insight    bool
}

func (q *lookupQuery) match(rec *event.Record) bool {
	t := rec.EventTime
	return rec.IsInsight() == q.insight &&
		(q.insight || rec.IsManagement()) &&
		// A record without a usable eventTime is in no time window.
		(q.start.IsZero() && q.end.IsZero() || !t.IsZero()) &&
		(q.start.IsZero() || !t.Before(q.start)) &&
		(q.end.IsZero() || !t.After(q.end)) &&
		(q.attr == nil || q.attr.Match(rec))
}

// members returns the members of a record that match reads (nil: every
// member), for event.DecodeOnly, when the query selects few records:
// what decides the category (event.Record.Category: eventCategory,
// eventType, insightDetails, managementEvent, eventSource, eventName),
// eventTime, and the members the lookup attribute reads. The records
// that match, whose whole text CloudTrailEvent holds, are decoded whole
// again (whole). A lookup of every management event, most of a trail's
// records, decodes every member: decoding a few members first would
// cost more than it saves.
func (q *lookupQuery) members() []string {
	if q.attr == nil && q.start.IsZero() && q.end.IsZero() && !q.insight {
		return nil
	}
	members := []string{"eventCategory", "eventType", "insightDetails", "managementEvent", "eventSource", "eventName", "eventTime"}
	if q.attr != nil {
		switch q.attr.AttributeKey {
		case "EventId":
			members = append(members, "eventID")
		case "ReadOnly":
			members = append(members, "readOnly")
		case "Username", "AccessKeyId":
			members = append(members, "userIdentity")
		case "ResourceType", "ResourceName":
			members = append(members, "resources")
		}
	}
	return members
}

// whole reports whether rec, of which only q.members were decoded, must
// be decoded whole: when it matches (its event holds the whole record),
// and an event data store's Insights record, whose insightEventSource
// and insightEventName (event.Record.InsightAPI, which the EventName and
// EventSource attributes read) event.Record does not model. Aggregated
// events, neither management events nor Insights, never match.
func (q *lookupQuery) whole(rec *event.Record) bool {
	if rec.IsInsight() && rec.InsightDetails == nil {
		return true
	}
	return q.match(rec)
}

// fingerprint names the query in a token, so that a token is refused
// with another query (as InvalidNextTokenException says: "a token that
// was previously used in a request with different parameters").
func (q *lookupQuery) fingerprint() uint32 {
	h := fnv.New32a()
	if q.attr != nil {
		fmt.Fprintf(h, "%q=%q", q.attr.AttributeKey, q.attr.AttributeValue)
	}
	fmt.Fprintf(h, "\x00%d\x00%d\x00%t", q.start.UnixNano(), q.end.UnixNano(), q.insight)
	return h.Sum32()
}

// pageToken is where a page ended: the last event printed, by event
// time and position in the input (the order of newer).
type pageToken struct {
	unixNano int64
	seq      int
}

func (t pageToken) hit() hit {
	return hit{t: time.Unix(0, t.unixNano).UTC(), seq: t.seq}
}

// tokenVersion starts every token; a token of another version is refused.
const tokenVersion = 1

// newPageToken returns the NextToken after h: version, query, time and
// position, and a checksum of them, base64 (URL alphabet, no padding).
func newPageToken(h hit, query uint32) string {
	b := []byte{tokenVersion}
	b = binary.BigEndian.AppendUint32(b, query)
	b = binary.AppendVarint(b, h.t.UnixNano())
	b = binary.AppendUvarint(b, uint64(h.seq))
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(append(b, sum[:4]...))
}

// parsePageToken reads a token of newPageToken, for the query.
func parsePageToken(s string, query uint32) (pageToken, error) {
	bad := fmt.Errorf("%q is not a NextToken that trailmap lookup printed", s)
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 1+4+1+1+4 {
		return pageToken{}, bad
	}
	body, sum := b[:len(b)-4], b[len(b)-4:]
	if want := sha256.Sum256(body); !bytes.Equal(sum, want[:4]) || body[0] != tokenVersion {
		return pageToken{}, bad
	}
	if binary.BigEndian.Uint32(body[1:5]) != query {
		return pageToken{}, fmt.Errorf("the token was printed for a lookup with other parameters (-lookup-attributes, -start-time, -end-time and -event-category must be the same)")
	}
	rest := body[5:]
	t, n := binary.Varint(rest)
	if n <= 0 {
		return pageToken{}, bad
	}
	seq, m := binary.Uvarint(rest[n:])
	if m <= 0 || n+m != len(rest) || seq > math.MaxInt32 {
		return pageToken{}, bad
	}
	return pageToken{unixNano: t, seq: int(seq)}, nil
}

// writeLookupOutput writes what the AWS CLI's JSON output is of n events
// and nextToken ("" for none), the text of event i (appendLookupEvent,
// line separators unescaped) coming from text: what Python's json.dumps
// with indent=4 and ensure_ascii=False writes, which is encoding/json's
// output indented by four spaces, HTML characters, U+2028 and U+2029 as
// they are (TestWriteLookupOutput). The events are written one at a time:
// those of a large lookup are not copied into one buffer, then indented
// into another, by reflection.
func writeLookupOutput(w *bufio.Writer, n int, text func(i int) ([]byte, error), nextToken string) error {
	if n == 0 {
		w.WriteString("{\n    \"Events\": []")
	} else {
		w.WriteString("{\n    \"Events\": [\n")
		for i := range n {
			b, err := text(i)
			if err != nil {
				return err
			}
			w.Write(b)
			if i < n-1 {
				w.WriteByte(',')
			}
			w.WriteByte('\n')
		}
		w.WriteString("    ]")
	}
	if nextToken != "" {
		w.WriteString(",\n    \"NextToken\": ")
		w.Write(unescapeLineSeparators(jsonwire.AppendString(nil, nextToken)))
	}
	_, err := w.WriteString("\n}\n")
	return err
}

// appendLookupEvent appends ev as an element of writeLookupOutput's
// Events, indented, without the comma and the newline after it: the
// members of event.LookupEvent's MarshalJSON, in its order.
func appendLookupEvent(dst []byte, ev *event.LookupEvent) []byte {
	const in = "\n            "
	member := func(dst []byte, key, v string) []byte {
		dst = append(append(dst, in...), '"')
		dst = append(append(dst, key...), `": `...)
		return append(jsonwire.AppendString(dst, v), ',')
	}
	dst = append(dst, "        {"...)
	dst = member(dst, "EventId", ev.EventID)
	dst = member(dst, "EventName", ev.EventName)
	if ev.ReadOnly != "" {
		dst = member(dst, "ReadOnly", ev.ReadOnly)
	}
	if ev.AccessKeyID != "" {
		dst = member(dst, "AccessKeyId", ev.AccessKeyID)
	}
	if !ev.EventTime.IsZero() {
		dst = member(dst, "EventTime", cliTime(ev.EventTime))
	}
	dst = member(dst, "EventSource", ev.EventSource)
	if ev.Username != "" {
		dst = member(dst, "Username", ev.Username)
	}
	dst = append(dst, in+`"Resources": [`...)
	for i, r := range ev.Resources {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, "\n                {\n                    \"ResourceType\": "...)
		dst = jsonwire.AppendString(dst, r.ResourceType)
		dst = append(dst, ",\n                    \"ResourceName\": "...)
		dst = jsonwire.AppendString(dst, r.ResourceName)
		dst = append(dst, "\n                }"...)
	}
	if len(ev.Resources) > 0 {
		dst = append(dst, in...)
	}
	dst = append(dst, "],"...)
	dst = append(dst, in+`"CloudTrailEvent": `...)
	dst = jsonwire.AppendString(dst, ev.CloudTrailEvent)
	return append(dst, "\n        }"...)
}

// cliTime formats t as the AWS CLI version 2 prints a timestamp, as
// event.LookupEvent's MarshalJSON does: to the second, or to the
// microsecond when it has a fraction of one (Python's isoformat).
func cliTime(t time.Time) string {
	if us := t.Round(time.Microsecond); us.Nanosecond() != 0 {
		return us.Format("2006-01-02T15:04:05.000000-07:00")
	}
	return t.Format("2006-01-02T15:04:05-07:00")
}

// unescapeLineSeparators replaces the escapes \u2028 and \u2029 in the
// JSON text b by the characters themselves. A backslash always starts an
// escape in encoding/json's output, so the escape after it is skipped
// whole and an escaped backslash followed by "u2028" is left alone.
func unescapeLineSeparators(b []byte) []byte {
	if !bytes.Contains(b, []byte(`\u202`)) {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 >= len(b) {
			out = append(out, b[i])
			continue
		}
		if rest := b[i+1:]; len(rest) >= 5 && (string(rest[:5]) == "u2028" || string(rest[:5]) == "u2029") {
			out = utf8.AppendRune(out, rune(0x2028+int(rest[4]-'8')))
			i += 5
			continue
		}
		out = append(out, b[i], b[i+1])
		i++
	}
	return out
}

// hit is one matching event: its time, its position in the input, and
// its text as printed, held in memory or, past lookupSpoolAfter bytes,
// in a temporary file (see spool).
type hit struct {
	t    time.Time // the event's time, UTC; the zero Time when the record has no usable eventTime
	seq  int
	text []byte // the text, when held in memory
	off  int64  // else where the temporary file holds it
	n    int    // and its length
}

// newer orders hits newest first, the later in the input first among
// events of the same time, as event history does (the seq of an event of
// lookup-events output is negated: such output is newest first already).
func newer(a, b hit) int {
	return cmp.Or(b.t.Compare(a.t), b.seq-a.seq)
}

// lookupSpoolAfter is how many bytes of events' text a lookup holds in
// memory; it keeps the text of the events after those in a temporary
// file.
var lookupSpoolAfter = 64 << 20

// spool holds the text of the events a lookup is to print: up to
// lookupSpoolAfter bytes in memory, the rest in a temporary file, made
// when first needed and removed by close. Without a temporary file (none
// can be made) it holds everything in memory.
type spool struct {
	held   int      // bytes of text held in memory
	f      *os.File // the temporary file, if any
	size   int64    // bytes written to it
	noFile bool     // no temporary file could be made
}

// keep keeps text, which is reused after keep returns, as h's.
func (s *spool) keep(h *hit, text []byte) error {
	if s.held+len(text) <= lookupSpoolAfter || s.noFile {
		h.text = bytes.Clone(text)
		s.held += len(text)
		return nil
	}
	if s.f == nil {
		f, err := os.CreateTemp("", "trailmap-lookup-*")
		if err != nil {
			s.noFile = true
			return s.keep(h, text)
		}
		s.f = f
	}
	if _, err := s.f.Write(text); err != nil {
		return err
	}
	h.off, h.n = s.size, len(text)
	s.size += int64(len(text))
	return nil
}

// drop forgets h's text, when held in memory (what the temporary file
// holds stays there until close).
func (s *spool) drop(h hit) { s.held -= len(h.text) }

// text returns h's text: what keep holds in memory, or what the
// temporary file holds read into *buf, which it grows as needed.
func (s *spool) text(h *hit, buf *[]byte) ([]byte, error) {
	if h.text != nil || h.n == 0 {
		return h.text, nil
	}
	*buf = slices.Grow((*buf)[:0], h.n)[:h.n]
	if _, err := s.f.ReadAt(*buf, h.off); err != nil {
		return nil, fmt.Errorf("reading the events back from a temporary file: %w", err)
	}
	return *buf, nil
}

// close removes the temporary file.
func (s *spool) close() {
	if s.f != nil {
		s.f.Close()
		os.Remove(s.f.Name())
	}
}

// newest keeps the max newest hits (all when max is 0): a heap whose top
// is the oldest kept.
type newest struct {
	max  int
	hits []hit
}

func (n *newest) Len() int           { return len(n.hits) }
func (n *newest) Less(i, j int) bool { return newer(n.hits[i], n.hits[j]) > 0 }
func (n *newest) Swap(i, j int)      { n.hits[i], n.hits[j] = n.hits[j], n.hits[i] }
func (n *newest) Push(x any)         { n.hits = append(n.hits, x.(hit)) }
func (n *newest) Pop() any {
	h := n.hits[len(n.hits)-1]
	n.hits = n.hits[:len(n.hits)-1]
	return h
}

// admits reports whether add would keep h.
func (n *newest) admits(h hit) bool {
	return n.max == 0 || len(n.hits) < n.max || newer(h, n.hits[0]) < 0
}

// add keeps h when it is among the max newest, and returns the hit it
// no longer keeps for it, if any.
func (n *newest) add(h hit) (dropped hit, ok bool) {
	switch {
	case n.max == 0:
		n.hits = append(n.hits, h)
	case len(n.hits) < n.max:
		heap.Push(n, h)
	case newer(h, n.hits[0]) < 0:
		dropped, ok = n.hits[0], true
		n.hits[0] = h
		heap.Fix(n, 0)
	default:
		return h, true
	}
	return dropped, ok
}

func (n *newest) sorted() []hit {
	out := slices.Clone(n.hits)
	slices.SortFunc(out, newer)
	return out
}
