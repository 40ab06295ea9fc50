package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// pagingRecords returns n management events, several of them at the same
// time (so that pages end between events of one second), and an Insights
// event and a data event that no management lookup returns.
func pagingRecords(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		t := time.Date(2023, 5, 1, 12, 0, i/3, 0, time.UTC)
		fmt.Fprintf(&b, `{"eventVersion":"1.09","eventTime":%q,"eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1","eventID":"e%02d","readOnly":%t,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management","userIdentity":{"type":"IAMUser","userName":"alice","accessKeyId":"AKIAEXAMPLE"}}`+"\n",
			t.Format(time.RFC3339), i, i%2 == 0)
	}
	b.WriteString(`{"eventVersion":"1.09","eventTime":"2023-05-01T12:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","eventID":"data","managementEvent":false,"eventCategory":"Data","recipientAccountId":"111122223333"}` + "\n")
	return b.String()
}

type lookupPage struct {
	Events []struct {
		EventID string `json:"EventId"`
	}
	NextToken string
}

func runLookupPage(t *testing.T, input string, args ...string) (lookupPage, int, string) {
	t.Helper()
	var out, errb strings.Builder
	e := &env{ctx: context.Background(), stdin: strings.NewReader(input), stdout: &out, stderr: &errb, now: time.Now, workers: 1}
	code := run(e, append([]string{"lookup"}, args...))
	var p lookupPage
	if code == exitOK {
		if err := json.Unmarshal([]byte(out.String()), &p); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out.String())
		}
	}
	return p, code, errb.String()
}

// TestLookupPaging follows NextToken from page to page, by -max-results
// and -next-token and by -max-items and -starting-token, for pages of
// several sizes and with a lookup attribute, and checks that the pages
// together are every event in the order of one lookup without paging,
// each once, the last page without NextToken, and that the tokens are
// the same on a second run.
func TestLookupPaging(t *testing.T) {
	input := pagingRecords(11)
	for _, tc := range []struct {
		reason      string
		query       []string
		size, token string
	}{
		{"API paging", nil, "-max-results", "-next-token"},
		{"API paging, -no-paginate beside", []string{"-no-paginate"}, "-max-results", "-next-token"},
		{"API paging in a time window", []string{"-start-time", "2023-05-01T12:00:01Z", "-end-time", "2023-05-01T12:00:02Z"}, "-max-results", "-next-token"},
		{"CLI paging", nil, "-max-items", "-starting-token"},
		{"CLI paging with a lookup attribute", []string{"-lookup-attributes", "AttributeKey=ReadOnly,AttributeValue=true"}, "-max-items", "-starting-token"},
	} {
		all, code, _ := runLookupPage(t, input, tc.query...)
		if code != exitOK || len(all.Events) == 0 || all.NextToken != "" {
			t.Fatalf("%s: lookup without paging: exit %d, %d events, NextToken %q", tc.reason, code, len(all.Events), all.NextToken)
		}
		for _, size := range []int{1, 2, 3, 4, len(all.Events), len(all.Events) + 1} {
			var got []string
			var tokens []string
			token := ""
			for pages := 0; ; pages++ {
				if pages > len(all.Events)+1 {
					t.Fatalf("%s, pages of %d: more pages than events", tc.reason, size)
				}
				args := append(append([]string(nil), tc.query...), tc.size, fmt.Sprint(size))
				if token != "" {
					args = append(args, tc.token, token)
				}
				p, code, stderr := runLookupPage(t, input, args...)
				if code != exitOK {
					t.Fatalf("%s: %v: exit %d: %s", tc.reason, args, code, stderr)
				}
				if len(p.Events) > size || p.NextToken != "" && len(p.Events) != size {
					t.Fatalf("%s: %v: %d events with NextToken %q, want at most %d, all of them before a NextToken", tc.reason, args, len(p.Events), p.NextToken, size)
				}
				for _, ev := range p.Events {
					got = append(got, ev.EventID)
				}
				tokens = append(tokens, p.NextToken)
				if p.NextToken == "" {
					break
				}
				token = p.NextToken
			}
			var want []string
			for _, ev := range all.Events {
				want = append(want, ev.EventID)
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%s, pages of %d:\n got %v\nwant %v", tc.reason, size, got, want)
			}
			// The same tokens again: stable for the same input and query.
			token = ""
			for i, want := range tokens {
				args := append(append([]string(nil), tc.query...), tc.size, fmt.Sprint(size))
				if token != "" {
					args = append(args, tc.token, token)
				}
				p, _, _ := runLookupPage(t, input, args...)
				if p.NextToken != want {
					t.Fatalf("%s, pages of %d: page %d's NextToken %q on a second run, %q on the first", tc.reason, size, i, p.NextToken, want)
				}
				token = p.NextToken
			}
		}
	}
}

// TestLookupTokenRefused: tokens that are not ones lookup printed, or
// that were printed for another query, are usage errors (exit 2) naming
// InvalidNextTokenException.
func TestLookupTokenRefused(t *testing.T) {
	input := pagingRecords(5)
	first, code, _ := runLookupPage(t, input, "-max-results", "2")
	if code != exitOK || first.NextToken == "" {
		t.Fatalf("first page: exit %d, NextToken %q", code, first.NextToken)
	}
	tok := first.NextToken
	flip := []byte(tok)
	flip[len(flip)/2] ^= 1
	for _, tc := range []struct {
		reason, token string
		query         []string
		want          string
	}{
		{"not base64", "not a token!", nil, "not a NextToken that trailmap lookup printed"},
		{"empty-looking base64", "AAAA", nil, "not a NextToken"},
		{"one bit changed", string(flip), nil, "not a NextToken"},
		{"cut short", tok[:len(tok)-3], nil, "not a NextToken"},
		{"another lookup attribute", tok, []string{"-lookup-attributes", "AttributeKey=EventName,AttributeValue=CreateUser"}, "other parameters"},
		{"another time window", tok, []string{"-start-time", "2023-05-01"}, "other parameters"},
	} {
		for _, flagName := range []string{"-next-token", "-starting-token"} {
			args := append(append([]string(nil), tc.query...), flagName, tc.token)
			_, code, stderr := runLookupPage(t, input, args...)
			if code != exitUsage || !strings.Contains(stderr, "InvalidNextTokenException") || !strings.Contains(stderr, tc.want) {
				t.Errorf("%s: %v: exit %d, stderr %q; want exit 2 naming InvalidNextTokenException and %q", tc.reason, args, code, stderr, tc.want)
			}
		}
	}
}

// TestLookupDefaultPage: -next-token or -no-paginate without -max-results
// ask for one page of the API's default size, 50 events (CloudTrail API
// Reference, LookupEvents MaxResults: "The default is 50").
func TestLookupDefaultPage(t *testing.T) {
	input := pagingRecords(53)
	p, code, stderr := runLookupPage(t, input, "-no-paginate")
	if code != exitOK || len(p.Events) != 50 || p.NextToken == "" {
		t.Fatalf("-no-paginate: exit %d (%s), %d events, NextToken %q; want 50 events and a NextToken", code, stderr, len(p.Events), p.NextToken)
	}
	rest, code, stderr := runLookupPage(t, input, "-next-token", p.NextToken)
	if code != exitOK || len(rest.Events) != 3 || rest.NextToken != "" {
		t.Fatalf("-next-token: exit %d (%s), %d events, NextToken %q; want the 3 left and no NextToken", code, stderr, len(rest.Events), rest.NextToken)
	}
	all, _, _ := runLookupPage(t, input)
	if len(all.Events) != 53 || all.NextToken != "" {
		t.Errorf("without paging flags: %d events, NextToken %q; want all 53, no NextToken", len(all.Events), all.NextToken)
	}
}

// TestUnescapeLineSeparators checks that only real \u2028 and \u2029
// escapes become the characters, as Python's json.dumps with
// ensure_ascii=False (the AWS CLI's JSON output) prints them.
func TestUnescapeLineSeparators(t *testing.T) {
	for _, tc := range []struct{ reason, in, want string }{
		{"no escape: unchanged", `"abc"`, `"abc"`},
		{"U+2028 escape", `"a\u2028b"`, "\"a\u2028b\""},
		{"U+2029 escape", `"a\u2029b"`, "\"a\u2029b\""},
		{"escaped backslash then u2028 text: a backslash and the letters", `"a\\u2028b"`, `"a\\u2028b"`},
		{"escaped backslash then a real escape", `"\\\u2028"`, "\"\\\\\u2028\""},
		{"other escapes kept", `"\u0000\n\u202a"`, `"\u0000\n\u202a"`},
	} {
		if got := string(unescapeLineSeparators([]byte(tc.in))); got != tc.want {
			t.Errorf("%s: %s: got %q, want %q", tc.reason, tc.in, got, tc.want)
		}
	}
}

// TestParseCLITimestamp checks the -start-time and -end-time forms the
// AWS CLI takes for lookup-events: every example of CloudTrail User Guide,
// "Viewing CloudTrail events with the AWS CLI", "Valid <timestamp>
// formats" (UNIX time or its equivalents; hyphens or slashes between
// month, day and year), and RFC 3339. A time without a zone is UTC, as
// botocore takes a naive timestamp, and a fraction of a second is dropped,
// as botocore sends StartTime and EndTime in whole seconds (aws-cli
// 1.45.11 --debug: "01/27/2015, 13:16" is {"StartTime": 1422364560},
// 1422317782.5 is 1422317782).
func TestParseCLITimestamp(t *testing.T) {
	want := time.Date(2015, 1, 27, 0, 16, 22, 0, time.UTC)
	at := func(h, m int) time.Time { return time.Date(2015, 1, 27, h, m, 0, 0, time.UTC) }
	day := time.Date(2015, 1, 27, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		reason, in string
		want       time.Time
	}{
		{"doc: UNIX time", "1422317782", want},
		{"doc: UNIX time with a fraction", "1422317782.0", want},
		{"UNIX time with a fraction: whole seconds, as botocore sends it (an integer)", "1422317782.5", want},
		{"RFC 3339 with a fraction: whole seconds, as botocore sends it", "2015-01-27T00:16:22.7Z", want},
		{"doc: month-day-year", "01-27-2015", day},
		{"doc: month-day-year,time PM without spaces", "01-27-2015,01:16PM", at(13, 16)},
		{"doc: month-day-year, time PM", "01-27-2015, 01:16 PM", at(13, 16)},
		{"doc: slashes, 24-hour time", "01/27/2015, 13:16", at(13, 16)},
		{"doc: year-month-day", "2015-01-27", day},
		{"doc: year-month-day, time PM", "2015-01-27, 01:16 PM", at(13, 16)},
		{"AM", "2015-01-27, 01:16 AM", at(1, 16)},
		{"12 AM is midnight", "01-27-2015, 12:05 AM", at(0, 5)},
		{"lower-case pm", "01-27-2015, 1:16 pm", at(13, 16)},
		{"RFC 3339 UTC", "2015-01-27T00:16:22Z", want},
		{"RFC 3339 with an offset", "2015-01-27T02:16:22+02:00", want},
		{"ISO 8601 without a zone: UTC", "2015-01-27T00:16:22", want},
		{"date and time with a space", "2015-01-27 13:16", at(13, 16)},
	} {
		got, err := parseCLITimestamp(tc.in)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("%s: %q: got %v, %v; want %v", tc.reason, tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ reason, in string }{
		{"empty", ""},
		{"words", "yesterday"},
		{"month 13", "13-27-2015"},
		{"hour 25", "2015-01-27, 25:00"},
		{"13 PM", "2015-01-27, 13:16 PM"},
		{"exponent", "1e9"},
		{"not a number", "NaN"},
	} {
		if got, err := parseCLITimestamp(tc.in); err == nil {
			t.Errorf("%s: %q: got %v, want an error", tc.reason, tc.in, got)
		}
	}
}

// FuzzParseCLITimestamp checks that any flag value is either refused or
// read as a whole second that reads back the same in RFC 3339.
func FuzzParseCLITimestamp(f *testing.F) {
	for _, s := range []string{"1422317782", "1422317782.0", "01-27-2015,01:16PM", "01/27/2015, 13:16", "2015-01-27, 01:16 PM", "2015-01-27T00:16:22.7Z", ",", " ", "."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseCLITimestamp(s)
		if err != nil {
			return
		}
		if got.Nanosecond() != 0 {
			t.Fatalf("%q: %v is not a whole second", s, got)
		}
		if got.Year() < 0 || got.Year() > 9999 {
			return // beyond RFC 3339
		}
		back, err := parseCLITimestamp(got.Format(time.RFC3339))
		if err != nil || !back.Equal(got) {
			t.Fatalf("%q: %v reads back as %v, %v", s, got, back, err)
		}
	})
}

// TestLookupEventTimeZone checks that EventTime is printed in the local
// time zone with its offset, as the AWS CLI version 2 prints timestamps
// (cli_timestamp_format iso8601, its default: aws-cli with
// TZ=America/Los_Angeles prints EventTime 1714564800 as
// "2024-05-01T05:00:00-07:00", with TZ=UTC as "2024-05-01T12:00:00+00:00").
func TestLookupEventTimeZone(t *testing.T) {
	rec := `{"eventVersion":"1.09","eventTime":"2024-05-01T12:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1","eventID":"e1","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`
	for _, tc := range []struct {
		reason string
		loc    *time.Location
		want   string
	}{
		{"no zone given: UTC", nil, `"EventTime": "2024-05-01T12:00:00+00:00"`},
		{"UTC", time.UTC, `"EventTime": "2024-05-01T12:00:00+00:00"`},
		{"seven hours west", time.FixedZone("PDT", -7*3600), `"EventTime": "2024-05-01T05:00:00-07:00"`},
		{"five and a half hours east", time.FixedZone("IST", 5*3600+1800), `"EventTime": "2024-05-01T17:30:00+05:30"`},
	} {
		var out, errb strings.Builder
		e := &env{ctx: context.Background(), stdin: strings.NewReader(rec), stdout: &out, stderr: &errb, now: time.Now, workers: 1, loc: tc.loc}
		if code := run(e, []string{"lookup"}); code != exitOK || !strings.Contains(out.String(), tc.want) {
			t.Errorf("%s: exit %d, want %s in:\n%s%s", tc.reason, code, tc.want, out.String(), errb.String())
		}
	}
}
