package event_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/event"
)

func TestLookupAttribute(t *testing.T) {
	rec := parse(t, `{"eventID":"id-1","eventName":"DeleteBucket","eventSource":"s3.amazonaws.com","readOnly":false,"eventTime":"2023-05-01T12:00:00Z",
		"userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/Admin/alice","accessKeyId":"ASIAEXAMPLE"},
		"resources":[{"type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::amzn-s3-demo-bucket"}]}`)
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
		{insight, "EventName", "RunInstances", true, "an Insights record by its insightDetails eventName"},
		{insight, "EventSource", "ec2.amazonaws.com", true, "and eventSource"},
		{rec, "Bogus", "x", false, "an unknown key matches nothing"},
	}
	for _, tt := range tests {
		a := event.LookupAttribute{AttributeKey: tt.key, AttributeValue: tt.value}
		if got := a.Match(tt.rec); got != tt.want {
			t.Errorf("%s=%s: Match = %v, want %v (%s)", tt.key, tt.value, got, tt.want, tt.reason)
		}
	}

	for _, tt := range []struct {
		in      string
		want    event.LookupAttribute
		wantErr bool
	}{
		{"AttributeKey=EventName,AttributeValue=DeleteBucket", event.LookupAttribute{AttributeKey: "EventName", AttributeValue: "DeleteBucket"}, false},
		{"AttributeKey=Username,AttributeValue=a,b", event.LookupAttribute{AttributeKey: "Username", AttributeValue: "a,b"}, false},
		{`[{"AttributeKey":"EventId","AttributeValue":"x"}]`, event.LookupAttribute{AttributeKey: "EventId", AttributeValue: "x"}, false},
		{`{"AttributeKey":"EventId","AttributeValue":"x"}`, event.LookupAttribute{AttributeKey: "EventId", AttributeValue: "x"}, false},
		{`[]`, event.LookupAttribute{}, true},
		{"EventName=DeleteBucket", event.LookupAttribute{}, true},
	} {
		got, err := event.ParseLookupAttribute(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseLookupAttribute(%q) = %+v, %v; want %+v, error %v", tt.in, got, err, tt.want, tt.wantErr)
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
		`{"AttributeKey":"Username","AttributeValue":"a,b=c"}`, "AttributeKey=,AttributeValue=", "[", "{}", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := event.ParseLookupAttribute(s)
		if err != nil {
			return
		}
		_ = a.Validate(false)
		if strings.ContainsAny(a.AttributeKey, ",=") || strings.TrimSpace(a.AttributeKey) != a.AttributeKey ||
			strings.TrimSpace(a.AttributeValue) != a.AttributeValue {
			return // not writable as shorthand
		}
		back, err := event.ParseLookupAttribute("AttributeKey=" + a.AttributeKey + ",AttributeValue=" + a.AttributeValue)
		if err != nil || back != a {
			t.Errorf("%+v written as shorthand parses to %+v, %v", a, back, err)
		}
	})
}
