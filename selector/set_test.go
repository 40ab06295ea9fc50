package selector

import (
	"encoding/json"
	"math/rand"
	"testing"

	"github.com/trailmap/trailmap/event"
)

// recordOf returns a record whose fields are p's, as Match reads them.
func recordOf(p Point) *event.Record {
	rec := &event.Record{}
	p.Apply(rec)
	return rec
}

// checkSet compares the Set of random selectors with Match on a record,
// and confirms the witnesses of the Set, of differences and of dead
// selectors with Match.
func checkSet(t *testing.T, a, b []Advanced, rec *event.Record) {
	t.Helper()
	ma, mb := build(a, labelsFor(a)), build(b, labelsFor(b))
	sa, sb := SetOf(a), SetOf(b)
	show := func() string {
		x, _ := json.Marshal(unnamed(a))
		y, _ := json.Marshal(unnamed(b))
		return "A " + string(x) + "\nB " + string(y) + "\nA as set:\n" + sa.String() + "\nB as set:\n" + sb.String()
	}
	if got, want := sa.ContainsRecord(rec), ma.Match(rec); got != want {
		t.Fatalf("ContainsRecord = %v, Match = %v\nrecord %+v\n%s", got, want, *rec, show())
	}
	// The rendered selectors denote the same set.
	if r := SetOf(sa.Advanced()); r.ContainsRecord(rec) != ma.Match(rec) {
		t.Fatalf("Set.Advanced() of A disagrees with Match on %+v\n%s\nrendered %v", *rec, show(), sa.Advanced())
	}
	if w, ok := sa.Witness(); ok != !sa.Empty() {
		t.Fatalf("Witness ok = %v, Empty = %v\n%s", ok, sa.Empty(), show())
	} else if ok && !ma.Match(recordOf(w)) {
		t.Fatalf("witness %+v of A is not matched\n%s", w, show())
	}
	diff := sa.Minus(sb)
	if w, ok := diff.Witness(); ok {
		r := recordOf(w)
		if !ma.Match(r) || mb.Match(r) {
			t.Fatalf("witness %+v of A minus B: A %v, B %v\n%s\nA minus B:\n%s", w, ma.Match(r), mb.Match(r), show(), diff)
		}
	}
	if len(rec.Resources) <= 1 {
		// Differences are sets of events with at most one resource.
		if got, want := diff.ContainsRecord(rec), ma.Match(rec) && !mb.Match(rec); got != want {
			t.Fatalf("(A minus B).ContainsRecord = %v, want %v\nrecord %+v\n%s\nA minus B:\n%s", got, want, *rec, show(), diff)
		}
		if sb.Covers(sa) && ma.Match(rec) && !mb.Match(rec) {
			t.Fatalf("B covers A but the record is in A only: %+v\n%s", *rec, show())
		}
		in := sa.Intersect(sb)
		if got, want := in.ContainsRecord(rec), ma.Match(rec) && mb.Match(rec); got != want {
			t.Fatalf("Intersect.ContainsRecord = %v, want %v\nrecord %+v\n%s", got, want, *rec, show())
		}
	}
	if sa.Covers(sb) != diffEmpty(sb, sa) {
		t.Fatal("Covers disagrees with Minus")
	}
	for _, i := range ma.Dead() {
		if ma.sels[i].match(rec, catOf(rec)) {
			t.Fatalf("selector %d is dead but matches %+v\n%s", i, *rec, show())
		}
	}
}

func diffEmpty(a, b Set) bool { return a.Minus(b).Empty() }

func catOf(rec *event.Record) event.Category {
	if rec.EventCategory != "" {
		return rec.EventCategory
	}
	c, _ := categoryOf(rec)
	return c
}

// TestSetAgreesWithMatch is the property test of Set: for random
// selectors (valid or not) and random records, Set membership is Match,
// every witness is confirmed by Match, and Minus, Intersect and Covers
// agree with Match on each record.
func TestSetAgreesWithMatch(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	buf := make([]byte, 160)
	n := 1500
	if testing.Short() {
		n = 300
	}
	for i := 0; i < n; i++ {
		r.Read(buf)
		g := &gen{b: buf}
		a, b := g.selectors(), g.selectors()
		if i%3 == 0 {
			// B a variation of A, so that differences are small.
			b = mutate(g, a)
		}
		for k := 0; k < 4; k++ {
			checkSet(t, a, b, g.record())
		}
	}
}

// mutate returns a copy of sels with one value or operator changed.
func mutate(g *gen, sels []Advanced) []Advanced {
	out := make([]Advanced, len(sels))
	for i := range sels {
		out[i] = Advanced{Name: sels[i].Name}
		for _, f := range sels[i].Fields {
			out[i].Fields = append(out[i].Fields, cloneField(f))
		}
	}
	if len(out) == 0 {
		return out
	}
	s := &out[g.n(len(out)-1)]
	if len(s.Fields) == 0 || g.n(2) == 0 {
		f := Field{Field: g.pick(fieldVocab)}
		f.set(operators()[g.n(5)], g.values())
		s.Fields = append(s.Fields, f)
		return out
	}
	f := &s.Fields[g.n(len(s.Fields)-1)]
	f.set(operators()[g.n(5)], g.values())
	return out
}

func FuzzSet(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("selectors and records, generated from these bytes, twice over"))
	f.Fuzz(func(t *testing.T, data []byte) {
		g := &gen{b: data}
		a, b := g.selectors(), g.selectors()
		checkSet(t, a, b, g.record())
	})
}

// TestSetDocumented checks Set answers on the selectors of the CloudTrail
// User Guide ("Filtering data events by using advanced event selectors",
// "Logging management events": basic selectors and their advanced form).
func TestSetDocumented(t *testing.T) {
	mgmtAll := []Advanced{sel("Management events selector", eq(FieldEventCategory, "Management"))}
	writeOnly := FromBasic([]Basic{{ReadWriteType: WriteOnly}})
	readOnly := FromBasic([]Basic{{ReadWriteType: ReadOnly}})
	noKMS := FromBasic([]Basic{{ExcludeManagementEventSources: []string{"kms.amazonaws.com"}}})
	s3All := []Advanced{sel("all S3", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, "AWS::S3::Object"))}
	// "Log all S3 data events but one bucket" (filtering-data-events.md):
	// NotStartsWith the bucket's ARN with a trailing slash.
	s3ButOne := []Advanced{sel("all but one bucket", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, "AWS::S3::Object"),
		Field{Field: FieldResourcesARN, NotStartsWith: []string{"arn:aws:s3:::amzn-s3-demo-bucket/"}})}
	// The pitfall: NotEquals the bucket does not exclude its objects.
	s3NotEquals := []Advanced{sel("pitfall", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, "AWS::S3::Object"),
		Field{Field: FieldResourcesARN, NotEquals: []string{"arn:aws:s3:::amzn-s3-demo-bucket/"}})}
	// "Log PutObject and DeleteObject for one bucket prefix".
	putDelete := []Advanced{sel("put and delete", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, "AWS::S3::Object"),
		eq(FieldEventName, "PutObject", "DeleteObject"),
		Field{Field: FieldResourcesARN, StartsWith: []string{"arn:aws:s3:::amzn-s3-demo-bucket/"}})}
	contradict := []Advanced{sel("never", eq(FieldEventCategory, "Management"), eq(FieldReadOnly, "true"), eq(FieldReadOnly, "false"))}
	noReadOnly := []Advanced{sel("absent readOnly only", eq(FieldEventCategory, "Management"),
		Field{Field: FieldReadOnly, NotEquals: []string{"true", "false"}})}

	u := func(s ...[]Advanced) Set {
		var out Set
		for _, x := range s {
			out = out.Union(SetOf(x))
		}
		return out
	}
	tests := []struct {
		name      string
		a, b      Set
		covers    bool   // a covers b
		gap       string // (b minus a).String(), when it is not empty
		deadInA   bool
		equalAToB bool
	}{
		{name: "read-only and write-only selectors miss management events without readOnly",
			a: u(readOnly, writeOnly), b: SetOf(mgmtAll),
			gap: "eventCategory Equals [Management], readOnly NotEquals [true false]"},
		{name: "all management events cover the write-only ones", a: SetOf(mgmtAll), b: SetOf(writeOnly), covers: true},
		{name: "a trail excluding KMS misses every KMS management event, read or write",
			a: SetOf(noKMS), b: SetOf(mgmtAll),
			gap: "eventCategory Equals [Management], eventSource Equals [kms.amazonaws.com]"},
		{name: "all buckets but one: the one bucket's objects are the gap",
			a: SetOf(s3ButOne), b: SetOf(s3All),
			gap: "eventCategory Equals [Data], resources.type Equals [AWS::S3::Object], resources.ARN StartsWith [arn:aws:s3:::amzn-s3-demo-bucket/]"},
		{name: "NotEquals the bucket ARN excludes only that exact ARN (the documented pitfall)",
			a: SetOf(s3NotEquals), b: SetOf(s3All),
			gap: "eventCategory Equals [Data], resources.type Equals [AWS::S3::Object], resources.ARN Equals [arn:aws:s3:::amzn-s3-demo-bucket/]"},
		{name: "all S3 objects cover PutObject and DeleteObject on one prefix", a: SetOf(s3All), b: SetOf(putDelete), covers: true},
		{name: "basic all-S3 data resource is the advanced all-S3 selector",
			a: SetOf(FromBasic([]Basic{{IncludeManagementEvents: boolPtr(false), DataResources: []DataResource{{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3"}}}}})),
			b: SetOf(s3All), covers: true, equalAToB: true},
		{name: "contradictory readOnly conditions select nothing", a: SetOf(contradict), b: Set{}, covers: true, deadInA: true, equalAToB: true},
		{name: "absent readOnly and read/write together are all management events",
			a: u(readOnly, writeOnly, noReadOnly), b: SetOf(mgmtAll), covers: true, equalAToB: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.Covers(tc.b); got != tc.covers {
				t.Errorf("Covers = %v, want %v", got, tc.covers)
			}
			gap := tc.b.Minus(tc.a)
			if !tc.covers {
				if got := gap.String(); got != tc.gap {
					t.Errorf("gap\n got %s\nwant %s", got, tc.gap)
				}
				w, ok := gap.Witness()
				if !ok || !tc.b.Contains(w) || tc.a.Contains(w) {
					t.Errorf("witness %+v (ok %v) is not in b minus a", w, ok)
				}
			}
			if got := tc.a.Empty(); got != tc.deadInA {
				t.Errorf("Empty = %v, want %v", got, tc.deadInA)
			}
			if got := tc.a.Equal(tc.b); got != tc.equalAToB {
				t.Errorf("Equal = %v, want %v", got, tc.equalAToB)
			}
		})
	}
}

func TestSetEqualWithin(t *testing.T) {
	mgmt := SetOf([]Advanced{sel("management", eq(FieldEventCategory, "Management"))})
	s3 := SetOf([]Advanced{sel("S3", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, "AWS::S3::Object"))})
	noKMS := SetOf(FromBasic([]Basic{{ExcludeManagementEventSources: []string{"kms.amazonaws.com"}}}))
	withS3 := SetOf(FromBasic([]Basic{{DataResources: []DataResource{{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3"}}}}}))
	ec2 := SetOf([]Advanced{sel("EC2", eq(FieldEventSource, "ec2.amazonaws.com"))})
	tests := []struct {
		reason string
		a, b   Set
		class  Set
		want   bool
	}{
		{"all management events with and without S3 data events: the same management events", mgmt, withS3, mgmt, true},
		{"but not the same S3 data events", mgmt, withS3, s3, false},
		{"excluding KMS changes nothing for EC2 events", mgmt, noKMS, ec2, true},
		{"but it does for management events", mgmt, noKMS, mgmt, false},
	}
	for _, tc := range tests {
		if got := tc.a.EqualWithin(tc.b, tc.class); got != tc.want {
			t.Errorf("%s: EqualWithin = %v, want %v", tc.reason, got, tc.want)
		}
	}
}

func TestMatcherDead(t *testing.T) {
	m := build([]Advanced{
		sel("fine", eq(FieldEventCategory, "Management")),
		sel("contradiction", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, "AWS::S3::Object"),
			Field{Field: FieldResourcesARN, StartsWith: []string{"arn:aws:s3:::b/"}, NotStartsWith: []string{"arn:aws:s3:::"}}),
		sel("two categories", eq(FieldEventCategory, "Data"), eq(FieldEventCategory, "Management")),
	}, labelsFor(make([]Advanced, 3)))
	if got := m.Dead(); len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Fatalf("Dead = %v, want [1 2]", got)
	}
}

func unnamed(sels []Advanced) []Advanced {
	out := make([]Advanced, len(sels))
	for i := range sels {
		out[i] = Advanced{Fields: sels[i].Fields}
	}
	return out
}
