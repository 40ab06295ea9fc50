package trail_test

import (
	"slices"
	"testing"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/trail"
)

func TestTally(t *testing.T) {
	const a, b = "arn:aws:cloudtrail:us-east-1:111122223333:trail/a", "arn:aws:cloudtrail:us-east-1:111122223333:trail/b"
	rec := func(acct, region string) *event.Record {
		return &event.Record{RecipientAccountID: acct, AWSRegion: region}
	}
	var t1, t2 trail.Tally
	t1.Add(rec("111122223333", "us-east-1"), &trail.Result{
		Deliveries: []trail.Delivery{{TrailARN: a}},
		Skipped:    []trail.Skip{{TrailARN: b, Code: trail.NotSelected}},
	})
	t1.Add(rec("111122223333", "eu-west-1"), &trail.Result{
		Skipped: []trail.Skip{{TrailARN: a, Code: trail.RegionNotCovered}, {TrailARN: b, Code: trail.NotSelected}},
	})
	t2.Add(rec("111122223333", "us-east-1"), &trail.Result{
		Deliveries: []trail.Delivery{{TrailARN: b}},
		Skipped:    []trail.Skip{{TrailARN: a, Code: trail.NotLogging}},
	})
	t1.Merge(&t2)

	if t1.Records != 3 || t1.Undelivered != 1 {
		t.Errorf("Records, Undelivered = %d, %d; want 3, 1 (the eu-west-1 record went nowhere)", t1.Records, t1.Undelivered)
	}
	trails := t1.Trails()
	if len(trails) != 2 || trails[0].TrailARN != a || trails[1].TrailARN != b {
		t.Fatalf("Trails() = %+v, want a then b, in the order first met", trails)
	}
	for _, c := range []struct {
		reason    string
		got, want int
	}{
		{"a delivered the first record", trails[0].Delivered, 1},
		{"a skipped one record as RegionNotCovered", trails[0].Skipped(trail.RegionNotCovered), 1},
		{"a skipped one record as NotLogging (merged)", trails[0].Skipped(trail.NotLogging), 1},
		{"a skipped two records in all", trails[0].SkippedTotal(), 2},
		{"b delivered the merged record", trails[1].Delivered, 1},
		{"b skipped two records as NotSelected", trails[1].Skipped(trail.NotSelected), 2},
		{"a code out of range counts nothing", trails[1].Skipped(trail.SkipCode(200)), 0},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %d, want %d", c.reason, c.got, c.want)
		}
	}
	places := t1.Places()
	want := []trail.PlaceCount{
		{Place: trail.Place{Account: "111122223333", Region: "eu-west-1"}, Records: 1},
		{Place: trail.Place{Account: "111122223333", Region: "us-east-1"}, Records: 2},
	}
	if len(places) != len(want) || places[0] != want[0] || places[1] != want[1] {
		t.Errorf("Places() = %+v, want %+v (sorted by account then Region)", places, want)
	}
	// Every code is listed, and counted: the aggregation codes, the last
	// added, included.
	var codes []trail.SkipCode
	for c := trail.SkipCode(1); c < 255; c++ {
		if _, err := c.MarshalText(); err == nil {
			codes = append(codes, c)
		}
	}
	if got := trail.SkipCodes(); !slices.Equal(got, codes) {
		t.Errorf("SkipCodes() = %v, want every code: %v", got, codes)
	}
	var agg trail.Tally
	agg.Add(&event.Record{}, &trail.Result{Skipped: []trail.Skip{{TrailARN: "a", Code: trail.AggregationTemplateNotConfigured}}})
	if tc := agg.Trails(); len(tc) != 1 || tc[0].Skipped(trail.AggregationTemplateNotConfigured) != 1 {
		t.Errorf("Trails() = %+v after one AggregationTemplateNotConfigured skip, want it counted", tc)
	}
	for _, c := range trail.SkipCodes() {
		if _, err := c.MarshalText(); err != nil {
			t.Errorf("SkipCodes() holds %v, which is not a code: %v", c, err)
		}
	}
}

func TestTallyAddDoesNotAllocate(t *testing.T) {
	const a = "arn:aws:cloudtrail:us-east-1:111122223333:trail/a"
	rec := &event.Record{RecipientAccountID: "111122223333", AWSRegion: "us-east-1"}
	res := &trail.Result{Deliveries: []trail.Delivery{{TrailARN: a}}, Skipped: []trail.Skip{{TrailARN: a, Code: trail.NotSelected}}}
	var tl trail.Tally
	tl.Add(rec, res)
	if n := testing.AllocsPerRun(100, func() { tl.Add(rec, res) }); n != 0 {
		t.Errorf("Add allocates %v times per record once the trail and place are known, want 0", n)
	}
}

func TestWithoutReasons(t *testing.T) {
	d, err := trail.ParseDeployment([]byte(`{"trails":[{"Name":"ohio","TrailARN":"arn:aws:cloudtrail:us-east-2:111122223333:trail/ohio","HomeRegion":"us-east-2","S3BucketName":"b",
		"AdvancedEventSelectors":[{"FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]}]}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	full, err := trail.NewRouter(d)
	if err != nil {
		t.Fatal(err)
	}
	bare, err := trail.NewRouter(d, trail.WithoutReasons())
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range []*event.Record{
		{RecipientAccountID: "111122223333", AWSRegion: "us-east-2", EventSource: "ec2.amazonaws.com", EventName: "RunInstances"},
		{RecipientAccountID: "111122223333", AWSRegion: "eu-west-1", EventSource: "ec2.amazonaws.com", EventName: "RunInstances"},
		{RecipientAccountID: "444455556666", AWSRegion: "us-east-2", EventSource: "ec2.amazonaws.com", EventName: "RunInstances"},
	} {
		a, b := full.Route(rec), bare.Route(rec)
		if len(a.Skipped) != 1 || len(b.Skipped) != 1 || a.Skipped[0].Code != b.Skipped[0].Code {
			t.Fatalf("%s in %s: codes differ: %+v vs %+v", rec.RecipientAccountID, rec.AWSRegion, a.Skipped, b.Skipped)
		}
		if a.Skipped[0].Reason == "" || b.Skipped[0].Reason != "" {
			t.Errorf("reasons %q and %q: want a sentence without the option and none with it", a.Skipped[0].Reason, b.Skipped[0].Reason)
		}
	}
}

// TestTallyPlaceRuns: records of one place in a row are counted once the
// place changes, or when Places or Merge ask; runs that come back, and
// counts split over two Tallies, add up.
func TestTallyPlaceRuns(t *testing.T) {
	a, b := trail.Place{Account: "111122223333", Region: "us-east-1"}, trail.Place{Account: "111122223333", Region: "eu-west-1"}
	c := trail.Place{Account: "444455556666", Region: "us-east-1"}
	var one, two trail.Tally
	add := func(tl *trail.Tally, p trail.Place) {
		tl.Add(&event.Record{RecipientAccountID: p.Account, AWSRegion: p.Region}, &trail.Result{})
	}
	for _, p := range []trail.Place{a, a, b, a, c, c} {
		add(&one, p)
	}
	if got := one.Places(); !slices.Equal(got, []trail.PlaceCount{{Place: b, Records: 1}, {Place: a, Records: 3}, {Place: c, Records: 2}}) {
		t.Errorf("Places() = %v", got)
	}
	add(&one, c) // after Places, the run goes on
	for _, p := range []trail.Place{c, b} {
		add(&two, p)
	}
	one.Merge(&two)
	if got := one.Places(); !slices.Equal(got, []trail.PlaceCount{{Place: b, Records: 2}, {Place: a, Records: 3}, {Place: c, Records: 4}}) {
		t.Errorf("after Merge, Places() = %v", got)
	}
}

// TestTallyDeploymentOrder: Tallies of the results of one Router list
// the trails in the deployment's order, whichever trail the first record
// met, and whatever order they are merged in (route's workers each count
// the records of the files they take, which worker takes which file
// being up to the scheduler: `route -summary a.json b.json` printed its
// trails in one of two orders at random).
func TestTallyDeploymentOrder(t *testing.T) {
	rt, err := trail.NewRouter(routeBenchDeployment(t))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, tr := range routeBenchDeployment(t).Trails {
		want = append(want, tr.TrailARN)
	}
	// A record of the last account: its own trails first met, then the
	// organization trail, the first of the deployment.
	last := routeMustRecord(t, recRunInst)
	first := routeMustRecord(t, recCreateUser)
	arns := func(tl *trail.Tally) []string {
		var out []string
		for _, c := range tl.Trails() {
			out = append(out, c.TrailARN)
		}
		return out
	}
	var t1, t2 trail.Tally
	var res trail.Result
	rt.RouteInto(last, &res)
	t1.Add(last, &res)
	rt.RouteInto(first, &res)
	t2.Add(first, &res)
	if got := arns(&t1); !slices.Equal(got, want) {
		t.Errorf("one record: Trails() = %q, want the deployment's order %q", got, want)
	}
	var ab, ba trail.Tally
	ab.Merge(&t1)
	ab.Merge(&t2)
	ba.Merge(&t2)
	ba.Merge(&t1)
	if a, b := arns(&ab), arns(&ba); !slices.Equal(a, want) || !slices.Equal(b, want) {
		t.Errorf("merged both ways: Trails() = %q and %q, want the deployment's order %q", a, b, want)
	}
	// Results of another Router, or of no known Router: the order first
	// met.
	var mixed trail.Tally
	mixed.Add(last, &trail.Result{Deliveries: []trail.Delivery{{TrailARN: "b"}}, Skipped: []trail.Skip{{TrailARN: "a", Code: trail.NotSelected}}})
	mixed.Merge(&t2)
	if got := arns(&mixed); len(got) < 2 || got[0] != "b" || got[1] != "a" {
		t.Errorf("results of no known Router first: Trails() = %q, want b, a first, as met", got)
	}
}

// TestTallyTrailsMoving: a trail counted at another position of a Result
// each time (the deliveries come first, so a trail's position moves with
// their number), and named by equal text in other memory, is counted as
// one trail, right.
func TestTallyTrailsMoving(t *testing.T) {
	arns := []string{"arn:aws:cloudtrail:us-east-1:111122223333:trail/a", "arn:aws:cloudtrail:us-east-1:111122223333:trail/b",
		"arn:aws:cloudtrail:us-east-1:111122223333:trail/c"}
	var tally trail.Tally
	want := map[string][2]int{} // delivered, skipped NotSelected
	for i := range 300 {
		res := &trail.Result{}
		for j, arn := range arns {
			if i%7 == 3 {
				arn = string([]byte(arn)) // equal text, other memory
			}
			if (i>>j)&1 == 1 {
				res.Deliveries = append(res.Deliveries, trail.Delivery{TrailARN: arn, Account: "111122223333", Region: "us-east-1"})
				w := want[arn]
				w[0]++
				want[arn] = w
			} else {
				res.Skipped = append(res.Skipped, trail.Skip{TrailARN: arn, Code: trail.NotSelected})
				w := want[arn]
				w[1]++
				want[arn] = w
			}
		}
		tally.Add(&event.Record{RecipientAccountID: "111122223333", AWSRegion: "us-east-1"}, res)
	}
	got := tally.Trails()
	if len(got) != len(arns) {
		t.Fatalf("%d trails counted, want %d: %+v", len(got), len(arns), got)
	}
	for _, c := range got {
		if w := want[c.TrailARN]; c.Delivered != w[0] || c.Skipped(trail.NotSelected) != w[1] {
			t.Errorf("%s: delivered %d, skipped %d; want %d, %d", c.TrailARN, c.Delivered, c.Skipped(trail.NotSelected), w[0], w[1])
		}
	}
}
