package trailtest

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/identity"
	"github.com/trailmap/trailmap/internal/txtar"
	"github.com/trailmap/trailmap/trail"
)

var update = flag.Bool("update", false, "rewrite the want files of testdata")

const (
	devTrail  = "arn:aws:cloudtrail:us-east-1:111122223333:trail/dev-audit"
	prodTrail = "arn:aws:cloudtrail:us-east-1:444455556666:trail/prod-audit"
	adminRole = "arn:aws:iam::444455556666:role/Admin"
	bucketARN = "arn:aws:s3:::amzn-s3-demo-bucket"
)

// TestWorkflow runs the cross-account IAM workflow of
// testdata/trailtest/workflow.txtar, asserts what each account's trail and
// event history hold, and compares every record copy, trail log and
// history with the archive's want files.
func TestWorkflow(t *testing.T) {
	path := filepath.Join("testdata", "workflow.txtar")
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dep, ok := ar.Get("deployment.json")
	if !ok {
		t.Fatalf("%s has no deployment.json", path)
	}
	d, err := trail.ParseDeployment(dep)
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRecorder(d, 2024)
	if err != nil {
		t.Fatal(err)
	}

	alice := NewIAMUser(Account1, "Alice")
	admin, assume := r.AssumeRole(alice, adminRole, "alice")
	del := r.Call("s3.amazonaws.com", "DeleteBucket", As(admin), In("us-west-2"),
		Resource("AWS::S3::Bucket", bucketARN, Account2),
		Request(map[string]string{"bucketName": "amzn-s3-demo-bucket", "Host": "amzn-s3-demo-bucket.s3.us-west-2.amazonaws.com"}))

	// Who sees what.
	if len(assume) != 2 || len(del) != 1 {
		t.Fatalf("got %d AssumeRole and %d DeleteBucket copies, want 2 and 1", len(assume), len(del))
	}
	AssertLogged(t, r, devTrail, assume[0])
	AssertNotLogged(t, r, devTrail, assume[1])
	AssertNotLogged(t, r, devTrail, del[0])
	AssertLogged(t, r, prodTrail, assume[1])
	AssertLogged(t, r, prodTrail, del[0])
	AssertNotLogged(t, r, prodTrail, assume[0])
	if assume[1].UserIdentity.Type != identity.AWSAccount || assume[1].UserIdentity.AccountID != Account1 {
		t.Errorf("role owner's copy shows %s of %s, want AWSAccount of %s", assume[1].UserIdentity.Type, assume[1].UserIdentity.AccountID, Account1)
	}

	// The bucket owner's DeleteBucket record, written out as a reader of
	// the User Guide would expect it; generated IDs and times aside.
	want := &event.Record{
		EventVersion: "1.08",
		UserIdentity: &identity.UserIdentity{
			Type:        identity.AssumedRole,
			PrincipalID: admin.SessionContext.SessionIssuer.PrincipalID + ":alice",
			ARN:         "arn:aws:sts::444455556666:assumed-role/Admin/alice",
			AccountID:   Account2,
			SessionContext: &identity.SessionContext{
				SessionIssuer: &identity.SessionIssuer{
					Type: identity.Role, PrincipalID: admin.SessionContext.SessionIssuer.PrincipalID,
					ARN: adminRole, AccountID: Account2, UserName: "Admin",
				},
				WebIDFederationData: &identity.WebIDFederationData{},
				Attributes:          &identity.Attributes{MFAAuthenticated: false},
			},
		},
		EventSource:       "s3.amazonaws.com",
		EventName:         "DeleteBucket",
		AWSRegion:         "us-west-2",
		UserAgent:         del[0].UserAgent,
		RequestParameters: json.RawMessage(`{"bucketName": "amzn-s3-demo-bucket", "Host": "amzn-s3-demo-bucket.s3.us-west-2.amazonaws.com"}`),
		ResponseElements:  json.RawMessage(`null`),
		AdditionalEventData: json.RawMessage(`{"SignatureVersion": "SigV4", "CipherSuite": "TLS_AES_128_GCM_SHA256",
			"bytesTransferredIn": 0, "AuthenticationMethod": "AuthHeader", "bytesTransferredOut": 0}`),
		EventType:          event.AwsAPICall,
		ReadOnly:           event.Bool{Set: true, Value: false},
		ManagementEvent:    event.Bool{Set: true, Value: true},
		Resources:          []event.Resource{{ARN: bucketARN, AccountID: Account2, Type: "AWS::S3::Bucket"}},
		RecipientAccountID: Account2,
		EventCategory:      event.CategoryManagement,
		TLSDetails: &event.TLSDetails{TLSVersion: "TLSv1.3", CipherSuite: "TLS_AES_128_GCM_SHA256",
			ClientProvidedHostHeader: "amzn-s3-demo-bucket.s3.us-west-2.amazonaws.com"},
	}
	AssertLogged(t, r, prodTrail, want, IgnoreGenerated())

	// Event history per account and Region.
	history := []struct {
		account, region, want string
	}{
		{Account1, "us-east-1", "AssumeRole"},
		{Account1, "us-west-2", ""},
		{Account2, "us-east-1", "AssumeRole"},
		{Account2, "us-west-2", "DeleteBucket"},
	}
	for _, h := range history {
		out, err := r.LookupEvents(h.account, h.region, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(out); got != h.want {
			t.Errorf("event history of %s in %s: got %q, want %q", h.account, h.region, got, h.want)
		}
	}

	// The whole picture, against the archive.
	var records, logs, hist bytes.Buffer
	for i, rec := range r.Records() {
		b, err := json.MarshalIndent(rec, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&records, "# copy %d: %s\n%s\n", i, rec.String(), b)
	}
	for _, arn := range []string{devTrail, prodTrail} {
		fmt.Fprintf(&logs, "%s\n", arn)
		for _, e := range r.Log(arn) {
			fmt.Fprintf(&logs, "  %s %s %s\n    s3://%s/%s\n", e.Record.EventName, e.Record.UserIdentity.Type, e.Delivery.Region, e.Delivery.Bucket, e.ObjectKey)
		}
	}
	for _, h := range history {
		out, _ := r.LookupEvents(h.account, h.region, nil)
		fmt.Fprintf(&hist, "%s %s\n", h.account, h.region)
		for _, e := range out.Events {
			b, err := json.Marshal(LookupEvent{EventID: e.EventID, EventName: e.EventName, ReadOnly: e.ReadOnly,
				AccessKeyID: e.AccessKeyID, EventTime: e.EventTime, EventSource: e.EventSource, Username: e.Username,
				Resources: e.Resources})
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&hist, "  %s\n", b)
		}
	}
	golden := map[string][]byte{"records.json": records.Bytes(), "logs": logs.Bytes(), "history": hist.Bytes()}
	if *update {
		for _, name := range []string{"records.json", "logs", "history"} {
			ar.Set(name, golden[name])
		}
		if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for name, got := range golden {
		w, ok := ar.Get(name)
		if !ok {
			t.Errorf("%s has no %s; run with -update", path, name)
			continue
		}
		if d := Diff(string(w), string(got)); d != "" {
			t.Errorf("%s: %s differs (-want +got):\n%s", path, name, d)
		}
	}
}
