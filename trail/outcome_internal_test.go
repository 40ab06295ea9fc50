package trail

import (
	"bytes"
	"testing"
	"time"

	"github.com/trailmap/trailmap/event"
)

// TestDayFolderBounds: the Unix times Router.facts tells dated days by
// are the first instants of the years 0000 and 10000, and agree with
// HasDayFolder on either side of them.
func TestDayFolderBounds(t *testing.T) {
	if got := time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC).Unix(); got != dayFoldersFrom {
		t.Errorf("0000-01-01: %d, want dayFoldersFrom %d", got, dayFoldersFrom)
	}
	if got := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC).Unix(); got != dayFoldersUntil {
		t.Errorf("10000-01-01: %d, want dayFoldersUntil %d", got, dayFoldersUntil)
	}
	for _, u := range []int64{dayFoldersFrom - 1, dayFoldersFrom, dayFoldersUntil - 1, dayFoldersUntil} {
		tm := time.Unix(u, 0)
		if want, got := HasDayFolder(tm), u >= dayFoldersFrom && u < dayFoldersUntil; got != want {
			t.Errorf("%s: in bounds %v, HasDayFolder %v", tm.UTC(), got, want)
		}
	}
}

// TestOutcomeJSONOnFirstWrite: an outcome RouteInto remembers holds no
// JSON until a ResultEncoder writes it (many are never written); the
// encoder then keeps what it wrote, and writes it again from there.
func TestOutcomeJSONOnFirstWrite(t *testing.T) {
	d, err := ParseDeployment([]byte(`{"trails":[
		{"Name":"aaa","TrailARN":"arn:aws:cloudtrail:us-east-1:111122223333:trail/aaa","HomeRegion":"us-east-1","IsMultiRegionTrail":true,"S3BucketName":"b"},
		{"Name":"bbb","TrailARN":"arn:aws:cloudtrail:eu-west-1:444455556666:trail/bbb","HomeRegion":"eu-west-1","IsMultiRegionTrail":false,"S3BucketName":"b"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	rt, err := NewRouter(d, WithSharedResults())
	if err != nil {
		t.Fatal(err)
	}
	rec := &event.Record{EventID: "e", EventName: "RunInstances", EventSource: "ec2.amazonaws.com",
		AWSRegion: "us-east-1", RecipientAccountID: "111122223333"}
	var res Result
	for range 3 { // remembered the second time, found the third
		rt.RouteInto(rec, &res)
	}
	o := res.outcome
	if o == nil || !o.holds(&res) {
		t.Fatal("the third record was not routed from a remembered outcome")
	}
	if o.json.Load() != nil {
		t.Error("the outcome holds its JSON before any encoder wrote it")
	}
	var enc ResultEncoder
	want := res.AppendJSON(nil, rec)
	for i := range 2 {
		if got := enc.AppendJSON(nil, rec, &res); !bytes.Equal(got, want) {
			t.Errorf("write %d: %s, want %s", i, got, want)
		}
		if b := o.json.Load(); b == nil || !bytes.HasSuffix(want, *b) || !bytes.HasPrefix(*b, []byte(`,"deliveries":[`)) {
			t.Errorf("write %d: the outcome's JSON is %q", i, b)
		}
	}
}
