package trailtest

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/internal/txtar"
)

// documentedDiff compares a built record with a documented one as JSON
// values, member for member. eventID, requestID and sharedEventID are
// generated: each must be present exactly when the example has it. The
// documentation's eventType "AwsConsoleSignin" is taken as the canonical
// "AwsConsoleSignIn" (every other example spells it so).
func documentedDiff(t *testing.T, doc []byte, got *event.Record) string {
	t.Helper()
	var want, have map[string]any
	if err := json.Unmarshal(doc, &want); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &have); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"eventID", "requestID", "sharedEventID"} {
		_, w := want[k]
		_, h := have[k]
		if w != h {
			t.Errorf("%s present: got %v, want %v", k, h, w)
		}
		delete(want, k)
		delete(have, k)
	}
	if want["eventType"] == "AwsConsoleSignin" {
		want["eventType"] = string(event.AwsConsoleSignIn)
	}
	return Diff(want, have)
}

// TestDocumentedRecords builds the documented example records of
// testdata/trailtest/documented.txtar from the inputs they show and
// compares them member for member.
func TestDocumentedRecords(t *testing.T) {
	path := filepath.Join("testdata", "documented.txtar")
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) Option {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return At(tm)
	}
	tests := []struct {
		file   string
		reason string
		build  func(doc *event.Record) *event.Record
	}{
		{"network-owner.json",
			"the VPC endpoint owner's own call: the caller in full, eventVersion 1.09, requestID and sharedEventID, no userAgent, readOnly, managementEvent, payloads or tlsDetails",
			func(doc *event.Record) *event.Record {
				return NewBuilder(1).Call("kms.amazonaws.com", "ListKeys", As(doc.UserIdentity),
					at("2024-06-04T23:12:50Z"), From("192.0.2.0"),
					VPCEndpoint("vpce-EXAMPLE08c1b6b9b7", "123456789012"), WithCategory(event.CategoryNetworkActivity))
			}},
		{"network-denied.json",
			"a call from another account denied by the endpoint policy: the owner's copy, the caller as AWSAccount, errorCode VpceAccessDenied with its fixed message",
			func(*event.Record) *event.Record {
				caller := NewIAMUser("777788889999", "Mateo")
				caller.PrincipalID = "AKIAIOSFODNN7EXAMPLE" // as the example shows it
				return NewBuilder(1).Call("kms.amazonaws.com", "ListKeys", As(caller),
					at("2024-07-15T23:57:12Z"), From("192.0.2.0"),
					VPCEndpoint("vpce-EXAMPLE08c1b6b9b7", "123456789012"), EndpointPolicyDenied())
			}},
		{"signin-wrong-username.json",
			`a failed sign-in with a wrong IAM user name: "accessKeyId": "" present, no ARN or principalId, no readOnly at eventVersion 1.05`,
			func(*event.Record) *event.Record {
				r := newRecorder(t)
				recs := r.ConsoleLoginFailure(NewIAMUser("123456789012", "typed-name"), WrongUserName,
					EventVersion("1.05"), at("2015-03-31T22:20:42Z"), In("us-east-2"), From("192.0.2.101"),
					UserAgent("Mozilla/5.0 (Windows NT 6.1; WOW64; rv:24.0) Gecko/20100101 Firefox/24.0"))
				if len(recs) != 1 {
					t.Fatalf("ConsoleLoginFailure gave %d records, want 1", len(recs))
				}
				return recs[0]
			}},
		{"signin-wrong-password.json",
			`a failed sign-in with a wrong password: the user's name and principalId, "accessKeyId": "", no ARN`,
			func(*event.Record) *event.Record {
				paulo := NewIAMUser("123456789012", "Paulo")
				paulo.PrincipalID = "EXAMPLE6E4XEGITWATV6R"
				r := newRecorder(t)
				recs := r.ConsoleLoginFailure(paulo, WrongPassword,
					at("2023-07-19T22:01:20Z"), In("us-east-1"), From("192.0.2.0"),
					UserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:102.0) Gecko/20100101 Firefox/102.0"),
					Additional(map[string]string{
						"LoginTo":       "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1_examplebde32f3c9",
						"MobileVersion": "No",
						"MFAUsed":       "Yes",
					}))
				if len(recs) != 1 {
					t.Fatalf("ConsoleLoginFailure gave %d records, want 1", len(recs))
				}
				return recs[0]
			}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, ok := ar.Get(tt.file)
			if !ok {
				t.Fatalf("%s has no %s", path, tt.file)
			}
			doc, err := event.ParseRecord(b)
			if err != nil {
				t.Fatal(err)
			}
			if d := documentedDiff(t, b, tt.build(doc)); d != "" {
				t.Errorf("%s (-documented +built):\n%s", tt.reason, d)
			}
		})
	}
}
