package identity_test

import (
	"testing"

	"github.com/trailmap/trailmap/identity"
)

// TestIdentityCenterUnknownType: the IAM Identity Center User Guide
// ("CloudTrail use cases for IAM Identity Center") says onBehalfOf's userId
// and identityStoreArn also appear "on events for authenticated IAM
// Identity Center users where the userIdentity type is Unknown" and "your
// workflows should accept both type values": Principal and Federation
// answer for type Unknown with onBehalfOf as for IdentityCenterUser.
func TestIdentityCenterUnknownType(t *testing.T) {
	const store = "arn:aws:identitystore::111122223333:identitystore/d-1234567890"
	for _, tc := range []struct {
		reason string
		json   string
		isIdC  bool
		name   string
	}{
		{"the guide's example, type IdentityCenterUser", `{"type":"IdentityCenterUser","accountId":"111122223333","onBehalfOf":{"userId":"544894e8-80c1-707f-60e3-3ba6510dfac1","identityStoreArn":"` + store + `"},"credentialId":"90e292de-5eb8-446e-9602-90f7c45044f7"}`, true, "544894e8-80c1-707f-60e3-3ba6510dfac1"},
		{"the same user recorded with type Unknown", `{"type":"Unknown","accountId":"111122223333","onBehalfOf":{"userId":"544894e8-80c1-707f-60e3-3ba6510dfac1","identityStoreArn":"` + store + `"},"credentialId":"90e292de-5eb8-446e-9602-90f7c45044f7"}`, true, "544894e8-80c1-707f-60e3-3ba6510dfac1"},
		{"type Unknown without onBehalfOf (Cognito GetCredentialsForIdentity) names nobody", `{"type":"Unknown"}`, false, ""},
		{"type Unknown with an alias user name only", `{"type":"Unknown","userName":"alice@example.com"}`, false, ""},
		{"type Unknown with an empty onBehalfOf: an Identity Center user the record does not name", `{"type":"Unknown","onBehalfOf":{}}`, true, ""},
	} {
		u, err := identity.Parse(tc.json)
		if err != nil {
			t.Fatalf("%s: %v", tc.reason, err)
		}
		if u.IsIdentityCenterUser() != tc.isIdC {
			t.Errorf("%s: IsIdentityCenterUser = %v", tc.reason, !tc.isIdC)
		}
		p, ok := u.Principal()
		f, fok := u.Federation()
		if !tc.isIdC {
			if ok || p.Kind == identity.KindIdentityCenterUser || fok {
				t.Errorf("%s: Principal %+v %v, Federation %+v %v; want no answer", tc.reason, p, ok, f, fok)
			}
			continue
		}
		if p.Kind != identity.KindIdentityCenterUser || p.Name != tc.name || ok != (tc.name != "") {
			t.Errorf("%s: Principal = %+v, %v; want an Identity Center user %q", tc.reason, p, ok, tc.name)
		}
		if f.Method != identity.MethodIdentityCenter || f.Subject != tc.name || fok != (tc.name != "") {
			t.Errorf("%s: Federation = %+v, %v; want identity-center %q", tc.reason, f, fok, tc.name)
		}
		if tc.name != "" && (p.IdentityStoreARN != store || f.IdentityStoreARN != store) {
			t.Errorf("%s: identity store %q / %q", tc.reason, p.IdentityStoreARN, f.IdentityStoreARN)
		}
	}
	var nilU *identity.UserIdentity
	if nilU.IsIdentityCenterUser() {
		t.Error("nil identity is an Identity Center user")
	}
}

// TestIdentityCenterRoleSession: a role session made with trusted identity
// propagation carries onBehalfOf, the Identity Center user it acts for
// (CloudTrail User Guide, "CloudTrail userIdentity element", onBehalfOf);
// Federation names that user while Principal stays the role.
func TestIdentityCenterRoleSession(t *testing.T) {
	const store = "arn:aws:identitystore::111122223333:identitystore/d-1234567890"
	for _, tc := range []struct {
		reason, json, subject, source string
		ok                            bool
	}{
		{"role session acting for an Identity Center user",
			`{"type":"AssumedRole","principalId":"AROAEXAMPLE:s","arn":"arn:aws:sts::111122223333:assumed-role/QAppRole/s","accountId":"111122223333","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE","arn":"arn:aws:iam::111122223333:role/QAppRole","accountId":"111122223333","userName":"QAppRole"}},"onBehalfOf":{"userId":"544894e8-80c1-707f-60e3-3ba6510dfac1","identityStoreArn":"` + store + `"}}`,
			"544894e8-80c1-707f-60e3-3ba6510dfac1", "", true},
		{"the source identity is kept beside it",
			`{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/QAppRole/s","accountId":"111122223333","sessionContext":{"sourceIdentity":"alice"},"onBehalfOf":{"userId":"u1","identityStoreArn":"` + store + `"}}`,
			"u1", "alice", true},
		{"an empty onBehalfOf names nobody", `{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/R/s","accountId":"111122223333","onBehalfOf":{}}`, "", "", false},
	} {
		u, err := identity.Parse(tc.json)
		if err != nil {
			t.Fatalf("%s: %v", tc.reason, err)
		}
		f, ok := u.Federation()
		if ok != tc.ok || f.Subject != tc.subject || f.SourceIdentity != tc.source {
			t.Errorf("%s: Federation = %+v, %v", tc.reason, f, ok)
		}
		if tc.ok && (f.Method != identity.MethodIdentityCenter || f.IdentityStoreARN != store) {
			t.Errorf("%s: Federation = %+v; want identity-center in %s", tc.reason, f, store)
		}
		if p, _ := u.Principal(); p.Kind != identity.KindRole {
			t.Errorf("%s: Principal kind %v, want role", tc.reason, p.Kind)
		}
	}
}
