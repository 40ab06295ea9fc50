package event_test

import (
	"testing"

	"github.com/trailmap/trailmap/event"
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
