package trailtest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/trail"
)

// fakeT records the errors an assertion reports.
type fakeT struct {
	testing.TB
	errors []string
}

func (f *fakeT) Helper()                   {}
func (f *fakeT) Error(args ...any)         { f.errors = append(f.errors, fmt.Sprint(args...)) }
func (f *fakeT) Errorf(s string, a ...any) { f.errors = append(f.errors, fmt.Sprintf(s, a...)) }

func TestDiff(t *testing.T) {
	b := NewBuilder(1)
	rec := b.Call("iam.amazonaws.com", "CreateUser", Request(map[string]string{"userName": "Bob", "path": "/"}))
	same := copyRecord(rec)
	same.RequestParameters = json.RawMessage(`{ "path" : "/",  "userName":"Bob" }`)
	same.ReadOnly.Quoted = true
	other := copyRecord(rec)
	other.EventID = "00000000-0000-4000-8000-000000000000"
	other.UserIdentity.AccessKeyID = "AKIAIOSFODNN7EXAMPLE"
	other.UserIdentity.UserName = "Mallory"
	tests := []struct {
		reason string
		got    *event.Record
		opts   bool // IgnoreGenerated
		want   []string
	}{
		{"JSON payloads compare as values, booleans by value", same, false, nil},
		{"generated IDs differ", other, false, []string{"EventID", "AccessKeyID", "Mallory"}},
		{"IgnoreGenerated leaves only the chosen difference", other, true, []string{`-`, `"Alice"`, `+`, `"Mallory"`}},
	}
	for _, tt := range tests {
		var d string
		if tt.opts {
			d = Diff(rec, tt.got, IgnoreGenerated())
		} else {
			d = Diff(rec, tt.got)
		}
		if (d == "") != (tt.want == nil) {
			t.Errorf("%s: Diff = %q, want empty=%v", tt.reason, d, tt.want == nil)
		}
		for _, w := range tt.want {
			if !strings.Contains(d, w) {
				t.Errorf("%s: Diff lacks %q:\n%s", tt.reason, w, d)
			}
		}
		if tt.opts && (strings.Contains(d, "EventID") || strings.Contains(d, "AccessKeyID")) {
			t.Errorf("%s: Diff shows ignored fields:\n%s", tt.reason, d)
		}
	}
}

func TestAssertions(t *testing.T) {
	d := &trail.Deployment{Trails: []trail.Trail{
		{Name: "west", TrailARN: "arn:aws:cloudtrail:us-west-2:111122223333:trail/west", HomeRegion: "us-west-2", S3BucketName: "amzn-s3-demo-west"},
		{Name: "empty", TrailARN: "arn:aws:cloudtrail:eu-west-1:111122223333:trail/empty", HomeRegion: "eu-west-1", S3BucketName: "amzn-s3-demo-empty"},
	}}
	r, err := NewRecorder(d, 1)
	if err != nil {
		t.Fatal(err)
	}
	west := r.Call("ec2.amazonaws.com", "RunInstances", In("us-west-2"))[0]
	east := r.Call("ec2.amazonaws.com", "RunInstances", In("us-east-1"))[0]
	written := &event.Record{ // a record the test wrote by hand
		EventVersion: DefaultEventVersion, UserIdentity: NewIAMUser(Account1, "Alice"), EventSource: "ec2.amazonaws.com",
		EventName: "RunInstances", AWSRegion: "us-west-2", UserAgent: west.UserAgent,
		RequestParameters: json.RawMessage("null"), ResponseElements: json.RawMessage("null"),
		EventType: event.AwsAPICall, ReadOnly: event.Bool{Set: true}, ManagementEvent: event.Bool{Set: true, Value: true},
		RecipientAccountID: Account1, EventCategory: event.CategoryManagement, TLSDetails: west.TLSDetails,
	}
	const westARN, emptyARN = "arn:aws:cloudtrail:us-west-2:111122223333:trail/west", "arn:aws:cloudtrail:eu-west-1:111122223333:trail/empty"
	tests := []struct {
		reason  string
		assert  func(tb testing.TB) bool
		ok      bool
		message []string
	}{
		{"a copy the trail delivered", func(tb testing.TB) bool { return AssertLogged(tb, r, westARN, west) }, true, nil},
		{"a hand-written record, generated values ignored", func(tb testing.TB) bool {
			return AssertLogged(tb, r, westARN, written, IgnoreGenerated())
		}, true, nil},
		{"a hand-written record without IgnoreGenerated differs", func(tb testing.TB) bool {
			return AssertLogged(tb, r, westARN, written)
		}, false, []string{"did not log ec2:RunInstances", "closest of the 1 records", "-want +got", "EventID"}},
		{"a copy the trail skipped names the reason", func(tb testing.TB) bool { return AssertLogged(tb, r, westARN, east) },
			false, []string{"did not log ec2:RunInstances by IAMUser arn:aws:iam::111122223333:user/Alice in us-east-1", "skipped (RegionNotCovered)"}},
		{"an empty log says so", func(tb testing.TB) bool { return AssertLogged(tb, r, emptyARN, west) },
			false, []string{"the trail logged nothing"}},
		{"not logged where skipped", func(tb testing.TB) bool { return AssertNotLogged(tb, r, westARN, east) }, true, nil},
		{"AssertNotLogged fails with the key", func(tb testing.TB) bool { return AssertNotLogged(tb, r, westARN, west) },
			false, []string{"logged ec2:RunInstances", "AWSLogs/111122223333/CloudTrail/us-west-2/2025/06/02/"}},
	}
	for _, tt := range tests {
		ft := &fakeT{TB: t}
		ok := tt.assert(ft)
		if ok != tt.ok || (len(ft.errors) == 0) != tt.ok {
			t.Errorf("%s: returned %v with errors %q; want %v", tt.reason, ok, ft.errors, tt.ok)
			continue
		}
		msg := strings.Join(ft.errors, "\n")
		for _, m := range tt.message {
			if !strings.Contains(msg, m) {
				t.Errorf("%s: message lacks %q:\n%s", tt.reason, m, msg)
			}
		}
	}
}
