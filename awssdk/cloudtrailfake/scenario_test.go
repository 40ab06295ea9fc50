package cloudtrailfake_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/trailmap/trailmap/awssdk/cloudtrailfake"
	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/trail"
	"github.com/trailmap/trailmap/trail/trailtest"
)

// TestScenarioOrganizationTrail is the payoff: an organization trail is
// set up through the API, a workflow calls S3 in a member account, and
// the test asserts what the trail delivered where, and what event history
// shows.
func TestScenarioOrganizationTrail(t *testing.T) {
	d, err := trail.ParseDeployment([]byte(`{"organization": {"Id": "o-exampleorgid", "MasterAccountId": "` + acct + `", "Accounts": ["` + acct2 + `"]}, "trails": []}`))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, cloudtrailfake.Options{Deployment: d})
	ctx := context.Background()
	mgmt := e.client(acct, "us-east-1")

	arn := aws.ToString(mustCreate(t, mgmt, &cloudtrail.CreateTrailInput{Name: aws.String("org-audit"), S3BucketName: aws.String("org-bucket"),
		S3KeyPrefix: aws.String("org"), IsMultiRegionTrail: aws.Bool(true), IsOrganizationTrail: aws.Bool(true)}).TrailARN)
	// Management events, and S3 object writes in one bucket only.
	_, err = mgmt.PutEventSelectors(ctx, &cloudtrail.PutEventSelectorsInput{TrailName: aws.String("org-audit"),
		AdvancedEventSelectors: []types.AdvancedEventSelector{
			{Name: aws.String("management"), FieldSelectors: []types.AdvancedFieldSelector{{Field: aws.String("eventCategory"), Equals: []string{"Management"}}}},
			{Name: aws.String("report writes"), FieldSelectors: []types.AdvancedFieldSelector{
				{Field: aws.String("eventCategory"), Equals: []string{"Data"}},
				{Field: aws.String("resources.type"), Equals: []string{"AWS::S3::Object"}},
				{Field: aws.String("readOnly"), Equals: []string{"false"}},
				{Field: aws.String("resources.ARN"), StartsWith: []string{"arn:aws:s3:::amzn-s3-demo-bucket/reports/"}},
			}},
		}})
	if err != nil {
		t.Fatal(err)
	}
	// Before StartLogging nothing is delivered.
	bob := trailtest.NewIAMUser(acct2, "bob")
	e.fake.Call("s3.amazonaws.com", "PutObject", trailtest.As(bob), trailtest.In("eu-west-1"),
		trailtest.Resource("AWS::S3::Object", "arn:aws:s3:::amzn-s3-demo-bucket/reports/early.csv", ""),
		trailtest.Resource("AWS::S3::Bucket", "arn:aws:s3:::amzn-s3-demo-bucket", acct2))
	if got := e.fake.Log(arn); len(got) != 0 {
		t.Fatalf("a trail not logging delivered %d records", len(got))
	}
	e.clock.add(time.Minute)
	if _, err := mgmt.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String("org-audit")}); err != nil {
		t.Fatal(err)
	}

	// The workflow, in the member account.
	e.clock.add(time.Minute)
	put := e.fake.Call("s3.amazonaws.com", "PutObject", trailtest.As(bob), trailtest.In("eu-west-1"),
		trailtest.Resource("AWS::S3::Object", "arn:aws:s3:::amzn-s3-demo-bucket/reports/q1.csv", ""),
		trailtest.Resource("AWS::S3::Bucket", "arn:aws:s3:::amzn-s3-demo-bucket", acct2))
	get := e.fake.Call("s3.amazonaws.com", "GetObject", trailtest.As(bob), trailtest.In("eu-west-1"),
		trailtest.Resource("AWS::S3::Object", "arn:aws:s3:::amzn-s3-demo-bucket/reports/q1.csv", ""),
		trailtest.Resource("AWS::S3::Bucket", "arn:aws:s3:::amzn-s3-demo-bucket", acct2))
	other := e.fake.Call("s3.amazonaws.com", "PutObject", trailtest.As(bob), trailtest.In("eu-west-1"),
		trailtest.Resource("AWS::S3::Object", "arn:aws:s3:::amzn-s3-demo-bucket/tmp/x", ""),
		trailtest.Resource("AWS::S3::Bucket", "arn:aws:s3:::amzn-s3-demo-bucket", acct2))
	create := e.fake.Call("s3.amazonaws.com", "CreateBucket", trailtest.As(bob), trailtest.In("eu-west-1"),
		trailtest.Resource("AWS::S3::Bucket", "arn:aws:s3:::amzn-s3-demo-bucket2", acct2))

	log := e.fake.Log(arn)
	delivered := map[*event.Record]trail.Delivery{}
	for _, en := range log {
		delivered[en.Record] = en.Delivery
	}
	wantKey := "org/AWSLogs/o-exampleorgid/" + acct2 + "/CloudTrail/eu-west-1/2026/03/02/"
	for _, tc := range []struct {
		name   string
		recs   []*event.Record
		logged bool
		reason string
	}{
		{"PutObject reports/", put, true, "a data event the advanced selector selects"},
		{"GetObject", get, false, "readOnly true: the selector takes writes only"},
		{"PutObject tmp/", other, false, "outside the selected prefix"},
		{"CreateBucket", create, true, "a management event"},
	} {
		if len(tc.recs) != 1 {
			t.Fatalf("%s: %d copies, want 1", tc.name, len(tc.recs))
		}
		dl, ok := delivered[tc.recs[0]]
		if ok != tc.logged {
			t.Errorf("%s: delivered %v, want %v (%s)", tc.name, ok, tc.logged, tc.reason)
			continue
		}
		if ok && (dl.KeyPrefix != wantKey || dl.Account != acct2 || dl.Region != "eu-west-1" || dl.Bucket != "org-bucket") {
			t.Errorf("%s: delivered to %+v, want key %s", tc.name, dl, wantKey)
		}
	}
	// The management account's StartLogging call is logged too (it came
	// after logging started); CreateTrail before it is not.
	var names []string
	for _, en := range log {
		if en.Record.EventSource == "cloudtrail.amazonaws.com" {
			names = append(names, en.Record.EventName+"@"+en.Delivery.Account)
		}
	}
	if strings.Join(names, ",") != "StartLogging@"+acct {
		t.Errorf("cloudtrail calls delivered: %v, want StartLogging@%s", names, acct)
	}
	st, err := mgmt.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String(arn)})
	if err != nil || st.LatestDeliveryTime == nil {
		t.Errorf("GetTrailStatus after deliveries: %+v %v", st, err)
	}

	// Log files, as CloudTrail writes them to the bucket.
	objects := map[string][]byte{}
	if err := e.fake.Deliver(func(bucket, key string, body []byte, meta map[string]string) error {
		objects[bucket+"/"+key] = body
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	n := 0
	for key, body := range objects {
		k, err := trail.ParseKey(strings.TrimPrefix(key, "org-bucket/"))
		if err != nil {
			t.Errorf("delivered key %s: %v", key, err)
			continue
		}
		lf, err := event.ReadLogFile(bytes.NewReader(body))
		if err != nil {
			t.Errorf("%s: %v", key, err)
			continue
		}
		if k.OrgID != "o-exampleorgid" || k.Prefix != "org" {
			t.Errorf("key %s: %+v", key, k)
		}
		n += len(lf.Records)
	}
	if want := len(e.fake.Log(arn)); n != want {
		t.Errorf("log files hold %d records, the log %d", n, want)
	}

	// Event history: management events only, per account and Region.
	member := e.client(acct2, "eu-west-1")
	out, err := member.LookupEvents(ctx, &cloudtrail.LookupEventsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Events) != 1 || aws.ToString(out.Events[0].EventName) != "CreateBucket" || aws.ToString(out.Events[0].Username) != "bob" ||
		!out.Events[0].EventTime.Equal(e.clock.now()) || aws.ToString(out.Events[0].ReadOnly) != "false" {
		t.Errorf("member's event history: %+v", out.Events)
	}
	out, err = mgmt.LookupEvents(ctx, &cloudtrail.LookupEventsInput{LookupAttributes: []types.LookupAttribute{
		{AttributeKey: types.LookupAttributeKeyEventSource, AttributeValue: aws.String("cloudtrail.amazonaws.com")}}, MaxResults: aws.Int32(2)})
	if err != nil {
		t.Fatal(err)
	}
	// Newest first: GetTrailStatus, StartLogging; then PutEventSelectors
	// and CreateTrail (one second, the later call first) on the next page.
	if len(out.Events) != 2 || aws.ToString(out.Events[0].EventName) != "GetTrailStatus" || aws.ToString(out.Events[1].EventName) != "StartLogging" || out.NextToken == nil {
		t.Fatalf("management account's first page: %+v", out)
	}
	out2, err := mgmt.LookupEvents(ctx, &cloudtrail.LookupEventsInput{LookupAttributes: []types.LookupAttribute{
		{AttributeKey: types.LookupAttributeKeyEventSource, AttributeValue: aws.String("cloudtrail.amazonaws.com")}}, MaxResults: aws.Int32(2), NextToken: out.NextToken})
	if err != nil {
		t.Fatal(err)
	}
	if len(out2.Events) != 2 || aws.ToString(out2.Events[0].EventName) != "PutEventSelectors" || aws.ToString(out2.Events[1].EventName) != "CreateTrail" || out2.NextToken != nil {
		t.Fatalf("second page: %+v", out2.Events)
	}
	if ev := out2.Events[1]; !strings.Contains(aws.ToString(ev.CloudTrailEvent), `"isOrganizationTrail":true`) ||
		!strings.Contains(aws.ToString(ev.CloudTrailEvent), `"responseElements":{"name":"org-audit"`) {
		t.Errorf("CreateTrail record lacks its request: %s", aws.ToString(ev.CloudTrailEvent))
	}
}

func TestLookupEventsErrors(t *testing.T) {
	e := newEnv(t, cloudtrailfake.Options{})
	ctx := context.Background()
	c := e.client(acct, "us-east-1")
	attr := func(k types.LookupAttributeKey, v string) types.LookupAttribute {
		return types.LookupAttribute{AttributeKey: k, AttributeValue: aws.String(v)}
	}
	tests := []struct {
		name   string
		in     cloudtrail.LookupEventsInput
		typed  func(error) bool
		code   string
		reason string
	}{
		{"two attributes", cloudtrail.LookupEventsInput{LookupAttributes: []types.LookupAttribute{attr("EventName", "a"), attr("EventSource", "b")}},
			isA[types.InvalidLookupAttributesException](), "InvalidLookupAttributesException", "one lookup attribute"},
		{"unknown key", cloudtrail.LookupEventsInput{LookupAttributes: []types.LookupAttribute{attr("Colour", "red")}},
			isA[types.InvalidLookupAttributesException](), "InvalidLookupAttributesException", "eight keys"},
		{"51 results", cloudtrail.LookupEventsInput{MaxResults: aws.Int32(51)},
			isA[types.InvalidMaxResultsException](), "InvalidMaxResultsException", "MaxResults 1 to 50"},
		{"0 results", cloudtrail.LookupEventsInput{MaxResults: aws.Int32(0)},
			isA[types.InvalidMaxResultsException](), "InvalidMaxResultsException", "MaxResults 1 to 50"},
		{"bad token", cloudtrail.LookupEventsInput{NextToken: aws.String("nope")},
			isA[types.InvalidNextTokenException](), "InvalidNextTokenException", "tokens come from earlier answers"},
		{"bad category", cloudtrail.LookupEventsInput{EventCategory: "data"},
			isA[types.InvalidEventCategoryException](), "InvalidEventCategoryException", "insight is the only category"},
		{"reversed range", cloudtrail.LookupEventsInput{StartTime: aws.Time(e.clock.now()), EndTime: aws.Time(e.clock.now().Add(-time.Hour))},
			isA[types.InvalidTimeRangeException](), "InvalidTimeRangeException", "start after end"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.LookupEvents(ctx, &tc.in)
			wantAPIError(t, err, tc.typed, tc.code, "")
		})
	}
}

// TestRecorderRecords feeds the records of a trailtest.Recorder (an STS
// flow) to the fake: they reach its trails and its event history.
func TestRecorderRecords(t *testing.T) {
	e := newEnv(t, cloudtrailfake.Options{NoRecords: true})
	ctx := context.Background()
	c := e.client(acct, "us-east-1")
	arn := aws.ToString(mustCreate(t, c, &cloudtrail.CreateTrailInput{Name: aws.String("main"), S3BucketName: aws.String("b")}).TrailARN)
	if _, err := c.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String("main")}); err != nil {
		t.Fatal(err)
	}
	r, err := trailtest.NewRecorder(nil, 7)
	if err != nil {
		t.Fatal(err)
	}
	r.Builder.SetNow(e.clock.now().Add(-time.Hour))
	alice := trailtest.NewIAMUser(acct, "alice")
	r.AssumeRole(alice, "arn:aws:iam::"+acct+":role/Admin", "alice-session")
	e.fake.Add(r.Records()...)

	if got := e.fake.Log(arn); len(got) != 1 || got[0].Record.EventName != "AssumeRole" {
		t.Errorf("trail log: %+v", got)
	}
	out, err := c.LookupEvents(ctx, &cloudtrail.LookupEventsInput{})
	if err != nil {
		t.Fatal(err)
	}
	// NoRecords: the fake's own calls are not in event history.
	if len(out.Events) != 1 || aws.ToString(out.Events[0].EventName) != "AssumeRole" || aws.ToString(out.Events[0].EventSource) != "sts.amazonaws.com" {
		t.Errorf("event history: %+v", out.Events)
	}
}
