package trail_test

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/internal/corpustest"
	"github.com/trailmap/trailmap/region"
	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
)

// benchDeployment is three accounts of an organization with five trails
// each (multi- and single-Region, basic, advanced and data selectors, one
// sending to CloudWatch Logs) and an organization trail.
func routeBenchDeployment(tb testing.TB) *trail.Deployment {
	tb.Helper()
	accounts := []string{"111122223333", "444455556666", "777788889999"}
	d := &trail.Deployment{
		Organization: &trail.Organization{ID: "o-exampleorgid", MasterAccountID: accounts[0], Accounts: accounts},
	}
	yes, no := true, false
	d.Trails = append(d.Trails, trail.Trail{
		Name: "org-audit", TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit",
		HomeRegion: "us-east-1", IsMultiRegionTrail: true, IncludeGlobalServiceEvents: &yes,
		IsOrganizationTrail: true, S3BucketName: "org-bucket", S3KeyPrefix: "org",
		CloudWatchLogsLogGroupArn: "arn:aws:logs:us-east-1:111122223333:log-group:org:*",
	})
	for _, a := range accounts {
		arn := func(region, name string) string { return "arn:aws:cloudtrail:" + region + ":" + a + ":trail/" + name }
		d.Trails = append(d.Trails,
			trail.Trail{Name: "management", TrailARN: arn("us-east-1", "management"), HomeRegion: "us-east-1",
				IsMultiRegionTrail: true, IncludeGlobalServiceEvents: &yes, S3BucketName: "b-" + a},
			trail.Trail{Name: "eu-writes", TrailARN: arn("eu-west-1", "eu-writes"), HomeRegion: "eu-west-1",
				IncludeGlobalServiceEvents: &no, S3BucketName: "b-" + a,
				EventSelectors: []selector.Basic{{ReadWriteType: selector.WriteOnly}}},
			trail.Trail{Name: "s3-data", TrailARN: arn("us-east-1", "s3-data"), HomeRegion: "us-east-1",
				IsMultiRegionTrail: true, IncludeGlobalServiceEvents: &yes, S3BucketName: "b-" + a, S3KeyPrefix: "data",
				AdvancedEventSelectors: []selector.Advanced{{Name: "objects of one bucket", Fields: []selector.Field{
					{Field: "eventCategory", Equals: []string{"Data"}},
					{Field: "resources.type", Equals: []string{"AWS::S3::Object"}},
					{Field: "resources.ARN", StartsWith: []string{"arn:aws:s3:::amzn-s3-demo-bucket1/"}},
				}}}},
			trail.Trail{Name: "virginia", TrailARN: arn("us-east-1", "virginia"), HomeRegion: "us-east-1",
				IncludeGlobalServiceEvents: &yes, S3BucketName: "b-" + a,
				CloudWatchLogsLogGroupArn: "arn:aws:logs:us-east-1:" + a + ":log-group:ct:*"},
			trail.Trail{Name: "no-kms", TrailARN: arn("us-west-2", "no-kms"), HomeRegion: "us-west-2",
				IsMultiRegionTrail: true, IncludeGlobalServiceEvents: &yes, S3BucketName: "b-" + a,
				AdvancedEventSelectors: []selector.Advanced{{Name: "management but KMS", Fields: []selector.Field{
					{Field: "eventCategory", Equals: []string{"Management"}},
					{Field: "eventSource", NotEquals: []string{"kms.amazonaws.com"}},
				}}}},
		)
	}
	return d
}

func routeMustRecord(tb testing.TB, s string) *event.Record {
	tb.Helper()
	return routeParseOne(tb, []byte(s))
}

const (
	recCreateUser = `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","accountId":"444455556666","arn":"arn:aws:iam::444455556666:user/Alice"},"eventTime":"2023-05-01T12:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1","eventID":"e1","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"444455556666","eventCategory":"Management"}`
	recGetObject  = `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","accountId":"444455556666"},"eventTime":"2023-05-01T12:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"eu-west-1","eventID":"e2","readOnly":true,"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"444455556666","eventCategory":"Data","resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::amzn-s3-demo-bucket1/a.txt"},{"type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::amzn-s3-demo-bucket1"}]}`
	recRunInst    = `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","accountId":"777788889999"},"eventTime":"2023-05-01T12:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"eu-west-1","eventID":"e3","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"777788889999","eventCategory":"Management"}`
)

func TestRouteIntoNoAllocs(t *testing.T) {
	rt, err := trail.NewRouter(routeBenchDeployment(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		reason string
		rec    string
	}{
		{"global service event: deliveries, region and selector skips", recCreateUser},
		{"data event: selector misses explained once, then remembered", recGetObject},
		{"regional management event of another account", recRunInst},
		{"STS through the global endpoint: event.Record.Endpoint reads RequestDetails", `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","accountId":"444455556666"},"eventTime":"2025-05-01T12:00:00Z","eventSource":"sts.amazonaws.com","eventName":"GetCallerIdentity","awsRegion":"us-east-1","eventID":"e4","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"444455556666","eventCategory":"Management","additionalEventData":{"RequestDetails":{"awsServingRegion":"eu-west-1","endpointType":"global"}},"tlsDetails":{"clientProvidedHostHeader":"sts.amazonaws.com"}}`},
	} {
		rec := routeMustRecord(t, tt.rec)
		var res trail.Result
		rt.RouteInto(rec, &res) // warm: first routing builds the keys and reasons
		allocs := testing.AllocsPerRun(100, func() { rt.RouteInto(rec, &res) })
		if allocs != 0 {
			t.Errorf("%s: RouteInto allocates %.1f times per record, want 0", tt.reason, allocs)
		}
		if len(res.Deliveries)+len(res.Skipped) != 16 {
			t.Errorf("%s: %d deliveries + %d skips, want one entry per trail (16)", tt.reason, len(res.Deliveries), len(res.Skipped))
		}
	}
}

func TestRouteEqualsRouteInto(t *testing.T) {
	rt, err := trail.NewRouter(routeBenchDeployment(t))
	if err != nil {
		t.Fatal(err)
	}
	var res trail.Result
	for _, s := range []string{recCreateUser, recGetObject, recRunInst, recCreateUser} {
		rec := routeMustRecord(t, s)
		rt.RouteInto(rec, &res)
		got, want := routeFormat(res), routeFormat(rt.Route(rec))
		if got != want {
			t.Errorf("RouteInto with a reused Result:\n%s\nRoute:\n%s", got, want)
		}
	}
}

func TestRouterConcurrent(t *testing.T) {
	rt, err := trail.NewRouter(routeBenchDeployment(t))
	if err != nil {
		t.Fatal(err)
	}
	recs := []*event.Record{routeMustRecord(t, recCreateUser), routeMustRecord(t, recGetObject), routeMustRecord(t, recRunInst)}
	want := make([]string, len(recs))
	for i, rec := range recs {
		want[i] = routeFormat(rt.Route(rec))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var res trail.Result
			for n := 0; n < 200; n++ {
				i := (n + g) % len(recs)
				rt.RouteInto(recs[i], &res)
				if got := routeFormat(res); got != want[i] {
					errs <- got
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for got := range errs {
		t.Errorf("concurrent routing gave a different result:\n%s", got)
	}
}

func TestGlobalEventRule(t *testing.T) {
	yes := true
	d := &trail.Deployment{Trails: []trail.Trail{{
		Name: "eu-trail", TrailARN: "arn:aws:cloudtrail:eu-west-1:444455556666:trail/eu-trail", HomeRegion: "eu-west-1",
		IncludeGlobalServiceEvents: &yes, S3BucketName: "b",
	}}}
	rec := routeMustRecord(t, recCreateUser)
	tests := []struct {
		reason string
		rule   region.GlobalEventRule
		want   trail.SkipCode // 0: delivered
	}{
		{"default cutover 2021-11-22: a 2023 event follows the us-east-1 rule", region.DefaultGlobalEventRule(), trail.GlobalEventOutsideHomeRegion},
		{"a later cutover puts the event in the earlier era", region.GlobalEventRule{Cutover: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}, 0},
		{"the zero rule applies the current behaviour to every record", region.GlobalEventRule{}, trail.GlobalEventOutsideHomeRegion},
	}
	for _, tt := range tests {
		rt, err := trail.NewRouter(d, trail.WithGlobalEventRule(tt.rule))
		if err != nil {
			t.Fatal(err)
		}
		res := rt.Route(rec)
		var got trail.SkipCode
		if len(res.Skipped) > 0 {
			got = res.Skipped[0].Code
		}
		if got != tt.want {
			t.Errorf("%s: got %v, want %v (%s)", tt.reason, got, tt.want, routeFormat(res))
		}
	}
}

func TestNewRouterErrors(t *testing.T) {
	yes := true
	tests := []struct {
		reason string
		d      *trail.Deployment
		want   string
	}{
		{"nil deployment", nil, "nil deployment"},
		{"organization trail without an organization", &trail.Deployment{Trails: []trail.Trail{{
			Name: "org", TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/org", HomeRegion: "us-east-1",
			IsMultiRegionTrail: true, IncludeGlobalServiceEvents: &yes, IsOrganizationTrail: true, S3BucketName: "b"}}},
			"organization"},
	}
	for _, tt := range tests {
		_, err := trail.NewRouter(tt.d)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "trail: ") {
			t.Errorf("%s: err = %v, want a trail: error mentioning %q", tt.reason, err, tt.want)
		}
	}
}

func TestSkipCodeText(t *testing.T) {
	for c := trail.NotLogging; c <= trail.NoDataEventsOfSource; c++ {
		b, err := c.MarshalText()
		if err != nil {
			t.Fatalf("%d: %v", c, err)
		}
		if string(b) != c.String() || strings.HasPrefix(c.String(), "SkipCode(") {
			t.Errorf("%d: MarshalText %q, String %q", c, b, c.String())
		}
		var back trail.SkipCode
		if err := back.UnmarshalText(b); err != nil || back != c {
			t.Errorf("%s: UnmarshalText gave %v, %v", b, back, err)
		}
	}
	if s := trail.SkipCode(0).String(); s != "SkipCode(0)" {
		t.Errorf("zero code String = %q", s)
	}
	if _, err := trail.SkipCode(200).MarshalText(); err == nil {
		t.Error("MarshalText of a non-code: no error")
	}
	var c trail.SkipCode
	if err := c.UnmarshalText([]byte("Nope")); err == nil {
		t.Error("UnmarshalText of an unknown name: no error")
	}
}

// TestRouteCorpus routes every record of the real corpus through a
// deployment with an organization trail and one trail per corpus account:
// no panic, one entry per trail, every skip with a reason, and every
// delivery key inside the AWSLogs layout.
func TestRouteCorpus(t *testing.T) {
	files := corpustest.Files(t, corpustest.All)
	yes := true
	d := &trail.Deployment{
		Organization: &trail.Organization{ID: "o-exampleorgid", MasterAccountID: "111122223333",
			Accounts: []string{"111122223333", "444455556666", "123456789012"}},
		Trails: []trail.Trail{
			{Name: "org", TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/org", HomeRegion: "us-east-1",
				IsMultiRegionTrail: true, IncludeGlobalServiceEvents: &yes, IsOrganizationTrail: true,
				S3BucketName: "b", S3KeyPrefix: "org",
				InsightSelectors: []selector.Insight{{InsightType: selector.APICallRateInsight}, {InsightType: selector.APIErrorRateInsight}}},
			{Name: "ohio", TrailARN: "arn:aws:cloudtrail:us-east-2:123456789012:trail/ohio", HomeRegion: "us-east-2",
				IncludeGlobalServiceEvents: &yes, S3BucketName: "b2"},
		},
	}
	rt, err := trail.NewRouter(d)
	if err != nil {
		t.Fatal(err)
	}
	var res trail.Result
	var n, delivered int
	for _, f := range files {
		path := f.Path
		for rec, err := range event.Records(bytes.NewReader(f.Data), event.ContinueOnError()) {
			if err != nil {
				continue
			}
			n++
			rt.RouteInto(rec, &res)
			if len(res.Deliveries)+len(res.Skipped) != len(d.Trails) {
				t.Errorf("%s: record %s: %d entries, want %d", path, rec.EventID, len(res.Deliveries)+len(res.Skipped), len(d.Trails))
			}
			delivered += len(res.Deliveries)
			for _, s := range res.Skipped {
				if s.Reason == "" || s.Code == 0 {
					t.Errorf("%s: record %s: skip without code or reason: %+v", path, rec.EventID, s)
				}
			}
			for _, dl := range res.Deliveries {
				if !strings.Contains(dl.KeyPrefix, "AWSLogs/") || !strings.HasSuffix(dl.KeyPrefix, "/") || dl.Region == "" {
					t.Errorf("%s: record %s: bad delivery %+v", path, rec.EventID, dl)
				}
			}
		}
	}
	if n < 1000 {
		t.Errorf("routed %d corpus records, want over 1000", n)
	}
	t.Logf("routed %d corpus records, %d deliveries", n, delivered)
}

// FuzzRoute routes any record the event package reads: no panic, and one
// entry per trail.
func FuzzRoute(f *testing.F) {
	for _, s := range []string{recCreateUser, recGetObject, recRunInst,
		`{"eventType":"AwsCloudTrailInsight","awsRegion":"us-east-1","recipientAccountId":"111122223333","insightDetails":{"insightType":"ApiCallRateInsight","insightContext":{"attributions":[{"attribute":"resourceArn"}]}}}`,
		`{"eventSource":"sts.amazonaws.com","awsRegion":"us-east-1","userIdentity":{"accountId":"444455556666"},"additionalEventData":{"RequestDetails":{"endpointType" : "regional"}}}`,
		`{"eventSource":"signin.amazonaws.com","awsRegion":"","tlsDetails":{"clientProvidedHostHeader":"signin.aws.amazon.com"}}`,
	} {
		f.Add([]byte(s))
	}
	rt, err := trail.NewRouter(routeBenchDeployment(f))
	if err != nil {
		f.Fatal(err)
	}
	n := len(routeBenchDeployment(f).Trails)
	f.Fuzz(func(t *testing.T, b []byte) {
		var res trail.Result
		for rec, err := range event.Records(bytes.NewReader(b), event.ContinueOnError()) {
			if err != nil {
				continue
			}
			rt.RouteInto(rec, &res)
			if got := len(res.Deliveries) + len(res.Skipped); got != n {
				t.Fatalf("%d entries, want %d", got, n)
			}
			r2 := rt.Route(rec)
			if fmt.Sprint(routeFormat(r2)) != routeFormat(res) {
				t.Fatal("Route and RouteInto differ")
			}
		}
	})
}

// TestAggregatedNeedsDataEventsOfSource: aggregated events summarise the
// trail's own data events ("By enabling aggregation on your data events
// ... consolidates data events into 5-minute summaries", on "a trail that
// collects data events": CloudTrail User Guide, "Aggregating data
// events"), so a trail naming the template receives the summaries of an
// eventSource only when its selectors log data events of that source.
func TestAggregatedNeedsDataEventsOfSource(t *testing.T) {
	data := func(fs ...selector.Field) selector.Advanced {
		return selector.Advanced{Fields: append([]selector.Field{{Field: selector.FieldEventCategory, Equals: []string{"Data"}}}, fs...)}
	}
	s3Type := selector.Field{Field: selector.FieldResourcesType, Equals: []string{"AWS::S3::Object"}}
	lambdaType := selector.Field{Field: selector.FieldResourcesType, Equals: []string{"AWS::Lambda::Function"}}
	source := func(op string, v ...string) selector.Field {
		f := selector.Field{Field: selector.FieldEventSource}
		if op == "=" {
			f.Equals = v
		} else {
			f.NotEquals = v
		}
		return f
	}
	mgmt := selector.Advanced{Fields: []selector.Field{{Field: selector.FieldEventCategory, Equals: []string{"Management"}}}}
	tests := []struct {
		reason string
		sels   []selector.Advanced
		basic  []selector.Basic // instead of sels when set
		source string
		want   trail.SkipCode // 0: delivered
	}{
		{"data events of S3 only; the S3 summary is the trail's",
			[]selector.Advanced{data(s3Type, source("=", "s3.amazonaws.com"))}, nil, "s3.amazonaws.com", 0},
		{"data events of S3 only; a Lambda summary summarises events the trail does not log",
			[]selector.Advanced{data(s3Type, source("=", "s3.amazonaws.com"))}, nil, "lambda.amazonaws.com", trail.NoDataEventsOfSource},
		{"management events of every source do not make Lambda's data events the trail's",
			[]selector.Advanced{mgmt, data(s3Type, source("=", "s3.amazonaws.com"))}, nil, "lambda.amazonaws.com", trail.NoDataEventsOfSource},
		{"a second data selector for Lambda logs Lambda's data events",
			[]selector.Advanced{data(s3Type, source("=", "s3.amazonaws.com")), data(lambdaType, source("=", "lambda.amazonaws.com"))}, nil, "lambda.amazonaws.com", 0},
		{"data events of every source but S3: no S3 summary",
			[]selector.Advanced{data(s3Type, source("!=", "s3.amazonaws.com"))}, nil, "s3.amazonaws.com", trail.NoDataEventsOfSource},
		{"data events of every source but S3: a DynamoDB summary",
			[]selector.Advanced{data(s3Type, source("!=", "s3.amazonaws.com"))}, nil, "dynamodb.amazonaws.com", 0},
		// resources.type alone does not narrow the sources: AWS documents
		// no table from resource type to eventSource, and one type has
		// several (AWS::S3::Object data events come from
		// s3.amazonaws.com, s3lifecycle.amazonaws.com and
		// s3-authn-errors.amazonaws.com: CloudTrail User Guide,
		// "Filtering data events by using advanced event selectors",
		// examples 4 and 5).
		{"S3 object data events, no eventSource condition: S3 lifecycle summaries are of the trail's S3 data events",
			[]selector.Advanced{data(s3Type)}, nil, "s3lifecycle.amazonaws.com", 0},
		{"S3 object data events, no eventSource condition: S3 authentication failure summaries too",
			[]selector.Advanced{data(s3Type)}, nil, "s3-authn-errors.amazonaws.com", 0},
		{"S3 object data events, no eventSource condition: without a documented type-to-source table, any source is kept",
			[]selector.Advanced{data(s3Type)}, nil, "lambda.amazonaws.com", 0},
		{"S3 object data events without lifecycle: no lifecycle summary",
			[]selector.Advanced{data(s3Type, source("!=", "s3lifecycle.amazonaws.com"))}, nil, "s3lifecycle.amazonaws.com", trail.NoDataEventsOfSource},
		{"basic selectors logging S3 object data events: no eventSource to narrow by, any source is kept",
			nil, []selector.Basic{{DataResources: []selector.DataResource{{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3:::amzn-s3-demo-bucket/"}}}}}, "dynamodb.amazonaws.com", 0},
	}
	for _, tc := range tests {
		t.Run(tc.reason, func(t *testing.T) {
			d := &trail.Deployment{Trails: []trail.Trail{{
				Name: "agg", TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/agg", HomeRegion: "us-east-1",
				IsMultiRegionTrail: true, S3BucketName: "amzn-s3-demo-bucket", AdvancedEventSelectors: tc.sels, EventSelectors: tc.basic,
				AggregationConfigurations: []selector.Aggregation{{EventCategory: "Data", Templates: []string{"API_ACTIVITY"}}},
			}}}
			r, err := trail.NewRouter(d)
			if err != nil {
				t.Fatal(err)
			}
			doc := fmt.Sprintf(`{"eventVersion":"1.0","accountId":"111122223333","eventId":"2ed87efa-45c1-412d-bc38-7e0879faa6df","eventCategory":"Aggregated","eventType":"AwsAggregatedEvent","awsRegion":"us-east-1","eventSource":%q,"timeWindow":{"windowStart":"2025-11-17T19:20:00Z","windowEnd":"2025-11-17T19:25:00Z","windowSize":"PT5M"},"summary":{"primaryDimension":{"dimension":"eventName","statistics":[],"aggregationType":"Count"}}}`, tc.source)
			rec, err := event.ParseRecord([]byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			// Twice: the second route may come from a remembered outcome.
			for range 2 {
				res := r.Route(rec)
				var got trail.SkipCode
				if len(res.Skipped) == 1 {
					got = res.Skipped[0].Code
					if !strings.Contains(res.Skipped[0].Reason, tc.source) {
						t.Errorf("reason %q does not name the event source", res.Skipped[0].Reason)
					}
				}
				if got != tc.want || len(res.Deliveries)+len(res.Skipped) != 1 {
					t.Fatalf("got %v (deliveries %+v, skipped %+v), want %v", got, res.Deliveries, res.Skipped, tc.want)
				}
			}
		})
	}
}
