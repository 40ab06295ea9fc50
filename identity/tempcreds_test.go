package identity_test

import (
	"testing"

	"github.com/trailmap/trailmap/identity"
)

// TestTemporaryCredentials follows the IAM User Guide table of how
// CloudTrail logs the calls that return temporary credentials ("Logging
// IAM and AWS STS API calls with AWS CloudTrail"; the current page adds
// AssumeRoot): for each STS API, the identity in the calling account's
// record, in the role owner's record, and in the records of later calls
// made with the credentials.
func TestTemporaryCredentials(t *testing.T) {
	const (
		caller    = "the calling account's record"
		owner     = "the role owner's record"
		later     = "later calls with the credentials"
		callerAcc = "777788889999"
		ownerAcc  = "111122223333"
	)
	for _, tc := range []struct {
		api, log, who string
		json          string
		typ           identity.Type
		kind          identity.Kind
		principalOK   bool
		account       string // "" when Account should say unknown
		check         func(u *identity.UserIdentity) string
		reason        string
	}{
		// GetSessionToken: the same account; the session keeps the caller's identity.
		{"GetSessionToken", caller, "root user",
			`{"type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333","accessKeyId":"AKIAIOSFODNN7EXAMPLE"}`,
			identity.Root, identity.KindRoot, true, ownerAcc, nil,
			"the table: root identity; role owner is the calling account"},
		{"GetSessionToken", later, "root user",
			`{"type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333","accessKeyId":"ASIAIOSFODNN7EXAMPLE","sessionContext":{"attributes":{"creationDate":"2023-07-19T21:11:57Z","mfaAuthenticated":"true"}}}`,
			identity.Root, identity.KindRoot, true, ownerAcc,
			func(u *identity.UserIdentity) string {
				if used, known := u.MFA(); !used || !known {
					return "MFA should be known and used"
				}
				if _, known := u.AssumedRoot(); known {
					return "a root session with a temporary key may come from AssumeRoot or GetSessionToken: AssumedRoot must say unknown"
				}
				return ""
			},
			"the table: root identity for later calls, now with session attributes"},
		{"GetSessionToken", caller, "IAM user",
			`{"type":"IAMUser","principalId":"AIDACKCEVSQ6C2EXAMPLE","arn":"arn:aws:iam::111122223333:user/Alice","accountId":"111122223333","accessKeyId":"AKIAI44QH8DHBEXAMPLE","userName":"Alice"}`,
			identity.IAMUser, identity.KindUser, true, ownerAcc,
			func(u *identity.UserIdentity) string {
				if _, known := u.MFA(); known {
					return "a long-term key has no session attributes: MFA must say unknown"
				}
				return ""
			},
			"the table: IAM user identity"},
		{"GetSessionToken", later, "IAM user",
			`{"type":"IAMUser","principalId":"AIDACKCEVSQ6C2EXAMPLE","arn":"arn:aws:iam::111122223333:user/Alice","accountId":"111122223333","accessKeyId":"ASIAI44QH8DHBEXAMPLE","userName":"Alice","sessionContext":{"attributes":{"creationDate":"2023-07-19T21:11:57Z","mfaAuthenticated":"true"}}}`,
			identity.IAMUser, identity.KindUser, true, ownerAcc,
			func(u *identity.UserIdentity) string {
				if p, _ := u.Principal(); p.Name != "Alice" {
					return "principal should be the user Alice, got " + p.Name
				}
				if used, known := u.MFA(); !used || !known {
					return "MFA should be known and used"
				}
				return ""
			},
			"the table: IAM user identity for later calls"},

		// GetFederationToken: the caller is the IAM user; the table says later calls
		// show the "IAM user identity", the CloudTrail guide defines their type as
		// FederatedUser with the user as sessionIssuer — the more specific, newer
		// definition is the one modelled.
		{"GetFederationToken", caller, "IAM user",
			`{"type":"IAMUser","principalId":"AIDACKCEVSQ6C2EXAMPLE","arn":"arn:aws:iam::111122223333:user/Bob","accountId":"111122223333","accessKeyId":"AKIAI44QH8DHBEXAMPLE","userName":"Bob"}`,
			identity.IAMUser, identity.KindUser, true, ownerAcc, nil,
			"the table: IAM user identity"},
		{"GetFederationToken", later, "IAM user",
			`{"type":"FederatedUser","principalId":"111122223333:partner","arn":"arn:aws:sts::111122223333:federated-user/partner","accountId":"111122223333","accessKeyId":"ASIAI44QH8DHBEXAMPLE","sessionContext":{"sessionIssuer":{"type":"IAMUser","principalId":"AIDACKCEVSQ6C2EXAMPLE","arn":"arn:aws:iam::111122223333:user/Bob","accountId":"111122223333","userName":"Bob"},"attributes":{"creationDate":"2023-07-19T21:11:57Z","mfaAuthenticated":"false"}}}`,
			identity.FederatedUser, identity.KindFederatedUser, true, ownerAcc,
			func(u *identity.UserIdentity) string {
				p, _ := u.Principal()
				if p.IssuerARN != "arn:aws:iam::111122223333:user/Bob" {
					return "issuer should be the IAM user Bob, got " + p.IssuerARN
				}
				if f, ok := u.Federation(); !ok || f.Method != identity.MethodFederationToken || f.Subject != "partner" {
					return "federation should be the GetFederationToken user partner"
				}
				return ""
			},
			"CloudTrail guide: FederatedUser with sessionIssuer IAMUser"},

		// AssumeRole across accounts: two copies of the call, then role sessions.
		{"AssumeRole", caller, "IAM user",
			`{"type":"IAMUser","principalId":"AIDAQRSTUVWXYZEXAMPLE","arn":"arn:aws:iam::777788889999:user/Bob","accountId":"777788889999","accessKeyId":"AKIAQRSTUVWXYZEXAMPLE","userName":"Bob"}`,
			identity.IAMUser, identity.KindUser, true, callerAcc, nil,
			"the table: IAM user identity in the caller's account"},
		{"AssumeRole", owner, "IAM user of another account",
			`{"type":"AWSAccount","principalId":"AIDAQRSTUVWXYZEXAMPLE","accountId":"777788889999"}`,
			identity.AWSAccount, identity.KindAccount, true, callerAcc,
			func(u *identity.UserIdentity) string {
				if p, _ := u.Principal(); p.ID != "AIDAQRSTUVWXYZEXAMPLE" {
					return "principal ID of the calling user should be kept, got " + p.ID
				}
				return ""
			},
			"the table: account number and principal ID (if a user)"},
		{"AssumeRole", owner, "AWS service",
			`{"type":"AWSService","invokedBy":"elasticbeanstalk.amazonaws.com"}`,
			identity.AWSService, identity.KindService, true, "",
			func(u *identity.UserIdentity) string {
				if s, ok := u.Service(); !ok || s != "elasticbeanstalk.amazonaws.com" {
					return "service should be elasticbeanstalk.amazonaws.com, got " + s
				}
				return ""
			},
			"the table: or AWS service principal"},
		{"AssumeRole", later, "IAM user of another account",
			`{"type":"AssumedRole","principalId":"AROACKCEVSQ6C2EXAMPLE:Bob-EC2-dev","arn":"arn:aws:sts::111122223333:assumed-role/EC2-dev/Bob-EC2-dev","accountId":"111122223333","accessKeyId":"ASIAQRSTUVWXYZEXAMPLE","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROACKCEVSQ6C2EXAMPLE","arn":"arn:aws:iam::111122223333:role/EC2-dev","accountId":"111122223333","userName":"EC2-dev"},"webIdFederationData":{},"attributes":{"creationDate":"2023-07-19T21:11:57Z","mfaAuthenticated":"false"}}}`,
			identity.AssumedRole, identity.KindRole, true, ownerAcc,
			func(u *identity.UserIdentity) string {
				p, _ := u.Principal()
				if p.ARN != "arn:aws:iam::111122223333:role/EC2-dev" {
					return "principal should be the role, got " + p.ARN
				}
				if s, _ := u.SessionName(); s != "Bob-EC2-dev" {
					return "session name should be Bob-EC2-dev, got " + s
				}
				if _, ok := u.Federation(); ok {
					return "role identity only (no user): no external identity"
				}
				return ""
			},
			"the table: role identity only (no user)"},

		// AssumeRoleWithSAML: unauthenticated; only the role owner logs it.
		{"AssumeRoleWithSAML", owner, "externally authenticated user",
			`{"type":"SAMLUser","principalId":"SJ6386LbXm2GXGU7HUEBEXAMPLE=:alice@example.com","userName":"alice@example.com","identityProvider":"SJ6386LbXm2GXGU7HUEBEXAMPLE="}`,
			identity.SAMLUser, identity.KindSAMLUser, false, "",
			func(u *identity.UserIdentity) string {
				f, ok := u.Federation()
				if !ok || f.Method != identity.MethodSAML || f.Subject != "alice@example.com" || f.Provider != "SJ6386LbXm2GXGU7HUEBEXAMPLE=" {
					return "federation should be SAML alice@example.com at the name qualifier"
				}
				if p, _ := u.Principal(); p.Name != "alice@example.com" || p.ID != "SJ6386LbXm2GXGU7HUEBEXAMPLE=:alice@example.com" || p.ARN != "" {
					return "principal should be the SAML user alice@example.com (userName, principalId), with no ARN"
				}
				return ""
			},
			"the table: SAML user identity; no IAM principal holds permissions yet"},
		{"AssumeRoleWithSAML", later, "externally authenticated user",
			`{"type":"AssumedRole","principalId":"AROAD35QRSTUVWEXAMPLE:alice@example.com","arn":"arn:aws:sts::111122223333:assumed-role/SAMLTestRoleShibboleth/alice@example.com","accountId":"111122223333","accessKeyId":"ASIAIOSFODNN7EXAMPLE","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAD35QRSTUVWEXAMPLE","arn":"arn:aws:iam::111122223333:role/SAMLTestRoleShibboleth","accountId":"111122223333","userName":"SAMLTestRoleShibboleth"},"attributes":{"creationDate":"2023-07-19T21:11:57Z","mfaAuthenticated":"false"}}}`,
			identity.AssumedRole, identity.KindRole, true, ownerAcc,
			func(u *identity.UserIdentity) string {
				if _, ok := u.Federation(); ok {
					return "a SAML role session records no SAML user: Federation must say unknown"
				}
				return ""
			},
			"the table: role identity only (no user)"},

		// AssumeRoleWithWebIdentity: likewise, with webIdFederationData on later calls.
		{"AssumeRoleWithWebIdentity", owner, "externally authenticated user",
			`{"type":"WebIdentityUser","principalId":"accounts.google.com:app.apps.googleusercontent.com:1234567890","userName":"1234567890","identityProvider":"accounts.google.com"}`,
			identity.WebIdentityUser, identity.KindWebIdentityUser, false, "",
			func(u *identity.UserIdentity) string {
				f, ok := u.Federation()
				if !ok || f.Method != identity.MethodWebIdentity || f.Provider != "accounts.google.com" || f.Subject != "1234567890" {
					return "federation should be the Google user 1234567890"
				}
				if p, _ := u.Principal(); p.Name != "1234567890" || p.ARN != "" {
					return "principal should be the web identity user 1234567890 (userName), with no ARN"
				}
				return ""
			},
			"the table: OIDC/web user identity"},
		{"AssumeRoleWithWebIdentity", later, "externally authenticated user",
			`{"type":"AssumedRole","principalId":"AROACQRSTUVWRAOEXAMPLE:web","arn":"arn:aws:sts::111122223333:assumed-role/FederatedWebIdentityRole/web","accountId":"111122223333","accessKeyId":"ASIACQRSTUVWRAOEXAMPLE","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROACQRSTUVWRAOEXAMPLE","arn":"arn:aws:iam::111122223333:role/FederatedWebIdentityRole","accountId":"111122223333","userName":"FederatedWebIdentityRole"},"webIdFederationData":{"federatedProvider":"accounts.google.com","attributes":{}},"attributes":{"creationDate":"2023-07-19T21:11:57Z","mfaAuthenticated":"false"}}}`,
			identity.AssumedRole, identity.KindRole, true, ownerAcc,
			func(u *identity.UserIdentity) string {
				if f, ok := u.Federation(); !ok || f.Provider != "accounts.google.com" || f.Subject != "" {
					return "federation should name the provider and leave the user unknown"
				}
				return ""
			},
			"the table: role identity only (no user); webIdFederationData names the provider"},

		// AssumeRoot (IAM User Guide, "Track privileged tasks in AWS CloudTrail").
		{"AssumeRoot", caller, "management account role session",
			`{"type":"AssumedRole","principalId":"AROACKCEVSQ6C2EXAMPLE:JohnRole1","arn":"arn:aws:sts::111111111111:assumed-role/John/JohnRole1","accountId":"111111111111","accessKeyId":"ASIAIOSFODNN7EXAMPLE","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROACKCEVSQ6C2EXAMPLE","arn":"arn:aws:iam::111111111111:role/John","accountId":"111111111111","userName":"John"},"webIdFederationData":{},"attributes":{"creationDate":"2024-10-25T20:45:28Z","mfaAuthenticated":"false"},"assumedRoot":"true"}}`,
			identity.AssumedRole, identity.KindRole, true, "111111111111",
			func(u *identity.UserIdentity) string {
				if yes, known := u.AssumedRoot(); !yes || !known {
					return "assumedRoot \"true\" should be read"
				}
				return ""
			},
			"the guide's example shows the caller's session with assumedRoot \"true\""},
		{"AssumeRoot", owner, "management account role session",
			`{"type":"AWSAccount","principalId":"AROACKCEVSQ6C2EXAMPLE:JohnRole1","accountId":"111111111111"}`,
			identity.AWSAccount, identity.KindAccount, true, "111111111111",
			func(u *identity.UserIdentity) string {
				if s, ok := u.SessionName(); !ok || s != "JohnRole1" {
					return "the caller's role session name should come from principalId, got " + s
				}
				return ""
			},
			"the table: account + principal ID in the member account"},
		{"AssumeRoot", later, "management account role session",
			`{"type":"Root","principalId":"222222222222","arn":"arn:aws:iam::222222222222:root","accountId":"222222222222","accessKeyId":"ASIAIOSFODNN7EXAMPLE","sessionContext":{"attributes":{"creationDate":"2024-10-25T20:52:11Z","mfaAuthenticated":"false"}}}`,
			identity.Root, identity.KindRoot, true, "222222222222",
			func(u *identity.UserIdentity) string {
				if p, _ := u.Principal(); p.ARN != "arn:aws:iam::222222222222:root" {
					return "principal should be the member account's root user, got " + p.ARN
				}
				if _, known := u.AssumedRoot(); known {
					return "Root with a temporary key and no assumedRoot member: AssumedRoot must say unknown"
				}
				return ""
			},
			"the tasks run as Root with an ASIA key in the target account"},
	} {
		name := tc.api + "/" + tc.log + "/" + tc.who
		u, err := identity.Parse(tc.json)
		if err != nil {
			t.Errorf("%s: Parse: %v", name, err)
			continue
		}
		checkLossless(t, tc.json, u)
		if u.Type != tc.typ {
			t.Errorf("%s: Type = %q, want %q (%s)", name, u.Type, tc.typ, tc.reason)
		}
		p, ok := u.Principal()
		if p.Kind != tc.kind || ok != tc.principalOK {
			t.Errorf("%s: Principal() = %v, %v; want %v, %v (%s)", name, p.Kind, ok, tc.kind, tc.principalOK, tc.reason)
		}
		acc, ok := u.Account()
		if acc != tc.account || ok != (tc.account != "") {
			t.Errorf("%s: Account() = %q, %v; want %q (%s)", name, acc, ok, tc.account, tc.reason)
		}
		if tc.check != nil {
			if msg := tc.check(u); msg != "" {
				t.Errorf("%s: %s (%s)", name, msg, tc.reason)
			}
		}
	}
}
