package identity_test

import (
	"fmt"
	"log"

	"github.com/trailmap/trailmap/identity"
)

// The userIdentity element of a call made with role session credentials
// (CloudTrail User Guide, "CloudTrail userIdentity element").
const roleSession = `{
    "type": "AssumedRole",
    "principalId": "AROAIDPPEZS35WEXAMPLE:AssumedRoleSessionName",
    "arn": "arn:aws:sts::123456789012:assumed-role/RoleToBeAssumed/MySessionName",
    "accountId": "123456789012",
    "accessKeyId": "",
    "sessionContext": {
        "sessionIssuer": {
            "type": "Role",
            "principalId": "AROAIDPPEZS35WEXAMPLE",
            "arn": "arn:aws:iam::123456789012:role/RoleToBeAssumed",
            "accountId": "123456789012",
            "userName": "RoleToBeAssumed"
        },
        "attributes": {
            "mfaAuthenticated": "false",
            "creationDate": "20131102T010628Z"
        }
    }
}`

func ExampleParse() {
	u, err := identity.Parse(roleSession)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.Type, u.SessionContext.Attributes.CreationDate)

	// Members come back as they were read, in their order: the empty
	// accessKeyId and the basic-format creationDate included.
	b, err := u.MarshalJSON()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(b))
	// Output:
	// AssumedRole 2013-11-02 01:06:28 +0000 UTC
	// {"type":"AssumedRole","principalId":"AROAIDPPEZS35WEXAMPLE:AssumedRoleSessionName","arn":"arn:aws:sts::123456789012:assumed-role/RoleToBeAssumed/MySessionName","accountId":"123456789012","accessKeyId":"","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAIDPPEZS35WEXAMPLE","arn":"arn:aws:iam::123456789012:role/RoleToBeAssumed","accountId":"123456789012","userName":"RoleToBeAssumed"},"attributes":{"mfaAuthenticated":"false","creationDate":"20131102T010628Z"}}}
}

func ExampleUserIdentity_Principal() {
	u, err := identity.Parse(roleSession)
	if err != nil {
		log.Fatal(err)
	}
	p, ok := u.Principal()
	fmt.Println(ok, p.Kind, p.ARN)

	// The role owner's copy of a cross-account AssumeRole names only the
	// calling account and principal ID.
	other, err := identity.Parse(`{"type":"AWSAccount","principalId":"AIDAQRSTUVWXYZEXAMPLE","accountId":"777788889999"}`)
	if err != nil {
		log.Fatal(err)
	}
	p, ok = other.Principal()
	fmt.Println(ok, p.Kind, p.AccountID, p.ID)

	// AssumeRoleWithSAML is unauthenticated: no IAM principal holds
	// permissions yet.
	saml, err := identity.Parse(`{"type":"SAMLUser","principalId":"idp:alice","userName":"alice","identityProvider":"idp"}`)
	if err != nil {
		log.Fatal(err)
	}
	_, ok = saml.Principal()
	fmt.Println(ok)
	// Output:
	// true role arn:aws:iam::123456789012:role/RoleToBeAssumed
	// true account 777788889999 AIDAQRSTUVWXYZEXAMPLE
	// false
}

func ExampleUserIdentity_SessionName() {
	u, err := identity.Parse(roleSession)
	if err != nil {
		log.Fatal(err)
	}
	// The session name comes from the assumed-role ARN; principalId
	// carries another one in this documentation example.
	fmt.Println(u.SessionName())

	user, err := identity.Parse(`{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/Alice","userName":"Alice"}`)
	if err != nil {
		log.Fatal(err)
	}
	_, ok := user.SessionName()
	fmt.Println(ok)
	// Output:
	// MySessionName true
	// false
}

func ExampleUserIdentity_MFA() {
	for _, s := range []string{
		roleSession,
		`{"type":"IAMUser","sessionContext":{"attributes":{"mfaAuthenticated":"true","creationDate":"2023-07-19T21:11:57Z"}}}`,
		`{"type":"IAMUser","accessKeyId":"AKIAIOSFODNN7EXAMPLE"}`,
	} {
		u, err := identity.Parse(s)
		if err != nil {
			log.Fatal(err)
		}
		used, known := u.MFA()
		fmt.Println(used, known)
	}
	// Output:
	// false true
	// true true
	// false false
}

func ExampleUserIdentity_Federation() {
	for _, s := range []string{
		`{"type":"WebIdentityUser","principalId":"accounts.google.com:app:1234","userName":"1234","identityProvider":"accounts.google.com"}`,
		`{"type":"IdentityCenterUser","accountId":"123456789012","onBehalfOf":{"userId":"544894e8-80c1-707f-60e3-3ba6510dfac1","identityStoreArn":"arn:aws:identitystore::123456789012:identitystore/d-9067642ac7"}}`,
		roleSession,
	} {
		u, err := identity.Parse(s)
		if err != nil {
			log.Fatal(err)
		}
		f, ok := u.Federation()
		if !ok {
			fmt.Println(u.Type, "no external identity recorded")
			continue
		}
		fmt.Println(u.Type, f.Method, f.Provider+f.IdentityStoreARN, f.Subject)
	}
	// Output:
	// WebIdentityUser web-identity accounts.google.com 1234
	// IdentityCenterUser identity-center arn:aws:identitystore::123456789012:identitystore/d-9067642ac7 544894e8-80c1-707f-60e3-3ba6510dfac1
	// AssumedRole no external identity recorded
}
