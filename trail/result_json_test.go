package trail_test

import (
	"encoding/json"
	"testing"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/trail"
)

// TestResultAppendJSON checks the route line against encoding/json of the
// same values, escaping included.
func TestResultAppendJSON(t *testing.T) {
	rec := &event.Record{EventID: "id-\"1\"", EventName: "Create<User>\u2028"}
	res := &trail.Result{
		Deliveries: []trail.Delivery{{TrailARN: "arn:a", Account: "111122223333", Region: "us-east-1", KeyPrefix: "AWSLogs/111122223333/CloudTrail/us-east-1/2023/05/01/"}},
		Skipped:    []trail.Skip{{TrailARN: "arn:b", Code: trail.NotSelected, Reason: "no selector\tselects it"}, {TrailARN: "arn:c", Code: trail.NotLogging, Reason: "stopped"}},
	}
	type d struct {
		Trail   string `json:"trail"`
		Account string `json:"account"`
		Region  string `json:"region"`
		Key     string `json:"key"`
	}
	type s struct {
		Trail  string `json:"trail"`
		Code   string `json:"code"`
		Reason string `json:"reason"`
	}
	type line struct {
		EventID    string `json:"eventID"`
		EventName  string `json:"eventName"`
		Deliveries []d    `json:"deliveries"`
		Skipped    []s    `json:"skipped"`
	}
	want := line{rec.EventID, rec.EventName,
		[]d{{"arn:a", "111122223333", "us-east-1", "AWSLogs/111122223333/CloudTrail/us-east-1/2023/05/01/"}},
		[]s{{"arn:b", "NotSelected", "no selector\tselects it"}, {"arn:c", "NotLogging", "stopped"}}}
	got := res.AppendJSON(nil, rec)
	var back line
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, got)
	}
	wb, _ := json.Marshal(want)
	bb, _ := json.Marshal(back)
	if string(wb) != string(bb) {
		t.Errorf("AppendJSON decodes to\n%s\nwant\n%s", bb, wb)
	}

	// An aggregated event has eventId (lower-case d), not eventID; the
	// line's eventID is that (CloudTrail User Guide, "CloudTrail record
	// contents for aggregated events").
	agg, err := event.ParseRecord([]byte(`{"eventVersion":"1.0","accountId":"111122223333","eventId":"62759c1a-6248-48e1-a6b3-d5fb7e6c4bc0","eventCategory":"Aggregated","eventType":"AwsAggregatedEvent","awsRegion":"us-west-2","eventSource":"s3.amazonaws.com"}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal((&trail.Result{}).AppendJSON(nil, agg), &back); err != nil || back.EventID != "62759c1a-6248-48e1-a6b3-d5fb7e6c4bc0" {
		t.Errorf("aggregated event: eventID %q (%v), want its eventId", back.EventID, err)
	}

	empty := (&trail.Result{}).AppendJSON(nil, &event.Record{})
	if string(empty) != `{"eventID":"","eventName":"","deliveries":[],"skipped":[]}` {
		t.Errorf("empty result: %s (both arrays must be present)", empty)
	}
	buf := make([]byte, 0, 4096)
	if n := testing.AllocsPerRun(100, func() { buf = res.AppendJSON(buf[:0], rec) }); n != 0 {
		t.Errorf("AppendJSON allocates %v times with room in dst, want 0", n)
	}
}

// TestResultEncoder checks that the caching encoder writes what
// Result.AppendJSON writes, over real routing results (the Router's
// reason strings are shared between records) and over results whose
// strings are new each time.
func TestResultEncoder(t *testing.T) {
	d, err := trail.ParseDeployment([]byte(`{"trails":[
		{"Name":"aaa","TrailARN":"arn:aws:cloudtrail:us-east-1:111122223333:trail/aaa","HomeRegion":"us-east-1","IsMultiRegionTrail":false,"S3BucketName":"b"},
		{"Name":"bbb","TrailARN":"arn:aws:cloudtrail:eu-west-1:444455556666:trail/bbb","HomeRegion":"eu-west-1","IsMultiRegionTrail":false,"S3BucketName":"b"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	rt, err := trail.NewRouter(d)
	if err != nil {
		t.Fatal(err)
	}
	var enc trail.ResultEncoder
	var res trail.Result
	for i, region := range []string{"us-east-1", "eu-west-1", "us-east-1", "ap-south-1", "eu-west-1"} {
		rec := &event.Record{EventID: "e", EventName: "RunInstances", EventSource: "ec2.amazonaws.com",
			AWSRegion: region, RecipientAccountID: []string{"111122223333", "444455556666"}[i%2]}
		rt.RouteInto(rec, &res)
		want := res.AppendJSON(nil, rec)
		if got := enc.AppendJSON([]byte("x"), rec, &res); string(got[1:]) != string(want) {
			t.Errorf("record %d: encoder wrote\n%s\nAppendJSON wrote\n%s", i, got[1:], want)
		}
	}
	// A delivery remembered by the memory of its trail ARN and key is
	// written anew when its account or Region text differs.
	arn, key := "arn:aws:cloudtrail:us-east-1:111122223333:trail/aaa", "AWSLogs/111122223333/CloudTrail/us-east-1/2023/05/01/"
	for _, place := range [][2]string{{"111122223333", "us-east-1"}, {"444455556666", "us-east-1"}, {"111122223333", "eu-west-1"}, {"111122223333", "us-east-1"}} {
		r := &trail.Result{Deliveries: []trail.Delivery{{TrailARN: arn, Account: place[0], Region: place[1], KeyPrefix: key}}}
		rec := &event.Record{EventID: "e"}
		if got, want := enc.AppendJSON(nil, rec, r), r.AppendJSON(nil, rec); string(got) != string(want) {
			t.Errorf("delivery %v: got %s, want %s", place, got, want)
		}
	}
	// Equal text in new memory, and new text in reused-looking shapes.
	for _, reason := range []string{"first", "second", "first"} {
		r := &trail.Result{Skipped: []trail.Skip{{TrailARN: string([]byte("arn:x")), Code: trail.NotLogging, Reason: string([]byte(reason))}}}
		rec := &event.Record{}
		if got, want := enc.AppendJSON(nil, rec, r), r.AppendJSON(nil, rec); string(got) != string(want) {
			t.Errorf("reason %q: got %s, want %s", reason, got, want)
		}
	}
}

// TestResultEncoderNoAllocs: once a record's deliveries and skips have
// been written, writing records with the same ones allocates nothing.
func TestResultEncoderNoAllocs(t *testing.T) {
	rt, err := trail.NewRouter(routeBenchDeployment(t))
	if err != nil {
		t.Fatal(err)
	}
	recs := []*event.Record{routeMustRecord(t, recCreateUser), routeMustRecord(t, recGetObject), routeMustRecord(t, recRunInst)}
	var enc trail.ResultEncoder
	results := make([]trail.Result, len(recs))
	buf := make([]byte, 0, 1<<16)
	for i, rec := range recs {
		rt.RouteInto(rec, &results[i])
		buf = enc.AppendJSON(buf[:0], rec, &results[i])
	}
	i := 0
	if n := testing.AllocsPerRun(300, func() {
		buf = enc.AppendJSON(buf[:0], recs[i%len(recs)], &results[i%len(recs)])
		i++
	}); n != 0 {
		t.Errorf("ResultEncoder.AppendJSON allocates %v times per record in steady state, want 0", n)
	}
}
