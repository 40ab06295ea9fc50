package trailtest

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/trailmap/trailmap/event"
)

// historyFixture returns a history of account 111122223333 with a clock at
// 2024-05-01T12:00:00Z and these records (times relative to the clock):
//
//	iam CreateUser          -1h   global, us-east-1
//	ec2 DescribeInstances   -2h   us-west-2, read-only
//	s3  GetObject           -3h   us-west-2, data event (never shown)
//	ec2 RunInstances        -91d  us-west-2 (past retention)
//	iam DeleteUser          2021-11-01, global, us-east-1 (before the cutover)
//	Insights record         -4h   us-west-2
func historyFixture() (*History, map[string]*event.Record) {
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	b := NewBuilder(3)
	h := &History{Now: func() time.Time { return now }}
	recs := map[string]*event.Record{
		"CreateUser":        b.Call("iam.amazonaws.com", "CreateUser", At(now.Add(-time.Hour))),
		"DescribeInstances": b.Call("ec2.amazonaws.com", "DescribeInstances", In("us-west-2"), At(now.Add(-2*time.Hour))),
		"GetObject": b.Call("s3.amazonaws.com", "GetObject", In("us-west-2"), At(now.Add(-3*time.Hour)),
			Resource("AWS::S3::Object", "arn:aws:s3:::amzn-s3-demo-bucket/k", "")),
		"RunInstances": b.Call("ec2.amazonaws.com", "RunInstances", In("us-west-2"), At(now.Add(-91*24*time.Hour))),
		"DeleteUser":   b.Call("iam.amazonaws.com", "DeleteUser", At(time.Date(2021, 11, 1, 0, 0, 0, 0, time.UTC))),
		"Insight": {
			EventVersion: "1.07", EventType: event.AwsCloudTrailInsight, EventCategory: event.CategoryInsight,
			EventID: "11111111-2222-4333-8444-555555555555", EventTime: now.Add(-4 * time.Hour),
			AWSRegion: "us-west-2", RecipientAccountID: Account1,
			InsightDetails: &event.InsightDetails{State: "Start", EventSource: "ec2.amazonaws.com", EventName: "RunInstances", InsightType: "ApiCallRateInsight"},
		},
	}
	for _, name := range []string{"CreateUser", "DescribeInstances", "GetObject", "RunInstances", "DeleteUser", "Insight"} {
		h.Add(recs[name])
	}
	return h, recs
}

func names(out *LookupEventsOutput) string {
	var s []string
	for _, e := range out.Events {
		s = append(s, e.EventName)
	}
	return strings.Join(s, ",")
}

func TestLookupEventsSelects(t *testing.T) {
	h, recs := historyFixture()
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	attr := func(k, v string) []LookupAttribute { return []LookupAttribute{{AttributeKey: k, AttributeValue: v}} }
	tests := []struct {
		reason  string
		account string
		region  string
		in      LookupEventsInput
		want    string
	}{
		{"global service events since 2021-11-22 appear only in us-east-1; DeleteUser is past 90 days",
			Account1, "us-east-1", LookupEventsInput{}, "CreateUser"},
		{"us-west-2 holds its management events, newest first, not the data event nor the 91-day-old one",
			Account1, "us-west-2", LookupEventsInput{}, "DescribeInstances"},
		{"event history is per account", Account2, "us-east-1", LookupEventsInput{}, ""},
		{"Insights events only with EventCategory insight",
			Account1, "us-west-2", LookupEventsInput{EventCategory: "insight"}, "RunInstances"},
		{"EventName matches exactly", Account1, "us-west-2",
			LookupEventsInput{LookupAttributes: attr("EventName", "DescribeInstances")}, "DescribeInstances"},
		{"values are case-sensitive", Account1, "us-west-2",
			LookupEventsInput{LookupAttributes: attr("EventName", "describeinstances")}, ""},
		{"ReadOnly is the string true", Account1, "us-west-2",
			LookupEventsInput{LookupAttributes: attr("ReadOnly", "true")}, "DescribeInstances"},
		{"ReadOnly false excludes read-only events", Account1, "us-west-2",
			LookupEventsInput{LookupAttributes: attr("ReadOnly", "false")}, ""},
		{"Username is the IAM user name", Account1, "us-east-1",
			LookupEventsInput{LookupAttributes: attr("Username", "Alice")}, "CreateUser"},
		{"EventId", Account1, "us-east-1",
			LookupEventsInput{LookupAttributes: attr("EventId", recs["CreateUser"].EventID)}, "CreateUser"},
		{"AccessKeyId", Account1, "us-east-1",
			LookupEventsInput{LookupAttributes: attr("AccessKeyId", recs["CreateUser"].UserIdentity.AccessKeyID)}, "CreateUser"},
		{"EventSource with insight looks at insightDetails", Account1, "us-west-2",
			LookupEventsInput{EventCategory: "insight", LookupAttributes: attr("EventSource", "ec2.amazonaws.com")}, "RunInstances"},
		{"EndTime is inclusive", Account1, "us-east-1",
			LookupEventsInput{EndTime: now.Add(-time.Hour)}, "CreateUser"},
		{"StartTime after the event excludes it", Account1, "us-east-1",
			LookupEventsInput{StartTime: now.Add(-time.Hour + time.Second)}, ""},
		{"a StartTime older than 90 days still stops at 90 days", Account1, "us-west-2",
			LookupEventsInput{StartTime: now.Add(-200 * 24 * time.Hour)}, "DescribeInstances"},
	}
	for _, tt := range tests {
		out, err := h.LookupEvents(tt.account, tt.region, &tt.in)
		if err != nil {
			t.Errorf("%s: LookupEvents: %v", tt.reason, err)
			continue
		}
		if got := names(out); got != tt.want {
			t.Errorf("%s: got events %q, want %q", tt.reason, got, tt.want)
		}
	}
}

// Before 2021-11-22 event history showed global service events in every
// Region.
func TestLookupEventsGlobalBeforeCutover(t *testing.T) {
	now := time.Date(2021, 11, 10, 0, 0, 0, 0, time.UTC)
	b := NewBuilder(1)
	h := &History{Now: func() time.Time { return now }}
	h.Add(b.Call("iam.amazonaws.com", "CreateRole", At(now.Add(-time.Hour))))
	h.Add(b.Call("sts.amazonaws.com", "GetCallerIdentity", In("eu-west-1"), At(now.Add(-time.Hour)), Host("sts.eu-west-1.amazonaws.com")))
	h.Add(b.Call("iam.amazonaws.com", "CreateUser", In("cn-north-1"), At(now.Add(-time.Hour))))
	checkRegions(t, h, []regionRow{
		{"recorded Region", "us-east-1", "CreateRole"},
		{"another Region of the partition sees the global event; Regional STS stays in eu-west-1", "ap-south-1", "CreateRole"},
		{"Regional STS call in its own Region", "eu-west-1", "GetCallerIdentity,CreateRole"},
		{"another partition does not", "cn-northwest-1", "CreateUser"},
	})
}

// regionRow is what a lookup without parameters shows in one Region.
type regionRow struct {
	reason, region, want string
}

// checkRegions looks events up in account 111122223333 in each row's
// Region and compares the event names, newest first.
func checkRegions(t *testing.T, h *History, rows []regionRow) {
	t.Helper()
	for _, tt := range rows {
		out, err := h.LookupEvents(Account1, tt.region, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(out); got != tt.want {
			t.Errorf("%s: %s: got %q, want %q", tt.reason, tt.region, got, tt.want)
		}
	}
}

func TestLookupEventsErrors(t *testing.T) {
	h, _ := historyFixture()
	one := []LookupAttribute{{AttributeKey: "EventName", AttributeValue: "x"}}
	t0 := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		reason string
		in     LookupEventsInput
		code   string
	}{
		{"two lookup attributes", LookupEventsInput{LookupAttributes: append(one, one...)}, CodeInvalidLookupAttributes},
		{"unknown key", LookupEventsInput{LookupAttributes: []LookupAttribute{{AttributeKey: "eventName", AttributeValue: "x"}}}, CodeInvalidLookupAttributes},
		{"empty value", LookupEventsInput{LookupAttributes: []LookupAttribute{{AttributeKey: "EventName"}}}, CodeInvalidLookupAttributes},
		{"value of 2001 characters", LookupEventsInput{LookupAttributes: []LookupAttribute{{AttributeKey: "EventName", AttributeValue: strings.Repeat("a", 2001)}}}, CodeInvalidLookupAttributes},
		{"1001 underscores count as 2002", LookupEventsInput{LookupAttributes: []LookupAttribute{{AttributeKey: "EventName", AttributeValue: strings.Repeat("_", 1001)}}}, CodeInvalidLookupAttributes},
		{"Username is not an Insights key", LookupEventsInput{EventCategory: "insight", LookupAttributes: []LookupAttribute{{AttributeKey: "Username", AttributeValue: "x"}}}, CodeInvalidLookupAttributes},
		{"MaxResults 51", LookupEventsInput{MaxResults: 51}, CodeInvalidMaxResults},
		{"MaxResults negative", LookupEventsInput{MaxResults: -1}, CodeInvalidMaxResults},
		{"StartTime after EndTime", LookupEventsInput{StartTime: t0.Add(time.Second), EndTime: t0}, CodeInvalidTimeRange},
		{"EventCategory is lower-case insight only", LookupEventsInput{EventCategory: "Insight"}, CodeInvalidEventCategory},
		{"NextToken that no lookup returned", LookupEventsInput{NextToken: "bm90IGEgdG9rZW4"}, CodeInvalidNextToken},
		{"NextToken that is not base64", LookupEventsInput{NextToken: "%%%"}, CodeInvalidNextToken},
		{"ReadOnly is not an Insights key", LookupEventsInput{EventCategory: "insight", LookupAttributes: []LookupAttribute{{AttributeKey: "ReadOnly", AttributeValue: "true"}}}, CodeInvalidLookupAttributes},
		{"ResourceName is not an Insights key", LookupEventsInput{EventCategory: "insight", LookupAttributes: []LookupAttribute{{AttributeKey: "ResourceName", AttributeValue: "x"}}}, CodeInvalidLookupAttributes},
		{"AccessKeyId is not an Insights key", LookupEventsInput{EventCategory: "insight", LookupAttributes: []LookupAttribute{{AttributeKey: "AccessKeyId", AttributeValue: "x"}}}, CodeInvalidLookupAttributes},
		{"the category of management events cannot be named", LookupEventsInput{EventCategory: "management"}, CodeInvalidEventCategory},
		{"a key in the case of the record member", LookupEventsInput{LookupAttributes: []LookupAttribute{{AttributeKey: "eventId", AttributeValue: "x"}}}, CodeInvalidLookupAttributes},
		{"an attribute with an empty key", LookupEventsInput{LookupAttributes: []LookupAttribute{{AttributeValue: "x"}}}, CodeInvalidLookupAttributes},
		{"a category error before an attribute error", LookupEventsInput{EventCategory: "x", LookupAttributes: append(one, one...)}, CodeInvalidEventCategory},
	}
	for _, tt := range tests {
		_, err := h.LookupEvents(Account1, "us-east-1", &tt.in)
		var le *LookupError
		if !errors.As(err, &le) {
			t.Errorf("%s: got error %v, want *LookupError %s", tt.reason, err, tt.code)
			continue
		}
		if le.Code != tt.code {
			t.Errorf("%s: got code %s, want %s", tt.reason, le.Code, tt.code)
		}
		if !strings.HasPrefix(err.Error(), "trailtest: lookup events: "+tt.code+": ") {
			t.Errorf("%s: error text %q lacks the package and exception prefix", tt.reason, err)
		}
	}
	// The limits themselves are accepted; MaxResults 0 is absent (50).
	for _, in := range []LookupEventsInput{
		{MaxResults: 1}, {MaxResults: 50}, {MaxResults: 0},
		{EventCategory: "insight", LookupAttributes: []LookupAttribute{{AttributeKey: "EventSource", AttributeValue: "ec2.amazonaws.com"}}},
		{LookupAttributes: []LookupAttribute{{AttributeKey: "EventName", AttributeValue: strings.Repeat("_", 1000)}}},
		{StartTime: t0, EndTime: t0},
	} {
		if _, err := h.LookupEvents(Account1, "us-east-1", &in); err != nil {
			t.Errorf("LookupEvents(%+v): %v, want no error at the limit", in, err)
		}
	}
}

func TestLookupEventsPaging(t *testing.T) {
	b := NewBuilder(5)
	h := &History{Now: b.Now}
	var want []string
	for i := 0; i < 7; i++ {
		rec := b.Call("ec2.amazonaws.com", "DescribeVolumes")
		if i%3 == 0 {
			rec.EventTime = rec.EventTime.Add(-time.Duration(i) * time.Second) // some share a second with their neighbour
		}
		h.Add(rec)
	}
	all, err := h.LookupEvents(Account1, "us-east-1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Events) != 7 || all.NextToken != "" {
		t.Fatalf("one page: got %d events, token %q; want 7 and none", len(all.Events), all.NextToken)
	}
	for i := 1; i < len(all.Events); i++ {
		if all.Events[i].EventTime.After(all.Events[i-1].EventTime) {
			t.Errorf("event %d is newer than event %d: not newest first", i, i-1)
		}
	}
	for _, e := range all.Events {
		want = append(want, e.EventID)
	}
	in := &LookupEventsInput{MaxResults: 3}
	var got []string
	pages := 0
	for {
		out, err := h.LookupEvents(Account1, "us-east-1", in)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, e := range out.Events {
			got = append(got, e.EventID)
		}
		if out.NextToken == "" {
			break
		}
		in.NextToken = out.NextToken
		in.MaxResults = 2 // the page size may change between pages
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("paged events differ from one page:\n got %v\nwant %v", got, want)
	}
	if pages != 3 { // 3 + 2 + 2
		t.Errorf("got %d pages, want 3", pages)
	}

	// A token is bound to account, Region and the parameters.
	first, _ := h.LookupEvents(Account1, "us-east-1", &LookupEventsInput{MaxResults: 1})
	for _, tt := range []struct {
		reason, account, region string
		in                      LookupEventsInput
	}{
		{"other Region", Account1, "us-west-2", LookupEventsInput{}},
		{"other account", Account2, "us-east-1", LookupEventsInput{}},
		{"added attribute", Account1, "us-east-1", LookupEventsInput{LookupAttributes: []LookupAttribute{{AttributeKey: "EventName", AttributeValue: "DescribeVolumes"}}}},
		{"added EndTime", Account1, "us-east-1", LookupEventsInput{EndTime: b.Now()}},
		{"added StartTime", Account1, "us-east-1", LookupEventsInput{StartTime: b.Now().Add(-time.Hour)}},
		{"other EventCategory", Account1, "us-east-1", LookupEventsInput{EventCategory: "insight"}},
	} {
		tt.in.NextToken = first.NextToken
		_, err := h.LookupEvents(tt.account, tt.region, &tt.in)
		var le *LookupError
		if !errors.As(err, &le) || le.Code != CodeInvalidNextToken {
			t.Errorf("%s: reusing a token: got %v, want InvalidNextTokenException", tt.reason, err)
		}
	}
}

// The response encodes as `aws cloudtrail lookup-events` prints it:
// PascalCase members, ReadOnly a string, EventTime with an offset,
// CloudTrailEvent the record as a JSON string, Resources always a list.
func TestLookupEventJSON(t *testing.T) {
	b := NewBuilder(9)
	h := &History{Now: b.Now}
	rec := b.Call("s3.amazonaws.com", "CreateBucket", In("us-west-2"),
		Resource("AWS::S3::Bucket", "arn:aws:s3:::amzn-s3-demo-bucket", Account1))
	h.Add(rec)
	h.Add(b.Call("ec2.amazonaws.com", "DescribeRegions", In("us-west-2"), As(NewRoot(Account1))))
	out, err := h.LookupEvents(Account1, "us-west-2", nil)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Events []map[string]any
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Events) != 2 {
		t.Fatalf("got %d events, want 2: %s", len(got.Events), raw)
	}
	root, bucket := got.Events[0], got.Events[1]
	checks := []struct {
		reason string
		got    any
		want   any
	}{
		{"ReadOnly is a string", bucket["ReadOnly"], "false"},
		{"EventTime as the CLI prints it", bucket["EventTime"], rec.EventTime.Format("2006-01-02T15:04:05") + "+00:00"},
		{"EventId", bucket["EventId"], rec.EventID},
		{"Username of the root user is root", root["Username"], "root"},
		{"S3 buckets are named by bucket name", bucket["Resources"], []any{map[string]any{"ResourceType": "AWS::S3::Bucket", "ResourceName": "amzn-s3-demo-bucket"}}},
		{"no resources is an empty list", root["Resources"], []any{}},
		{"AccessKeyId", bucket["AccessKeyId"], rec.UserIdentity.AccessKeyID},
	}
	for _, c := range checks {
		if d := Diff(c.want, c.got); d != "" {
			t.Errorf("%s (-want +got):\n%s", c.reason, d)
		}
	}
	s, ok := bucket["CloudTrailEvent"].(string)
	if !ok {
		t.Fatalf("CloudTrailEvent is %T, want a JSON string", bucket["CloudTrailEvent"])
	}
	back, err := event.ParseRecord([]byte(s))
	if err != nil {
		t.Fatalf("CloudTrailEvent does not parse as a record: %v", err)
	}
	if d := Diff(rec, back); d != "" {
		t.Errorf("CloudTrailEvent differs from the record (-want +got):\n%s", d)
	}

	var e LookupEvent
	if err := json.Unmarshal(raw[len(`{"Events":[`):], &e); err == nil {
		t.Errorf("decoding a truncated document succeeded")
	}
	var page LookupEventsOutput
	if err := json.Unmarshal(raw, &page); err != nil {
		t.Fatal(err)
	}
	if d := Diff(out, &page); d != "" {
		t.Errorf("LookupEventsOutput does not survive encode then decode (-want +got):\n%s", d)
	}
}

// FuzzLookupEventsToken checks that any NextToken is either honoured or
// rejected with InvalidNextTokenException, never a panic.
func FuzzLookupEventsToken(f *testing.F) {
	b := NewBuilder(1)
	h := &History{Now: b.Now}
	for i := 0; i < 4; i++ {
		h.Add(b.Call("iam.amazonaws.com", "ListUsers"))
	}
	out, err := h.LookupEvents(Account1, "us-east-1", &LookupEventsInput{MaxResults: 1})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(out.NextToken)
	f.Add("")
	f.Add("MXx8MHww")
	f.Fuzz(func(t *testing.T, tok string) {
		_, err := h.LookupEvents(Account1, "us-east-1", &LookupEventsInput{MaxResults: 1, NextToken: tok})
		var le *LookupError
		if err != nil && (!errors.As(err, &le) || le.Code != CodeInvalidNextToken) {
			t.Errorf("NextToken %q: got %v, want nil or InvalidNextTokenException", tok, err)
		}
	})
}

// FuzzLookupEventJSON checks that a LookupEvent that decodes encodes to
// JSON that decodes to the same event.
func FuzzLookupEventJSON(f *testing.F) {
	f.Add([]byte(`{"EventId":"a","EventName":"CreateUser","ReadOnly":"false","EventTime":"2025-06-02T12:00:07+00:00","EventSource":"iam.amazonaws.com","Username":"Alice","Resources":[{"ResourceType":"AWS::IAM::User","ResourceName":"Bob"}],"CloudTrailEvent":"{}"}`))
	f.Add([]byte(`{"EventTime":"2025-06-02T12:00:07-07:00"}`))
	f.Add([]byte(`{"EventTime":"not a time"}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var e LookupEvent
		if err := json.Unmarshal(b, &e); err != nil {
			return
		}
		enc, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("Marshal(%+v): %v", e, err)
		}
		var back LookupEvent
		if err := json.Unmarshal(enc, &back); err != nil {
			t.Fatalf("Unmarshal(%s): %v", enc, err)
		}
		if e.Resources == nil {
			e.Resources = []LookupResource{} // encoded as []
		}
		if e.EventTime.Year() < 0 || e.EventTime.Year() > 9999 {
			return // outside RFC 3339
		}
		if d := Diff(e, back); d != "" {
			t.Errorf("decode→encode→decode changed the event (-first +second):\n%s", d)
		}
	})
}

// From 2021-11-22 event history shows a global service event only in the
// Region it was recorded in, us-east-1 (CloudTrail User Guide, "Global
// service events"; AWS notice quoted in SummitRoute/aws_breaking_changes#51).
func TestLookupEventsGlobalAfterCutover(t *testing.T) {
	now := time.Date(2021, 12, 1, 0, 0, 0, 0, time.UTC)
	cutover := time.Date(2021, 11, 22, 0, 0, 0, 0, time.UTC)
	b := NewBuilder(1)
	h := &History{Now: func() time.Time { return now }}
	h.Add(b.Call("iam.amazonaws.com", "CreateRole", At(cutover.Add(-time.Second))))
	h.Add(b.Call("iam.amazonaws.com", "CreateUser", At(cutover)))
	h.Add(b.Call("sts.amazonaws.com", "GetCallerIdentity", At(cutover.Add(time.Hour)), Host("sts.amazonaws.com")))
	h.Add(b.Call("sts.amazonaws.com", "GetSessionToken", In("eu-west-1"), At(cutover.Add(2*time.Hour)), Host("sts.eu-west-1.amazonaws.com")))
	h.Add(b.Call("cloudfront.amazonaws.com", "CreateDistribution", At(cutover.Add(3*time.Hour))))
	checkRegions(t, h, []regionRow{
		{"us-east-1 shows every global service event, newest first", "us-east-1",
			"CreateDistribution,GetCallerIdentity,CreateUser,CreateRole"},
		{"another Region: only the event of the second before the change, and its own Regional STS call", "eu-west-1",
			"GetSessionToken,CreateRole"},
		{"a Region without calls: only the event before the change", "ap-south-1", "CreateRole"},
	})
}

// Event history keeps the last 90 days: an event exactly 90 days old is
// shown, one a second older is not (CloudTrail User Guide, "Working with
// CloudTrail event history").
func TestLookupEventsRetention(t *testing.T) {
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	b := NewBuilder(2)
	h := &History{Now: func() time.Time { return now }}
	h.Add(b.Call("ec2.amazonaws.com", "StopInstances", At(now.Add(-Retention))))
	h.Add(b.Call("ec2.amazonaws.com", "StartInstances", At(now.Add(-Retention-time.Second))))
	h.Add(b.Call("ec2.amazonaws.com", "RebootInstances", At(now.Add(time.Second)))) // after Now
	tests := []struct {
		reason string
		in     LookupEventsInput
		want   string
	}{
		{"90 days exactly is kept, older is not, later than now is not yet", LookupEventsInput{}, "StopInstances"},
		{"an EndTime past now does not reach events after now", LookupEventsInput{EndTime: now.Add(time.Hour)}, "StopInstances"},
		{"a StartTime before the 90 days does not bring older events back", LookupEventsInput{StartTime: now.Add(-2 * Retention)}, "StopInstances"},
		{"StartTime is inclusive", LookupEventsInput{StartTime: now.Add(-Retention)}, "StopInstances"},
	}
	for _, tt := range tests {
		out, err := h.LookupEvents(Account1, "us-east-1", &tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(out); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.reason, got, tt.want)
		}
	}
	if h.Len() != 3 {
		t.Errorf("Len = %d, want 3 (older events are kept, only not shown)", h.Len())
	}
}

// TestLookupEventsPagingSubsecond pages one event at a time through
// events whose times differ within a second, added newest first: every
// event comes once, newest first, as without paging (the API Reference,
// LookupEvents: NextToken continues where the previous page ended).
func TestLookupEventsPagingSubsecond(t *testing.T) {
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	b := NewBuilder(3)
	h := &History{Now: func() time.Time { return now }}
	base := now.Add(-time.Hour)
	var want []string
	for i, ms := range []int{900, 500, 200} {
		name := []string{"C", "B", "A"}[i]
		rec := b.Call("ec2.amazonaws.com", name, In("us-west-2"), At(base))
		rec.EventTime = base.Add(time.Duration(ms) * time.Millisecond) // At keeps whole seconds; a decoded record need not
		h.Add(rec)
		want = append(want, name)
	}
	var got []string
	in := &LookupEventsInput{MaxResults: 1}
	for pages := 0; pages < 5; pages++ {
		out, err := h.LookupEvents(Account1, "us-west-2", in)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range out.Events {
			got = append(got, e.EventName)
		}
		if out.NextToken == "" {
			break
		}
		in.NextToken = out.NextToken
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("paged one by one: got %v, want %v", got, want)
	}
}
