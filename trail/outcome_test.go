package trail_test

import (
	"bytes"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/internal/corpustest"
	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
)

// outcomeCheck routes records through two Routers of one deployment, one
// that remembers outcomes and one that routes every record afresh, and
// through Route, and fails on the first difference of Result or of the
// JSON line (Result.AppendJSON, and ResultEncoder for each).
type outcomeCheck struct {
	t            *testing.T
	name         string
	remembered   *trail.Router
	afresh       *trail.Router
	resR, resA   trail.Result
	encR, encA   trail.ResultEncoder
	bufR, bufA   []byte
	fromOutcomes int
	// tallyR and tallyA count resR and resA: a Tally counts records
	// routed from remembered outcomes by outcome.
	tallyR, tallyA trail.Tally
	// shared routes with WithSharedResults into resS, written by encS
	// and counted by tallyS.
	shared *trail.Router
	resS   trail.Result
	encS   trail.ResultEncoder
	tallyS trail.Tally
}

// sameTally reports whether a and b hold the same counts.
func sameTally(a, b *trail.Tally) bool {
	return a.Records == b.Records && a.Undelivered == b.Undelivered &&
		fmt.Sprint(a.Trails()) == fmt.Sprint(b.Trails()) && slices.Equal(a.Places(), b.Places())
}

func newOutcomeCheck(t *testing.T, name string, d *trail.Deployment, opts ...trail.Option) *outcomeCheck {
	t.Helper()
	rem, afresh := outcomeRouters(t, d, opts...)
	if rem == nil {
		return nil
	}
	shared, err := trail.NewRouter(d, append(opts, trail.WithSharedResults())...)
	if err != nil {
		t.Fatal(err)
	}
	return &outcomeCheck{t: t, name: name, remembered: rem, afresh: afresh, shared: shared}
}

// outcomeRouters returns two Routers of d, the second routing every
// record afresh, or nils when d is not valid.
func outcomeRouters(tb testing.TB, d *trail.Deployment, opts ...trail.Option) (remembered, afresh *trail.Router) {
	tb.Helper()
	rem, err := trail.NewRouter(d, opts...)
	if err != nil {
		return nil, nil
	}
	afresh, err = trail.NewRouter(d, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	trail.ForgetOutcomes(afresh)
	return rem, afresh
}

func sameResult(a, b *trail.Result) bool {
	return slices.Equal(a.Deliveries, b.Deliveries) && slices.Equal(a.Skipped, b.Skipped) && a.OtherAccounts == b.OtherAccounts
}

// route checks one record and reports whether the checks still pass.
func (c *outcomeCheck) route(rec *event.Record, what string) bool {
	t := c.t
	t.Helper()
	c.remembered.RouteInto(rec, &c.resR)
	c.afresh.RouteInto(rec, &c.resA)
	direct := c.afresh.Route(rec)
	if !sameResult(&c.resR, &c.resA) || !sameResult(&c.resA, &direct) {
		t.Errorf("%s: %s: results differ\nremembered:\n%s\nafresh:\n%s\nRoute:\n%s", c.name, what,
			routeFormat(c.resR), routeFormat(c.resA), routeFormat(direct))
		return false
	}
	c.shared.RouteInto(rec, &c.resS)
	if !sameResult(&c.resS, &direct) {
		t.Errorf("%s: %s: results differ\nshared:\n%s\nRoute:\n%s", c.name, what, routeFormat(c.resS), routeFormat(direct))
		return false
	}
	c.tallyR.Add(rec, &c.resR)
	c.tallyA.Add(rec, &c.resA)
	c.tallyS.Add(rec, &c.resS)
	if c.tallyR.Records%50 == 0 && (!sameTally(&c.tallyR, &c.tallyA) || !sameTally(&c.tallyS, &c.tallyA)) {
		t.Errorf("%s: %s: tallies differ\nremembered: %+v\nshared:     %+v\nafresh:     %+v", c.name, what,
			c.tallyR.Trails(), c.tallyS.Trails(), c.tallyA.Trails())
		return false
	}
	want := direct.AppendJSON(nil, rec)
	if got := c.encS.AppendJSON(nil, rec, &c.resS); !bytes.Equal(got, want) {
		t.Errorf("%s: %s: lines differ\nshared: %s\nwant:   %s", c.name, what, got, want)
		return false
	}
	// Appending to a shared Result copies it: the outcome stays.
	c.resS.Skipped = append(c.resS.Skipped, trail.Skip{TrailARN: "appended"})
	c.resS.Deliveries = append(c.resS.Deliveries, trail.Delivery{TrailARN: "appended"})
	c.bufR = c.encR.AppendJSON(c.bufR[:0], rec, &c.resR)
	c.bufA = c.encA.AppendJSON(c.bufA[:0], rec, &c.resA)
	if !bytes.Equal(c.bufR, want) || !bytes.Equal(c.bufA, want) || !bytes.Equal(c.resR.AppendJSON(nil, rec), want) {
		t.Errorf("%s: %s: lines differ\nremembered: %s\nafresh:     %s\nwant:       %s", c.name, what, c.bufR, c.bufA, want)
		return false
	}
	// A line written from a remembered outcome is still the line of
	// the Result once the Result is changed.
	if len(c.resR.Skipped) > 0 {
		saved := c.resR.Skipped[0].Reason
		c.resR.Skipped[0].Reason = "changed"
		got := c.encR.AppendJSON(nil, rec, &c.resR)
		if wantChanged := c.resR.AppendJSON(nil, rec); !bytes.Equal(got, wantChanged) {
			t.Errorf("%s: %s: after a change, the encoder wrote\n%s\nwant\n%s", c.name, what, got, wantChanged)
			return false
		}
		c.resR.Skipped[0].Reason = saved
	}
	if len(c.resR.Deliveries) > 1 {
		c.resR.Deliveries = c.resR.Deliveries[1:]
		if got, want := c.encR.AppendJSON(nil, rec, &c.resR), c.resR.AppendJSON(nil, rec); !bytes.Equal(got, want) {
			t.Errorf("%s: %s: after dropping a delivery, the encoder wrote\n%s\nwant\n%s", c.name, what, got, want)
			return false
		}
	}
	if trail.FromOutcome(&c.resR) {
		c.fromOutcomes++
	}
	return true
}

// TestOutcomesRandom: for random deployments (under each option that
// changes what a Result holds) and random records drawn from a small
// pool, so that records repeat, routing from remembered outcomes gives
// the Results and lines routing afresh gives.
func TestOutcomesRandom(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	deployments, records := 120, 300
	if testing.Short() {
		deployments = 30
	}
	times := []time.Time{time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), time.Date(2020, 5, 1, 23, 59, 59, 0, time.UTC),
		time.Date(2024, 5, 2, 0, 0, 0, 0, time.UTC)}
	opts := [][]trail.Option{nil, {trail.WithoutOtherAccounts()}, {trail.WithoutReasons()},
		{trail.WithDeliveryTime(time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC))}}
	fromOutcomes := 0
	for i := 0; i < deployments; i++ {
		d := randomDeployment(r)
		if i%5 == 0 {
			d = categoryOnlyDeployment(r)
		}
		o := opts[i%len(opts)]
		c := newOutcomeCheck(t, fmt.Sprintf("deployment %d", i), d, o...)
		if c == nil {
			continue
		}
		pool := make([]*event.Record, 40)
		for j := range pool {
			pool[j] = randomRecord(r, times[r.Intn(len(times))])
		}
		for j := 0; j < records; j++ {
			rec := pool[r.Intn(len(pool))]
			if j%7 == 0 {
				// Another record of the same shape: the outcome must not
				// carry anything of the record it was remembered from.
				cp := *rec
				cp.EventID = fmt.Sprintf("id-%d", j)
				rec = &cp
			}
			if !c.route(rec, fmt.Sprintf("record %d (%s %s %s)", j, rec.Recipient(), rec.AWSRegion, rec.Title())) {
				return
			}
		}
		if !sameTally(&c.tallyR, &c.tallyA) || !sameTally(&c.tallyS, &c.tallyA) {
			t.Errorf("deployment %d: tallies differ\nremembered: %+v\nafresh:     %+v", i, c.tallyR.Trails(), c.tallyA.Trails())
			return
		}
		fromOutcomes += c.fromOutcomes
	}
	if fromOutcomes == 0 {
		t.Error("no record was routed from a remembered outcome: the test tests nothing")
	}
	t.Logf("%d records routed from remembered outcomes", fromOutcomes)
}

// categoryOnlyDeployment returns a random deployment whose selectors
// name the event category only, with a trail that leaves out global
// service events: the outcomes of its records are keyed by the fewest
// members, and the reasons of global service events name their event
// source, which no selector reads.
func categoryOnlyDeployment(r *rand.Rand) *trail.Deployment {
	d := randomDeployment(r)
	no := false
	for i := range d.Trails {
		t := &d.Trails[i]
		t.EventSelectors = nil
		t.AdvancedEventSelectors = []selector.Advanced{{Name: "management", Fields: []selector.Field{{Field: "eventCategory", Equals: []string{"Management"}}}}}
		t.AggregationConfigurations = nil
	}
	t := d.Trails[0]
	t.Name, t.IsMultiRegionTrail, t.IncludeGlobalServiceEvents, t.IsOrganizationTrail = "no-global", false, &no, false
	t.TrailARN = "arn:aws:cloudtrail:us-east-1:" + covAccounts[r.Intn(len(covAccounts))] + ":trail/no-global"
	t.HomeRegion = "us-east-1"
	d.Trails = append(d.Trails, t)
	return d
}

// TestOutcomesCorpus: every record of the real corpus, routed twice (the
// second time from remembered outcomes where the key repeats) through
// deployments whose selectors name every member outcomes are keyed by,
// gives the Results and lines routing afresh gives.
func TestOutcomesCorpus(t *testing.T) {
	files := corpustest.Files(t, corpustest.All)
	var recs []*event.Record
	for _, f := range files {
		for rec, err := range event.Records(bytes.NewReader(f.Data), event.ContinueOnError()) {
			if err == nil {
				recs = append(recs, rec)
			}
		}
	}
	if len(recs) < 1000 {
		t.Fatalf("%d corpus records, want over 1000", len(recs))
	}
	deps := map[string]*trail.Deployment{"bench": routeBenchDeployment(t), "explain": explainDeployment(t)}
	r := rand.New(rand.NewSource(3))
	for i := 0; i < 6; i++ {
		deps[fmt.Sprintf("random-%d", i)] = randomDeployment(r)
	}
	for name, d := range deps {
		for _, opts := range [][]trail.Option{nil, {trail.WithoutOtherAccounts()}} {
			c := newOutcomeCheck(t, name, d, opts...)
			if c == nil {
				continue
			}
			for pass := 0; pass < 2; pass++ {
				for k, rec := range recs {
					if !c.route(rec, fmt.Sprintf("pass %d, record %d (%s)", pass, k, rec.EventID)) {
						return
					}
				}
			}
			if c.fromOutcomes == 0 {
				t.Errorf("%s: no corpus record was routed from a remembered outcome", name)
			}
			if !sameTally(&c.tallyR, &c.tallyA) || !sameTally(&c.tallyS, &c.tallyA) {
				t.Errorf("%s: tallies differ\nremembered: %+v\nafresh:     %+v", name, c.tallyR.Trails(), c.tallyA.Trails())
			}
		}
	}
}

// TestOutcomesNoAllocs: records that repeat an outcome (new event IDs
// and objects, the same shape) are routed and written without
// allocating.
func TestOutcomesNoAllocs(t *testing.T) {
	rt, err := trail.NewRouter(routeBenchDeployment(t))
	if err != nil {
		t.Fatal(err)
	}
	var recs []*event.Record
	for j := 0; j < 64; j++ {
		for _, s := range []string{recCreateUser, recGetObject, recRunInst} {
			s = strings.Replace(s, `"eventID":"e`, fmt.Sprintf(`"eventID":"n%d-`, j), 1)
			recs = append(recs, routeMustRecord(t, s))
		}
	}
	var res trail.Result
	var enc trail.ResultEncoder
	buf := make([]byte, 0, 1<<16)
	for _, rec := range recs[:6] {
		rt.RouteInto(rec, &res)
		buf = enc.AppendJSON(buf[:0], rec, &res)
	}
	j, from := 0, 0
	if n := testing.AllocsPerRun(100, func() {
		rec := recs[j%len(recs)]
		rt.RouteInto(rec, &res)
		buf = enc.AppendJSON(buf[:0], rec, &res)
		if trail.FromOutcome(&res) {
			from++
		}
		j++
	}); n != 0 {
		t.Errorf("routing and writing a repeated shape allocates %v times per record, want 0", n)
	}
	if from == 0 {
		t.Error("no record was routed from a remembered outcome")
	}
}

// FuzzOutcomes routes the records of any input three times through a
// Router that remembers outcomes (the third time from a remembered one),
// through one that shares them (WithSharedResults) and once afresh: the
// Results, the lines and the counts must not differ.
func FuzzOutcomes(f *testing.F) {
	for _, s := range []string{recCreateUser, recGetObject, recRunInst, recAssumeRoleHost,
		`{"eventType":"AwsCloudTrailInsight","awsRegion":"us-east-1","recipientAccountId":"111122223333","insightDetails":{"insightType":"ApiCallRateInsight","insightContext":{"attributions":[{"attribute":"resourceArn"}]}}}`,
		`{"eventVersion":"1.0","accountId":"444455556666","eventCategory":"Aggregated","eventType":"AwsAggregatedEvent","awsRegion":"us-west-2","eventSource":"s3.amazonaws.com","timeWindow":{"windowStart":"2024-05-01T00:00:00Z","windowEnd":"2024-05-01T00:05:00Z"},"summary":{"primaryDimension":{"dimension":"eventName"}}}`,
		`{"eventTime":"10000-01-01T00:00:00Z","awsRegion":"eu-west-1","recipientAccountId":"444455556666"}`,
	} {
		f.Add([]byte(s))
	}
	d := explainDeployment(f)
	rem, afresh := outcomeRouters(f, d)
	shared, err := trail.NewRouter(d, trail.WithSharedResults())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c := &outcomeCheck{t: t, name: "fuzz", remembered: rem, afresh: afresh, shared: shared}
		for rec, err := range event.Records(bytes.NewReader(b), event.ContinueOnError()) {
			if err != nil {
				continue
			}
			for pass := 0; pass < 3; pass++ {
				if !c.route(rec, fmt.Sprintf("pass %d", pass)) {
					return
				}
			}
		}
	})
}

// TestOutcomesPause: a stream of records that never repeat an outcome
// (data events on new objects, through a trail whose selectors name
// resources.ARN) makes RouteInto stop looking for a while; records that
// repeat again are routed from remembered outcomes once it looks again,
// and all the while the lines are those of routing afresh.
func TestOutcomesPause(t *testing.T) {
	c := newOutcomeCheck(t, "pause", routeBenchDeployment(t))
	paused := false
	for j := 0; j < 600; j++ {
		rec := routeMustRecord(t, strings.Replace(recGetObject, "a.txt", fmt.Sprintf("new-%d.txt", j), 1))
		if !c.route(rec, fmt.Sprintf("new object %d", j)) {
			return
		}
		paused = paused || trail.OutcomePause(&c.resR) > 0
	}
	if !paused {
		t.Error("600 records on new objects: RouteInto never stopped looking for outcomes")
	}
	if c.fromOutcomes != 0 {
		t.Errorf("%d records on new objects routed from outcomes, want none", c.fromOutcomes)
	}
	recs := []*event.Record{routeMustRecord(t, recCreateUser), routeMustRecord(t, recRunInst), routeMustRecord(t, recGetObject)}
	for j := 0; j < 3000; j++ {
		if !c.route(recs[j%len(recs)], fmt.Sprintf("repeated record %d", j)) {
			return
		}
	}
	if c.fromOutcomes < 1000 {
		t.Errorf("%d of 3000 repeated records routed from outcomes, want most", c.fromOutcomes)
	}
}

// TestSharedResultsAnotherRouter: a Result that holds a shared outcome
// (WithSharedResults) and is then routed by a Router that copies
// outcomes, and changed by its caller, leaves the shared outcome as it
// was.
func TestSharedResultsAnotherRouter(t *testing.T) {
	d := routeBenchDeployment(t)
	shared, err := trail.NewRouter(d, trail.WithSharedResults())
	if err != nil {
		t.Fatal(err)
	}
	plain, err := trail.NewRouter(d)
	if err != nil {
		t.Fatal(err)
	}
	rec := routeMustRecord(t, recRunInst)
	want := shared.Route(rec)
	var res trail.Result
	for i := 0; i < 3; i++ {
		shared.RouteInto(rec, &res)
	}
	if !trail.FromOutcome(&res) {
		t.Fatal("the third record was not routed from a remembered outcome")
	}
	for i := 0; i < 3; i++ {
		plain.RouteInto(rec, &res)
		for j := range res.Skipped {
			res.Skipped[j].Reason = "changed"
		}
		for j := range res.Deliveries {
			res.Deliveries[j].KeyPrefix = "changed"
		}
	}
	var other trail.Result
	shared.RouteInto(rec, &other)
	shared.RouteInto(rec, &res)
	for _, r := range []*trail.Result{&other, &res} {
		if !sameResult(r, &want) {
			t.Errorf("after another Router wrote into a Result that held a shared outcome:\n%s\nwant\n%s", routeFormat(*r), routeFormat(want))
		}
	}
}
