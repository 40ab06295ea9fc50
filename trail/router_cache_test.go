package trail_test

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
)

// explainDeployment adds to routeBenchDeployment trails whose selectors
// name every field an explanation can quote.
func explainDeployment(tb testing.TB) *trail.Deployment {
	d := routeBenchDeployment(tb)
	yes := true
	for i, fields := range [][]selector.Field{
		{{Field: "eventCategory", Equals: []string{"Data"}}, {Field: "resources.type", Equals: []string{"AWS::S3::Object"}}, {Field: "userIdentity.arn", NotStartsWith: []string{"arn:aws:sts::111122223333:assumed-role/Admin/"}}},
		{{Field: "eventCategory", Equals: []string{"Data"}}, {Field: "resources.type", Equals: []string{"AWS::Lambda::Function"}}, {Field: "eventName", Equals: []string{"Invoke"}}},
		{{Field: "eventCategory", Equals: []string{"Data"}}, {Field: "resources.type", Equals: []string{"AWS::S3::Object"}}, {Field: "readOnly", Equals: []string{"false"}}},
		{{Field: "eventCategory", Equals: []string{"Data"}}, {Field: "resources.type", Equals: []string{"AWS::S3::Object"}}, {Field: "sessionCredentialFromConsole", Equals: []string{"true"}}, {Field: "eventType", NotEquals: []string{"AwsServiceEvent"}}},
		{{Field: "eventCategory", Equals: []string{"NetworkActivity"}}, {Field: "eventSource", Equals: []string{"s3.amazonaws.com"}}, {Field: "vpcEndpointId", NotEquals: []string{"vpce-1"}}, {Field: "errorCode", Equals: []string{"VpceAccessDenied"}}},
	} {
		name := fmt.Sprintf("fields-%d", i)
		d.Trails = append(d.Trails, trail.Trail{Name: name, TrailARN: "arn:aws:cloudtrail:us-east-1:555566667777:trail/" + name,
			HomeRegion: "us-east-1", IsMultiRegionTrail: true, IncludeGlobalServiceEvents: &yes, S3BucketName: "b",
			AdvancedEventSelectors: []selector.Advanced{{Name: name, Fields: fields}}})
	}
	return d
}

// explainRecord returns a record drawn from small sets of values, so that
// records repeat some members and differ in others.
func explainRecord(rnd *rand.Rand, n int) string {
	pick := func(vals ...string) string { return vals[rnd.Intn(len(vals))] }
	var b strings.Builder
	fmt.Fprintf(&b, `{"eventVersion":%q,"eventTime":"2023-05-01T12:00:00Z","eventID":"e%d","awsRegion":%q,"recipientAccountId":%q`,
		pick("1.05", "1.08", "1.10"), n, pick("us-east-1", "eu-west-1"), pick("444455556666", "111122223333", "555566667777"))
	fmt.Fprintf(&b, `,"userIdentity":{"type":"AssumedRole","arn":%q}`,
		pick("arn:aws:sts::111122223333:assumed-role/Admin/s", "arn:aws:sts::111122223333:assumed-role/Dev/s")+fmt.Sprint(rnd.Intn(50)))
	source, name := pick("s3.amazonaws.com", "lambda.amazonaws.com", "ec2.amazonaws.com", "kms.amazonaws.com"), pick("GetObject", "Invoke", "RunInstances", "Decrypt")
	fmt.Fprintf(&b, `,"eventSource":%q,"eventName":%q`, source, name)
	if c := pick("Management", "Data", "NetworkActivity", ""); c != "" {
		fmt.Fprintf(&b, `,"eventCategory":%q`, c)
	}
	if m := pick("true", "false", ""); m != "" {
		fmt.Fprintf(&b, `,"managementEvent":%s`, m)
	}
	if r := pick("true", "false", ""); r != "" {
		fmt.Fprintf(&b, `,"readOnly":%s`, r)
	}
	if e := pick("VpceAccessDenied", "", "ThrottlingException"); e != "" {
		fmt.Fprintf(&b, `,"errorCode":%q`, e)
	}
	if c := pick("true", "false", ""); c != "" {
		fmt.Fprintf(&b, `,"sessionCredentialFromConsole":%q`, c)
	}
	if v := pick("vpce-1", "vpce-2", ""); v != "" {
		fmt.Fprintf(&b, `,"vpcEndpointId":%q`, v)
	}
	fmt.Fprintf(&b, `,"eventType":%q`, pick("AwsApiCall", "AwsServiceEvent", "AwsVpceEvent"))
	switch rnd.Intn(5) {
	case 0:
	case 1:
		fmt.Fprintf(&b, `,"resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::%s/o%d"}]`, pick("amzn-s3-demo-bucket1", "other"), rnd.Intn(1000))
	case 2:
		fmt.Fprintf(&b, `,"resources":[{"type":"AWS::Lambda::Function","ARN":"arn:aws:lambda:us-east-1:444455556666:function:f%d"},{"type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::b"}]`, rnd.Intn(1000))
	case 3:
		b.WriteString(`,"resources":[]`)
	case 4: // ListObjects names the objects it lists by ARNPrefix
		fmt.Fprintf(&b, `,"resources":[{"type":"AWS::S3::Object","ARNPrefix":"arn:aws:s3:::%s/"}]`, pick("amzn-s3-demo-bucket1", "other"))
	}
	b.WriteString("}")
	return b.String()
}

// TestExplainRemembered: RouteInto, which remembers the sentences of
// selector misses by the members the trail's selectors name, says what
// Route, which remembers nothing, says, for records that repeat some
// members and differ in others (new object ARNs, sessions, missing
// eventCategory).
func TestExplainRemembered(t *testing.T) {
	rt, err := trail.NewRouter(explainDeployment(t))
	if err != nil {
		t.Fatal(err)
	}
	rnd := rand.New(rand.NewSource(1))
	var res trail.Result
	for i := 0; i < 3000; i++ {
		s := explainRecord(rnd, i)
		rec := routeMustRecord(t, s)
		rt.RouteInto(rec, &res)
		if got, want := routeFormat(res), routeFormat(rt.Route(rec)); got != want {
			t.Fatalf("record %d %s\nRouteInto:\n%s\nRoute:\n%s", i, s, got, want)
		}
	}
}

// TestExplainNewARNNoAllocs: a data event on an object never seen before
// is explained from memory by trails whose selectors do not name
// resources.ARN: routing it allocates nothing once the trails that do
// name it are left out.
func TestExplainNewARNNoAllocs(t *testing.T) {
	d := routeBenchDeployment(t)
	var trails []trail.Trail
	for _, tr := range d.Trails {
		if !strings.HasSuffix(tr.TrailARN, "/s3-data") {
			trails = append(trails, tr)
		}
	}
	d.Trails = trails
	rt, err := trail.NewRouter(d)
	if err != nil {
		t.Fatal(err)
	}
	recs := make([]*event.Record, 102)
	for j := range recs {
		recs[j] = routeMustRecord(t, strings.Replace(recGetObject, "a.txt", fmt.Sprintf("new-%d.txt", j), 1))
	}
	var res trail.Result
	rt.RouteInto(recs[0], &res) // the first explains
	j := 1
	allocs := testing.AllocsPerRun(100, func() {
		rt.RouteInto(recs[j], &res)
		j++
	})
	if allocs != 0 {
		t.Errorf("RouteInto allocates %.1f times per record of a new object ARN, want 0", allocs)
	}
	if len(res.Skipped) == 0 {
		t.Error("no trail skips the data event: nothing was explained")
	}
}
