package trail_test

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/event/schema"
	"github.com/trailmap/trailmap/region"
	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
)

var covAccounts = []string{"111122223333", "444455556666", "777788889999"}

// randomDeployment returns an organization of three accounts with up to
// five random trails: organization or not, multi- or single-Region in a
// few Regions (an opt-in one among them), logging or stopped, with or
// without global service events, and random valid selectors.
func randomDeployment(r *rand.Rand) *trail.Deployment {
	d := &trail.Deployment{
		Organization: &trail.Organization{ID: "o-exampleorgid", MasterAccountID: covAccounts[0], Accounts: covAccounts[1:]},
		Accounts:     map[string]trail.Account{covAccounts[1]: {EnabledRegions: []string{"af-south-1"}}},
	}
	homes := []string{"us-east-1", "eu-west-1", "us-west-2", "af-south-1"}
	n := 1 + r.Intn(5)
	for i := 0; i < n; i++ {
		acct := covAccounts[r.Intn(len(covAccounts))]
		home := homes[r.Intn(len(homes))]
		if home == "af-south-1" && acct != covAccounts[1] && acct != covAccounts[0] {
			home = "us-east-1"
		}
		t := trail.Trail{
			Name:         fmt.Sprintf("trail-%d", i),
			HomeRegion:   home,
			S3BucketName: "bucket",
			S3KeyPrefix:  fmt.Sprintf("p%d", i),
		}
		t.IsMultiRegionTrail = r.Intn(2) == 0
		g := t.IsMultiRegionTrail || r.Intn(2) == 0
		t.IncludeGlobalServiceEvents = &g
		if acct == covAccounts[0] && r.Intn(3) == 0 {
			t.IsOrganizationTrail = true
		}
		if r.Intn(8) == 0 {
			f := false
			t.IsLogging = &f
		}
		t.TrailARN = "arn:aws:cloudtrail:" + home + ":" + acct + ":trail/" + t.Name
		sels := r.Intn(3)
		switch sels {
		case 0: // default: all management events
		case 1:
			t.EventSelectors = randomBasic(r)
		case 2:
			t.AdvancedEventSelectors = randomAdvanced(r)
		}
		if logsData(&t) && r.Intn(2) == 0 {
			tm := selector.AggregationTemplates()
			t.AggregationConfigurations = []selector.Aggregation{{EventCategory: "Data", Templates: []string{tm[r.Intn(len(tm))]}}}
			if r.Intn(2) == 0 {
				t.AggregationConfigurations[0].Templates = tm
			}
		}
		if sels == 0 && r.Intn(2) == 0 {
			// Insights need write management events logged (and data events
			// for Data Insights: asked for anyway; validation decides).
			t.InsightSelectors = []selector.Insight{{InsightType: selector.APICallRateInsight}}
			if r.Intn(2) == 0 {
				t.InsightSelectors = append(t.InsightSelectors, selector.Insight{InsightType: selector.APIErrorRateInsight})
			}
		}
		d.Trails = append(d.Trails, t)
	}
	return d
}

func randomBasic(r *rand.Rand) []selector.Basic {
	rw := []selector.ReadWriteType{selector.All, selector.ReadOnly, selector.WriteOnly}
	var out []selector.Basic
	for k := 1 + r.Intn(2); k > 0; k-- {
		b := selector.Basic{ReadWriteType: rw[r.Intn(3)]}
		if r.Intn(3) == 0 {
			b.ExcludeManagementEventSources = []string{[]string{"kms.amazonaws.com", "rdsdata.amazonaws.com"}[r.Intn(2)]}
		}
		if r.Intn(2) == 0 {
			f := false
			b.IncludeManagementEvents = &f
			b.DataResources = []selector.DataResource{{Type: "AWS::S3::Object", Values: []string{[]string{"arn:aws:s3", "arn:aws:s3:::amzn-s3-demo-bucket/"}[r.Intn(2)]}}}
		}
		out = append(out, b)
	}
	return out
}

func randomAdvanced(r *rand.Rand) []selector.Advanced {
	var out []selector.Advanced
	for k := 1 + r.Intn(3); k > 0; k-- {
		switch r.Intn(3) {
		case 0:
			a := selector.Advanced{Fields: []selector.Field{{Field: "eventCategory", Equals: []string{"Management"}}}}
			if r.Intn(2) == 0 {
				a.Fields = append(a.Fields, selector.Field{Field: "readOnly", Equals: []string{[]string{"true", "false"}[r.Intn(2)]}})
			}
			if r.Intn(2) == 0 {
				a.Fields = append(a.Fields, selector.Field{Field: "eventSource", NotEquals: []string{"kms.amazonaws.com"}})
			}
			out = append(out, a)
		case 1:
			a := selector.Advanced{Fields: []selector.Field{{Field: "eventCategory", Equals: []string{"Data"}},
				{Field: "resources.type", Equals: []string{[]string{"AWS::S3::Object", "AWS::Lambda::Function", "AWS::DynamoDB::Table"}[r.Intn(3)]}}}}
			if r.Intn(2) == 0 {
				a.Fields = append(a.Fields, selector.Field{Field: "resources.ARN", NotStartsWith: []string{"arn:aws:s3:::amzn-s3-demo-bucket/"}})
			}
			if r.Intn(2) == 0 {
				a.Fields = append(a.Fields, selector.Field{Field: "eventName", Equals: []string{"PutObject", "Invoke"}})
			}
			if r.Intn(4) == 0 {
				a.Fields = append(a.Fields, selector.Field{Field: "eventType", NotEquals: []string{"AwsServiceEvent"}})
			}
			if r.Intn(4) == 0 {
				// Aggregated events of other sources are not the trail's.
				a.Fields = append(a.Fields, selector.Field{Field: "eventSource", Equals: []string{[]string{"s3.amazonaws.com", "lambda.amazonaws.com"}[r.Intn(2)]}})
			}
			if r.Intn(4) == 0 {
				a.Fields = append(a.Fields, selector.Field{Field: "userIdentity.arn", NotStartsWith: []string{"arn:aws:iam::111122223333:role/"}})
			}
			if r.Intn(4) == 0 {
				a.Fields = append(a.Fields, selector.Field{Field: "sessionCredentialFromConsole", NotEquals: []string{"true"}})
			}
			if r.Intn(3) == 0 {
				a.Fields = append(a.Fields, selector.Field{Field: "readOnly", Equals: []string{[]string{"true", "false"}[r.Intn(2)]}})
			}
			out = append(out, a)
		case 2:
			src := selector.NetworkEventSources()
			a := selector.Advanced{Fields: []selector.Field{{Field: "eventCategory", Equals: []string{"NetworkActivity"}},
				{Field: "eventSource", Equals: []string{src[r.Intn(len(src))]}}}}
			if r.Intn(3) == 0 {
				a.Fields = append(a.Fields, selector.Field{Field: "errorCode", Equals: []string{"VpceAccessDenied"}})
			}
			if r.Intn(3) == 0 {
				a.Fields = append(a.Fields, selector.Field{Field: "vpcEndpointId", NotEquals: []string{"vpce-1"}})
			}
			out = append(out, a)
		}
	}
	return out
}

// randomRecord returns a record in one of the deployment's accounts and
// a Region, of a kind in the coverage universe.
func randomRecord(r *rand.Rand, at time.Time) *event.Record {
	regions := []string{"us-east-1", "eu-west-1", "us-west-2", "af-south-1", "ap-south-1", "us-east-2"}
	p := event.Probe{Account: covAccounts[r.Intn(len(covAccounts))], Region: regions[r.Intn(len(regions))], Time: at}
	switch r.Intn(7) {
	case 6:
		dims := []string{"eventName", "resourceARN", "userIdentity"}
		end := at.Truncate(5 * time.Minute)
		srcs := []string{"s3.amazonaws.com", "lambda.amazonaws.com", "dynamodb.amazonaws.com"}
		doc := fmt.Sprintf(`{"eventVersion":"1.0","accountId":%q,"eventCategory":"Aggregated","eventType":"AwsAggregatedEvent","awsRegion":%q,"eventSource":%q,"timeWindow":{"windowStart":%q,"windowEnd":%q,"windowSize":"PT5M"},"summary":{"primaryDimension":{"dimension":%q,"statistics":[],"aggregationType":"Count"}}}`,
			p.Account, p.Region, srcs[r.Intn(len(srcs))], end.Add(-5*time.Minute).Format(time.RFC3339), end.Format(time.RFC3339), dims[r.Intn(3)])
		rec, err := event.ParseRecord([]byte(doc))
		if err != nil {
			panic(err)
		}
		return rec
	case 5:
		rec := event.Probe{Account: p.Account, Region: p.Region, Time: at, Category: event.CategoryInsight, Type: event.AwsCloudTrailInsight}.Record()
		rec.UserIdentity = nil
		d := &event.InsightDetails{State: "Start", InsightType: []string{"ApiCallRateInsight", "ApiErrorRateInsight"}[r.Intn(2)],
			EventSource: "ec2.amazonaws.com", EventName: "RunInstances"}
		if r.Intn(2) == 0 {
			d.EventSource, d.EventName = "lambda.amazonaws.com", "Invoke"
		}
		rec.InsightDetails = d
		return rec
	case 0, 1:
		p.Category = event.CategoryManagement
		p.Source = []string{"ec2.amazonaws.com", "kms.amazonaws.com", "rdsdata.amazonaws.com", "iam.amazonaws.com", "sts.amazonaws.com", "signin.amazonaws.com", "cloudfront.amazonaws.com"}[r.Intn(7)]
		p.Name = "Call"
		p.ReadOnly = []event.Bool{event.BoolOf(true), event.BoolOf(false), {}}[r.Intn(3)]
		switch p.Source {
		case "sts.amazonaws.com", "signin.amazonaws.com":
			p.Endpoint = []string{"global", "regional"}[r.Intn(2)]
		}
	case 2, 3:
		p.Category = event.CategoryData
		types := []string{"AWS::S3::Object", "AWS::Lambda::Function", "AWS::DynamoDB::Table"}
		typ := types[r.Intn(3)]
		if r.Intn(4) == 0 {
			all := selector.ResourceTypes()
			typ = all[r.Intn(len(all))]
		}
		p.Source = "s3.amazonaws.com"
		p.Name = []string{"PutObject", "GetObject", "Invoke"}[r.Intn(3)]
		p.ReadOnly = event.BoolOf(r.Intn(2) == 0)
		p.Resources = []event.Resource{{Type: typ, ARN: []string{"arn:aws:s3:::amzn-s3-demo-bucket/k", "arn:aws:s3:::other/k", "arn:aws:lambda:us-east-1:111122223333:function:f"}[r.Intn(3)]}}
		p.Type = []event.EventType{event.AwsAPICall, event.AwsServiceEvent}[r.Intn(2)]
		p.UserARN = []string{"", "arn:aws:iam::111122223333:role/admin", "arn:aws:iam::111122223333:user/Alice"}[r.Intn(3)]
		p.SessionCredentialFromConsole = []event.Bool{{}, event.BoolOf(true)}[r.Intn(2)]
	case 4:
		p.Category = event.CategoryNetworkActivity
		src := selector.NetworkEventSources()
		p.Source = src[r.Intn(len(src))]
		p.Name = "Call"
		p.VPCEndpointID = []string{"vpce-1", "vpce-2"}[r.Intn(2)]
		p.ErrorCode = []string{"", "VpceAccessDenied"}[r.Intn(2)]
	}
	return p.Record()
}

// gapFor returns the gap of cov that holds rec's account and Region and
// whose selector selects rec, or nil.
func gapFor(cov *trail.Coverage, sets []selector.Set, rec *event.Record) *trail.Gap {
	typ, cat, insight := rec.InsightOn()
	tmpl := rec.AggregationTemplate()
	for i := range cov.Gaps {
		g := &cov.Gaps[i]
		if !slices.Contains(g.Accounts, rec.Recipient()) || !slices.Contains(g.Regions, rec.AWSRegion) {
			continue
		}
		if tmpl != "" || g.AggregationTemplate != "" {
			if tmpl == g.AggregationTemplate && (g.AggregationSelector == nil ||
				selector.SetOf([]selector.Advanced{*g.AggregationSelector}).ContainsRecord(rec)) {
				return g
			}
			continue
		}
		if insight || g.Selector == nil {
			if insight && g.Selector == nil && string(g.InsightType) == typ && g.InsightCategory == cat {
				return g
			}
			continue
		}
		if sets[i].ContainsRecord(rec) {
			if g.GlobalServiceEvents != isGlobal(rec) {
				continue
			}
			return g
		}
	}
	return nil
}

func isGlobal(rec *event.Record) bool {
	o := region.Origin{EventSource: rec.EventSource, AWSRegion: rec.AWSRegion, EndpointType: rec.Endpoint().EndpointType}
	return o.IsGlobal()
}

// inUniverse reports whether rec is an event the coverage universe holds
// in its Region: global service events only where CloudTrail records them.
func inUniverse(rec *event.Record) bool {
	if rec.IsInsight() || rec.AggregationTemplate() != "" {
		return true
	}
	if !isGlobal(rec) {
		return !(rec.EventSource == "iam.amazonaws.com" || rec.EventSource == "cloudfront.amazonaws.com")
	}
	if rec.EventCategory != event.CategoryManagement {
		return false
	}
	switch rec.EventSource {
	case "signin.amazonaws.com":
		return slices.Contains(region.ConsoleSignInRegions("aws"), rec.AWSRegion)
	}
	return rec.AWSRegion == "us-east-1"
}

// TestCoverageAgreesWithRoute is the core property of Coverage: for
// random deployments and random records, a record is in some gap exactly
// when the Router delivers it nowhere; every witness is delivered nowhere
// and its skips are the Router's.
func TestCoverageAgreesWithRoute(t *testing.T) {
	r := rand.New(rand.NewSource(14))
	deployments, records := 150, 200
	if testing.Short() {
		deployments = 40
	}
	times := []time.Time{time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 5, 1, 0, 0, 0, 0, time.UTC)}
	var valid, checked, gaps, inGap, insights, insightGaps, aggregated, aggregatedGaps int
	defer func() {
		t.Logf("%d valid deployments, %d gap lines, %d records checked, %d of them in a gap, %d Insights records, %d of them in a gap, %d aggregated events, %d of them in a gap",
			valid, gaps, checked, inGap, insights, insightGaps, aggregated, aggregatedGaps)
		if valid < deployments/2 || checked < valid*records/4 || inGap == 0 || inGap == checked || insightGaps == 0 || insightGaps == insights ||
			aggregatedGaps == 0 || aggregatedGaps == aggregated {
			t.Errorf("the test checked too little")
		}
	}()
	for i := 0; i < deployments; i++ {
		d := randomDeployment(r)
		router, err := trail.NewRouter(d)
		if err != nil {
			t.Logf("deployment %d: %v", i, err)
			continue
		}
		valid++
		at := times[i%2]
		cov, err := router.Coverage(trail.CoverageOptions{At: at})
		if err != nil {
			t.Fatalf("deployment %d: %v", i, err)
		}
		gaps += len(cov.Gaps)
		sets := make([]selector.Set, len(cov.Gaps))
		for k, g := range cov.Gaps {
			if g.Selector != nil {
				sets[k] = selector.SetOf([]selector.Advanced{*g.Selector})
			}
		}
		for k, g := range cov.Gaps {
			checkGapJSON(t, g)
			// The witness is a record of the documented shape, in its gap.
			if err := schema.Validate(g.Witness.AppendJSON(nil)); err != nil {
				t.Fatalf("deployment %d: witness of %s: %v\n%s", i, g, err, g.Witness.AppendJSON(nil))
			}
			if g.Selector != nil && !sets[k].ContainsRecord(g.Witness) {
				t.Fatalf("deployment %d: %s does not hold its witness %s", i, g, g.Witness.AppendJSON(nil))
			}
			res := router.Route(g.Witness)
			if len(res.Deliveries) > 0 {
				t.Fatalf("deployment %d: witness of %s delivered: %+v", i, g, res.Deliveries)
			}
			if len(g.Skipped) != len(d.Trails) {
				t.Fatalf("deployment %d: %d skips for %d trails", i, len(g.Skipped), len(d.Trails))
			}
			// Every account and Region of the line: the witness moved there
			// is delivered nowhere either.
			for _, a := range g.Accounts {
				for _, reg := range g.Regions {
					w := *g.Witness
					w.RecipientAccountID, w.AWSRegion = a, reg
					if w.VPCEndpointAccountID != "" {
						w.VPCEndpointAccountID = a
					}
					if res := router.Route(&w); len(res.Deliveries) > 0 {
						t.Fatalf("deployment %d: witness of %s moved to %s %s is delivered by %s", i, g, a, reg, res.Deliveries[0].TrailARN)
					}
				}
			}
		}
		for k := 0; k < records; k++ {
			rec := randomRecord(r, at)
			if !inUniverse(rec) {
				continue
			}
			if _, ok := region.Lookup(rec.AWSRegion); !ok {
				continue
			}
			checked++
			enabled := d.RegionEnabled(rec.Recipient(), rec.AWSRegion)
			delivered := len(router.Route(rec).Deliveries) > 0
			g := gapFor(cov, sets, rec)
			if g != nil {
				inGap++
			}
			if rec.AggregationTemplate() != "" {
				aggregated++
				if g != nil {
					aggregatedGaps++
				}
			}
			if rec.IsInsight() {
				insights++
				if g != nil {
					insightGaps++
				}
			}
			switch {
			case !enabled:
				if g != nil {
					t.Fatalf("deployment %d: a gap names Region %s, not enabled in %s", i, rec.AWSRegion, rec.Recipient())
				}
			case delivered && g != nil:
				t.Fatalf("deployment %d (%s): record %s %s %s %s delivered but in gap %s", i, at.Format("2006"), rec.RecipientAccountID, rec.AWSRegion, rec.EventSource, rec.EventCategory, g)
			case !delivered && g == nil:
				b, _ := rec.MarshalJSON()
				t.Fatalf("deployment %d (%s): record delivered nowhere and in no gap: %s\ngaps:\n%s", i, at.Format("2006"), b, gapList(cov))
			}
		}
	}
}

func gapList(cov *trail.Coverage) string {
	var b strings.Builder
	for _, g := range cov.Gaps {
		b.WriteString(g.String())
		b.WriteByte('\n')
	}
	return b.String()
}

func randomRecordFixed(at time.Time) *event.Record {
	return event.Probe{Account: "100000000001", Region: "eu-west-1", Time: at, Category: event.CategoryManagement,
		Source: "ec2.amazonaws.com", Name: "RunInstances", ReadOnly: event.BoolOf(false)}.Record()
}

// TestCoverageGlobalEras: a single-Region trail in eu-west-1 that includes
// global service events received them before 2021-11-22 and receives none
// since (CloudTrail User Guide, "Global service events").
func TestCoverageGlobalEras(t *testing.T) {
	yes := true
	d := &trail.Deployment{Trails: []trail.Trail{{Name: "ireland", TrailARN: "arn:aws:cloudtrail:eu-west-1:111122223333:trail/ireland",
		HomeRegion: "eu-west-1", IncludeGlobalServiceEvents: &yes, S3BucketName: "audit"}}}
	router, err := trail.NewRouter(d)
	if err != nil {
		t.Fatal(err)
	}
	opts := trail.CoverageOptions{ResourceTypes: []string{}, NetworkEventSources: []string{}}
	globalGaps := func(at time.Time) []string {
		opts.At = at
		cov, err := router.Coverage(opts)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, g := range cov.Gaps {
			if g.GlobalServiceEvents {
				out = append(out, g.String())
			}
		}
		return out
	}
	if got := globalGaps(time.Date(2020, 5, 1, 0, 0, 0, 0, time.UTC)); len(got) != 0 {
		t.Errorf("2020: global service event gaps %q, want none", got)
	}
	got := globalGaps(time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC))
	want := []string{
		// Console sign-in through the global endpoint: us-east-1, us-east-2,
		// us-west-2, eu-north-1 and ap-southeast-2 (root and IAM users).
		"account 111122223333 in 4 Regions (ap-southeast-2 … us-west-2): global service events eventCategory Equals [Management], eventSource Equals [signin.amazonaws.com]",
		"account 111122223333 in Region us-east-1: global service events eventCategory Equals [Management], eventSource Equals [cloudfront.amazonaws.com iam.amazonaws.com signin.amazonaws.com sts.amazonaws.com]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("2024: global gaps\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Before the cutover the table files them in the trail's own Region.
	opts.At = time.Date(2020, 5, 1, 0, 0, 0, 0, time.UTC)
	cov, _ := router.Coverage(opts)
	found := false
	for _, c := range cov.Cells() {
		if c.Region != "us-east-1" {
			continue
		}
		for _, cl := range c.Classes {
			if cl.Class == "Global service events" {
				found = true
				if len(cl.Trails) != 1 || !strings.Contains(cl.Trails[0].KeyPrefix, "/CloudTrail/eu-west-1/2020/05/01/") {
					t.Errorf("global service events in us-east-1 in 2020: %+v", cl.Trails)
				}
			}
		}
	}
	if !found {
		t.Error("no global service events class in us-east-1 in 2020")
	}
}

// TestCoverageCells checks the full table against the Router: a record of
// each class that a trail logs in full is delivered by that trail under
// the key prefix the table names.
func TestCoverageCells(t *testing.T) {
	r := rand.New(rand.NewSource(41))
	at := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	checked, aggregated := 0, 0
	for i := 0; i < 30; i++ {
		d := randomDeployment(r)
		router, err := trail.NewRouter(d)
		if err != nil {
			continue
		}
		cov, err := router.Coverage(trail.CoverageOptions{At: at, ResourceTypes: []string{"AWS::S3::Object", "AWS::Lambda::Function", "AWS::DynamoDB::Table"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cov.Cells() {
			for _, cl := range c.Classes {
				var p event.Probe
				p.Account, p.Region, p.Time = c.Account, c.Region, at
				switch {
				case cl.Class == "Management write":
					p.Category, p.Source, p.ReadOnly = event.CategoryManagement, "ec2.amazonaws.com", event.BoolOf(false)
				case cl.Class == "Management read":
					p.Category, p.Source, p.ReadOnly = event.CategoryManagement, "ec2.amazonaws.com", event.BoolOf(true)
				case strings.HasPrefix(cl.Class, "Data "):
					p.Category, p.Source, p.ReadOnly = event.CategoryData, "s3.amazonaws.com", event.BoolOf(false)
					p.Resources = []event.Resource{{Type: strings.TrimPrefix(cl.Class, "Data "), ARN: "arn:aws:s3:::other/k"}}
				case strings.HasPrefix(cl.Class, "Aggregated "):
				default:
					continue
				}
				rec := p.Record()
				if tmpl, ok := strings.CutPrefix(cl.Class, "Aggregated "); ok {
					dim := map[string]string{"API_ACTIVITY": "eventName", "RESOURCE_ACCESS": "resourceARN", "USER_ACTIONS": "userIdentity"}[tmpl]
					doc := fmt.Sprintf(`{"eventVersion":"1.0","accountId":%q,"eventCategory":"Aggregated","eventType":"AwsAggregatedEvent","awsRegion":%q,"eventSource":"s3.amazonaws.com","timeWindow":{"windowStart":"2024-04-30T23:55:00Z","windowEnd":"2024-05-01T00:00:00Z","windowSize":"PT5M"},"summary":{"primaryDimension":{"dimension":%q}}}`,
						c.Account, c.Region, dim)
					if rec, err = event.ParseRecord([]byte(doc)); err != nil {
						t.Fatal(err)
					}
					aggregated++
				}
				res := router.Route(rec)
				// A trail the table does not name for the class does not
				// deliver the class's records.
				for _, dl := range res.Deliveries {
					if !slices.ContainsFunc(cl.Trails, func(l trail.Logger) bool { return l.TrailARN == dl.TrailARN }) {
						t.Fatalf("%s %s %s: %s delivers it, the table does not name it", c.Account, c.Region, cl.Class, dl.TrailARN)
					}
				}
				for _, l := range cl.Trails {
					if l.Partial {
						continue
					}
					found := false
					for _, dl := range res.Deliveries {
						if dl.TrailARN == l.TrailARN {
							found = true
							if dl.KeyPrefix != l.KeyPrefix || dl.Bucket != l.Bucket {
								t.Fatalf("%s %s %s: table says %s %s, Router %s %s", c.Account, c.Region, cl.Class, l.Bucket, l.KeyPrefix, dl.Bucket, dl.KeyPrefix)
							}
						}
					}
					if !found {
						t.Fatalf("%s %s %s: table says %s logs it, Router: %+v", c.Account, c.Region, cl.Class, l.TrailARN, res.Skipped)
					}
					checked++
				}
			}
		}
	}
	if checked < 100 || aggregated == 0 {
		t.Fatalf("only %d table entries checked, %d classes of aggregated events", checked, aggregated)
	}
}

// checkGapJSON checks the shape DESIGN gives `trailmap coverage -json`.
func checkGapJSON(t *testing.T, g trail.Gap) {
	t.Helper()
	b, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"accounts", "regions", "witness", "skipped"} {
		if _, ok := m[k]; !ok {
			t.Fatalf("gap JSON lacks %q: %s", k, b)
		}
	}
	_, sel := m["selector"]
	_, ins := m["insightType"]
	_, agg := m["aggregationTemplate"]
	if n := btoi(sel) + btoi(ins) + btoi(agg); n != 1 {
		t.Fatalf("gap JSON wants exactly one of selector, insightType and aggregationTemplate: %s", b)
	}
	if sel {
		var a struct{ FieldSelectors []json.RawMessage }
		if err := json.Unmarshal(m["selector"], &a); err != nil || len(a.FieldSelectors) == 0 {
			t.Fatalf("gap selector %s: %v", m["selector"], err)
		}
	}
	var skipped []struct{ Trail, Code, Reason string }
	if err := json.Unmarshal(m["skipped"], &skipped); err != nil {
		t.Fatal(err)
	}
	for _, s := range skipped {
		var c trail.SkipCode
		if s.Trail == "" || s.Reason == "" || c.UnmarshalText([]byte(s.Code)) != nil {
			t.Fatalf("gap skip %+v", s)
		}
	}
	if _, err := event.ParseRecord(m["witness"]); err != nil {
		t.Fatalf("witness does not parse: %v", err)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// logsData reports whether t has a selector for data events.
func logsData(t *trail.Trail) bool {
	for _, b := range t.EventSelectors {
		if len(b.DataResources) > 0 {
			return true
		}
	}
	for _, a := range t.AdvancedEventSelectors {
		for _, f := range a.Fields {
			if f.Field == "eventCategory" && slices.Contains(f.Equals, "Data") {
				return true
			}
		}
	}
	return false
}
