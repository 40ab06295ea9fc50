package identity

import (
	"strconv"
	"strings"

	"github.com/trailmap/trailmap/internal/arn"
)

// Values CloudTrail puts in place of an identity it does not disclose.
const (
	// HiddenUserName is the userName of a console sign-in failure caused
	// by an incorrect user name: CloudTrail does not log the text typed
	// (CloudTrail User Guide, "CloudTrail userIdentity element").
	HiddenUserName = "HIDDEN_DUE_TO_SECURITY_REASONS"
	// AnonymousAccountID is the accountId of an unauthenticated request,
	// such as anonymous access to a public S3 object.
	AnonymousAccountID = "ANONYMOUS_PRINCIPAL"
	// AWSInternal is the invokedBy (and sourceIPAddress) of requests AWS
	// makes internally.
	AWSInternal = "AWS Internal"
)

// Known reports whether t is one of the types the CloudTrail User Guide
// documents. Other values are kept as recorded.
func (t Type) Known() bool {
	switch t {
	case Root, IAMUser, AssumedRole, Role, FederatedUser, Directory, AWSAccount,
		AWSService, IdentityCenterUser, Unknown, SAMLUser, WebIdentityUser:
		return true
	}
	return false
}

// Kind is the sort of principal whose permissions a request used.
type Kind uint8

// The kinds of principal. KindUnknown means the record does not say.
const (
	KindUnknown            Kind = iota
	KindRoot                    // the account root user
	KindUser                    // an IAM user
	KindRole                    // an IAM role, through a role session
	KindFederatedUser           // a GetFederationToken session
	KindService                 // an AWS service
	KindAccount                 // another AWS account
	KindAnonymous               // an unauthenticated caller
	KindIdentityCenterUser      // an IAM Identity Center user
	KindSAMLUser                // a user authenticated by a SAML identity provider (AssumeRoleWithSAML)
	KindWebIdentityUser         // a user authenticated by a web identity (OIDC) provider (AssumeRoleWithWebIdentity)
)

var kindNames = [...]string{"unknown", "root", "user", "role", "federated-user", "service", "account", "anonymous", "identity-center-user", "saml-user", "web-identity-user"}

// String returns a lower-case name for k.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Principal is the principal whose permissions a request used, as far as
// the record tells it. Fields the record does not give are empty.
type Principal struct {
	// Kind says what sort of principal it is, or that the record does
	// not tell.
	Kind Kind
	// ARN is the principal's ARN: a root ARN, an IAM user or role ARN
	// with its path, or a federated-user ARN. It is empty when the record
	// does not give it: an assumed-role ARN leaves out the role's path,
	// so the role ARN is not rebuilt from it.
	ARN string
	// AccountID is the account that owns the principal.
	AccountID string
	// Name is the IAM user name, the role name, the federated user name,
	// the service principal (such as "ec2.amazonaws.com"), the IAM
	// Identity Center user ID, or the userName of a SAML or web identity
	// user (the subject its identity provider gave).
	Name string
	// ID is the principal's unique ID (AIDA..., AROA...), when recorded.
	ID string
	// IssuerARN is, for a federated user, the ARN of the IAM user or root
	// user that called GetFederationToken.
	IssuerARN string
	// IdentityStoreARN is, for an IAM Identity Center user, the identity
	// store the user belongs to.
	IdentityStoreARN string
}

// Principal returns the principal whose permissions the request used:
// the IAM user, the role behind an assumed-role session (from
// sessionContext.sessionIssuer), the root user, the federated user and the
// user or root that issued it, the AWS service (AWSService), the other
// account (AWSAccount), or the IAM Identity Center user.
//
// ok is false when the record does not identify the principal: SAMLUser and
// WebIdentityUser (AssumeRoleWithSAML and AssumeRoleWithWebIdentity are
// unauthenticated, so no AWS principal's permissions were used; Kind is
// KindSAMLUser or KindWebIdentityUser, Name the userName and ID the
// principalId the record gives, and Federation names the identity
// provider), Directory, Unknown (unless it carries
// onBehalfOf: an Identity Center user, IsIdentityCenterUser), a missing or future
// type, a masked user name (see Masked), or members missing. The fields the
// record does give are filled in even then.
func (u *UserIdentity) Principal() (Principal, bool) {
	if u == nil {
		return Principal{}, false
	}
	p := Principal{AccountID: u.AccountID, ID: u.PrincipalID}
	a, arnErr := arn.Parse(u.ARN)
	if arnErr == nil && p.AccountID == "" {
		p.AccountID = a.Account
	}
	switch u.Type {
	case Root:
		p.Kind = KindRoot
		if arnErr == nil && a.IsRoot() {
			p.ARN = u.ARN
		}
		return p, p.AccountID != ""

	case IAMUser:
		p.Kind = KindUser
		if _, name, ok := a.User(); arnErr == nil && ok {
			p.ARN, p.Name = u.ARN, name
		} else if u.UserName != "" && u.UserName != HiddenUserName {
			p.Name = u.UserName
		}
		return p, p.Name != ""

	case AssumedRole, Role:
		p.Kind = KindRole
		if si := u.sessionIssuer(); si != nil && (si.Type == Role || si.Type == "") && si.ARN != "" {
			if ia, err := arn.Parse(si.ARN); err == nil {
				if _, name, ok := ia.Role(); ok {
					p.ARN, p.Name, p.AccountID = si.ARN, name, ia.Account
					if si.AccountID != "" {
						p.AccountID = si.AccountID
					}
					p.ID = si.PrincipalID
					return p, true
				}
			}
		}
		if arnErr == nil {
			if role, _, ok := a.AssumedRole(); ok {
				p.Name = role
			} else if _, name, ok := a.Role(); ok {
				p.ARN, p.Name = u.ARN, name
			}
		}
		if role, _, ok := strings.Cut(u.PrincipalID, ":"); ok {
			p.ID = role
		}
		if si := u.sessionIssuer(); p.Name == "" && si != nil && (si.Type == Role || si.Type == "") && si.UserName != "" {
			// "For the AssumedRole type, you can find the userName
			// field in sessionContext as part of the sessionIssuer
			// element" (User Guide, "CloudTrail userIdentity
			// element"): the role's name, when no ARN names it.
			p.Name = si.UserName
			if si.AccountID != "" {
				p.AccountID = si.AccountID
			}
		}
		return p, p.Name != ""

	case FederatedUser:
		p.Kind = KindFederatedUser
		if name, ok := a.FederatedUser(); arnErr == nil && ok {
			p.ARN, p.Name = u.ARN, name
		}
		if si := u.sessionIssuer(); si != nil {
			p.IssuerARN = si.ARN
		}
		return p, p.ARN != ""

	case AWSService:
		p.Kind = KindService
		p.Name = u.InvokedBy
		return p, p.Name != ""

	case AWSAccount:
		if u.Anonymous() {
			return Principal{Kind: KindAnonymous, ID: u.PrincipalID}, true
		}
		p.Kind = KindAccount
		return p, p.AccountID != ""

	case SAMLUser, WebIdentityUser:
		// The external user that called AssumeRoleWithSAML or
		// AssumeRoleWithWebIdentity: principalId, userName and
		// identityProvider identify it (CloudTrail User Guide,
		// "CloudTrail userIdentity element", values for AWS STS APIs with
		// SAML and web identity federation).
		p.Kind = KindSAMLUser
		if u.Type == WebIdentityUser {
			p.Kind = KindWebIdentityUser
		}
		p.Name = u.UserName
		return p, false

	case IdentityCenterUser:
		p.Kind = KindIdentityCenterUser
		if o := u.OnBehalfOf; o != nil {
			p.Name, p.IdentityStoreARN = o.UserID, o.IdentityStoreARN
		}
		return p, p.Name != ""
	}
	if u.IsIdentityCenterUser() {
		// type Unknown with onBehalfOf: an authenticated Identity Center
		// user (see IsIdentityCenterUser).
		p.Kind = KindIdentityCenterUser
		p.Name, p.IdentityStoreARN = u.OnBehalfOf.UserID, u.OnBehalfOf.IdentityStoreARN
		return p, p.Name != ""
	}
	if u.Anonymous() {
		return Principal{Kind: KindAnonymous, ID: u.PrincipalID}, true
	}
	if (u.Type == Directory || u.Type == Unknown) && u.UserName != HiddenUserName {
		// "Can be present": the account alias or an e-mail address
		// (CloudTrail User Guide, "CloudTrail userIdentity element",
		// userName): the name the record gives, not an IAM principal.
		p.Name = u.UserName
	}
	return p, false
}

// IsIdentityCenterUser reports whether the identity is an IAM Identity
// Center user: type IdentityCenterUser, or type Unknown carrying onBehalfOf
// (userId, identityStoreArn). The IAM Identity Center User Guide ("CloudTrail
// use cases for IAM Identity Center") says those fields also appear "on
// events for authenticated IAM Identity Center users where the userIdentity
// type is Unknown" and that "your workflows should accept both type values".
// Principal and Federation answer alike for both.
func (u *UserIdentity) IsIdentityCenterUser() bool {
	if u == nil {
		return false
	}
	return u.Type == IdentityCenterUser || u.Type == Unknown && u.OnBehalfOf != nil
}

func (u *UserIdentity) sessionIssuer() *SessionIssuer {
	if u.SessionContext == nil {
		return nil
	}
	return u.SessionContext.SessionIssuer
}

func (u *UserIdentity) attributes() *Attributes {
	if u == nil || u.SessionContext == nil {
		return nil
	}
	return u.SessionContext.Attributes
}

// Account returns the account that owns the principal (accountId, else the
// account of the ARN). For AWSAccount it is the other account; for
// IdentityCenterUser the account that owns the Identity Center instance.
// ok is false for an anonymous caller or when the record has neither.
func (u *UserIdentity) Account() (string, bool) {
	if u == nil || u.Anonymous() {
		return "", false
	}
	if u.AccountID != "" {
		return u.AccountID, true
	}
	if a, err := arn.Parse(u.ARN); err == nil && a.Account != "" {
		return a.Account, true
	}
	return "", false
}

// SessionName returns the role session name of an AssumedRole identity
// (from the assumed-role ARN, else from principalId "<roleId>:<session>"),
// the name of a federated user session (GetFederationToken), or, for an
// AWSAccount caller that used a role session in its own account, that
// session's name (principalId "AROA...:<session>"). ok is false when there
// is no session or the record does not give its name.
func (u *UserIdentity) SessionName() (string, bool) {
	if u == nil {
		return "", false
	}
	switch u.Type {
	case AssumedRole:
		if a, err := arn.Parse(u.ARN); err == nil {
			if _, s, ok := a.AssumedRole(); ok {
				return s, true
			}
		}
		if _, s, ok := strings.Cut(u.PrincipalID, ":"); ok && s != "" {
			return s, true
		}
	case FederatedUser:
		if a, err := arn.Parse(u.ARN); err == nil {
			if s, ok := a.FederatedUser(); ok {
				return s, true
			}
		}
		// principalId is "<account>:<name>" for federated users.
		if _, s, ok := strings.Cut(u.PrincipalID, ":"); ok && s != "" {
			return s, true
		}
	case AWSAccount:
		if id, s, ok := strings.Cut(u.PrincipalID, ":"); ok && strings.HasPrefix(id, "AROA") && s != "" {
			return s, true
		}
	}
	return "", false
}

// MFA reports whether the session was authenticated with an MFA device,
// from sessionContext.attributes.mfaAuthenticated. known is false when the
// member is absent (no session attributes, as for a long-term access key)
// or holds something other than "true" or "false".
func (u *UserIdentity) MFA() (used, known bool) {
	a := u.attributes()
	if a == nil {
		return false, false
	}
	w := &a.wire
	switch {
	case !w.decoded:
		return a.MFAAuthenticated, true // built by the caller
	case a.MFAAuthenticated != w.mfaVal:
		return a.MFAAuthenticated, true // changed by the caller
	case w.mfaForm == formString || w.mfaForm == formBool:
		return a.MFAAuthenticated, true
	}
	return false, false
}

// Service reports whether an AWS service made the request and which:
// invokedBy (a service principal such as "elasticbeanstalk.amazonaws.com",
// or AWSInternal), or the AWSService type. The name is empty when the type
// says a service acted but invokedBy does not name it.
//
// The CloudTrail User Guide says invokedBy is present only when a service
// made the request, so ok false is an answer, not a gap.
func (u *UserIdentity) Service() (name string, ok bool) {
	if u == nil {
		return "", false
	}
	if u.InvokedBy != "" {
		return u.InvokedBy, true
	}
	return "", u.Type == AWSService
}

// ConsoleSession reports whether the request came from an AWS Management
// Console session, as far as the identity element tells: invokedBy
// "signin.amazonaws.com" says yes; an IAM user's or root user's long-term
// access key (AKIA...) says no, since console sessions use temporary
// credentials. Otherwise known is
// false.
//
// Since eventVersion 1.08 the record-level member
// sessionCredentialFromConsole answers this; it is not part of the
// userIdentity element, so the event package holds it.
func (u *UserIdentity) ConsoleSession() (yes, known bool) {
	if u == nil {
		return false, false
	}
	if u.InvokedBy == "signin.amazonaws.com" {
		return true, true
	}
	if (u.Type == IAMUser || u.Type == Root) && strings.HasPrefix(u.AccessKeyID, "AKIA") {
		return false, true
	}
	return false, false
}

// Masked reports whether the user name is HiddenUserName: a console sign-in
// failure caused by an incorrect user name.
func (u *UserIdentity) Masked() bool {
	return u != nil && u.UserName == HiddenUserName
}

// Anonymous reports whether the request was unauthenticated: accountId
// ANONYMOUS_PRINCIPAL (seen in S3 data events for public access).
func (u *UserIdentity) Anonymous() bool {
	return u != nil && u.AccountID == AnonymousAccountID
}

// AssumedRoot reports whether the credentials come from sts:AssumeRoot, a
// short-term root session a management or delegated administrator account
// takes on a member account. known is true when sessionContext.assumedRoot
// says "true" or "false", and when the identity cannot be a root session
// (neither Root nor a role session). A Root identity with temporary
// credentials and no assumedRoot member is not known: the tasks performed
// in the member account are logged as Root with an ASIA... key, as root
// GetSessionToken sessions are (IAM User Guide, "Track privileged tasks in
// CloudTrail").
func (u *UserIdentity) AssumedRoot() (yes, known bool) {
	if u == nil {
		return false, false
	}
	if c := u.SessionContext; c != nil && c.AssumedRoot != "" {
		switch {
		case strings.EqualFold(c.AssumedRoot, "true"):
			return true, true
		case strings.EqualFold(c.AssumedRoot, "false"):
			return false, true
		}
		return false, false
	}
	switch u.Type {
	case Root:
		if strings.HasPrefix(u.AccessKeyID, "AKIA") {
			return false, true
		}
		return false, false
	case AssumedRole, IAMUser, FederatedUser, AWSService, AWSAccount, IdentityCenterUser, SAMLUser, WebIdentityUser:
		return false, true
	}
	return false, false
}

// IMDSVersion returns the version of the EC2 Instance Metadata Service that
// delivered the role credentials: 1 for sessionContext.ec2RoleDelivery
// "1.0", 2 for "2.0". ok is false when the member is absent or holds
// another value.
func (u *UserIdentity) IMDSVersion() (int, bool) {
	if u == nil || u.SessionContext == nil {
		return 0, false
	}
	switch u.SessionContext.EC2RoleDelivery {
	case "1.0":
		return 1, true
	case "2.0":
		return 2, true
	}
	return 0, false
}

// SourceIdentity returns sessionContext.sourceIdentity: the original
// identity an administrator requires role sessions to carry, kept through
// role chaining.
func (u *UserIdentity) SourceIdentity() (string, bool) {
	if u == nil || u.SessionContext == nil || u.SessionContext.SourceIdentity == "" {
		return "", false
	}
	return u.SessionContext.SourceIdentity, true
}

// Method is how a federated identity was established.
type Method uint8

// The federation methods. MethodUnknown means the record does not say (for
// example a role session that carries only a sourceIdentity).
const (
	MethodUnknown         Method = iota
	MethodSAML                   // AssumeRoleWithSAML
	MethodWebIdentity            // AssumeRoleWithWebIdentity (OIDC)
	MethodIdentityCenter         // IAM Identity Center
	MethodFederationToken        // GetFederationToken
)

var methodNames = [...]string{"unknown", "saml", "web-identity", "identity-center", "federation-token"}

// String returns a lower-case name for m.
func (m Method) String() string {
	if int(m) < len(methodNames) {
		return methodNames[m]
	}
	return "method(" + strconv.Itoa(int(m)) + ")"
}

// Federation is the external identity behind a request, as far as the
// record tells it.
type Federation struct {
	// Method is how the identity was federated (SAML, web identity,
	// IAM Identity Center, GetFederationToken), or that it was not.
	Method Method
	// Provider is the identity provider: identityProvider of SAMLUser
	// (saml:namequalifier) and WebIdentityUser (the issuer, such as
	// "accounts.google.com"), or webIdFederationData.federatedProvider of a
	// web identity role session. For a federated user it is the ARN of the
	// IAM user or root user that called GetFederationToken.
	Provider string
	// Subject is the user at the provider: userName of SAMLUser (saml:sub)
	// and WebIdentityUser (the user ID), the Identity Center user ID, or
	// the federated user name.
	Subject string
	// IdentityStoreARN is the Identity Center identity store.
	IdentityStoreARN string
	// Attributes is webIdFederationData.attributes as recorded: the
	// application and user IDs as the provider reported them.
	Attributes []byte
	// SourceIdentity is sessionContext.sourceIdentity.
	SourceIdentity string
}

// Federation returns the external identity behind the request: the SAML or
// OIDC user of an AssumeRoleWithSAML or AssumeRoleWithWebIdentity call, the
// provider of a web identity role session, the Identity Center user (also
// the one a role session acts for by trusted identity propagation, named
// by onBehalfOf), the
// federated user of a GetFederationToken session, and the source identity
// of a role session. ok is false when the record names none of these. A
// role session obtained with SAML records no SAML details after the
// AssumeRoleWithSAML call itself; only a sourceIdentity, when one was set,
// leads back to the user.
func (u *UserIdentity) Federation() (Federation, bool) {
	if u == nil {
		return Federation{}, false
	}
	var f Federation
	f.SourceIdentity, _ = u.SourceIdentity()
	switch u.Type {
	case SAMLUser:
		f.Method, f.Provider, f.Subject = MethodSAML, u.IdentityProvider, u.UserName
		return f, true
	case WebIdentityUser:
		f.Method, f.Provider, f.Subject = MethodWebIdentity, u.IdentityProvider, u.UserName
		return f, true
	case IdentityCenterUser:
		f.Method = MethodIdentityCenter
		if o := u.OnBehalfOf; o != nil {
			f.Subject, f.IdentityStoreARN = o.UserID, o.IdentityStoreARN
		}
		return f, f.Subject != ""
	case Unknown:
		if u.IsIdentityCenterUser() {
			f.Method = MethodIdentityCenter
			f.Subject, f.IdentityStoreARN = u.OnBehalfOf.UserID, u.OnBehalfOf.IdentityStoreARN
			return f, f.Subject != ""
		}
	case FederatedUser:
		f.Method = MethodFederationToken
		f.Subject, _ = u.SessionName()
		if si := u.sessionIssuer(); si != nil {
			f.Provider = si.ARN
		}
		return f, f.Subject != ""
	}
	if o := u.OnBehalfOf; o != nil && o.UserID != "" {
		// A role session made with trusted identity propagation names the
		// Identity Center user it acts for (CloudTrail User Guide,
		// "CloudTrail userIdentity element", onBehalfOf: "the IAM Identity
		// Center user ID and identity store ARN on whose behalf the call
		// was made").
		f.Method, f.Subject, f.IdentityStoreARN = MethodIdentityCenter, o.UserID, o.IdentityStoreARN
		return f, true
	}
	if c := u.SessionContext; c != nil && c.WebIDFederationData != nil && c.WebIDFederationData.FederatedProvider != "" {
		f.Method = MethodWebIdentity
		f.Provider = c.WebIDFederationData.FederatedProvider
		f.Attributes = c.WebIDFederationData.Attributes
		return f, true
	}
	return f, f.SourceIdentity != ""
}

// Actor names who made the request, in one string for logs and reports:
// the ARN of the principal whose permissions were used (Principal: the
// role behind a role session, the IAM user, the root user, ...); else the
// AWS service that acted (invokedBy, such as "ec2.amazonaws.com" or
// "AWS Internal"); else the identity's arn; else its principalId; else,
// for an IAM Identity Center user (IsIdentityCenterUser), its user ID in
// the identity store (onBehalfOf.userId), the only name such a record
// gives, and for an unauthenticated caller (Anonymous) "ANONYMOUS_PRINCIPAL".
// It is "" when the identity tells none of these, and for a nil identity.
//
// An identity of only {"accountId":…,"invokedBy":"AWS Internal"}, which
// some service events carry, has no type and no principal, and is named
// "AWS Internal".
func (u *UserIdentity) Actor() string {
	if u == nil {
		return ""
	}
	if p, ok := u.Principal(); ok && p.ARN != "" {
		return p.ARN
	}
	if name, ok := u.Service(); ok && name != "" {
		return name
	}
	if u.ARN != "" {
		return u.ARN
	}
	if u.PrincipalID == "" && u.IsIdentityCenterUser() && u.OnBehalfOf != nil {
		return u.OnBehalfOf.UserID
	}
	if u.PrincipalID == "" && u.Anonymous() {
		return AnonymousAccountID
	}
	return u.PrincipalID
}
