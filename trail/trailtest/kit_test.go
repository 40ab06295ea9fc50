package trailtest

import (
	"testing"

	"github.com/trailmap/trailmap/trail"
)

// IgnoreGenerated applies to LookupEvents output: two recorders with other
// seeds answer the same calls with the same history but for generated
// values, including those inside CloudTrailEvent.
func TestIgnoreGeneratedLookupEvents(t *testing.T) {
	lookup := func(seed uint64) *LookupEventsOutput {
		r, err := NewRecorder(nil, seed)
		if err != nil {
			t.Fatal(err)
		}
		alice := NewIAMUser(Account1, "Alice")
		r.Call("iam.amazonaws.com", "CreateUser", As(alice), Request(map[string]string{"userName": "Bob"}))
		r.AssumeRole(alice, "arn:aws:iam::111122223333:role/Admin", "alice")
		out, err := r.LookupEvents(Account1, "us-east-1", &LookupEventsInput{})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Events) != 2 {
			t.Fatalf("seed %d: %d events, want 2", seed, len(out.Events))
		}
		return out
	}
	a, b := lookup(1), lookup(2)
	if d := Diff(a, b); d == "" {
		t.Fatal("two seeds gave the same history; the test shows nothing")
	}
	if d := Diff(a, b, IgnoreGenerated()); d != "" {
		t.Errorf("with IgnoreGenerated the histories still differ:\n%s", d)
	}
	b.Events[0].EventName = "DeleteUser"
	if d := Diff(a, b, IgnoreGenerated()); d == "" {
		t.Error("IgnoreGenerated hid a chosen difference")
	}
}

func TestCopyFor(t *testing.T) {
	d := &trail.Deployment{Trails: []trail.Trail{
		{Name: "audit", TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit", HomeRegion: "us-east-1", S3BucketName: "amzn-s3-demo-bucket"},
	}}
	r, err := NewRecorder(d, 1)
	if err != nil {
		t.Fatal(err)
	}
	caller := NewIAMUser(Account1, "Alice")
	_, recs := r.AssumeRole(caller, "arn:aws:iam::444455556666:role/Admin", "alice")
	if len(recs) != 2 {
		t.Fatalf("cross-account AssumeRole: %d copies, want 2", len(recs))
	}
	for _, acct := range []string{Account1, Account2} {
		c := CopyFor(recs, acct)
		if c == nil || c.Recipient() != acct {
			t.Errorf("CopyFor(%s) = %v", acct, c)
		}
	}
	if c := CopyFor(recs, Account3); c != nil {
		t.Errorf("CopyFor of an account with no copy = %v, want nil", c)
	}
	if !AssertLogged(t, r, "audit", CopyFor(recs, Account1)) {
		t.Error("the caller's copy is not in the caller's trail")
	}
}
