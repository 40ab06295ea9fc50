package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestRouteInputForms runs trailmap route over every input form of
// DESIGN's "Reading records", plain and gzip-compressed, from a file and
// from standard input: the records come out, in order, and what is not
// records is an error naming what was found (exit 1).
func TestRouteInputForms(t *testing.T) {
	rec := func(id string) string {
		return `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","accountId":"444455556666","userName":"Alice"},"eventTime":"2023-05-01T12:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1","eventID":"` + id + `","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"444455556666","eventCategory":"Management"}`
	}
	a, b := rec("a"), rec("b")
	quote := func(s string) string { q, _ := json.Marshal(s); return string(q) }
	page := func(next string, recs ...string) string {
		var ev []string
		for _, r := range recs {
			ev = append(ev, `{"EventId":"x","EventName":"CreateUser","ReadOnly":"false","EventTime":"2023-05-01T12:00:00+00:00","EventSource":"iam.amazonaws.com","Resources":[],"CloudTrailEvent":`+quote(r)+`}`)
		}
		s := `{"Events":[` + strings.Join(ev, ",") + `]`
		if next != "" {
			s += `,"NextToken":"` + next + `"`
		}
		return s + "}"
	}
	eb := func(dt, r string) string {
		return `{"version":"0","id":"x","detail-type":"` + dt + `","source":"aws.iam","account":"444455556666","time":"2023-05-01T12:00:00Z","region":"us-east-1","resources":[],"detail":` + r + `}`
	}
	cwl := func(recs ...string) string {
		var ev []string
		for _, r := range recs {
			ev = append(ev, `{"id":"1","timestamp":1682942400000,"message":`+quote(r)+`}`)
		}
		return `{"messageType":"DATA_MESSAGE","owner":"444455556666","logGroup":"g","logStream":"s","subscriptionFilters":["f"],"logEvents":[` + strings.Join(ev, ",") + `]}`
	}
	control := `{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1682942400000,"message":"CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}`
	lambda := func(payload string) string {
		return `{"awslogs":{"data":"` + base64.StdEncoding.EncodeToString(gzipped(t, []byte(payload))) + `"}}`
	}
	logFile := func(recs ...string) string { return `{"Records":[` + strings.Join(recs, ",") + `]}` }
	damagedMember := func() []byte {
		m := gzipped(t, []byte(logFile(b)))
		m[len(m)-6] ^= 0xff // its CRC-32
		return bytes.Join([][]byte{gzipped(t, []byte(logFile(a))), m, gzipped(t, []byte(logFile(a)))}, nil)
	}()
	for _, tc := range []struct {
		name   string
		in     []byte
		ids    string // eventIDs routed, in order
		exit   int
		stderr string // a line of standard error must say this
		plain  bool   // not also tried gzip-compressed
	}{
		{name: "log file", in: []byte(logFile(a, b)), ids: "a b"},
		{name: "pretty log file", in: []byte("{\n  \"Records\": [\n    " + a + ",\n    " + b + "\n  ]\n}\n"), ids: "a b"},
		{name: "JSON lines", in: []byte(a + "\n" + b + "\n"), ids: "a b"},
		{name: "single record", in: []byte(a), ids: "a"},
		{name: "gzip members", in: append(gzipped(t, []byte(logFile(a))), gzipped(t, []byte(logFile(b)))...), ids: "a b", plain: true},
		{name: "damaged gzip member", in: damagedMember, ids: "a b a", exit: 1, plain: true,
			stderr: "gzip: member 2 at compressed offset"},
		{name: "lookup-events pages", in: []byte(page("t", a) + "\n" + page("", b)), ids: "a b"},
		{name: "lookup-events --query Events", in: []byte(strings.TrimSuffix(strings.TrimPrefix(page("", a, b), `{"Events":`), "}")), ids: "a b"},
		{name: "lookup-events --query Events[0]", in: []byte(strings.TrimSuffix(strings.TrimPrefix(page("", a), `{"Events":[`), "]}")), ids: "a"},
		{name: "lookup-events of records", in: []byte(`{"NextToken":"t","Events":[` + a + `,` + b + `]}`), ids: "a b"},
		{name: "EventBridge event", in: []byte(eb("AWS API Call via CloudTrail", a)), ids: "a"},
		{name: "EventBridge events", in: []byte(eb("AWS API Call via CloudTrail", a) + "\n" + eb("AWS Console Sign In via CloudTrail", b)), ids: "a b"},
		{name: "EventBridge array", in: []byte("[" + eb("AWS Service Event via CloudTrail", a) + "," + eb("AWS Insight via CloudTrail", b) + "]"), ids: "a b"},
		{name: "CloudWatch Logs", in: []byte(cwl(a, b)), ids: "a b"},
		{name: "CloudWatch Logs Lambda", in: []byte(lambda(cwl(a, b))), ids: "a b"},
		{name: "CloudWatch Logs control message", in: []byte(control), ids: ""},
		{name: "CloudWatch Logs Lambda control message", in: []byte(lambda(control)), ids: ""},
		{name: "not records", in: []byte(`{"foo":1}`), exit: 1, stderr: `found an object with members "foo"; expected a CloudTrail record`},
		{name: "array of numbers", in: []byte(`[1,2]`), exit: 1, stderr: "expected record object, found number"},
		{name: "Records null", in: []byte(`{"Records":null}`), exit: 1, stderr: "Records member is null, not an array"},
		{name: "empty object", in: []byte(`{}`), exit: 1, stderr: "found an empty object"},
		{name: "empty", in: nil, exit: 1, stderr: "no records: empty input", plain: true},
		{name: "white space", in: []byte(" \n\t "), exit: 1, stderr: "only white space (4 bytes)", plain: true},
		{name: "gzip of nothing", in: gzipped(t, nil), exit: 1, stderr: "decompresses to nothing", plain: true},
	} {
		modes := []string{"plain", "gzip"}
		if tc.plain {
			modes = modes[:1]
		}
		for _, mode := range modes {
			in := tc.in
			if mode == "gzip" {
				in = gzipped(t, in)
			}
			for _, from := range []string{"file", "stdin"} {
				dir := t.TempDir()
				file := filepath.Join(dir, "in.json")
				if err := os.WriteFile(file, in, 0o644); err != nil {
					t.Fatal(err)
				}
				e := &env{ctx: context.Background(), workers: 1, now: func() time.Time { return time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC) }}
				var stdout, stderr bytes.Buffer
				e.stdout, e.stderr, e.stdin = &stdout, &stderr, bytes.NewReader(in)
				args := []string{"route", file}
				if from == "stdin" {
					args = []string{"route", "-"}
				}
				code := run(e, args)
				var ids []string
				for _, m := range regexp.MustCompile(`(?m)^\{"eventID":"([^"]*)"`).FindAllSubmatch(stdout.Bytes(), -1) {
					ids = append(ids, string(m[1]))
				}
				what := tc.name + ", " + mode + ", " + from
				if got := strings.Join(ids, " "); got != tc.ids || code != tc.exit {
					t.Errorf("%s: routed %q, exit %d; want %q, exit %d\n%s", what, got, code, tc.ids, tc.exit, stderr.String())
				}
				if tc.stderr != "" && !strings.Contains(stderr.String(), tc.stderr) {
					t.Errorf("%s: standard error does not say %q:\n%s", what, tc.stderr, stderr.String())
				}
			}
		}
	}
}
