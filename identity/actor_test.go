package identity

import "testing"

func TestActor(t *testing.T) {
	for _, tc := range []struct {
		in, want, reason string
	}{
		{`{"type":"AssumedRole","principalId":"AROAEXAMPLE:s","arn":"arn:aws:sts::111122223333:assumed-role/Admin/s","accountId":"111122223333","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE","arn":"arn:aws:iam::111122223333:role/ops/Admin","accountId":"111122223333","userName":"Admin"}}}`,
			"arn:aws:iam::111122223333:role/ops/Admin", "a role session names the role, path included"},
		{`{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::111122223333:user/Alice","accountId":"111122223333","userName":"Alice"}`,
			"arn:aws:iam::111122223333:user/Alice", "an IAM user"},
		{`{"accountId":"111122223333","invokedBy":"AWS Internal"}`, "AWS Internal", "no type: the service that acted"},
		{`{"type":"AWSService","invokedBy":"ec2.amazonaws.com"}`, "ec2.amazonaws.com", "a service principal"},
		{`{"type":"AWSAccount","principalId":"AIDAQRSTUVWXYZEXAMPLE","accountId":"777788889999"}`, "AIDAQRSTUVWXYZEXAMPLE", "another account's caller: only its principal ID is recorded"},
		{`{"type":"FutureType","arn":"arn:aws:iam::111122223333:thing/x"}`, "arn:aws:iam::111122223333:thing/x", "an unknown type falls back to its arn"},
		{`{"type":"IdentityCenterUser","accountId":"111122223333","onBehalfOf":{"userId":"a1b2c3d4-5678-90ab-cdef-EXAMPLE11111","identityStoreArn":"arn:aws:identitystore::111122223333:identitystore/d-1234567890"},"credentialId":"EXAMPLEVHULjJdTUdPJfofVa1sufHDoj7aYcOYcxFVllWR_Whr1fEXAMPLE"}`,
			"a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", "CloudTrail User Guide, userIdentity element, IdentityCenterUser: no arn or principalId, the user is onBehalfOf.userId"},
		{`{"type":"Unknown","accountId":"111122223333","onBehalfOf":{"userId":"a1b2c3d4-5678-90ab-cdef-EXAMPLE11111","identityStoreArn":"arn:aws:identitystore::111122223333:identitystore/d-1234567890"}}`,
			"a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", "IAM Identity Center User Guide: an authenticated Identity Center user may be logged with type Unknown and onBehalfOf"},
		{`{"type":"Unknown","principalId":"111122223333","accountId":"111122223333","userName":"user1"}`, "111122223333", "type Unknown without onBehalfOf keeps the principalId fallback"},
		{`{"type":"AWSAccount","principalId":"","accountId":"ANONYMOUS_PRINCIPAL"}`, "ANONYMOUS_PRINCIPAL", "an unauthenticated S3 request as public CloudTrail logs show it: the caller is anonymous, not nobody"},
		{`{}`, "", "nothing to name"},
	} {
		u, err := Parse(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := u.Actor(); got != tc.want {
			t.Errorf("%s: Actor() = %q, want %q", tc.reason, got, tc.want)
		}
	}
	if got := (*UserIdentity)(nil).Actor(); got != "" {
		t.Errorf("nil identity: %q", got)
	}
}

// TestPrincipalNameOfUnknownAndDirectory: a Directory or Unknown identity
// names no IAM principal, but its userName "can be present" (the account
// alias or an e-mail address: CloudTrail User Guide, "CloudTrail
// userIdentity element", userName); Principal fills in what the record
// gives, so that name is kept, with ok false.
func TestPrincipalNameOfUnknownAndDirectory(t *testing.T) {
	for _, tc := range []struct {
		in, name, reason string
	}{
		{`{"type":"Unknown","principalId":"111122223333","arn":"","accountId":"111122223333","accessKeyId":"","userName":"user1"}`, "user1", "Unknown with a userName"},
		{`{"type":"Directory","accountId":"111122223333","userName":"someone@example.com"}`, "someone@example.com", "Directory with an e-mail address"},
		{`{"type":"Unknown","accountId":"111122223333"}`, "", "Unknown without a userName"},
		{`{"type":"Unknown","accountId":"111122223333","userName":"HIDDEN_DUE_TO_SECURITY_REASONS"}`, "", "a masked user name is no name"},
	} {
		u, err := Parse(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		p, ok := u.Principal()
		if ok || p.Kind != KindUnknown || p.Name != tc.name || p.AccountID != "111122223333" {
			t.Errorf("%s: Principal() = %+v, %v; want kind unknown, name %q, account 111122223333, false", tc.reason, p, ok, tc.name)
		}
	}
}

// TestPrincipalRoleFromSessionIssuerName: the role behind a role session is
// named by sessionContext.sessionIssuer.userName ("For the AssumedRole
// type, you can find the userName field in sessionContext as part of the
// sessionIssuer element": User Guide, "CloudTrail userIdentity element")
// when no ARN names it; its ARN stays unknown, a role's path being
// unknown.
func TestPrincipalRoleFromSessionIssuerName(t *testing.T) {
	for _, tc := range []struct {
		in, name, account, arn string
		ok                     bool
		reason                 string
	}{
		{`{"type":"AssumedRole","accountId":"111122223333","sessionContext":{"sessionIssuer":{"accountId":"444455556666","type":"Role","userName":"Admin"}}}`,
			"Admin", "444455556666", "", true, "no arn anywhere: the issuer's userName and accountId"},
		{`{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/Admin/s","accountId":"111122223333","sessionContext":{"sessionIssuer":{"type":"Role","userName":"Other"}}}`,
			"Admin", "111122223333", "", true, "the session ARN names the role first"},
		{`{"type":"AssumedRole","accountId":"111122223333","sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::111122223333:role/ops/Admin","userName":"Admin"}}}`,
			"Admin", "111122223333", "arn:aws:iam::111122223333:role/ops/Admin", true, "the issuer's ARN when there is one"},
		{`{"type":"AssumedRole","accountId":"111122223333","sessionContext":{"sessionIssuer":{"type":"IAMUser","userName":"Alice"}}}`,
			"", "111122223333", "", false, "an issuer that is no role names no role"},
	} {
		u, err := Parse(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		p, ok := u.Principal()
		if ok != tc.ok || p.Kind != KindRole || p.Name != tc.name || p.AccountID != tc.account || p.ARN != tc.arn {
			t.Errorf("%s: Principal() = %+v, %v; want role %q of %s, ARN %q, %v", tc.reason, p, ok, tc.name, tc.account, tc.arn, tc.ok)
		}
	}
}
