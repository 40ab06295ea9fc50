package event_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/trailmap/trailmap/event"
)

func TestLookupAttribute(t *testing.T) {
	rec := parse(t, `{"eventID":"id-1","eventName":"DeleteBucket","eventSource":"s3.amazonaws.com","readOnly":false,"eventTime":"2023-05-01T12:00:00Z",
		"userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/Admin/alice","accessKeyId":"ASIAEXAMPLE"},
		"resources":[{"type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::amzn-s3-demo-bucket"}]}`)
	govBucket := parse(t, `{"eventID":"id-2","resources":[{"type":"AWS::S3::Bucket","ARN":"arn:aws-us-gov:s3:::gov-bucket"}]}`)
	cnBucket := parse(t, `{"eventID":"id-3","resources":[{"type":"AWS::S3::Bucket","ARN":"arn:aws-cn:s3:::cn-bucket"}]}`)
	insight := parse(t, `{"eventType":"AwsCloudTrailInsight","insightDetails":{"eventSource":"ec2.amazonaws.com","eventName":"RunInstances"}}`)
	tests := []struct {
		rec    *event.Record
		key    string
		value  string
		want   bool
		reason string
	}{
		{rec, "EventId", "id-1", true, "eventID"},
		{rec, "EventName", "DeleteBucket", true, "eventName"},
		{rec, "EventName", "deletebucket", false, "values match exactly, case included"},
		{rec, "EventSource", "s3.amazonaws.com", true, "eventSource"},
		{rec, "ReadOnly", "false", true, "readOnly as a string"},
		{rec, "ReadOnly", "true", false, "the other value"},
		{rec, "Username", "alice", true, "a role session's Username is its session name"},
		{rec, "AccessKeyId", "ASIAEXAMPLE", true, "userIdentity.accessKeyId"},
		{rec, "ResourceType", "AWS::S3::Bucket", true, "a resource's type"},
		{rec, "ResourceName", "amzn-s3-demo-bucket", true, "an S3 bucket is named by its name, not its ARN"},
		{rec, "ResourceName", "arn:aws:s3:::amzn-s3-demo-bucket", false, "not by its ARN"},
		{govBucket, "ResourceName", "gov-bucket", true, "a bucket in AWS GovCloud (US) by its name too"},
		{cnBucket, "ResourceName", "cn-bucket", true, "and one in the China Regions"},
		{cnBucket, "ResourceName", "arn:aws-cn:s3:::cn-bucket", false, "not by its ARN"},
		{insight, "EventName", "RunInstances", true, "an Insights record by its insightDetails eventName"},
		{insight, "EventSource", "ec2.amazonaws.com", true, "and eventSource"},
		{rec, "Bogus", "x", false, "an unknown key matches nothing"},
		// An IAM user's Username is its user name (userName, which the
		// User Guide's userIdentity element always gives an IAMUser); a
		// record that lacks it still names the user in its arn.
		{parse(t, `{"userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/testuser","userName":"testuser"}}`), "Username", "testuser", true, "an IAM user by its userName"},
		{parse(t, `{"userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/division_abc/testuser"}}`), "Username", "testuser", true, "an IAM user without userName by the user name its arn ends in, path left out"},
		{parse(t, `{"userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/testuser","userName":"HIDDEN_DUE_TO_SECURITY_REASONS"}}`), "Username", "HIDDEN_DUE_TO_SECURITY_REASONS", true, "a masked userName is what the record says"},
		{parse(t, `{"userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:alice","accountId":"111122223333"}}`), "Username", "alice", true, "a role session without arn by the session name its principalId includes"},
		{parse(t, `{"userIdentity":{"type":"FederatedUser","principalId":"111122223333:bob","accountId":"111122223333"}}`), "Username", "bob", true, "a federated user without arn by the name its principalId includes"},
	}
	for _, tt := range tests {
		a := event.LookupAttribute{AttributeKey: tt.key, AttributeValue: tt.value}
		if got := a.Match(tt.rec); got != tt.want {
			t.Errorf("%s=%s: Match = %v, want %v (%s)", tt.key, tt.value, got, tt.want, tt.reason)
		}
	}

	// What the AWS CLI makes of --lookup-attributes VALUE (awscli
	// shorthand.py and botocore's parameter validation, run as
	// aws cloudtrail lookup-events --lookup-attributes VALUE).
	for _, tt := range []struct {
		in      string
		key     string
		value   string
		wantErr string
		reason  string
	}{
		{"AttributeKey=EventName,AttributeValue=DeleteBucket", "EventName", "DeleteBucket", "", "the documented form"},
		{"AttributeValue=DeleteBucket,AttributeKey=EventName", "EventName", "DeleteBucket", "", "members in either order"},
		{"AttributeKey = EventName , AttributeValue= DeleteBucket ", "EventName", "DeleteBucket", "", "white space around = and , and at the end is dropped"},
		{`AttributeKey=Username,AttributeValue="a, b"`, "Username", "a, b", "", "a double-quoted value may hold a comma"},
		{`AttributeKey=Username,AttributeValue='a b'`, "Username", "a b", "", "a single-quoted value"},
		{`AttributeKey=Username,AttributeValue='it\'s'`, "Username", "it's", "", "a backslash escapes the quote"},
		{`AttributeKey=Username,AttributeValue="a\\b"`, "Username", `a\b`, "", "and itself"},
		{`AttributeKey=Username,AttributeValue=a\,b`, "Username", "a,b", "", `\, is a comma in an unquoted value`},
		{`AttributeKey=Username,AttributeValue=a b`, "Username", "a b", "", "an unquoted value may hold a space"},
		{`AttributeKey=ResourceName,AttributeValue=a=b`, "ResourceName", "a=b", "", "and '=' after its first character"},
		{`AttributeKey=Username,AttributeValue=a\b`, "Username", `a\b`, "", "a backslash not before a comma is kept"},
		{"AttributeKey=EventName,AttributeValue=", "EventName", "", "", "an empty value (the API then refuses its length)"},
		{"AttributeKey=Username,AttributeValue=a,b", "", "", "AttributeValue is a list", "a comma not followed by key= makes a list"},
		{"AttributeKey=Username,AttributeValue=[a]", "", "", "AttributeValue is a list", "an explicit list"},
		{"AttributeKey=Username,AttributeValue={a=b}", "", "", "AttributeValue is a structure", "a structure"},
		{"AttributeKey=EventName", "", "", `missing required parameter "AttributeValue"`, "both members are required"},
		{"AttributeKey=EventName,AttributeValue=X,Foo=x", "", "", `unknown parameter "Foo"`, "no other member"},
		{"AttributeKey=EventName,AttributeValue=X,AttributeValue=Y", "", "", `second instance of key "AttributeValue"`, "a member once"},
		{`AttributeKey=EventName,AttributeValue=a"b`, "", "", `expected ',' at byte 39, found '"'`, "a quote inside an unquoted value"},
		{`AttributeKey=EventName,AttributeValue="ab`, "", "", `expected a closing '"'`, "an unterminated quote"},
		{" AttributeKey=EventName,AttributeValue=X", "", "", "expected '='", "white space before the first key"},
		{"EventName=DeleteBucket", "", "", "unknown parameter", "the member names are required"},
		{`[{"AttributeKey":"EventId","AttributeValue":"x"}]`, "EventId", "x", "", "the JSON form, a list of one"},
		{`{"AttributeKey":"EventId","AttributeValue":"x"}`, "EventId", "x", "", "the JSON form, one object"},
		{`[]`, "", "", "0 attributes given", "a list of none"},
	} {
		got, err := event.ParseLookupAttribute(tt.in)
		want := event.LookupAttribute{AttributeKey: tt.key, AttributeValue: tt.value}
		if tt.wantErr == "" && (err != nil || got != want) ||
			tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("ParseLookupAttribute(%q) = %+v, %v; want %+v, error %q (%s)", tt.in, got, err, want, tt.wantErr, tt.reason)
		}
	}

	for _, tt := range []struct {
		a       event.LookupAttribute
		insight bool
		msg     string
	}{
		{event.LookupAttribute{AttributeKey: "EventName", AttributeValue: "X"}, false, ""},
		{event.LookupAttribute{AttributeKey: "Region", AttributeValue: "X"}, false, "is not one of"},
		{event.LookupAttribute{AttributeKey: "Username", AttributeValue: "X"}, true, "cannot be used with EventCategory insight"},
		{event.LookupAttribute{AttributeKey: "EventName", AttributeValue: ""}, false, "has length 0"},
		{event.LookupAttribute{AttributeKey: "EventName", AttributeValue: strings.Repeat("_", 1001)}, false, "has length 2002"},
	} {
		err := tt.a.Validate(tt.insight)
		if tt.msg == "" && err != nil || tt.msg != "" && (err == nil || !strings.Contains(err.Error(), tt.msg)) {
			t.Errorf("Validate(%+v, %v) = %v, want %q", tt.a, tt.insight, err, tt.msg)
		}
	}
}

func TestNewLookupEvent(t *testing.T) {
	rec := parse(t, `{"eventID":"id-1","eventName":"DeleteBucket","eventSource":"s3.amazonaws.com","readOnly":false,"eventTime":"2023-05-01T12:00:00Z","userIdentity":{"type":"Root","arn":"arn:aws:iam::111122223333:root"}}`)
	b, err := json.Marshal(event.NewLookupEvent(rec))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"EventId":"id-1","EventName":"DeleteBucket","ReadOnly":"false","EventTime":"2023-05-01T12:00:00+00:00","EventSource":"s3.amazonaws.com","Username":"root","Resources":[],"CloudTrailEvent":` +
		strings.ReplaceAll(mustQuote(t, string(rec.AppendJSON(nil))), `\u003c`, "<") + `}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	var back event.LookupEvent
	if err := json.Unmarshal(b, &back); err != nil || back.EventTime != rec.EventTime || back.CloudTrailEvent != string(rec.AppendJSON(nil)) {
		t.Errorf("round trip: %+v, %v", back, err)
	}
}

// TestLookupEventCompact: CloudTrailEvent is the record in one line, as
// CloudTrail stores it and LookupEvents returns it, also for a record read
// pretty-printed, as the User Guide prints its Insights examples
// ("Understanding CloudTrail events"): the nested payloads too.
func TestLookupEventCompact(t *testing.T) {
	rec := parse(t, `{
  "eventVersion": "1.08", "eventTime": "2023-07-10T01:42:00Z", "eventID": "i-1",
  "eventType": "AwsCloudTrailInsight",
  "insightDetails": {
    "state": "Start", "eventSource": "autoscaling.amazonaws.com", "eventName": "CompleteLifecycleAction",
    "insightType": "ApiCallRateInsight",
    "insightContext": {
      "statistics": { "baseline": { "average": 9.82222E-5 }, "insight": { "average": 5.0 } }
    }
  },
  "requestParameters": { "name": "a b" },
  "eventCategory": "Insight"
}`)
	want := `{"eventVersion":"1.08","eventTime":"2023-07-10T01:42:00Z","eventID":"i-1","eventType":"AwsCloudTrailInsight",` +
		`"insightDetails":{"state":"Start","eventSource":"autoscaling.amazonaws.com","eventName":"CompleteLifecycleAction","insightType":"ApiCallRateInsight",` +
		`"insightContext":{"statistics":{"baseline":{"average":9.82222E-5},"insight":{"average":5.0}}}},"requestParameters":{"name":"a b"},"eventCategory":"Insight"}`
	if got := event.NewLookupEvent(rec).CloudTrailEvent; got != want {
		t.Errorf("CloudTrailEvent\n got %s\nwant %s", got, want)
	}
}

// TestLookupEventNoTime: a record without a usable eventTime (a pipeline
// dropped it, or it is not a time) has no EventTime, a member the
// LookupEvents Event shape does not require (API Reference, Event),
// rather than one claiming year 1.
func TestLookupEventNoTime(t *testing.T) {
	for _, in := range []string{
		`{"eventID":"id-1","eventName":"DeleteBucket","eventSource":"s3.amazonaws.com"}`,
		`{"eventID":"id-1","eventName":"DeleteBucket","eventSource":"s3.amazonaws.com","eventTime":"redacted"}`,
	} {
		b, err := json.Marshal(event.NewLookupEvent(parse(t, in)))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), `"EventTime"`) {
			t.Errorf("%s: %s has an EventTime", in, b)
		}
		var back event.LookupEvent
		if err := json.Unmarshal(b, &back); err != nil || !back.EventTime.IsZero() {
			t.Errorf("%s: round trip: %+v, %v", in, back, err)
		}
	}
}

// TestLookupEventEpochTime: EventTime as a number of seconds, as AWS CLI
// version 1 prints it (the User Guide, "Viewing recent management events
// with the AWS CLI", shows "EventTime": 1424476529.0).
func TestLookupEventEpochTime(t *testing.T) {
	for _, tt := range []struct {
		in     string
		want   time.Time
		reason string
	}{
		{`1424476529.0`, time.Date(2015, 2, 20, 23, 55, 29, 0, time.UTC), "the User Guide's example"},
		{`1796225652`, time.Date(2026, 12, 2, 15, 34, 12, 0, time.UTC), "a whole number, as the AWS CLI v1 prints it"},
		{`1424476529.25`, time.Date(2015, 2, 20, 23, 55, 29, 250000000, time.UTC), "a fraction"},
		{`"2015-02-20T15:55:29-08:00"`, time.Date(2015, 2, 20, 23, 55, 29, 0, time.UTC), "RFC 3339 in a zone, as AWS CLI v2 prints it"},
	} {
		var e event.LookupEvent
		if err := json.Unmarshal([]byte(`{"EventId":"x","EventTime":`+tt.in+`,"Resources":[]}`), &e); err != nil || !e.EventTime.Equal(tt.want) {
			t.Errorf("EventTime %s: got %v, %v; want %v (%s)", tt.in, e.EventTime, err, tt.want, tt.reason)
		}
	}
	for _, bad := range []string{`"yesterday"`, `1e9`, `true`, `"1424476529"`, `-x`} {
		var e event.LookupEvent
		if err := json.Unmarshal([]byte(`{"EventTime":`+bad+`}`), &e); err == nil {
			t.Errorf("EventTime %s: no error, got %v", bad, e.EventTime)
		}
	}
}

// TestLookupEventTimeFraction: the AWS CLI version 2 prints a timestamp
// with parse_timestamp(value).isoformat() (awscli/customizations/
// scalarparse.py, iso_format): to the second, or, when it has a fraction
// of a second, to the microsecond, as Python's isoformat does. A record
// whose eventTime has a fraction (as some pipelines write it) keeps it.
func TestLookupEventTimeFraction(t *testing.T) {
	for _, tt := range []struct {
		eventTime, want, reason string
	}{
		{"2023-05-01T12:00:00Z", `"EventTime":"2023-05-01T12:00:00+00:00"`, "whole seconds: no fraction"},
		{"2023-05-01T12:00:00.5Z", `"EventTime":"2023-05-01T12:00:00.500000+00:00"`, "a fraction: six digits, as isoformat prints microseconds"},
		{"2023-05-01T12:00:00.123456789Z", `"EventTime":"2023-05-01T12:00:00.123457+00:00"`, "nanoseconds rounded to the microsecond"},
		{"2023-05-01T12:00:00.0000001Z", `"EventTime":"2023-05-01T12:00:00+00:00"`, "less than half a microsecond rounds to whole seconds"},
	} {
		b, err := json.Marshal(event.NewLookupEvent(parse(t, `{"eventID":"id-1","eventName":"DeleteBucket","eventSource":"s3.amazonaws.com","eventTime":"`+tt.eventTime+`"}`)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), tt.want) {
			t.Errorf("%s: %s lacks %s (%s)", tt.eventTime, b, tt.want, tt.reason)
		}
	}
}

func mustQuote(t *testing.T, s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// FuzzParseLookupAttribute: any text parses or is refused without a
// panic, and a shorthand attribute written back parses to itself.
func FuzzParseLookupAttribute(f *testing.F) {
	for _, s := range []string{"AttributeKey=EventName,AttributeValue=DeleteBucket", `[{"AttributeKey":"EventId","AttributeValue":"x"}]`,
		`{"AttributeKey":"Username","AttributeValue":"a,b=c"}`, "AttributeKey=,AttributeValue=", "[", "{}", "",
		`AttributeValue='a\'b',AttributeKey="x"`, `{"AttributeKey":"a\\\"","AttributeValue":"\\"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := event.ParseLookupAttribute(s)
		if err != nil {
			return
		}
		_ = a.Validate(false)
		// Written back double-quoted, a backslash and a quote escaped,
		// it parses to itself.
		q := func(s string) string { return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"` }
		back, err := event.ParseLookupAttribute("AttributeKey=" + q(a.AttributeKey) + ",AttributeValue=" + q(a.AttributeValue))
		if err != nil || back != a {
			t.Errorf("%+v written as shorthand parses to %+v, %v", a, back, err)
		}
	})
}
