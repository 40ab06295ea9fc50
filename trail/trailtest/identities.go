package trailtest

import (
	"crypto/sha256"
	"encoding/base64"
	"strings"

	"github.com/trailmap/trailmap/identity"
)

// The documented example account IDs (AWS General Reference and the
// CloudTrail User Guide use them in every example record).
const (
	Account1 = "111122223333"
	Account2 = "444455556666"
	Account3 = "123456789012"
)

// idAlphabet is the alphabet of the generated unique IDs and access key
// IDs: upper-case letters and the digits 2 to 7, as in AWS's own IDs.
const idAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// uniqueID returns prefix followed by n characters derived from parts. The
// same parts always give the same ID, so identities built twice compare
// equal.
func uniqueID(prefix string, n int, parts ...string) string {
	h := sha256.Sum256([]byte(prefix + "\x00" + strings.Join(parts, "\x00")))
	var b strings.Builder
	b.Grow(len(prefix) + n)
	b.WriteString(prefix)
	for i := 0; i < n; i++ {
		b.WriteByte(idAlphabet[h[i%len(h)]%32])
	}
	return b.String()
}

// NewIAMUser returns the identity of the IAM user name in account, calling
// with a long-term access key: type IAMUser, principalId AIDA…, the user's
// ARN and userName. The IDs are derived from account and name.
func NewIAMUser(account, name string) *identity.UserIdentity {
	return &identity.UserIdentity{
		Type:        identity.IAMUser,
		PrincipalID: uniqueID("AIDA", 17, account, name),
		ARN:         "arn:aws:iam::" + account + ":user/" + name,
		AccountID:   account,
		AccessKeyID: uniqueID("AKIA", 16, account, name),
		UserName:    name,
	}
}

// NewRoot returns the identity of account's root user calling with a
// long-term access key: type Root, principalId the account ID, ARN
// arn:aws:iam::<account>:root. userName is absent, as it is for accounts
// without an alias (CloudTrail User Guide, "CloudTrail userIdentity
// element").
func NewRoot(account string) *identity.UserIdentity {
	return &identity.UserIdentity{
		Type:        identity.Root,
		PrincipalID: account,
		ARN:         "arn:aws:iam::" + account + ":root",
		AccountID:   account,
		AccessKeyID: uniqueID("AKIA", 16, account, "root"),
	}
}

// NewAssumedRole returns the identity of a session of the role named role in
// account (role may carry its path, as "service-role/name"), with session
// name session: type AssumedRole, principalId
// <roleId>:<session>, ARN arn:aws:sts::<account>:assumed-role/<role>/<session>,
// a temporary (ASIA…) access key and a sessionContext whose sessionIssuer
// is the role. The session's creationDate is left zero; Builder.Call sets
// it to the call's time when it is zero.
func NewAssumedRole(account, role, session string) *identity.UserIdentity {
	path := role // the role's path and name, as in its ARN
	if i := strings.LastIndexByte(role, '/'); i >= 0 {
		role = role[i+1:]
	}
	roleID := uniqueID("AROA", 17, account, role)
	return &identity.UserIdentity{
		Type:        identity.AssumedRole,
		PrincipalID: roleID + ":" + session,
		ARN:         "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session,
		AccountID:   account,
		AccessKeyID: uniqueID("ASIA", 16, account, role, session),
		SessionContext: &identity.SessionContext{
			SessionIssuer: &identity.SessionIssuer{
				Type:        identity.Role,
				PrincipalID: roleID,
				ARN:         "arn:aws:iam::" + account + ":role/" + path,
				AccountID:   account,
				UserName:    role,
			},
			WebIDFederationData: &identity.WebIDFederationData{},
			Attributes:          &identity.Attributes{},
		},
	}
}

// NewFederatedUser returns the identity of the federated user name whose
// credentials issuer (an IAM user or the root user) obtained with
// GetFederationToken: type FederatedUser, ARN
// arn:aws:sts::<account>:federated-user/<name>, and a sessionContext
// whose sessionIssuer is issuer (CloudTrail User Guide, "CloudTrail
// userIdentity element").
func NewFederatedUser(issuer *identity.UserIdentity, name string) *identity.UserIdentity {
	if issuer == nil {
		issuer = defaultCaller()
	}
	account := issuer.AccountID
	issuerType := issuer.Type
	if issuerType == "" {
		issuerType = identity.IAMUser
	}
	return &identity.UserIdentity{
		Type:        identity.FederatedUser,
		PrincipalID: account + ":" + name,
		ARN:         "arn:aws:sts::" + account + ":federated-user/" + name,
		AccountID:   account,
		AccessKeyID: uniqueID("ASIA", 16, account, "federated-user", name),
		SessionContext: &identity.SessionContext{
			SessionIssuer: &identity.SessionIssuer{
				Type:        issuerType,
				PrincipalID: issuer.PrincipalID,
				ARN:         issuer.ARN,
				AccountID:   account,
				UserName:    issuer.UserName,
			},
			WebIDFederationData: &identity.WebIDFederationData{},
			Attributes:          &identity.Attributes{},
		},
	}
}

// NewSAMLUser returns the identity CloudTrail records for an
// AssumeRoleWithSAML call: type SAMLUser, userName the SAML subject,
// identityProvider the name qualifier and principalId
// <qualifier>:<subject>. The qualifier is derived, as STS does, from the
// identity provider's issuer, the account and the name of the SAML
// provider in IAM (here issuer is taken to be https://<provider>/saml).
// No accountId: the caller is not an AWS principal.
func NewSAMLUser(account, provider, subject string) *identity.UserIdentity {
	h := sha256.Sum256([]byte("https://" + provider + "/saml" + account + "/" + provider))
	q := base64.StdEncoding.EncodeToString(h[:20])
	return &identity.UserIdentity{
		Type:             identity.SAMLUser,
		PrincipalID:      q + ":" + subject,
		UserName:         subject,
		IdentityProvider: q,
	}
}

// NewWebIdentityUser returns the identity CloudTrail records for an
// AssumeRoleWithWebIdentity call: type WebIdentityUser, identityProvider
// the token issuer (for example "accounts.google.com"), userName the
// subject and principalId <provider>:<audience>:<subject>.
func NewWebIdentityUser(provider, audience, subject string) *identity.UserIdentity {
	return &identity.UserIdentity{
		Type:             identity.WebIdentityUser,
		PrincipalID:      provider + ":" + audience + ":" + subject,
		UserName:         subject,
		IdentityProvider: provider,
	}
}

// NewAWSService returns the identity of a call an AWS service made with its
// service principal: type AWSService and invokedBy the service principal
// (for example "ec2.amazonaws.com"). Records of such calls carry the
// service principal as sourceIPAddress and userAgent and no tlsDetails.
func NewAWSService(service string) *identity.UserIdentity {
	return &identity.UserIdentity{Type: identity.AWSService, InvokedBy: service}
}

// NewAWSAccount returns the identity a resource owner's copy of a
// cross-account call shows for a caller in another account: type
// AWSAccount with the caller's principalId and accountId (IAM User Guide,
// "Logging IAM and AWS STS API calls with AWS CloudTrail").
func NewAWSAccount(account, principalID string) *identity.UserIdentity {
	return &identity.UserIdentity{Type: identity.AWSAccount, PrincipalID: principalID, AccountID: account}
}

// NewIdentityCenterUser returns the identity of an IAM Identity Center user
// calling with a bearer token: type IdentityCenterUser, accountId the
// Identity Center instance's account, onBehalfOf the user and identity
// store, and a credentialId. There is no userName.
func NewIdentityCenterUser(account, userID string) *identity.UserIdentity {
	store := "d-" + strings.ToLower(uniqueID("", 10, account, "identitystore"))
	return &identity.UserIdentity{
		Type:      identity.IdentityCenterUser,
		AccountID: account,
		OnBehalfOf: &identity.OnBehalfOf{
			UserID:           userID,
			IdentityStoreARN: "arn:aws:identitystore::" + account + ":identitystore/" + store,
		},
		CredentialID: uniqueID("", 24, account, userID, "credential"),
	}
}

// clone returns a deep copy of id, so records never share identity
// members with each other or with the caller's value.
func clone(id *identity.UserIdentity) *identity.UserIdentity {
	if id == nil {
		return nil
	}
	c := *id
	if id.OnBehalfOf != nil {
		v := *id.OnBehalfOf
		c.OnBehalfOf = &v
	}
	if id.InScopeOf != nil {
		v := *id.InScopeOf
		c.InScopeOf = &v
	}
	if id.InvokedByDelegate != nil {
		v := *id.InvokedByDelegate
		c.InvokedByDelegate = &v
	}
	if sc := id.SessionContext; sc != nil {
		v := *sc
		if sc.SessionIssuer != nil {
			si := *sc.SessionIssuer
			v.SessionIssuer = &si
		}
		if sc.WebIDFederationData != nil {
			w := *sc.WebIDFederationData
			w.Attributes = append([]byte(nil), sc.WebIDFederationData.Attributes...)
			if sc.WebIDFederationData.Attributes == nil {
				w.Attributes = nil
			}
			v.WebIDFederationData = &w
		}
		if sc.Attributes != nil {
			a := *sc.Attributes
			v.Attributes = &a
		}
		c.SessionContext = &v
	}
	return &c
}
