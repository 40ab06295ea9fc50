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
	Type              Type               `json:"type,omitempty"`
	PrincipalID       string             `json:"principalId,omitempty"`
	ARN               string             `json:"arn,omitempty"`
	AccountID         string             `json:"accountId,omitempty"`
	AccessKeyID       string             `json:"accessKeyId,omitempty"`
	UserName          string             `json:"userName,omitempty"`
	InvokedBy         string             `json:"invokedBy,omitempty"`
	IdentityProvider  string             `json:"identityProvider,omitempty"`
	CredentialID      string             `json:"credentialId,omitempty"`
	OnBehalfOf        *OnBehalfOf        `json:"onBehalfOf,omitempty"`
	InScopeOf         *InScopeOf         `json:"inScopeOf,omitempty"`
	InvokedByDelegate *InvokedByDelegate `json:"invokedByDelegate,omitempty"`
	SessionContext    *SessionContext    `json:"sessionContext,omitempty"`

	// wire keeps what decoding saw and the model does not hold: unknown
	// members, members present with an empty string, and members whose
	// JSON type differs from the documented one.
	wire wireState
}

// OnBehalfOf identifies the IAM Identity Center user on whose behalf a
// request was made.
type OnBehalfOf struct {
	UserID           string `json:"userId,omitempty"`
	IdentityStoreARN string `json:"identityStoreArn,omitempty"`
	wire             wireState
}

// InScopeOf names the AWS service resource in whose scope a request was
// made (for example a Lambda function).
type InScopeOf struct {
	SourceARN           string `json:"sourceArn,omitempty"`
	SourceAccount       string `json:"sourceAccount,omitempty"`
	IssuerType          string `json:"issuerType,omitempty"`
	CredentialsIssuedTo string `json:"credentialsIssuedTo,omitempty"`
	wire                wireState
}

// InvokedByDelegate names the product provider account that made a request
// with temporary delegated access.
type InvokedByDelegate struct {
	AccountID string `json:"accountId,omitempty"`
	wire      wireState
}

// SessionContext describes the session of temporary security credentials.
type SessionContext struct {
	SessionIssuer       *SessionIssuer       `json:"sessionIssuer,omitempty"`
	WebIDFederationData *WebIDFederationData `json:"webIdFederationData,omitempty"`
	Attributes          *Attributes          `json:"attributes,omitempty"`
	SourceIdentity      string               `json:"sourceIdentity,omitempty"`
	EC2RoleDelivery     string               `json:"ec2RoleDelivery,omitempty"`
	// AssumedRoot is "true" for sessions made by sts:AssumeRoot; the
	// string is kept as recorded.
	AssumedRoot      string `json:"assumedRoot,omitempty"`
	SignInSessionARN string `json:"signInSessionArn,omitempty"`
	wire             wireState
}

// SessionIssuer is the entity that issued a session's credentials.
type SessionIssuer struct {
	Type        Type   `json:"type,omitempty"`
	PrincipalID string `json:"principalId,omitempty"`
	ARN         string `json:"arn,omitempty"`
	AccountID   string `json:"accountId,omitempty"`
	UserName    string `json:"userName,omitempty"`
	wire        wireState
}

// WebIDFederationData describes a web identity federation session.
// Attributes is kept as raw JSON.
type WebIDFederationData struct {
	FederatedProvider string `json:"federatedProvider,omitempty"`
	Attributes        []byte `json:"attributes,omitempty"`
	wire              wireState
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
