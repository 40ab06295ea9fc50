package main

import (
	"bufio"
	"bytes"
	"cmp"
	"container/heap"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/trailmap/trailmap/event"
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

Unlike event history, the lookup spans every account and Region of the
records given and has no 90-day limit. -max-results N prints the N newest
events (the AWS CLI pages through all of them unless told otherwise).`

const lookupExample = `
trailmap lookup -lookup-attributes AttributeKey=EventName,AttributeValue=DeleteBucket ./bucket/AWSLogs
trailmap lookup -lookup-attributes AttributeKey=Username,AttributeValue=alice \
    -start-time 2023-05-01 -end-time 2023-05-08T00:00:00Z -max-results 10 logs/`

func runLookup(e *env, args []string) int {
	f := newFlags("lookup", "lookup [-lookup-attributes AttributeKey=K,AttributeValue=V] [-start-time T] [-end-time T] [-event-category insight] [-max-results N] [PATH ...]",
		lookupAbout, lookupExample)
	attr := f.String("lookup-attributes", "", "the lookup attribute: `AttributeKey=K,AttributeValue=V`, or its JSON form")
	start := f.time("start-time", "only events at or after this `time` (RFC 3339 or a date)")
	end := f.time("end-time", "only events at or before this `time` (RFC 3339 or a date)")
	category := f.String("event-category", "", "insight for Insights events; management events otherwise (`category`)")
	maxResults := f.Int("max-results", 0, "print at most `N` events, the newest (default: all)")
	f.IntVar(maxResults, "max-items", 0, "the same as -max-results, the AWS CLI's name (`N`)")
	paths, status, ok := f.parse(e, args)
	if !ok {
		return status
	}
	insight := false
	switch *category {
	case "":
	case "insight":
		insight = true
	default:
		return f.usageError(e, "InvalidEventCategoryException: -event-category %q is not valid; the only value is insight", *category)
	}
	var la *event.LookupAttribute
	if *attr != "" {
		a, err := event.ParseLookupAttribute(*attr)
		if err != nil {
			return f.usageError(e, "-lookup-attributes: %s", strings.TrimPrefix(err.Error(), "event: lookup attribute: "))
		}
		if err := a.Validate(insight); err != nil {
			return f.usageError(e, "InvalidLookupAttributesException: %v", err)
		}
		la = &a
	}
	if *maxResults < 0 {
		return f.usageError(e, "-max-results %d: want a positive number", *maxResults)
	}
	if !start.t.IsZero() && !end.t.IsZero() && start.t.After(end.t) {
		return f.usageError(e, "InvalidTimeRangeException: -start-time %s is after -end-time %s", start, end)
	}
	if len(paths) == 0 && e.stdinTTY {
		return f.usageError(e, "no input: name files or directories, or pipe records into standard input")
	}
	srcs, readable := collect(e, "lookup", paths)
	r := newReader(e, "lookup", srcs)
	hits := &newest{max: *maxResults}
	seq := 0
	stop := r.showProgress(progressInterval)
	r.each(srcs, func(_ *source, rec *event.Record) bool {
		seq++
		t := rec.EventTime
		if rec.IsInsight() != insight ||
			!insight && !rec.IsManagement() ||
			!start.t.IsZero() && t.Before(start.t) ||
			!end.t.IsZero() && t.After(end.t) ||
			la != nil && !la.Match(rec) {
			return true
		}
		hits.add(hit{ev: event.NewLookupEvent(rec), seq: seq})
		return true
	})
	stop()
	events := hits.sorted()
	out := struct {
		Events []event.LookupEvent `json:"Events"`
	}{Events: make([]event.LookupEvent, 0, len(events))}
	for _, h := range events {
		out.Events = append(out.Events, h.ev)
	}
	w := bufio.NewWriter(e.stdout)
	err := writeCLIJSON(w, out)
	if err == nil {
		err = w.Flush()
	}
	fmt.Fprintf(e.stderr, "trailmap lookup: %d %s of %d %s read, %d unreadable\n",
		len(events), plural(len(events), "event", "events"), seq, plural(seq, "record", "records"), r.bad)
	if err != nil {
		fmt.Fprintf(e.stderr, "trailmap lookup: writing the output: %v\n", err)
		return exitProblem
	}
	if !readable || r.bad > 0 {
		return exitProblem
	}
	return exitOK
}

// writeCLIJSON writes v as the AWS CLI's JSON output does: indented by
// four spaces, HTML characters and non-ASCII text as they are.
func writeCLIJSON(w *bufio.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "    ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// hit is one matching event and its position in the input.
type hit struct {
	ev  event.LookupEvent
	seq int
}

// newer orders hits newest first, the later in the input first among
// events of the same time, as event history does.
func newer(a, b hit) int {
	return cmp.Or(b.ev.EventTime.Compare(a.ev.EventTime), b.seq-a.seq)
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

func (n *newest) add(h hit) {
	switch {
	case n.max == 0:
		n.hits = append(n.hits, h)
	case len(n.hits) < n.max:
		heap.Push(n, h)
	case newer(h, n.hits[0]) < 0:
		n.hits[0] = h
		heap.Fix(n, 0)
	}
}

func (n *newest) sorted() []hit {
	out := slices.Clone(n.hits)
	slices.SortFunc(out, newer)
	return out
}
