package trailtest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/identity"
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
	partial := func(region string) *event.Record { // only what a test cares about
		return &event.Record{EventSource: "ec2.amazonaws.com", EventName: "RunInstances", AWSRegion: region,
			RecipientAccountID: Account1, UserIdentity: &identity.UserIdentity{Type: identity.IAMUser, ARN: "arn:aws:iam::111122223333:user/Alice"}}
	}
	unrelated := &event.Record{EventSource: "s3.amazonaws.com", EventName: "DeleteBucket", AWSRegion: "us-west-2", RecipientAccountID: Account1}
	tests := []struct {
		reason  string
		assert  func(tb testing.TB) bool
		ok      bool
		message []string
		absent  []string
	}{
		{"a copy the trail delivered", func(tb testing.TB) bool { return AssertLogged(tb, r, westARN, west) }, true, nil, nil},
		{"a hand-written record, generated values ignored", func(tb testing.TB) bool {
			return AssertLogged(tb, r, westARN, written, IgnoreGenerated())
		}, true, nil, nil},
		{"a hand-written record without IgnoreGenerated differs", func(tb testing.TB) bool {
			return AssertLogged(tb, r, westARN, written)
		}, false, []string{"did not log ec2:RunInstances", "\nit logged 1 ec2:RunInstances records, none equal to want\nclosest, ec2:RunInstances", "-want +got", "EventID"}, nil},
		{"a copy the trail skipped names the reason, and shows no diff", func(tb testing.TB) bool { return AssertLogged(tb, r, westARN, east) },
			false, []string{"did not log ec2:RunInstances by IAMUser arn:aws:iam::111122223333:user/Alice in us-east-1", "\nskipped (RegionNotCovered)"}, []string{"-want +got"}},
		{"a copy an empty trail skipped: the reason", func(tb testing.TB) bool { return AssertLogged(tb, r, emptyARN, west) },
			false, []string{"\nskipped (RegionNotCovered): the trail is single-Region in eu-west-1"}, []string{"-want +got", "closest"}},
		{"an unrelated record is not diffed against what the trail logged", func(tb testing.TB) bool { return AssertLogged(tb, r, westARN, unrelated) },
			false, []string{"\nit logged no s3:DeleteBucket record (1 records in all)"}, []string{"-want +got", "RunInstances"}},
		{"trails are named by name too", func(tb testing.TB) bool { return AssertLogged(tb, r, "west", west) }, true, nil, nil},
		{"an unknown trail name lists the deployment's", func(tb testing.TB) bool { return AssertLogged(tb, r, "wets", west) },
			false, []string{`AssertLogged: the deployment has no trail "wets" (its trails: empty, west)`}, nil},
		{"IgnoreUnset: a partial expectation matches", func(tb testing.TB) bool {
			return AssertLogged(tb, r, "west", partial("us-west-2"), IgnoreUnset())
		}, true, nil, nil},
		{"IgnoreUnset: a wrong Region fails with the reason of the recorder's copy there", func(tb testing.TB) bool {
			return AssertLogged(tb, r, "west", partial("us-east-1"), IgnoreUnset())
		}, false, []string{"\nthe recorder's copy ec2:RunInstances by IAMUser arn:aws:iam::111122223333:user/Alice in us-east-1", "was skipped (RegionNotCovered)", "-want +got", "AWSRegion"}, []string{"UserAgent"}},
		{"IgnoreUnset: a wrong set field is shown, unset ones are not", func(tb testing.TB) bool {
			p := partial("us-west-2")
			p.UserIdentity.ARN = "arn:aws:iam::111122223333:user/Bob"
			return AssertLogged(tb, r, "west", p, IgnoreUnset())
		}, false, []string{"none equal to want", "user/Bob", "user/Alice"}, []string{"EventID", "RequestID", "UserAgent"}},
		{"not logged where skipped", func(tb testing.TB) bool { return AssertNotLogged(tb, r, westARN, east) }, true, nil, nil},
		{"AssertNotLogged fails with the key", func(tb testing.TB) bool { return AssertNotLogged(tb, r, "west", west) },
			false, []string{"logged ec2:RunInstances", "AWSLogs/111122223333/CloudTrail/us-west-2/2025/06/02/"}, nil},
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
		for _, m := range tt.absent {
			if strings.Contains(msg, m) {
				t.Errorf("%s: message has %q, which it should leave out:\n%s", tt.reason, m, msg)
			}
		}
	}
}
