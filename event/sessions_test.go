package event_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/identity"
	"github.com/trailmap/trailmap/internal/corpustest"
)

func TestSessionsChain(t *testing.T) {
	// Alice (an IAM user, key AKIA…) assumes Admin (session key ASIA1),
	// which assumes Deploy in another account (ASIA2), which calls S3.
	assume1 := `{"eventSource":"sts.amazonaws.com","eventName":"AssumeRole","eventID":"e1","eventTime":"2023-05-01T10:00:00Z","sourceIPAddress":"192.0.2.1",
		"userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/Alice","accessKeyId":"AKIAEXAMPLE"},
		"requestParameters":{"roleArn":"arn:aws:iam::111122223333:role/Admin","roleSessionName":"alice"},
		"responseElements":{"credentials":{"accessKeyId":"ASIA1"},"assumedRoleUser":{"arn":"arn:aws:sts::111122223333:assumed-role/Admin/alice"}}}`
	assume2 := `{"eventSource":"sts.amazonaws.com","eventName":"AssumeRole","eventID":"e2","eventTime":"2023-05-01T10:05:00Z",
		"userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/Admin/alice","accessKeyId":"ASIA1"},
		"requestParameters":{"roleArn":"arn:aws:iam::444455556666:role/Deploy","roleSessionName":"deploy"},
		"responseElements":{"credentials":{"accessKeyId":"ASIA2"},"assumedRoleUser":{"arn":"arn:aws:sts::444455556666:assumed-role/Deploy/deploy"}}}`
	failed := `{"eventSource":"sts.amazonaws.com","eventName":"AssumeRole","errorCode":"AccessDenied","responseElements":{"credentials":{"accessKeyId":"ASIAX"}}}`
	loop := `{"eventSource":"sts.amazonaws.com","eventName":"GetSessionToken","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/x","accessKeyId":"ASIALOOP"},"responseElements":{"credentials":{"accessKeyId":"ASIALOOP"}}}`
	longTerm := `{"eventSource":"sts.amazonaws.com","eventName":"AssumeRole","responseElements":{"credentials":{"accessKeyId":"AKIALONGTERM"}}}`
	call := `{"eventSource":"s3.amazonaws.com","eventName":"PutObject","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::444455556666:assumed-role/Deploy/deploy","accessKeyId":"ASIA2"}}`

	var s event.Sessions
	for _, tt := range []struct {
		rec    string
		issues bool
		reason string
	}{
		{assume1, true, "AssumeRole returned credentials"},
		{assume2, true, "role chaining: a session assumes another role"},
		{failed, false, "a failed call issued nothing"},
		{loop, true, "GetSessionToken issues credentials"},
		{call, false, "an S3 call issues nothing"},
		{longTerm, false, "STS never issues a long-term (AKIA) key"},
	} {
		if got := s.Add(parse(t, tt.rec)); got != tt.issues {
			t.Errorf("Add = %v, want %v: %s", got, tt.issues, tt.reason)
		}
	}
	chain := s.Chain(parse(t, call))
	if len(chain) != 2 {
		t.Fatalf("Chain has %d calls, want 2 (Deploy from Admin, Admin from Alice): %+v", len(chain), chain)
	}
	if c := chain[0]; c.EventID != "e2" || c.Issued != "arn:aws:sts::444455556666:assumed-role/Deploy/deploy" || c.CallerARN != "arn:aws:sts::111122223333:assumed-role/Admin/alice" || c.SessionName != "deploy" {
		t.Errorf("nearest call = %+v, want e2 issuing Deploy/deploy to Admin/alice", c)
	}
	if c := chain[1]; c.EventID != "e1" || c.CallerARN != "arn:aws:iam::111122223333:user/Alice" || c.SourceIPAddress != "192.0.2.1" || c.EventTime.IsZero() {
		t.Errorf("first call = %+v, want e1 by Alice from 192.0.2.1", c)
	}
	if got := s.Chain(parse(t, loop)); len(got) != 1 {
		t.Errorf("a key that issued itself: chain of %d, want 1 (a key met twice ends the chain)", len(got))
	}
	if got := s.Chain(parse(t, `{"userIdentity":{"type":"IAMUser","accessKeyId":"AKIALONGTERM"}}`)); len(got) != 0 {
		t.Errorf("a long-term key has chain %+v, want none", got)
	}
	if got := s.Chain(parse(t, `{"eventName":"X"}`)); len(got) != 0 {
		t.Errorf("a record without userIdentity has chain %+v, want none", got)
	}
}

func parse(t *testing.T, s string) *event.Record {
	t.Helper()
	rec, err := event.ParseRecord([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// TestSessionsAssumeRootIssued: AssumeRoot returns credentials for the root
// user of the member account named by requestParameters.targetPrincipal
// (AWS STS API Reference, "AssumeRoot": "TargetPrincipal: The member account
// principal ARN or account ID"); its response has no assumedRoleUser, so
// Issued is that root user, not the calling IAM user.
func TestSessionsAssumeRootIssued(t *testing.T) {
	for _, tt := range []struct {
		rec, want, reason string
	}{
		{`{"eventSource":"sts.amazonaws.com","eventName":"AssumeRoot","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/Admin","accessKeyId":"AKIAEXAMPLE"},
			"requestParameters":{"targetPrincipal":"444455556666"},"responseElements":{"credentials":{"accessKeyId":"ASIAROOT"}}}`,
			"arn:aws:iam::444455556666:root", "an account ID: the root user of that account"},
		{`{"eventSource":"sts.amazonaws.com","eventName":"AssumeRoot","userIdentity":{"type":"IAMUser","arn":"arn:aws-cn:iam::111122223333:user/Admin","accessKeyId":"AKIAEXAMPLE"},
			"requestParameters":{"targetPrincipal":"444455556666"},"responseElements":{"credentials":{"accessKeyId":"ASIAROOTCN"}}}`,
			"arn:aws-cn:iam::444455556666:root", "the caller's partition"},
		{`{"eventSource":"sts.amazonaws.com","eventName":"AssumeRoot","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/Admin","accessKeyId":"AKIAEXAMPLE"},
			"requestParameters":{"targetPrincipal":"arn:aws:iam::444455556666:root"},"responseElements":{"credentials":{"accessKeyId":"ASIAROOTARN"}}}`,
			"arn:aws:iam::444455556666:root", "a principal ARN is kept as given"},
	} {
		var s event.Sessions
		rec := parse(t, tt.rec)
		if !s.Add(rec) {
			t.Fatalf("Add = false: %s", tt.reason)
		}
		key := ""
		for _, k := range []string{"ASIAROOT", "ASIAROOTCN", "ASIAROOTARN"} {
			if c := s.Chain(parse(t, `{"userIdentity":{"type":"Root","accessKeyId":"`+k+`"}}`)); len(c) == 1 {
				key = k
				if c[0].Issued != tt.want {
					t.Errorf("Issued = %q, want %q: %s", c[0].Issued, tt.want, tt.reason)
				}
			}
		}
		if key == "" {
			t.Errorf("no chain for the issued key: %s", tt.reason)
		}
	}
}

// TestSessionsIssuers: the STS actions that return Credentials (AWS STS
// API Reference, "Actions") are linked, each with what its credentials act
// as; those that return none are not. GetDelegatedAccessToken returns
// Credentials and AssumedPrincipal, "the ARN of the principal ... whose
// permissions are granted by the temporary credentials" (API Reference,
// "GetDelegatedAccessToken"); no CloudTrail record of it is published, so
// its members here follow the API's shape, camelCased as CloudTrail
// writes the other actions' ones.
func TestSessionsIssuers(t *testing.T) {
	const caller = `"userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/Alice","accessKeyId":"AKIAEXAMPLE"}`
	for _, tt := range []struct {
		name, req, resp string
		issues          bool
		issued, session string
		reason          string
	}{
		{"GetDelegatedAccessToken", `{"tradeInToken":"HIDDEN_DUE_TO_SECURITY_REASONS"}`,
			`{"credentials":{"accessKeyId":"ASIADELEGATED","sessionToken":"x","expiration":"Dec 3, 2026, 1:00:00 PM"},"assumedPrincipal":"arn:aws:iam::444455556666:role/Delegated"}`,
			true, "arn:aws:iam::444455556666:role/Delegated", "", "its credentials act as the assumedPrincipal of its response"},
		{"GetDelegatedAccessToken", `{"tradeInToken":"HIDDEN_DUE_TO_SECURITY_REASONS"}`,
			`{"credentials":{"accessKeyId":"ASIADELEGATED"}}`,
			true, "", "", "without assumedPrincipal the principal is unknown: not the caller, as for GetSessionToken"},
		{"GetSessionToken", `{"durationSeconds":3600}`, `{"credentials":{"accessKeyId":"ASIASESSION"}}`,
			true, "arn:aws:iam::111122223333:user/Alice", "", "GetSessionToken's credentials act as the caller"},
		{"GetFederationToken", `{"name":"bob"}`, `{"credentials":{"accessKeyId":"ASIAFED"},"federatedUser":{"arn":"arn:aws:sts::111122223333:federated-user/bob"}}`,
			true, "arn:aws:sts::111122223333:federated-user/bob", "bob", "the federated user"},
		{"AssumeRole", `{"roleArn":"arn:aws:iam::111122223333:role/R","roleSessionName":"s"}`, `{"credentials":{"accessKeyId":"ASIAROLE"}}`,
			true, "arn:aws:iam::111122223333:role/R", "s", "without assumedRoleUser, the role asked for"},
		{"AssumeRole", `{"roleArn":"arn:aws:iam::111122223333:role/R"}`, `{"Credentials":{"AccessKeyId":"ASIAROLE"}}`,
			false, "", "", "names are read as CloudTrail writes them, camelCase: PascalCase names are not the credentials"},
		{"GetWebIdentityToken", `{"audience":["https://example.com"]}`, `{"webIdentityToken":"HIDDEN_DUE_TO_SECURITY_REASONS","expiration":"Dec 3, 2026, 1:00:00 PM","credentials":{"accessKeyId":"ASIAJWT"}}`,
			false, "", "", "GetWebIdentityToken returns a JWT, never credentials"},
		{"GetCallerIdentity", ``, `{"credentials":{"accessKeyId":"ASIACALLER"}}`,
			false, "", "", "GetCallerIdentity issues nothing"},
	} {
		rec := `{"eventSource":"sts.amazonaws.com","eventName":"` + tt.name + `","eventID":"e",` + caller + `,"responseElements":` + tt.resp
		if tt.req != "" {
			rec += `,"requestParameters":` + tt.req
		}
		var s event.Sessions
		if got := s.Add(parse(t, rec+"}")); got != tt.issues {
			t.Errorf("%s: Add = %v, want %v: %s", tt.name, got, tt.issues, tt.reason)
			continue
		}
		if !tt.issues {
			continue
		}
		var resp struct {
			Credentials struct{ AccessKeyID string } `json:"credentials"`
		}
		_ = json.Unmarshal([]byte(tt.resp), &resp)
		c := s.Chain(parse(t, `{"userIdentity":{"type":"AssumedRole","accessKeyId":"`+resp.Credentials.AccessKeyID+`"}}`))
		if len(c) != 1 {
			t.Errorf("%s: chain of %d calls, want 1: %s", tt.name, len(c), tt.reason)
			continue
		}
		if c[0].Issued != tt.issued || c[0].SessionName != tt.session || c[0].CallerARN != "arn:aws:iam::111122223333:user/Alice" {
			t.Errorf("%s: issue = %+v, want issued %q, session %q, by Alice: %s", tt.name, c[0], tt.issued, tt.session, tt.reason)
		}
	}
}

// TestSessionsCorpus: on the real records, Sessions.Add reads what it read
// with encoding/json into structs (case-insensitive names, the fields of
// a repeated object merged): CloudTrail writes each name once, in
// camelCase, where the two rules agree.
func TestSessionsCorpus(t *testing.T) {
	issuers := 0
	for _, r := range corpustest.Records(t, corpustest.All) {
		rec, err := event.ParseRecord(r.Raw)
		if err != nil || rec.EventSource != "sts.amazonaws.com" {
			continue
		}
		var s event.Sessions
		got := s.Add(rec)
		var resp struct {
			Credentials     struct{ AccessKeyID string } `json:"credentials"`
			AssumedRoleUser struct{ ARN string }         `json:"assumedRoleUser"`
			FederatedUser   struct{ ARN string }         `json:"federatedUser"`
		}
		want := rec.ErrorCode == "" && len(rec.ResponseElements) > 0 && json.Unmarshal(rec.ResponseElements, &resp) == nil &&
			resp.Credentials.AccessKeyID != "" && !strings.HasPrefix(resp.Credentials.AccessKeyID, "AKIA")
		switch rec.EventName {
		case "AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "GetFederationToken", "GetSessionToken", "AssumeRoot", "GetDelegatedAccessToken":
		default:
			want = false
		}
		if got != want {
			t.Errorf("%s: Add = %v, encoding/json read %v", r, got, want)
			continue
		}
		if !got {
			continue
		}
		issuers++
		c := s.Chain(&event.Record{UserIdentity: &identity.UserIdentity{AccessKeyID: resp.Credentials.AccessKeyID}})
		var req struct{ RoleARN, RoleSessionName, Name string }
		_ = json.Unmarshal(rec.RequestParameters, &req)
		if len(c) != 1 || c[0].SessionName != req.RoleSessionName+req.Name ||
			resp.AssumedRoleUser.ARN != "" && c[0].Issued != resp.AssumedRoleUser.ARN ||
			resp.FederatedUser.ARN != "" && c[0].Issued != resp.FederatedUser.ARN {
			t.Errorf("%s: issue %+v; encoding/json read %+v and %+v", r, c, resp, req)
		}
	}
	t.Logf("%d issuing records of the corpus", issuers)
}
