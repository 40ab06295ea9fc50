package trail_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/internal/corpustest"
	"github.com/trailmap/trailmap/internal/jsonwire"
	"github.com/trailmap/trailmap/internal/txtar"
	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
)

// keepMembers returns the record raw with only the top-level members
// keep names, each written as it was, in its order (repeats included),
// and of an object member not named, the members whose path keep names
// ("userIdentity.arn"), and ok false when raw is not a JSON object. It is
// how the tests zero the other members without event.DecodeOnly: the
// record decoded from it has them absent.
func keepMembers(raw []byte, keep func(name string) bool) ([]byte, bool) {
	return keepPaths(string(raw), "", keep)
}

// keepPaths is keepMembers for the object s at path (its members'
// paths prefixed with path and '.'): a member keep reports is kept
// whole, and an object member some of whose members' paths keep reports
// is kept with those only.
func keepPaths(s, path string, keep func(name string) bool) ([]byte, bool) {
	sc := jsonwire.New(s)
	if sc.BeginObject() != nil {
		return nil, false
	}
	out := []byte{'{'}
	for {
		key, ok, err := sc.NextKey()
		if err != nil {
			return nil, false
		}
		if !ok {
			break
		}
		val, err := sc.SkipValue()
		if err != nil {
			return nil, false
		}
		switch {
		case keep(path + key):
		case path != "" || !strings.HasPrefix(val, "{"):
			continue
		default:
			b, _ := keepPaths(val, key+".", keep)
			if len(b) == 2 {
				continue // none of its members kept
			}
			val = string(b)
		}
		out = jsonwire.AppendRawMember(out, key, []byte(val))
	}
	return append(out, '}'), true
}

// membersRecord is one record of the property tests: its text as
// published and where it comes from.
type membersRecord struct {
	what string
	raw  []byte
	full *event.Record
}

// membersDeployment is one deployment of the property tests, and the
// Router options to route it with.
type membersDeployment struct {
	name string
	d    *trail.Deployment
	opts []trail.Option
}

// membersDeployments returns deployments whose Members differ: the
// demo's, the route scenarios', the benchmarks', and ones whose
// selectors name one member each (userIdentity.arn, resources.ARN,
// errorCode, vpcEndpointId, readOnly, sessionCredentialFromConsole,
// eventType), with Insights and aggregation, and random ones.
func membersDeployments(t *testing.T) []membersDeployment {
	t.Helper()
	var out []membersDeployment
	add := func(name string, d *trail.Deployment, opts ...trail.Option) {
		if _, err := trail.NewRouter(d, opts...); err != nil {
			return // the invalid scenarios
		}
		out = append(out, membersDeployment{name, d, opts})
	}
	b, err := os.ReadFile(filepath.Join("..", "cmd", "trailmap", "demo", "deployment.json"))
	if err != nil {
		t.Fatal(err)
	}
	var demo trail.Deployment
	if err := json.Unmarshal(b, &demo); err != nil {
		t.Fatal(err)
	}
	add("demo", &demo)
	add("demo-delivery-time", &demo, trail.WithDeliveryTime(time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)))
	add("demo-without-reasons", &demo, trail.WithoutReasons(), trail.WithoutOtherAccounts())
	add("bench", routeBenchDeployment(t))
	add("explain", explainDeployment(t))

	yes := true
	insights := []selector.Insight{{InsightType: "ApiCallRateInsight"}}
	dataInsights := []selector.Insight{{InsightType: "ApiErrorRateInsight", EventCategories: []string{"Data"}}}
	aggs := []selector.Aggregation{{EventCategory: "Data", Templates: []string{"API_ACTIVITY", "USER_ACTIONS"}}}
	s3 := selector.Field{Field: "resources.type", Equals: []string{"AWS::S3::Object"}}
	data := selector.Field{Field: "eventCategory", Equals: []string{"Data"}}
	network := selector.Field{Field: "eventCategory", Equals: []string{"NetworkActivity"}}
	for i, fields := range [][]selector.Field{
		{{Field: "eventCategory", Equals: []string{"Management"}}},
		{data, s3, {Field: "userIdentity.arn", NotStartsWith: []string{"arn:aws:sts::111122223333:assumed-role/Admin/"}}},
		{data, s3, {Field: "resources.ARN", StartsWith: []string{"arn:aws:s3:::amzn-s3-demo-bucket1/"}}},
		{data, {Field: "resources.type", Equals: []string{"AWS::Lambda::Function"}}},
		{network, {Field: "eventSource", Equals: []string{"kms.amazonaws.com"}}, {Field: "errorCode", Equals: []string{"VpceAccessDenied"}}},
		{network, {Field: "eventSource", Equals: []string{"s3.amazonaws.com"}}, {Field: "vpcEndpointId", NotEquals: []string{"vpce-1"}}},
		{network, {Field: "eventSource", Equals: []string{"kms.amazonaws.com"}}, {Field: "userIdentity.arn", StartsWith: []string{"arn:aws:iam::"}}},
		{{Field: "eventCategory", Equals: []string{"Management"}}, {Field: "readOnly", Equals: []string{"false"}}},
		{data, s3, {Field: "sessionCredentialFromConsole", Equals: []string{"true"}}},
		{data, s3, {Field: "eventType", NotEquals: []string{"AwsServiceEvent"}}},
		{data, s3, {Field: "eventName", Equals: []string{"GetObject", "PutObject"}}},
	} {
		name := fmt.Sprintf("fields-%d", i)
		d := &trail.Deployment{
			Organization: &trail.Organization{ID: "o-exampleorgid", MasterAccountID: "111122223333",
				Accounts: []string{"111122223333", "444455556666", "123456789012"}},
			Trails: []trail.Trail{
				{Name: "org", TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/org", HomeRegion: "us-east-1",
					IsMultiRegionTrail: true, IncludeGlobalServiceEvents: &yes, IsOrganizationTrail: true, S3BucketName: "b",
					AdvancedEventSelectors: []selector.Advanced{{Name: name, Fields: fields}},
					InsightSelectors:       insights},
				{Name: "ireland", TrailARN: "arn:aws:cloudtrail:eu-west-1:444455556666:trail/ireland", HomeRegion: "eu-west-1",
					IncludeGlobalServiceEvents: &yes, S3BucketName: "b2", CloudWatchLogsLogGroupArn: "arn:aws:logs:eu-west-1:444455556666:log-group:ct:*",
					AdvancedEventSelectors: []selector.Advanced{{Name: name, Fields: fields}}},
			},
		}
		switch fields[0].Equals[0] {
		case "NetworkActivity":
			d.Trails[0].InsightSelectors = nil
		case "Data":
			d.Trails[0].AggregationConfigurations = aggs
			d.Trails[0].InsightSelectors = dataInsights
		}
		if _, err := trail.NewRouter(d); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		add(name, d)
	}
	files, err := filepath.Glob(filepath.Join("testdata", "route", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no route scenarios: %v", err)
	}
	for _, f := range files {
		a, err := txtar.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := a.Get("deployment.json")
		var d trail.Deployment
		if err := json.Unmarshal(b, &d); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		add(strings.TrimSuffix(filepath.Base(f), ".txtar"), &d)
	}
	r := rand.New(rand.NewSource(11))
	for i := range 6 {
		add(fmt.Sprintf("random-%d", i), randomDeployment(r))
	}
	return out
}

// membersTestdata returns the records of the package's and the event
// package's testdata, the records of the route scenarios, random
// records of every kind, and hand-made ones for the members few records
// carry.
func membersTestdata(t *testing.T) []membersRecord {
	t.Helper()
	var out []membersRecord
	addText := func(what string, b []byte) {
		rd := event.NewReader(bytes.NewReader(b), event.ContinueOnError())
		for i := 0; ; i++ {
			_, err := rd.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				continue
			}
			out = append(out, membersRecord{what: fmt.Sprintf("%s#%d", what, i), raw: bytes.Clone(rd.Raw())})
		}
	}
	var files []string
	for _, pat := range []string{"../event/testdata/records/*.json", "../event/testdata/aggregated/*.json"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		addText(f, b)
	}
	scenarios, _ := filepath.Glob(filepath.Join("testdata", "route", "*.txtar"))
	for _, f := range scenarios {
		a, err := txtar.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := a.Get("record.json")
		addText(f, b)
	}
	r := rand.New(rand.NewSource(5))
	times := []time.Time{time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), time.Date(2020, 5, 1, 23, 59, 59, 0, time.UTC)}
	for i := range 400 {
		rec := randomRecord(r, times[i%2])
		addText(fmt.Sprintf("random %d", i), rec.AppendJSON(nil))
	}
	for i := range 200 {
		addText(fmt.Sprintf("explain %d", i), []byte(explainRecord(r, i)))
	}
	for i, s := range []string{
		recCreateUser, recGetObject, recRunInst, recAssumeRoleHost,
		// An event data store's Insights record: flat insight* members.
		`{"eventVersion":"1.08","eventTime":"2023-05-01T12:00:00Z","awsRegion":"us-east-1","recipientAccountId":"111122223333","eventType":"AwsCloudTrailInsight","eventCategory":"Insight","insightType":"ApiErrorRateInsight","insightEventSource":"ec2.amazonaws.com","insightEventName":"RunInstances","insightState":"Start"}`,
		// Insights: call rate on management events, error rate on data events.
		`{"eventVersion":"1.08","eventTime":"2023-05-01T12:00:00Z","awsRegion":"us-east-1","recipientAccountId":"123456789012","eventType":"AwsCloudTrailInsight","eventCategory":"Insight","insightDetails":{"state":"Start","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","insightType":"ApiCallRateInsight"}}`,
		`{"eventVersion":"1.08","eventTime":"2023-05-01T12:00:00Z","awsRegion":"us-east-1","recipientAccountId":"111122223333","eventType":"AwsCloudTrailInsight","insightDetails":{"state":"Start","eventSource":"s3.amazonaws.com","eventName":"GetObject","insightType":"ApiErrorRateInsight","sourceEventCategory":"Data"}}`,
		// A global STS call through the global endpoint, told by its host header only.
		`{"eventVersion":"1.08","eventTime":"2023-05-01T12:00:00Z","eventSource":"sts.amazonaws.com","eventName":"GetCallerIdentity","awsRegion":"us-east-1","recipientAccountId":"444455556666","eventCategory":"Management","managementEvent":true,"tlsDetails":{"clientProvidedHostHeader":"sts.amazonaws.com"}}`,
		`{"eventVersion":"1.08","eventTime":"2020-05-01T12:00:00Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"eu-west-1","recipientAccountId":"444455556666","eventCategory":"Management","managementEvent":true,"tlsDetails":{"clientProvidedHostHeader":"sts.amazonaws.com"}}`,
		`{"eventVersion":"1.08","eventTime":"2020-05-01T12:00:00Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"us-east-1","recipientAccountId":"444455556666","eventCategory":"Management","additionalEventData":{"RequestDetails":{"endpointType":"regional","awsServingRegion":"us-east-1"}}}`,
		// Records older than 1.02: the account is userIdentity's.
		`{"eventVersion":"1.01","userIdentity":{"type":"IAMUser","accountId":"444455556666","arn":"arn:aws:iam::444455556666:user/Alice"},"eventTime":"2014-05-01T12:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"eu-west-1","resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::amzn-s3-demo-bucket1/a"}]}`,
		`{"eventVersion":"1.0","userIdentity":{"type":"Root","accountId":"111122223333"},"eventTime":"2014-05-01T12:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1"}`,
		// A network activity event named by its VPC endpoint owner.
		`{"eventVersion":"1.09","userIdentity":{"type":"AWSAccount","accountId":"777788889999"},"eventTime":"2024-05-01T12:00:00Z","eventSource":"kms.amazonaws.com","eventName":"Decrypt","awsRegion":"us-east-1","eventType":"AwsVpceEvent","eventCategory":"NetworkActivity","vpcEndpointId":"vpce-2","vpcEndpointAccountId":"123456789012","errorCode":"VpceAccessDenied"}`,
		// Members of other types than documented, and unknown ones.
		`{"eventVersion":"1.08","eventTime":12,"eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"us-east-1","recipientAccountId":"111122223333","readOnly":"maybe","resources":{},"errorCode":7,"newMember":{"a":1}}`,
		`{"eventVersion":"1.08","eventTime":"not a time","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"us-east-1","recipientAccountId":"111122223333","sessionCredentialFromConsole":"true","readOnly":"true"}`,
		// An aggregated event's type under another category: its time is
		// still its timeWindow's end (event.Record.Occurred).
		`{"eventVersion":"1.0","accountId":"111122223333","recipientAccountId":"111122223333","eventCategory":"Management","eventType":"AwsAggregatedEvent","awsRegion":"us-east-1","eventSource":"s3.amazonaws.com","timeWindow":{"windowStart":"2024-05-01T00:00:00Z","windowEnd":"2024-05-01T00:05:00Z"},"summary":{"primaryDimension":{"dimension":"eventName"}}}`,
		`{"eventVersion":"1.0","recipientAccountId":"111122223333","eventCategory":"Aggregated","eventType":"AwsApiCall","awsRegion":"us-east-1","eventSource":"s3.amazonaws.com","timeWindow":{"windowStart":"2024-05-01T00:00:00Z","windowEnd":"2024-05-01T00:05:00Z"},"summary":{"primaryDimension":{"dimension":"eventName"}}}`,
		// Event times at the edges: the zero time.Time, a fraction and an
		// offset, a year without four digits, a date only.
		`{"eventTime":"0001-01-01T00:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1","recipientAccountId":"111122223333"}`,
		`{"eventTime":"2021-11-21T23:59:59.999+00:00","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1","recipientAccountId":"111122223333"}`,
		`{"eventTime":"2021-11-22T01:00:00+02:00","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"eu-west-1","recipientAccountId":"444455556666","tlsDetails":{"clientProvidedHostHeader":"sts.amazonaws.com"}}`,
		`{"eventTime":"10000-01-01T00:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"us-east-1","recipientAccountId":"111122223333"}`,
		`{"eventTime":"2023-05-01","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"us-east-1","recipientAccountId":"111122223333"}`,
		`{"eventTime":null,"eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"us-east-1","recipientAccountId":"111122223333"}`,
		// Repeated members: the last one counts.
		`{"eventName":"A","awsRegion":"eu-west-1","eventSource":"ec2.amazonaws.com","recipientAccountId":"111122223333","eventTime":"2024-05-01T12:00:00Z","awsRegion":"us-east-1","eventName":"RunInstances"}`,
	} {
		addText(fmt.Sprintf("hand-made %d", i), []byte(s))
	}
	return out
}

// membersCorpus returns the records of the real corpus, skipping the
// test when it is absent.
func membersCorpus(t *testing.T) []membersRecord {
	t.Helper()
	var out []membersRecord
	for _, r := range corpustest.Records(t, corpustest.All) {
		out = append(out, membersRecord{what: r.String(), raw: r.Raw})
	}
	return out
}

// partialRecord decodes raw with only the members named, or whole when
// the Router says the record needs it (NeedsWhole).
func partialRecord(rt *trail.Router, raw []byte, members []string) (*event.Record, error) {
	keep := func(name string) bool { return members == nil || slices.Contains(members, name) }
	b, ok := keepMembers(raw, keep)
	if !ok {
		return nil, fmt.Errorf("not an object")
	}
	rec, err := event.ParseRecord(b)
	if err != nil || !rt.NeedsWhole(rec) {
		return rec, err
	}
	return event.ParseRecord(raw)
}

// checkMembers routes every record whole and with only Members (and
// userIdentity when NeedsWhole says so) through every deployment, and
// fails when the Results differ. It returns how many records it routed.
func checkMembers(t *testing.T, deps []membersDeployment, recs []membersRecord) int {
	t.Helper()
	n := 0
	for i := range recs {
		if recs[i].full == nil {
			full, err := event.ParseRecord(recs[i].raw)
			if err != nil {
				continue
			}
			recs[i].full = full
		}
	}
	for _, d := range deps {
		rt, err := trail.NewRouter(d.d, d.opts...)
		if err != nil {
			t.Fatal(err)
		}
		members := rt.Members()
		less, c := rt.MembersIf()
		var res trail.Result
		for k, r := range recs {
			if r.full == nil {
				continue
			}
			// Every other record with MembersIf's members: its
			// condition's members when the record calls for them.
			ms := members
			if k%2 == 1 && members != nil {
				ms = less
				if c.When(r.full.EventSource) {
					ms = append(slices.Clip(less), c.Members...)
				}
			}
			part, err := partialRecord(rt, r.raw, ms)
			if err != nil {
				t.Fatalf("%s: %s: %v", d.name, r.what, err)
			}
			want := rt.Route(r.full)
			got := rt.Route(part)
			rt.RouteInto(part, &res)
			if !sameResult(&got, &want) || !sameResult(&res, &want) {
				t.Errorf("%s: %s: routed with only %q:\n%s\nwhole:\n%s", d.name, r.what, ms, routeFormat(got), routeFormat(want))
				return n
			}
			if !bytes.Equal(got.AppendJSON(nil, r.full), want.AppendJSON(nil, r.full)) {
				t.Errorf("%s: %s: lines differ", d.name, r.what)
			}
			n++
		}
	}
	return n
}

// TestMembersTestdata: routing a record of which only Router.Members were
// decoded (the others removed from its text, not left to
// event.DecodeOnly) gives the Result routing it whole gives, for the
// records of the testdata and random records of every kind, through
// deployments whose selectors name each member.
func TestMembersTestdata(t *testing.T) {
	n := checkMembers(t, membersDeployments(t), membersTestdata(t))
	t.Logf("%d records routed", n)
}

// TestMembersCorpus is TestMembersTestdata for the records of the real
// corpus.
func TestMembersCorpus(t *testing.T) {
	recs := membersCorpus(t)
	if len(recs) < 1000 {
		t.Fatalf("%d corpus records, want over 1000", len(recs))
	}
	n := checkMembers(t, membersDeployments(t), recs)
	t.Logf("%d records routed", n)
}

// TestMembersNeeded: every member Members names is needed: without it,
// some record of the testdata is routed otherwise through some deployment
// (so the property tests can fail: a member left out of Members would
// make them fail), or needs reading whole (NeedsWhole), though it does
// not with all of Members (insightDetails: Insights records).
func TestMembersNeeded(t *testing.T) {
	deps := membersDeployments(t)
	recs := membersTestdata(t)
	for i := range recs {
		recs[i].full, _ = event.ParseRecord(recs[i].raw)
	}
	needed := map[string]string{}
	all := map[string]bool{}
	for _, d := range deps {
		rt, err := trail.NewRouter(d.d, d.opts...)
		if err != nil {
			t.Fatal(err)
		}
		members := rt.Members()
		for _, m := range members {
			all[m] = true
			if needed[m] != "" {
				continue
			}
			fewer := slices.DeleteFunc(slices.Clone(members), func(s string) bool { return s == m })
			for _, r := range recs {
				if r.full == nil {
					continue
				}
				b, ok := keepMembers(r.raw, func(name string) bool { return slices.Contains(fewer, name) })
				if !ok {
					continue
				}
				part, err := event.ParseRecord(b)
				if err != nil {
					continue
				}
				got, want := rt.Route(part), rt.Route(r.full)
				if !sameResult(&got, &want) && !rt.NeedsWhole(part) || rt.NeedsWhole(part) && !wholeWithAll(rt, r.raw, members) {
					needed[m] = d.name + ": " + r.what
					break
				}
			}
		}
	}
	for m := range all {
		if needed[m] == "" {
			t.Errorf("member %q: no record is routed otherwise without it, through any deployment", m)
		} else {
			t.Logf("%s: needed by %s", m, needed[m])
		}
	}
}

// wholeWithAll reports whether the record raw, with only members,
// needs reading whole.
func wholeWithAll(rt *trail.Router, raw []byte, members []string) bool {
	b, _ := keepMembers(raw, func(name string) bool { return slices.Contains(members, name) })
	rec, err := event.ParseRecord(b)
	return err == nil && rt.NeedsWhole(rec)
}

// TestMembers: what Members names for deployments whose selectors name
// different fields.
func TestMembers(t *testing.T) {
	base := []string{"additionalEventData", "awsRegion", "eventCategory", "eventName", "eventSource",
		"eventTime", "eventType", "insightDetails", "managementEvent", "recipientAccountId",
		"tlsDetails", "vpcEndpointAccountId"}
	yes := true
	for _, tc := range []struct {
		reason string
		sels   []selector.Advanced
		basic  []selector.Basic
		extra  []string
	}{
		{"no selectors: all management events", nil, nil, nil},
		{"basic write-only: readOnly", nil, []selector.Basic{{ReadWriteType: selector.WriteOnly}}, []string{"readOnly"}},
		{"basic data events: resources", nil, []selector.Basic{{ReadWriteType: selector.All,
			DataResources: []selector.DataResource{{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3"}}}}}, []string{"resources"}},
		{"userIdentity.arn: that path, and userIdentity.accountId for the account of records older than recipientAccountId",
			[]selector.Advanced{{Fields: []selector.Field{{Field: "eventCategory", Equals: []string{"NetworkActivity"}},
				{Field: "eventSource", Equals: []string{"kms.amazonaws.com"}},
				{Field: "userIdentity.arn", StartsWith: []string{"arn:aws:iam::"}}}}}, nil, []string{"userIdentity.arn", "userIdentity.accountId"}},
		{"errorCode and vpcEndpointId", []selector.Advanced{{Fields: []selector.Field{{Field: "eventCategory", Equals: []string{"NetworkActivity"}},
			{Field: "eventSource", Equals: []string{"kms.amazonaws.com"}},
			{Field: "errorCode", Equals: []string{"VpceAccessDenied"}}, {Field: "vpcEndpointId", Equals: []string{"vpce-1"}}}}}, nil,
			[]string{"errorCode", "vpcEndpointId"}},
		{"sessionCredentialFromConsole and resources.type", []selector.Advanced{{Fields: []selector.Field{{Field: "eventCategory", Equals: []string{"Data"}},
			{Field: "resources.type", Equals: []string{"AWS::S3::Object"}},
			{Field: "sessionCredentialFromConsole", Equals: []string{"true"}}}}}, nil, []string{"resources", "sessionCredentialFromConsole"}},
	} {
		d := &trail.Deployment{Trails: []trail.Trail{{Name: "audit", TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit",
			HomeRegion: "us-east-1", IsMultiRegionTrail: true, IncludeGlobalServiceEvents: &yes, S3BucketName: "b",
			AdvancedEventSelectors: tc.sels, EventSelectors: tc.basic}}}
		rt, err := trail.NewRouter(d)
		if err != nil {
			t.Fatalf("%s: %v", tc.reason, err)
		}
		want := append(slices.Clone(base), tc.extra...)
		slices.Sort(want)
		if got := rt.Members(); !slices.Equal(got, want) {
			t.Errorf("%s: Members() = %q, want %q", tc.reason, got, want)
		}
		// MembersIf: the same less tlsDetails and additionalEventData,
		// which are read of global services' records only.
		less, c := rt.MembersIf()
		wantLess := slices.DeleteFunc(slices.Clone(want), func(m string) bool { return m == "tlsDetails" || m == "additionalEventData" })
		if !slices.Equal(less, wantLess) || c.Key != "eventSource" || !slices.Equal(c.Members, []string{"tlsDetails", "additionalEventData"}) {
			t.Errorf("%s: MembersIf() = %q, %q %q, want %q, eventSource [tlsDetails additionalEventData]", tc.reason, less, c.Key, c.Members, wantLess)
		}
		for src, global := range map[string]bool{"sts.amazonaws.com": true, "iam.amazonaws.com": true, "signin.amazonaws.com": true,
			"cloudfront.amazonaws.com": true, "s3.amazonaws.com": false, "": false} {
			if c.When(src) != global {
				t.Errorf("%s: MembersIf's When(%q) = %v, want %v", tc.reason, src, !global, global)
			}
		}
	}
}

// TestNeedsWhole: a record that names its account only in
// userIdentity, read without userIdentity, needs reading whole, unless
// the selectors read userIdentity anyway.
func TestNeedsWhole(t *testing.T) {
	yes := true
	plain := &trail.Deployment{Trails: []trail.Trail{{Name: "audit", TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit",
		HomeRegion: "us-east-1", IsMultiRegionTrail: true, IncludeGlobalServiceEvents: &yes, S3BucketName: "b"}}}
	byARN := &trail.Deployment{Trails: []trail.Trail{{Name: "audit", TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit",
		HomeRegion: "us-east-1", IsMultiRegionTrail: true, IncludeGlobalServiceEvents: &yes, S3BucketName: "b",
		AdvancedEventSelectors: []selector.Advanced{{Fields: []selector.Field{{Field: "eventCategory", Equals: []string{"Data"}},
			{Field: "resources.type", Equals: []string{"AWS::S3::Object"}},
			{Field: "userIdentity.arn", StartsWith: []string{"arn:aws:iam::"}}}}}}}}
	for _, tc := range []struct {
		reason string
		d      *trail.Deployment
		rec    string
		want   bool
	}{
		{"recipientAccountId names the account", plain, `{"recipientAccountId":"111122223333","awsRegion":"us-east-1"}`, false},
		{"no recipient, userIdentity not read", plain, `{"awsRegion":"us-east-1"}`, true},
		{"no recipient, userIdentity read", plain, `{"awsRegion":"us-east-1","userIdentity":{"accountId":"111122223333"}}`, false},
		{"network activity: the endpoint owner", plain, `{"eventCategory":"NetworkActivity","vpcEndpointAccountId":"111122223333"}`, false},
		{"aggregated: accountId, timeWindow and summary are not modelled", plain, `{"eventCategory":"Aggregated","accountId":"111122223333","recipientAccountId":"111122223333"}`, true},
		{"aggregated by its eventType", plain, `{"eventType":"AwsAggregatedEvent"}`, true},
		{"eventType AwsAggregatedEvent under another category: its time is its timeWindow's", plain,
			`{"eventCategory":"Management","eventType":"AwsAggregatedEvent","recipientAccountId":"111122223333"}`, true},
		{"an event data store's Insights record: insightType is not modelled", plain, `{"eventCategory":"Insight","insightType":"ApiCallRateInsight","recipientAccountId":"111122223333"}`, true},
		{"a trail's Insights record", plain, `{"eventCategory":"Insight","insightDetails":{"insightType":"ApiCallRateInsight"},"recipientAccountId":"111122223333"}`, false},
		{"selectors read userIdentity: decoded, it names no account", byARN, `{"awsRegion":"us-east-1","userIdentity":{"type":"AWSService","invokedBy":"s3.amazonaws.com"}}`, false},
	} {
		rt, err := trail.NewRouter(tc.d)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := event.ParseRecord([]byte(tc.rec))
		if err != nil {
			t.Fatal(err)
		}
		if got := rt.NeedsWhole(rec); got != tc.want {
			t.Errorf("%s: NeedsWhole = %v, want %v", tc.reason, got, tc.want)
		}
	}
}

// checkDecodeOnly reads each input twice, whole and with
// event.DecodeOnly(Router.Members()...) and eventID, as trailmap route
// reads it (a record NeedsWhole reports decoded again whole from its
// text), and fails when a record is routed otherwise or its line
// (Result.AppendJSON) differs by a byte. It returns how many records it
// routed.
func checkDecodeOnly(t *testing.T, deps []membersDeployment, inputs map[string][]byte) int {
	t.Helper()
	n := 0
	for _, d := range deps {
		rt, err := trail.NewRouter(d.d, d.opts...)
		if err != nil {
			t.Fatal(err)
		}
		var resWhole, resOnly trail.Result
		for _, cond := range []bool{false, true} {
			for name, b := range inputs {
				whole := event.NewReader(bytes.NewReader(b), event.ContinueOnError())
				only := event.NewReader(bytes.NewReader(b), onlyOptions(rt, cond, "eventID")...)
				var recWhole, recOnly event.Record
				var lineWhole, lineOnly []byte
				for i := 0; ; i++ {
					errWhole := whole.ReadRecord(&recWhole)
					errOnly := only.ReadRecord(&recOnly)
					if (errWhole == nil) != (errOnly == nil) {
						t.Fatalf("%s: %s: record %d: whole: %v, DecodeOnly: %v", d.name, name, i, errWhole, errOnly)
					}
					if errWhole == io.EOF {
						break
					}
					if errWhole != nil {
						continue
					}
					rec := &recOnly
					if rt.NeedsWhole(rec) {
						if rec, err = event.ParseRecord(only.Raw()); err != nil {
							t.Fatalf("%s: %s: record %d: %v", d.name, name, i, err)
						}
					}
					rt.RouteInto(&recWhole, &resWhole)
					rt.RouteInto(rec, &resOnly)
					if !sameResult(&resWhole, &resOnly) {
						t.Errorf("%s: %s: record %d: routed with DecodeOnly(%q) (MembersIf: %v):\n%s\nwhole:\n%s", d.name, name, i, rt.Members(), cond,
							routeFormat(resOnly), routeFormat(resWhole))
						return n
					}
					lineWhole, lineOnly = resWhole.AppendJSON(lineWhole[:0], &recWhole), resOnly.AppendJSON(lineOnly[:0], rec)
					if !bytes.Equal(lineWhole, lineOnly) {
						t.Errorf("%s: %s: record %d: with DecodeOnly(%q) (MembersIf: %v) the line is\n%s\nwhole:\n%s", d.name, name, i, rt.Members(), cond, lineOnly, lineWhole)
						return n
					}
					n++
				}
			}
		}
	}
	return n
}

// onlyOptions returns the options of a Reader that reads the members
// routing reads under rt: event.DecodeOnly of Members, or with cond of
// MembersIf, with event.DecodeOnlyIf; and the extra members, when rt
// reads some members only.
func onlyOptions(rt *trail.Router, cond bool, extra ...string) []event.ReadOption {
	members, c := rt.Members(), event.Condition{}
	if cond {
		members, c = rt.MembersIf()
	}
	if members != nil {
		members = append(members, extra...)
	}
	return []event.ReadOption{event.ContinueOnError(), event.DecodeOnly(members...), event.DecodeOnlyIf(c)}
}

// TestMembersDecodeOnly: records read with
// event.DecodeOnly(Router.Members()...) are routed as records read whole,
// for the testdata's records and random records of every kind.
func TestMembersDecodeOnly(t *testing.T) {
	inputs := map[string][]byte{}
	var lines []byte
	for _, r := range membersTestdata(t) {
		lines = append(append(lines, r.raw...), '\n')
	}
	inputs["testdata as JSON lines"] = lines
	for _, pat := range []string{"../event/testdata/records/*.json", "../event/testdata/aggregated/*.json"} {
		files, _ := filepath.Glob(pat)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			inputs[f] = b
		}
	}
	n := checkDecodeOnly(t, membersDeployments(t), inputs)
	t.Logf("%d records routed", n)
}

// TestMembersDecodeOnlyCorpus is TestMembersDecodeOnly for the files of
// the real corpus.
func TestMembersDecodeOnlyCorpus(t *testing.T) {
	deps := membersDeployments(t)
	// Each file through one deployment in turn, or through every one
	// when corpustest.Long.
	inputs := make([]map[string][]byte, len(deps))
	for i := range inputs {
		inputs[i] = map[string][]byte{}
	}
	for i, f := range corpustest.Files(t, corpustest.All) {
		for j := range deps {
			if corpustest.Long() || i%len(deps) == j {
				inputs[j][f.Path] = f.Data
			}
		}
	}
	n := 0
	for j, d := range deps {
		n += checkDecodeOnly(t, []membersDeployment{d}, inputs[j])
	}
	t.Logf("%d records routed", n)
}

// FuzzMembersDecodeOnly reads any input whole and with
// event.DecodeOnly(Router.Members()...), decoding whole again what
// NeedsWhole reports, through a deployment whose selectors name few
// members and one whose selectors name them all: the records, errors
// apart, must route alike.
func FuzzMembersDecodeOnly(f *testing.F) {
	for _, s := range []string{recCreateUser, recGetObject, recRunInst, recAssumeRoleHost,
		`{"Records":[` + recCreateUser + `,` + recGetObject + `]}`,
		`{"eventVersion":"1.01","userIdentity":{"type":"Root","accountId":"444455556666"},"eventTime":"2014-05-01T12:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1"}`,
		`{"eventVersion":"1.0","accountId":"444455556666","eventCategory":"Aggregated","eventType":"AwsAggregatedEvent","awsRegion":"us-west-2","eventSource":"s3.amazonaws.com","timeWindow":{"windowStart":"2024-05-01T00:00:00Z","windowEnd":"2024-05-01T00:05:00Z"},"summary":{"primaryDimension":{"dimension":"eventName"}}}`,
		`{"eventType":"AwsCloudTrailInsight","awsRegion":"us-east-1","recipientAccountId":"111122223333","insightDetails":{"insightType":"ApiCallRateInsight","insightContext":{"attributions":[{"attribute":"resourceArn"}]}}}`,
		`{"eventCategory":"Insight","awsRegion":"us-east-1","recipientAccountId":"111122223333","insightType":"ApiCallRateInsight"}`,
	} {
		f.Add([]byte(s))
	}
	yes := true
	few := &trail.Deployment{Trails: []trail.Trail{{Name: "writes", TrailARN: "arn:aws:cloudtrail:us-east-1:444455556666:trail/writes",
		HomeRegion: "us-east-1", IsMultiRegionTrail: true, IncludeGlobalServiceEvents: &yes, S3BucketName: "b",
		EventSelectors: []selector.Basic{{ReadWriteType: selector.WriteOnly}}}}}
	var routers []*trail.Router
	for _, d := range []*trail.Deployment{few, explainDeployment(f)} {
		rt, err := trail.NewRouter(d)
		if err != nil {
			f.Fatal(err)
		}
		routers = append(routers, rt)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for i, rt := range routers {
			for _, cond := range []bool{i == 0, i != 0} {
				whole := event.NewReader(bytes.NewReader(b), event.ContinueOnError())
				only := event.NewReader(bytes.NewReader(b), onlyOptions(rt, cond)...)
				var recWhole, recOnly event.Record
				for i := 0; i < 1000; i++ {
					errWhole := whole.ReadRecord(&recWhole)
					errOnly := only.ReadRecord(&recOnly)
					if (errWhole == nil) != (errOnly == nil) {
						t.Fatalf("record %d: whole: %v, DecodeOnly: %v", i, errWhole, errOnly)
					}
					if errWhole == io.EOF {
						break
					}
					if errWhole != nil {
						continue
					}
					rec := &recOnly
					if rt.NeedsWhole(rec) {
						var err error
						if rec, err = event.ParseRecord(only.Raw()); err != nil {
							t.Fatalf("record %d: decoding whole again: %v", i, err)
						}
					}
					got, want := rt.Route(rec), rt.Route(&recWhole)
					if !sameResult(&got, &want) {
						t.Fatalf("record %d: routed with DecodeOnly(%q) (MembersIf: %v):\n%s\nwhole:\n%s", i, rt.Members(), cond, routeFormat(got), routeFormat(want))
					}
				}
			}
		}
	})
}
