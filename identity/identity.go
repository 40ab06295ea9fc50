package identity

import "time"

// Type is the userIdentity "type" member. It is an open enum: AWS adds
// types, and a value this package does not know is kept as it is.
type Type string

// The documented userIdentity types (CloudTrail User Guide,
// "CloudTrail userIdentity element").
const (
	Root               Type = "Root"
	IAMUser            Type = "IAMUser"
	AssumedRole        Type = "AssumedRole"
	Role               Type = "Role"
	FederatedUser      Type = "FederatedUser"
	Directory          Type = "Directory"
	AWSAccount         Type = "AWSAccount"
	AWSService         Type = "AWSService"
	IdentityCenterUser Type = "IdentityCenterUser"
	Unknown            Type = "Unknown"
	SAMLUser           Type = "SAMLUser"
	WebIdentityUser    Type = "WebIdentityUser"
)

// UserIdentity is the userIdentity element of a CloudTrail record: who made
// the request. Members that are absent are zero. Members this package does
// not model are kept and written back by MarshalJSON.
type UserIdentity struct {
	// Type is the kind of identity: Root, IAMUser, AssumedRole,
	// FederatedUser, AWSService and so on (1.0). Some service events have
	// none.
	Type Type `json:"type,omitempty"`
	// PrincipalID identifies the entity: an account ID for Root, a unique
	// ID (AIDA...) for an IAM user, "<role ID>:<session name>" for a role
	// session.
	PrincipalID string `json:"principalId,omitempty"`
	// ARN is the caller's ARN; an assumed-role ARN for role sessions.
	ARN string `json:"arn,omitempty"`
	// AccountID is the account that owns the entity that granted the
	// permissions; for another account's caller (AWSAccount), that
	// account.
	AccountID string `json:"accountId,omitempty"`
	// AccessKeyID is the access key the request was signed with: AKIA...
	// for long-term keys, ASIA... for temporary credentials; may be empty.
	AccessKeyID string `json:"accessKeyId,omitempty"`
	// UserName is the IAM user's name, the account alias of Root, or the
	// external user of SAMLUser and WebIdentityUser; role sessions carry
	// the role name in SessionContext.SessionIssuer instead.
	UserName string `json:"userName,omitempty"`
	// InvokedBy names the AWS service that made the request, such as
	// "ec2.amazonaws.com" or "AWS Internal"; present only then.
	InvokedBy string `json:"invokedBy,omitempty"`
	// IdentityProvider is the SAML name qualifier or web identity issuer
	// of SAMLUser and WebIdentityUser records.
	IdentityProvider string `json:"identityProvider,omitempty"`
	// CredentialID identifies bearer-token credentials, such as those of
	// IAM Identity Center users.
	CredentialID string `json:"credentialId,omitempty"`
	// OnBehalfOf names the IAM Identity Center user behind the request.
	OnBehalfOf *OnBehalfOf `json:"onBehalfOf,omitempty"`
	// InScopeOf names the service resource (such as a Lambda function)
	// in whose scope the credentials were issued.
	InScopeOf *InScopeOf `json:"inScopeOf,omitempty"`
	// InvokedByDelegate names the product provider account acting with
	// temporary delegated access.
	InvokedByDelegate *InvokedByDelegate `json:"invokedByDelegate,omitempty"`
	// SessionContext describes the session of temporary credentials.
	SessionContext *SessionContext `json:"sessionContext,omitempty"`

	// wire keeps what decoding saw and the model does not hold: unknown
	// members, members present with an empty string, and members whose
	// JSON type differs from the documented one.
	wire wireState
}

// OnBehalfOf identifies the IAM Identity Center user on whose behalf a
// request was made.
type OnBehalfOf struct {
	// UserID is the user's ID in the Identity Center identity store.
	UserID string `json:"userId,omitempty"`
	// IdentityStoreARN is the ARN of that identity store.
	IdentityStoreARN string `json:"identityStoreArn,omitempty"`
	wire             wireState
}

// InScopeOf names the AWS service resource in whose scope a request was
// made (for example a Lambda function).
type InScopeOf struct {
	// SourceARN is the ARN of the resource the credentials were issued
	// for.
	SourceARN string `json:"sourceArn,omitempty"`
	// SourceAccount is the account that owns that resource.
	SourceAccount string `json:"sourceAccount,omitempty"`
	// IssuerType is the resource type, such as "AWS::Lambda::Function".
	IssuerType string `json:"issuerType,omitempty"`
	// CredentialsIssuedTo is the entity the credentials went to.
	CredentialsIssuedTo string `json:"credentialsIssuedTo,omitempty"`
	wire                wireState
}

// InvokedByDelegate names the product provider account that made a request
// with temporary delegated access.
type InvokedByDelegate struct {
	AccountID string `json:"accountId,omitempty"` // the product provider's account
	wire      wireState
}

// SessionContext describes the session of temporary security credentials.
type SessionContext struct {
	// SessionIssuer is the role, IAM user or root user whose
	// credentials issued the session.
	SessionIssuer *SessionIssuer `json:"sessionIssuer,omitempty"`
	// WebIDFederationData describes a web identity federation session;
	// it may be empty ({}), which tells nothing.
	WebIDFederationData *WebIDFederationData `json:"webIdFederationData,omitempty"`
	// Attributes says when the credentials were issued and whether MFA
	// was used.
	Attributes *Attributes `json:"attributes,omitempty"`
	// SourceIdentity is the source identity set when a role was assumed;
	// it persists through role chaining.
	SourceIdentity string `json:"sourceIdentity,omitempty"`
	// EC2RoleDelivery is "1.0" when an EC2 instance got the role's
	// credentials through IMDSv1, "2.0" through IMDSv2.
	EC2RoleDelivery string `json:"ec2RoleDelivery,omitempty"`
	// AssumedRoot is "true" for sessions made by sts:AssumeRoot; the
	// string is kept as recorded.
	AssumedRoot string `json:"assumedRoot,omitempty"`
	// SignInSessionARN is the console sign-in session,
	// "arn:aws:signin:<region>:<account>:session/<id>" (documented in
	// 2026).
	SignInSessionARN string `json:"signInSessionArn,omitempty"`
	wire             wireState
}

// SessionIssuer is the entity that issued a session's credentials.
type SessionIssuer struct {
	Type        Type   `json:"type,omitempty"`        // Root, IAMUser or Role
	PrincipalID string `json:"principalId,omitempty"` // the issuer's unique ID
	ARN         string `json:"arn,omitempty"`         // the issuer's ARN, with its path
	AccountID   string `json:"accountId,omitempty"`   // the account that owns the issuer
	UserName    string `json:"userName,omitempty"`    // the role's or user's name
	wire        wireState
}

// WebIDFederationData describes a web identity federation session.
// Attributes is kept as raw JSON.
type WebIDFederationData struct {
	// FederatedProvider is the identity provider, such as
	// "accounts.google.com" or "cognito-identity.amazonaws.com".
	FederatedProvider string `json:"federatedProvider,omitempty"`
	// Attributes are the provider's attributes, raw JSON.
	Attributes []byte `json:"attributes,omitempty"`
	wire       wireState
}

// Attributes are a session's attributes.
type Attributes struct {
	// CreationDate is when the credentials were issued. It is read in
	// either documented layout (20131102T010628Z or 2013-11-02T01:06:28Z)
	// and written back in the layout it came in.
	CreationDate time.Time `json:"creationDate"`
	// MFAAuthenticated reports mfaAuthenticated, which records carry as the
	// string "true" or "false".
	MFAAuthenticated bool `json:"mfaAuthenticated"`
	wire             attrWire
}
