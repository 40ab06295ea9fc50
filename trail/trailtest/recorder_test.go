package trailtest

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/identity"
	"github.com/trailmap/trailmap/trail"
)

// copyWant is what one record copy must show.
type copyWant struct {
	recipient string
	who       identity.Type
	region    string
}

func checkCopies(t *testing.T, reason string, got []*event.Record, want []copyWant) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: got %d copies, want %d", reason, len(got), len(want))
		return
	}
	ids := map[string]bool{}
	for i, rec := range got {
		w := want[i]
		if rec.RecipientAccountID != w.recipient || rec.UserIdentity.Type != w.who || rec.AWSRegion != w.region {
			t.Errorf("%s: copy %d: recipient %s, identity %s, Region %s; want %s, %s, %s",
				reason, i, rec.RecipientAccountID, rec.UserIdentity.Type, rec.AWSRegion, w.recipient, w.who, w.region)
		}
		if ids[rec.EventID] {
			t.Errorf("%s: copy %d repeats eventID %s", reason, i, rec.EventID)
		}
		ids[rec.EventID] = true
		if len(got) > 1 && (rec.SharedEventID == "" || rec.SharedEventID != got[0].SharedEventID) {
			t.Errorf("%s: copy %d sharedEventID %q, want the one of copy 0 %q", reason, i, rec.SharedEventID, got[0].SharedEventID)
		}
		if len(got) == 1 && rec.SharedEventID != "" {
			t.Errorf("%s: a single copy has sharedEventID %q", reason, rec.SharedEventID)
		}
		if i > 0 && rec.EventTime != got[0].EventTime {
			t.Errorf("%s: copies of one call at different times", reason)
		}
	}
}

func newRecorder(t *testing.T) *Recorder {
	t.Helper()
	r, err := NewRecorder(nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

const (
	roleInAccount2 = "arn:aws:iam::444455556666:role/Admin"
	roleInAccount1 = "arn:aws:iam::111122223333:role/Ops"
)

// The temporary-credentials table of the IAM User Guide ("Logging IAM and
// AWS STS API calls with AWS CloudTrail").
func TestRecorderSTS(t *testing.T) {
	alice := NewIAMUser(Account1, "Alice")
	tests := []struct {
		reason  string
		call    func(r *Recorder) (*identity.UserIdentity, []*event.Record)
		copies  []copyWant
		sess    identity.Type
		account string // the session's account
		owner   func(rec *event.Record) string
	}{
		{"cross-account AssumeRole: caller's copy shows the user, role owner's copy AWSAccount",
			func(r *Recorder) (*identity.UserIdentity, []*event.Record) {
				return r.AssumeRole(alice, roleInAccount2, "a")
			},
			[]copyWant{{Account1, identity.IAMUser, "us-east-1"}, {Account2, identity.AWSAccount, "us-east-1"}},
			identity.AssumedRole, Account2,
			func(rec *event.Record) string { return rec.UserIdentity.AccountID + " " + rec.UserIdentity.PrincipalID }},
		{"same-account AssumeRole: one copy",
			func(r *Recorder) (*identity.UserIdentity, []*event.Record) {
				return r.AssumeRole(alice, roleInAccount1, "a")
			},
			[]copyWant{{Account1, identity.IAMUser, "us-east-1"}}, identity.AssumedRole, Account1, nil},
		{"AssumeRole by a service: one copy in the role owner's account, AWSService with invokedBy",
			func(r *Recorder) (*identity.UserIdentity, []*event.Record) {
				return r.AssumeRole(NewAWSService("ec2.amazonaws.com"), roleInAccount2, "i-0123456789abcdef0")
			},
			[]copyWant{{Account2, identity.AWSService, "us-east-1"}}, identity.AssumedRole, Account2,
			func(rec *event.Record) string { return rec.UserIdentity.InvokedBy }},
		{"AssumeRole through a Regional endpoint is recorded in that Region",
			func(r *Recorder) (*identity.UserIdentity, []*event.Record) {
				return r.AssumeRole(alice, roleInAccount2, "a", In("eu-west-1"))
			},
			[]copyWant{{Account1, identity.IAMUser, "eu-west-1"}, {Account2, identity.AWSAccount, "eu-west-1"}},
			identity.AssumedRole, Account2, nil},
		{"AssumeRoleWithSAML: role owner only, SAMLUser",
			func(r *Recorder) (*identity.UserIdentity, []*event.Record) {
				return r.AssumeRoleWithSAML(NewSAMLUser(Account2, "Okta", "alice@example.com"), roleInAccount2, "arn:aws:iam::444455556666:saml-provider/Okta")
			},
			[]copyWant{{Account2, identity.SAMLUser, "us-east-1"}}, identity.AssumedRole, Account2, nil},
		{"AssumeRoleWithWebIdentity: role owner only, WebIdentityUser",
			func(r *Recorder) (*identity.UserIdentity, []*event.Record) {
				return r.AssumeRoleWithWebIdentity(NewWebIdentityUser("accounts.google.com", "app", "1234"), roleInAccount2, "web")
			},
			[]copyWant{{Account2, identity.WebIdentityUser, "us-east-1"}}, identity.AssumedRole, Account2, nil},
		{"GetSessionToken keeps the IAM user",
			func(r *Recorder) (*identity.UserIdentity, []*event.Record) { return r.GetSessionToken(alice) },
			[]copyWant{{Account1, identity.IAMUser, "us-east-1"}}, identity.IAMUser, Account1, nil},
		{"GetSessionToken by the root user keeps Root",
			func(r *Recorder) (*identity.UserIdentity, []*event.Record) {
				return r.GetSessionToken(NewRoot(Account3))
			},
			[]copyWant{{Account3, identity.Root, "us-east-1"}}, identity.Root, Account3, nil},
		{"GetFederationToken gives a federated user",
			func(r *Recorder) (*identity.UserIdentity, []*event.Record) {
				return r.GetFederationToken(alice, "partner")
			},
			[]copyWant{{Account1, identity.IAMUser, "us-east-1"}}, identity.FederatedUser, Account1, nil},
		{"AssumeRoot: caller's and member's copies; no global endpoint, so us-east-1 Regional",
			func(r *Recorder) (*identity.UserIdentity, []*event.Record) {
				return r.AssumeRoot(NewAssumedRole(Account1, "OrgAdmin", "ops"), Account2, "arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy")
			},
			[]copyWant{{Account1, identity.AssumedRole, "us-east-1"}, {Account2, identity.AWSAccount, "us-east-1"}},
			identity.Root, Account2, nil},
	}
	for _, tt := range tests {
		r := newRecorder(t)
		sess, copies := tt.call(r)
		checkCopies(t, tt.reason, copies, tt.copies)
		if sess.Type != tt.sess || sess.AccountID != tt.account {
			t.Errorf("%s: later calls show %s of %s, want %s of %s", tt.reason, sess.Type, sess.AccountID, tt.sess, tt.account)
		}
		if !strings.HasPrefix(sess.AccessKeyID, "ASIA") {
			t.Errorf("%s: session access key %q, want a temporary ASIA key", tt.reason, sess.AccessKeyID)
		}
		if sc := sess.SessionContext; sc == nil || sc.Attributes == nil || !sc.Attributes.CreationDate.Equal(copies[0].EventTime) {
			t.Errorf("%s: session attributes %+v, want creationDate = the call's time", tt.reason, sess.SessionContext)
		}
		// The response names the key later calls use.
		var resp struct {
			Credentials struct {
				AccessKeyID string `json:"accessKeyId"`
			} `json:"credentials"`
		}
		if err := json.Unmarshal(copies[0].ResponseElements, &resp); err != nil || resp.Credentials.AccessKeyID != sess.AccessKeyID {
			t.Errorf("%s: responseElements credentials %s, want accessKeyId %s", tt.reason, copies[0].ResponseElements, sess.AccessKeyID)
		}
		if tt.owner != nil {
			if got := tt.owner(copies[len(copies)-1]); got == "" || strings.Contains(got, "arn:") {
				t.Errorf("%s: owner's copy identity %q, want account and principal ID or the service", tt.reason, got)
			}
		}
		if len(r.Records()) != len(copies) {
			t.Errorf("%s: recorder holds %d records, want the %d copies", tt.reason, len(r.Records()), len(copies))
		}
	}
}

func TestRecorderSTSEndpoint(t *testing.T) {
	tests := []struct {
		reason   string
		opts     []Option
		region   string
		host     string
		endpoint string
	}{
		{"global endpoint: us-east-1, sts.amazonaws.com", nil, "us-east-1", "sts.amazonaws.com", "global"},
		{"Regional endpoint in us-east-1", []Option{In("us-east-1")}, "us-east-1", "sts.us-east-1.amazonaws.com", "regional"},
		{"Regional endpoint elsewhere", []Option{In("ap-southeast-2")}, "ap-southeast-2", "sts.ap-southeast-2.amazonaws.com", "regional"},
		{"before 2025 no RequestDetails; the host still tells the global endpoint",
			[]Option{At(requestDetailsSince.Add(-time.Hour))}, "us-east-1", "sts.amazonaws.com", ""},
		{"before 2025 through a Regional endpoint in us-east-1",
			[]Option{At(requestDetailsSince.Add(-time.Hour)), In("us-east-1")}, "us-east-1", "sts.us-east-1.amazonaws.com", ""},
	}
	for _, tt := range tests {
		r := newRecorder(t)
		_, copies := r.GetSessionToken(NewIAMUser(Account1, "Alice"), tt.opts...)
		rec := copies[0]
		var ad struct {
			RequestDetails struct{ EndpointType, AwsServingRegion string }
		}
		_ = json.Unmarshal(rec.AdditionalEventData, &ad)
		if rec.AWSRegion != tt.region || rec.TLSDetails.ClientProvidedHostHeader != tt.host || ad.RequestDetails.EndpointType != tt.endpoint {
			t.Errorf("%s: Region %s, host %s, endpointType %s; want %s, %s, %s", tt.reason,
				rec.AWSRegion, rec.TLSDetails.ClientProvidedHostHeader, ad.RequestDetails.EndpointType, tt.region, tt.host, tt.endpoint)
		}
		if (tt.endpoint == "") != (rec.AdditionalEventData == nil) {
			t.Errorf("%s: additionalEventData %s", tt.reason, rec.AdditionalEventData)
		}
		if trail.IsGlobalServiceEvent(rec) != (rec.TLSDetails.ClientProvidedHostHeader == "sts.amazonaws.com") {
			t.Errorf("%s: taken as global=%v", tt.reason, trail.IsGlobalServiceEvent(rec))
		}
	}
}

func TestRecorderSignIn(t *testing.T) {
	alice := NewIAMUser(Account1, "Alice")
	tests := []struct {
		reason  string
		call    func(r *Recorder) []*event.Record
		n       int
		who     identity.Type
		user    string
		arn     bool
		region  string
		outcome string
		errMsg  string
		mfa     string
	}{
		{"IAM user success via the global endpoint", func(r *Recorder) []*event.Record { return r.ConsoleLogin(alice) },
			1, identity.IAMUser, "Alice", true, "us-east-1", "Success", "", "No"},
		{"IAM user success via a Regional endpoint, with MFA", func(r *Recorder) []*event.Record {
			return r.ConsoleLogin(alice, In("eu-north-1"), MFA("arn:aws:iam::111122223333:mfa/alice"))
		}, 1, identity.IAMUser, "Alice", true, "eu-north-1", "Success", "", "Yes"},
		{"root success in us-east-1", func(r *Recorder) []*event.Record { return r.ConsoleLogin(NewRoot(Account2)) },
			1, identity.Root, "", true, "us-east-1", "Success", "", "No"},
		{"IAM user, wrong password: name kept, no ARN", func(r *Recorder) []*event.Record { return r.ConsoleLoginFailure(alice, WrongPassword) },
			1, identity.IAMUser, "Alice", false, "us-east-1", "Failure", "Failed authentication", "No"},
		{"IAM user name wrong: masked", func(r *Recorder) []*event.Record {
			return r.ConsoleLoginFailure(NewIAMUser(Account1, "my-password-typed-here"), WrongUserName)
		}, 1, identity.IAMUser, identity.HiddenUserName, false, "us-east-1", "Failure", "No username found in supplied account", "No"},
		{"root, wrong password: recorded (CloudTrail User Guide, root user unsuccessful sign-in)",
			func(r *Recorder) []*event.Record { return r.ConsoleLoginFailure(NewRoot(Account2), WrongPassword) },
			1, identity.Root, "", true, "us-east-1", "Failure", "Failed authentication", "No"},
		{"root, wrong password, before failed root sign-ins were recorded (IAM User Guide of 2017)",
			func(r *Recorder) []*event.Record {
				return r.ConsoleLoginFailure(NewRoot(Account2), WrongPassword, At(rootSignInFailuresSince.Add(-time.Hour)))
			}, 0, "", "", false, "", "", "", ""},
		{"IAM user, wrong password, before that day: recorded", func(r *Recorder) []*event.Record {
			return r.ConsoleLoginFailure(alice, WrongPassword, At(rootSignInFailuresSince.Add(-time.Hour)))
		}, 1, identity.IAMUser, "Alice", false, "us-east-1", "Failure", "Failed authentication", "No"},
		{"root, e-mail of no account: no record", func(r *Recorder) []*event.Record {
			return r.ConsoleLoginFailure(NewRoot(Account2), WrongUserName)
		}, 0, "", "", false, "", "", "", ""},
	}
	for _, tt := range tests {
		r := newRecorder(t)
		recs := tt.call(r)
		if len(recs) != tt.n || len(r.Records()) != tt.n {
			t.Errorf("%s: got %d records (recorder holds %d), want %d", tt.reason, len(recs), len(r.Records()), tt.n)
			continue
		}
		if tt.n == 0 {
			continue
		}
		rec := recs[0]
		var resp map[string]string
		_ = json.Unmarshal(rec.ResponseElements, &resp)
		var ad map[string]string
		_ = json.Unmarshal(rec.AdditionalEventData, &ad)
		id := rec.UserIdentity
		switch {
		case id.Type != tt.who || id.UserName != tt.user || (id.ARN != "") != tt.arn:
			t.Errorf("%s: identity %s %q arn %q", tt.reason, id.Type, id.UserName, id.ARN)
		case rec.AWSRegion != tt.region:
			t.Errorf("%s: Region %s, want %s", tt.reason, rec.AWSRegion, tt.region)
		case resp["ConsoleLogin"] != tt.outcome:
			t.Errorf("%s: responseElements %s, want ConsoleLogin %s", tt.reason, rec.ResponseElements, tt.outcome)
		case rec.ErrorMessage != tt.errMsg || rec.ErrorCode != "":
			t.Errorf("%s: errorCode %q errorMessage %q, want no code and %q", tt.reason, rec.ErrorCode, rec.ErrorMessage, tt.errMsg)
		case ad["MFAUsed"] != tt.mfa:
			t.Errorf("%s: additionalEventData %s, want MFAUsed %s", tt.reason, rec.AdditionalEventData, tt.mfa)
		case rec.EventType != event.AwsConsoleSignIn || rec.EventSource != "signin.amazonaws.com" || rec.RequestID != "" || id.AccessKeyID != "":
			t.Errorf("%s: eventType %s source %s requestID %q accessKeyId %q", tt.reason, rec.EventType, rec.EventSource, rec.RequestID, id.AccessKeyID)
		case !rec.ReadOnly.False() || !rec.ManagementEvent.True():
			t.Errorf("%s: readOnly %+v managementEvent %+v, want false and true", tt.reason, rec.ReadOnly, rec.ManagementEvent)
		}
	}
}

// Cross-account data events are recorded in the caller's and the resource
// owner's accounts (CloudTrail User Guide, "Logging data events").
func TestRecorderCrossAccountData(t *testing.T) {
	bucket := func(owner string) []Option {
		return []Option{
			Resource("AWS::S3::Object", "arn:aws:s3:::amzn-s3-demo-bucket/key", ""),
			Resource("AWS::S3::Bucket", "arn:aws:s3:::amzn-s3-demo-bucket", owner),
		}
	}
	tests := []struct {
		reason string
		opts   []Option
		copies []copyWant
	}{
		{"bucket in another account: two copies sharing sharedEventID",
			append([]Option{In("us-west-2")}, bucket(Account2)...),
			[]copyWant{{Account1, identity.IAMUser, "us-west-2"}, {Account2, identity.IAMUser, "us-west-2"}}},
		{"own bucket: one copy", bucket(Account1),
			[]copyWant{{Account1, identity.IAMUser, "us-east-1"}}},
		{"object without an owning account named: the caller's copy only",
			[]Option{Resource("AWS::S3::Object", "arn:aws:s3:::b/k", "")},
			[]copyWant{{Account1, identity.IAMUser, "us-east-1"}}},
	}
	for _, tt := range tests {
		r := newRecorder(t)
		copies := r.Call("s3.amazonaws.com", "GetObject", tt.opts...)
		checkCopies(t, tt.reason, copies, tt.copies)
		for _, c := range copies {
			if c.EventCategory != event.CategoryData {
				t.Errorf("%s: category %s, want Data", tt.reason, c.EventCategory)
			}
		}
		if len(copies) == 2 {
			if d := Diff(copies[0], copies[1], IgnoreGenerated(), cmpIgnoreRecipient); d != "" {
				t.Errorf("%s: copies differ beyond IDs and recipient:\n%s", tt.reason, d)
			}
		}
		// Data events never reach event history.
		if n := r.History.Len(); n != 0 {
			t.Errorf("%s: event history holds %d data events", tt.reason, n)
		}
	}
}

// The recorder routes every copy through the deployment and keeps each
// trail's log.
func TestRecorderRoutes(t *testing.T) {
	d := &trail.Deployment{
		Organization: &trail.Organization{ID: "o-exampleorgid", MasterAccountID: Account1, Accounts: []string{Account1, Account2}},
		Trails: []trail.Trail{
			{Name: "org", TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/org", HomeRegion: "us-east-1",
				IsMultiRegionTrail: true, IsOrganizationTrail: true, S3BucketName: "amzn-s3-demo-org", S3KeyPrefix: "org"},
			{Name: "local", TrailARN: "arn:aws:cloudtrail:eu-west-1:123456789012:trail/local", HomeRegion: "eu-west-1",
				S3BucketName: "amzn-s3-demo-local"},
		},
	}
	r, err := NewRecorder(d, 1)
	if err != nil {
		t.Fatal(err)
	}
	_, assume := r.AssumeRole(NewIAMUser(Account1, "Alice"), roleInAccount2, "a")
	own := r.Call("ec2.amazonaws.com", "RunInstances", As(NewIAMUser(Account3, "Carol")), In("eu-west-1"))
	tests := []struct {
		reason string
		trail  string
		want   []string // recipient/Region/key
	}{
		{"an organization trail logs both members' copies under the organization folder",
			"arn:aws:cloudtrail:us-east-1:111122223333:trail/org", []string{
				"111122223333 us-east-1 org/AWSLogs/o-exampleorgid/111122223333/CloudTrail/us-east-1/2025/06/02/",
				"444455556666 us-east-1 org/AWSLogs/o-exampleorgid/444455556666/CloudTrail/us-east-1/2025/06/02/",
			}},
		{"a non-member's single-Region trail logs its own account's calls in its Region",
			"arn:aws:cloudtrail:eu-west-1:123456789012:trail/local", []string{
				"123456789012 eu-west-1 AWSLogs/123456789012/CloudTrail/eu-west-1/2025/06/02/",
			}},
	}
	for _, tt := range tests {
		var got []string
		for _, e := range r.Log(tt.trail) {
			got = append(got, e.Record.RecipientAccountID+" "+e.Delivery.Region+" "+e.Delivery.KeyPrefix)
		}
		if d := Diff(tt.want, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.reason, d)
		}
	}
	AssertLogged(t, r, "arn:aws:cloudtrail:us-east-1:111122223333:trail/org", assume[1])
	AssertNotLogged(t, r, "arn:aws:cloudtrail:eu-west-1:123456789012:trail/local", assume[0])
	AssertNotLogged(t, r, "arn:aws:cloudtrail:us-east-1:111122223333:trail/org", own[0])
	if res, ok := r.Result(own[0]); !ok || len(res.Deliveries) != 1 || len(res.Skipped) != 1 {
		t.Errorf("Result(RunInstances) = %+v, %v; want one delivery and one skip", res, ok)
	}
	if _, ok := r.Result(&event.Record{}); ok {
		t.Errorf("Result of a record the recorder never saw reported ok")
	}

	if _, err := NewRecorder(&trail.Deployment{Trails: []trail.Trail{{Name: "x"}}}, 1); err == nil ||
		!strings.HasPrefix(err.Error(), "trailtest: new recorder: ") {
		t.Errorf("NewRecorder with a trail without ARN: got %v, want a wrapped validation error", err)
	}
}

var cmpIgnoreRecipient = cmpopts.IgnoreFields(event.Record{}, "RecipientAccountID")

// MFA and source identity on AssumeRole; the source identity persists
// through role chaining.
func TestRecorderAssumeRoleMFASourceIdentity(t *testing.T) {
	r := newRecorder(t)
	first, recs := r.AssumeRole(NewIAMUser(Account1, "Alice"), roleInAccount1, "a",
		MFA("arn:aws:iam::111122223333:mfa/alice"), SourceIdentity("alice"))
	second, chained := r.AssumeRole(first, roleInAccount2, "b")
	var req map[string]string
	if err := json.Unmarshal(recs[0].RequestParameters, &req); err != nil {
		t.Fatal(err)
	}
	var chainedReq map[string]string
	if err := json.Unmarshal(chained[0].RequestParameters, &chainedReq); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		reason    string
		got, want any
	}{
		{"the request names the MFA device", req["serialNumber"], "arn:aws:iam::111122223333:mfa/alice"},
		{"the request passes the source identity", req["sourceIdentity"], "alice"},
		{"the session is MFA-authenticated", first.SessionContext.Attributes.MFAAuthenticated, true},
		{"the session carries the source identity", first.SessionContext.SourceIdentity, "alice"},
		{"the chained call passes it on", chainedReq["sourceIdentity"], "alice"},
		{"the chained session keeps it", second.SessionContext.SourceIdentity, "alice"},
		{"the chained session did not use MFA", second.SessionContext.Attributes.MFAAuthenticated, false},
		{"role chaining across accounts: the caller's copy shows the first session", chained[0].UserIdentity.ARN, first.ARN},
		{"the owner's copy shows its principal", chained[1].UserIdentity.PrincipalID, first.PrincipalID},
	}
	for _, tt := range tests {
		if d := Diff(tt.want, tt.got); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.reason, d)
		}
	}
}

// Log files: one per account, Region and five-minute window, keys that
// trail.ParseKey accepts.
func TestRecorderFiles(t *testing.T) {
	d := &trail.Deployment{
		Organization: &trail.Organization{ID: "o-exampleorgid", MasterAccountID: Account1, Accounts: []string{Account2}},
		Trails: []trail.Trail{{Name: "org", TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/org", HomeRegion: "us-east-1",
			IsMultiRegionTrail: true, IsOrganizationTrail: true, S3BucketName: "amzn-s3-demo-org", S3KeyPrefix: "audit"}},
	}
	r, err := NewRecorder(d, 1)
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC)
	calls := []struct {
		at      time.Duration
		account string
		region  string
	}{
		{10*time.Hour + 1*time.Minute, Account1, "us-east-1"},
		{10*time.Hour + 4*time.Minute, Account1, "us-east-1"},  // same window
		{10*time.Hour + 4*time.Minute, Account2, "us-east-1"},  // other account
		{10*time.Hour + 4*time.Minute, Account1, "eu-west-1"},  // other Region
		{10*time.Hour + 6*time.Minute, Account1, "us-east-1"},  // next window
		{23*time.Hour + 58*time.Minute, Account1, "us-east-1"}, // window ends the next day
	}
	for _, c := range calls {
		r.Call("ec2.amazonaws.com", "RunInstances", As(NewIAMUser(c.account, "Alice")), In(c.region), At(day.Add(c.at)))
	}
	files := r.Files("arn:aws:cloudtrail:us-east-1:111122223333:trail/org")
	want := []struct {
		key     string
		records int
	}{
		{"audit/AWSLogs/o-exampleorgid/111122223333/CloudTrail/us-east-1/2025/06/02/111122223333_CloudTrail_us-east-1_20250602T1005Z_", 2},
		{"audit/AWSLogs/o-exampleorgid/444455556666/CloudTrail/us-east-1/2025/06/02/444455556666_CloudTrail_us-east-1_20250602T1005Z_", 1},
		{"audit/AWSLogs/o-exampleorgid/111122223333/CloudTrail/eu-west-1/2025/06/02/111122223333_CloudTrail_eu-west-1_20250602T1005Z_", 1},
		{"audit/AWSLogs/o-exampleorgid/111122223333/CloudTrail/us-east-1/2025/06/02/111122223333_CloudTrail_us-east-1_20250602T1010Z_", 1},
		{"audit/AWSLogs/o-exampleorgid/111122223333/CloudTrail/us-east-1/2025/06/02/111122223333_CloudTrail_us-east-1_20250602T2359Z_", 1},
	}
	if len(files) != len(want) {
		t.Fatalf("got %d files, want %d: %+v", len(files), len(want), files)
	}
	for i, w := range want {
		f := files[i]
		if !strings.HasPrefix(f.Key, w.key) || len(f.Records) != w.records || f.Bucket != "amzn-s3-demo-org" {
			t.Errorf("file %d: %s in %s with %d records; want %s… in amzn-s3-demo-org with %d", i, f.Key, f.Bucket, len(f.Records), w.key, w.records)
		}
		gz, err := f.Encode()
		if err != nil {
			t.Fatalf("file %d: Encode: %v", i, err)
		}
		lf, err := event.ReadLogFile(bytes.NewReader(gz))
		if err != nil {
			t.Fatalf("file %d: the encoded file does not read back: %v", i, err)
		}
		var back []*event.Record
		for j := range lf.Records {
			back = append(back, &lf.Records[j])
		}
		if d := Diff(f.Records, back); d != "" {
			t.Errorf("file %d: records read back differ (-want +got):\n%s", i, d)
		}
		k, err := trail.ParseKey(f.Key)
		if err != nil {
			t.Errorf("file %d: %v", i, err)
		} else if k.String() != f.Key {
			t.Errorf("file %d: ParseKey(%s).String() = %s", i, f.Key, k.String())
		}
	}
}

// A nil caller is the default caller, as for Builder.Call without As.
func TestRecorderNilCallers(t *testing.T) {
	r := newRecorder(t)
	calls := []struct {
		reason string
		call   func() []*event.Record
		who    identity.Type
	}{
		{"AssumeRole", func() []*event.Record { _, c := r.AssumeRole(nil, roleInAccount1, "s"); return c }, identity.IAMUser},
		{"AssumeRoleWithSAML", func() []*event.Record {
			_, c := r.AssumeRoleWithSAML(nil, roleInAccount2, "arn:aws:iam::444455556666:saml-provider/ExampleIdP")
			return c
		}, identity.SAMLUser},
		{"AssumeRoleWithWebIdentity", func() []*event.Record { _, c := r.AssumeRoleWithWebIdentity(nil, roleInAccount2, "s"); return c }, identity.WebIdentityUser},
		{"GetSessionToken", func() []*event.Record { _, c := r.GetSessionToken(nil); return c }, identity.IAMUser},
		{"GetFederationToken", func() []*event.Record { _, c := r.GetFederationToken(nil, "f"); return c }, identity.IAMUser},
		{"AssumeRoot", func() []*event.Record {
			_, c := r.AssumeRoot(nil, Account2, "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials")
			return c
		}, identity.IAMUser},
		{"ConsoleLogin", func() []*event.Record { return r.ConsoleLogin(nil) }, identity.IAMUser},
		{"ConsoleLoginFailure", func() []*event.Record { return r.ConsoleLoginFailure(nil, WrongPassword) }, identity.IAMUser},
	}
	for _, c := range calls {
		recs := c.call()
		if len(recs) == 0 || recs[0].UserIdentity.Type != c.who {
			t.Errorf("%s with a nil caller: %d records, first by %v; want %s", c.reason, len(recs), recs, c.who)
		}
	}
	if got := NewFederatedUser(nil, "f").SessionContext.SessionIssuer.UserName; got != "Alice" {
		t.Errorf("FederatedUser(nil) issuer %q, want the default caller Alice", got)
	}
}

// The copies of AssumeRole, member by member (IAM User Guide, "Logging
// IAM and AWS STS API calls with AWS CloudTrail"; CloudTrail User Guide,
// "CloudTrail record contents"): the caller's copy shows the caller and
// goes to the caller's account; the role owner's copy shows AWSAccount
// with the caller's account and principal ID (or AWSService with
// invokedBy) and goes to the role's account; both share one
// sharedEventID and the requestID, and have their own eventIDs.
func TestRecorderAssumeRoleCopies(t *testing.T) {
	alice := NewIAMUser(Account1, "Alice")
	chained := NewAssumedRole(Account1, "Ops", "first")
	svc := NewAWSService("lambda.amazonaws.com")
	tests := []struct {
		reason  string
		caller  *identity.UserIdentity
		role    string
		want    []*identity.UserIdentity // identity of each copy
		account []string                 // recipientAccountId of each copy
	}{
		{"IAM user, role in another account", alice, roleInAccount2,
			[]*identity.UserIdentity{alice, NewAWSAccount(Account1, alice.PrincipalID)}, []string{Account1, Account2}},
		{"role session chaining into another account: the owner sees the session's principal ID (role ID:session)", chained, roleInAccount2,
			[]*identity.UserIdentity{chained, NewAWSAccount(Account1, chained.PrincipalID)}, []string{Account1, Account2}},
		{"IAM user, role in its own account: one copy, no sharedEventID", alice, roleInAccount1,
			[]*identity.UserIdentity{alice}, []string{Account1}},
		{"AWS service: the role owner's copy only, AWSService with invokedBy", svc, roleInAccount2,
			[]*identity.UserIdentity{svc}, []string{Account2}},
	}
	for _, tt := range tests {
		r := newRecorder(t)
		_, copies := r.AssumeRole(tt.caller, tt.role, "s")
		if len(copies) != len(tt.want) {
			t.Errorf("%s: got %d copies, want %d", tt.reason, len(copies), len(tt.want))
			continue
		}
		for i, rec := range copies {
			if d := Diff(tt.want[i], rec.UserIdentity, IgnoreGenerated()); d != "" {
				t.Errorf("%s: copy %d identity (-want +got):\n%s", tt.reason, i, d)
			}
			if rec.RecipientAccountID != tt.account[i] {
				t.Errorf("%s: copy %d recipientAccountId %s, want %s", tt.reason, i, rec.RecipientAccountID, tt.account[i])
			}
			if rec.RequestID != copies[0].RequestID {
				t.Errorf("%s: copy %d requestID %s, want the call's %s", tt.reason, i, rec.RequestID, copies[0].RequestID)
			}
			if i > 0 && (rec.EventID == copies[0].EventID || rec.SharedEventID == "" || rec.SharedEventID != copies[0].SharedEventID) {
				t.Errorf("%s: copy %d eventID %s sharedEventID %s; copy 0 %s %s: want distinct eventIDs, one sharedEventID",
					tt.reason, i, rec.EventID, rec.SharedEventID, copies[0].EventID, copies[0].SharedEventID)
			}
		}
		if len(copies) == 1 && copies[0].SharedEventID != "" {
			t.Errorf("%s: a single copy has sharedEventID %s", tt.reason, copies[0].SharedEventID)
		}
		// The owner's AWSAccount copy names no user, ARN or key.
		if last := copies[len(copies)-1].UserIdentity; last.Type == identity.AWSAccount &&
			(last.ARN != "" || last.UserName != "" || last.AccessKeyID != "" || last.SessionContext != nil) {
			t.Errorf("%s: owner's AWSAccount identity %+v", tt.reason, last)
		}
	}
}
