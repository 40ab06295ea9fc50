package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/internal/corpustest"
)

// lookupQueries are lookups that decode a few members of each record
// (every lookup attribute, a time window, Insights), and one of every
// event, which decodes every member.
var lookupQueries = [][]string{
	{},
	{"-max-results", "5"},
	{"-event-category", "insight"},
	{"-event-category", "insight", "-lookup-attributes", "AttributeKey=EventName,AttributeValue=RunInstances"},
	{"-event-category", "insight", "-lookup-attributes", "AttributeKey=EventSource,AttributeValue=ec2.amazonaws.com"},
	{"-lookup-attributes", "AttributeKey=EventName,AttributeValue=AssumeRole"},
	{"-lookup-attributes", "AttributeKey=EventName,AttributeValue=ConsoleLogin", "-max-items", "2"},
	{"-lookup-attributes", "AttributeKey=EventSource,AttributeValue=iam.amazonaws.com"},
	{"-lookup-attributes", "AttributeKey=EventId,AttributeValue=3038ebd2-c98a-4c65-9b6e-e22506292313"},
	{"-lookup-attributes", "AttributeKey=ReadOnly,AttributeValue=false"},
	{"-lookup-attributes", "AttributeKey=Username,AttributeValue=Alice"},
	{"-lookup-attributes", "AttributeKey=AccessKeyId,AttributeValue=ASIAIOSFODNN7EXAMPLE"},
	{"-lookup-attributes", "AttributeKey=ResourceType,AttributeValue=AWS::S3::Bucket"},
	{"-lookup-attributes", "AttributeKey=ResourceName,AttributeValue=amzn-s3-demo-bucket"},
	{"-start-time", "2019-01-01", "-end-time", "2023-06-01T00:00:00Z", "-max-results", "20"},
}

// TestLookupDecodeOnlyScenarios: every lookup scenario of testdata prints
// what it prints when lookup decodes every member of every record.
func TestLookupDecodeOnlyScenarios(t *testing.T) {
	eachScenario(t, "lookup", func(file string, args []string, stdin []byte) {
		runBoth(t, file, 1, stdin, args...)
	})
}

// TestLookupDecodeOnlyTestdata: every query of lookupQueries over the
// records of the event package's testdata and of the real corpus (when
// present), as files, as standard input and as a bucket tree, prints
// what it prints when lookup decodes every member.
func TestLookupDecodeOnlyTestdata(t *testing.T) {
	files, data := testdataRecords(t)
	if dir, err := corpustest.Lookup(); err == nil {
		for _, f := range corpustest.Files(t, corpustest.All) {
			files = append(files, filepath.Join(dir, filepath.FromSlash(f.Path)))
			data = append(data, f.Data)
		}
	} else {
		t.Logf("%v: the testdata only", err)
	}
	tree := writeTree(t, data)
	stdin := bytes.Join(data, []byte("\n"))
	// Each query over one form of the input in turn, or over every
	// form when corpustest.Long.
	for j, q := range lookupQueries {
		args := append([]string{"lookup"}, q...)
		form := func(k int) bool { return corpustest.Long() || j%3 == k }
		if form(0) {
			runBoth(t, "files", 1, nil, append(args, files...)...)
		}
		if form(1) {
			runBoth(t, "bucket tree", 2, nil, append(args, tree)...)
		}
		if form(2) {
			runBoth(t, "standard input", 1, stdin, args...)
		}
	}
}

// lookupOutput is what aws cloudtrail lookup-events prints (the API's
// response, its members in this order, NextToken only when there are
// more events), which writeLookupOutput writes.
type lookupOutput struct {
	Events    []event.LookupEvent `json:"Events"`
	NextToken string              `json:"NextToken,omitempty"`
}

// writeCLIJSON writes v as the AWS CLI's JSON output does (Python's
// json.dumps with indent=4 and ensure_ascii=False): indented by four
// spaces, HTML characters and non-ASCII text as they are, U+2028 and
// U+2029 included, which encoding/json always escapes. It is what
// writeLookupOutput must write.
func writeCLIJSON(w *bufio.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "    ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(unescapeLineSeparators(b.Bytes()))
	return err
}

// TestWriteLookupOutput: writeLookupOutput, given the events' text by
// appendLookupEvent, writes what encoding/json writes indented
// (writeCLIJSON) of the events of every record of the
// testdata and the real corpus (when present), in UTC and another zone,
// and of events with every member empty or full, strings encoding/json
// escapes, times with a fraction, and with and without a NextToken.
func TestWriteLookupOutput(t *testing.T) {
	_, data := testdataRecords(t)
	if _, err := corpustest.Lookup(); err == nil {
		for _, f := range corpustest.Files(t, corpustest.All) {
			data = append(data, f.Data)
		}
	}
	var events []event.LookupEvent
	for _, b := range data {
		rd := event.NewReader(bytes.NewReader(b), event.ContinueOnError())
		var rec event.Record
		for {
			err := rd.ReadRecord(&rec)
			var re *event.RecordError
			if errors.As(err, &re) {
				continue
			}
			if err != nil {
				break
			}
			events = append(events, event.NewLookupEvent(&rec))
		}
	}
	odd := "a<b>&c\u2028d\u2029e\x01\t\"\\\xff é 🙂 \\u2028"
	kolkata := time.FixedZone("IST", 5*3600+1800)
	events = append(events,
		event.LookupEvent{},
		event.LookupEvent{EventID: odd, EventName: odd, ReadOnly: odd, AccessKeyID: odd, EventSource: odd, Username: odd,
			EventTime: time.Date(2023, 5, 1, 12, 0, 7, 250_000_000, kolkata), CloudTrailEvent: odd,
			Resources: []event.LookupResource{{ResourceType: odd, ResourceName: odd}, {}}},
		event.LookupEvent{EventTime: time.Date(2023, 5, 1, 12, 0, 7, 1, time.UTC), Resources: []event.LookupResource{}},
	)
	if len(events) < 20 {
		t.Fatalf("%d events: want the testdata's", len(events))
	}
	for _, out := range []lookupOutput{
		{Events: events},
		{Events: events[:1], NextToken: "AQID-_x"},
		{Events: []event.LookupEvent{}},
		{Events: []event.LookupEvent{}, NextToken: odd},
	} {
		for _, loc := range []*time.Location{time.UTC, kolkata} {
			for i := range out.Events {
				out.Events[i].EventTime = out.Events[i].EventTime.In(loc)
			}
			var got, want bytes.Buffer
			gw, ww := bufio.NewWriter(&got), bufio.NewWriter(&want)
			var buf []byte
			if err := writeLookupOutput(gw, len(out.Events), func(i int) ([]byte, error) {
				buf = unescapeLineSeparators(appendLookupEvent(buf[:0], &out.Events[i]))
				return buf, nil
			}, out.NextToken); err != nil {
				t.Fatal(err)
			}
			if err := writeCLIJSON(ww, out); err != nil {
				t.Fatal(err)
			}
			gw.Flush()
			ww.Flush()
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				g, w := got.String(), want.String()
				i := 0
				for i < len(g) && i < len(w) && g[i] == w[i] {
					i++
				}
				t.Errorf("%d events, %s: differs from encoding/json's at byte %d:\n%s\nwant\n%s", len(out.Events), loc,
					i, cut(g[max(0, i-200):]), cut(w[max(0, i-200):]))
			}
		}
	}
}

// lookupFormsRecords are records lookup reads members of that
// event.Record does not model: an event data store's Insights record
// (insightEventSource, insightEventName), an aggregated event (no
// eventTime, eventId), and a management event beside them.
var lookupFormsRecords = `{"eventVersion":"1.08","eventTime":"2023-05-01T12:00:00Z","awsRegion":"us-east-1","recipientAccountId":"123456789012","eventType":"AwsCloudTrailInsight","eventCategory":"Insight","eventID":"insight-flat","insightType":"ApiCallRateInsight","insightEventSource":"ec2.amazonaws.com","insightEventName":"RunInstances","insightState":"Start"}
{"eventVersion":"1.0","accountId":"123456789012","eventCategory":"Aggregated","eventType":"AwsAggregatedEvent","awsRegion":"us-east-1","eventSource":"ec2.amazonaws.com","eventId":"agg-1","timeWindow":{"windowStart":"2023-05-01T11:55:00Z","windowEnd":"2023-05-01T12:00:00Z","windowSize":"PT5M"},"summary":{"primaryDimension":{"dimension":"eventName","statistics":[{"eventName":"RunInstances","count":3}]}}}
{"eventVersion":"1.08","userIdentity":{"type":"Root","accountId":"123456789012"},"eventTime":"2023-05-01T12:01:00Z","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"us-east-1","recipientAccountId":"123456789012","eventID":"mgmt","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"eventCategory":"Management"}
`

// TestLookupForms: an event data store's Insights record is found by the
// API it concerns, whether lookup decodes a few members or all; an
// aggregated event is never returned, neither as a management event nor
// as an Insights event: LookupEvents returns "management events or
// CloudTrail Insights events" (CloudTrail API Reference, LookupEvents),
// and aggregated events are summaries of data events delivered to a
// trail's bucket (CloudTrail User Guide, "Aggregating data events").
func TestLookupForms(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string // the EventIds printed
	}{
		{nil, []string{"mgmt"}},
		{[]string{"-lookup-attributes", "AttributeKey=EventSource,AttributeValue=ec2.amazonaws.com"}, []string{"mgmt"}},
		{[]string{"-lookup-attributes", "AttributeKey=EventId,AttributeValue=agg-1"}, nil},
		{[]string{"-event-category", "insight"}, []string{"insight-flat"}},
		{[]string{"-event-category", "insight", "-lookup-attributes", "AttributeKey=EventName,AttributeValue=RunInstances"}, []string{"insight-flat"}},
		{[]string{"-event-category", "insight", "-lookup-attributes", "AttributeKey=EventSource,AttributeValue=ec2.amazonaws.com"}, []string{"insight-flat"}},
		{[]string{"-start-time", "2023-05-01T11:00:00Z", "-end-time", "2023-05-01T13:00:00Z"}, []string{"mgmt"}},
	} {
		runBoth(t, "forms", 1, []byte(lookupFormsRecords), append([]string{"lookup"}, tc.args...)...)
		p, code, stderr := runLookupPage(t, lookupFormsRecords, tc.args...)
		var got []string
		for _, e := range p.Events {
			got = append(got, e.EventID)
		}
		if code != exitOK || strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("lookup %q: exit %d, events %q, want %q\n%s", tc.args, code, got, tc.want, stderr)
		}
	}
}

// TestLookupSpool: a lookup whose events' text passes lookupSpoolAfter
// keeps the rest in a temporary file, and prints what it prints holding
// them all in memory: every event in the file, some in the file, and
// pages whose older events leave the page once in the file.
func TestLookupSpool(t *testing.T) {
	files, _ := testdataRecords(t)
	more, _ := scenarioRecords(t)
	files = append(files, more...)
	if dir, err := corpustest.Lookup(); err == nil {
		files = append(files, dir)
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	defer func(n int) { lookupSpoolAfter = n }(lookupSpoolAfter)
	for _, q := range [][]string{{}, {"-max-items", "7"}, {"-lookup-attributes", "AttributeKey=ReadOnly,AttributeValue=false"}} {
		var want string
		for i, after := range []int{1 << 40, 0, 1, 5000} {
			lookupSpoolAfter = after
			var out, stderr bytes.Buffer
			e := &env{ctx: context.Background(), workers: 1, stdin: strings.NewReader(""), stdout: &out, stderr: &stderr}
			code := run(e, append(append([]string{"lookup"}, q...), files...))
			got := fmt.Sprintf("exit %d\n%s\n%s", code, out.String(), stderr.String())
			if i == 0 {
				want = got
				if strings.Count(got, `"EventId"`) < 5 {
					t.Fatalf("lookup %q: want events:\n%s", q, cut(got))
				}
				continue
			}
			if got != want {
				t.Errorf("lookup %q, at most %d bytes in memory:\n%s\nwant\n%s", q, after, cut(got), cut(want))
			}
		}
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	// No temporary file can be made: every event is held in memory.
	t.Setenv("TMPDIR", filepath.Join(tmp, "missing"))
	var outs [2]string
	for i, after := range []int{1 << 40, 0} {
		lookupSpoolAfter = after
		var out, stderr bytes.Buffer
		e := &env{ctx: context.Background(), workers: 1, stdin: strings.NewReader(""), stdout: &out, stderr: &stderr}
		code := run(e, append([]string{"lookup", "-max-items", "9"}, files...))
		outs[i] = fmt.Sprintf("exit %d\n%s\n%s", code, out.String(), stderr.String())
	}
	if outs[0] != outs[1] {
		t.Errorf("without a temporary file:\n%s\nwant\n%s", cut(outs[1]), cut(outs[0]))
	}
}
