// Package identity models the userIdentity element of AWS CloudTrail
// records and answers who really made a request.
//
// [Parse] reads the JSON text of a userIdentity element into a
// [UserIdentity]; [UserIdentity.AppendJSON] and [UserIdentity.MarshalJSON]
// write it back. The typed fields are plain data. The questions a reader
// of a record asks are methods that say when the record cannot tell
// rather than guess:
//
//   - [UserIdentity.Principal]: the IAM user, the role behind a role
//     session, the root user, the federated user and its issuer, the AWS
//     service, the other account, or the IAM Identity Center user.
//   - [UserIdentity.Account], [UserIdentity.SessionName].
//   - [UserIdentity.MFA], [UserIdentity.ConsoleSession],
//     [UserIdentity.AssumedRoot], [UserIdentity.IMDSVersion].
//   - [UserIdentity.Service]: whether an AWS service acted, and which.
//   - [UserIdentity.Federation], [UserIdentity.SourceIdentity]: the
//     external identity behind SAML, web identity (OIDC), Identity Center
//     and GetFederationToken sessions.
//   - [UserIdentity.Masked] (HIDDEN_DUE_TO_SECURITY_REASONS) and
//     [UserIdentity.Anonymous] (ANONYMOUS_PRINCIPAL).
//   - [Type.Known] for the identity type.
//
// Parse costs one allocation for a typical identity: the UserIdentity and
// the sessionContext, sessionIssuer, attributes, webIdFederationData and
// onBehalfOf objects share one allocation, and strings share memory with the
// parsed text. Inside a record decoded by package event the identity costs no
// allocation of its own: it lives in the memory allocated for the record.
// AppendJSON allocates nothing beyond growing its buffer.
//
// # Fidelity
//
// The members and types are those of the CloudTrail User Guide page
// "CloudTrail userIdentity element" (cloudtrail-event-reference-user-identity),
// including invokedByDelegate and sessionContext.signInSessionArn. Which
// identity appears in which account's record for the calls that return
// temporary credentials follows the IAM User Guide page "Logging IAM and
// AWS STS API calls with AWS CloudTrail" (cloudtrail-integration); the
// AssumeRoot session follows "Track privileged tasks in AWS CloudTrail"
// (cloudtrail-track-privileged-tasks). Where the IAM table says later calls
// made with GetFederationToken credentials show the "IAM user identity", the
// CloudTrail guide's FederatedUser type, whose sessionIssuer is the IAM
// user, is the one modelled.
//
// Decoding then encoding gives the same JSON value. Members the model does
// not know are kept, at every level, as raw text and written after the
// known ones. A member present with an empty string or null, and a member
// whose JSON type is not the documented one (mfaAuthenticated as a JSON
// boolean, a number for a string), is written back as read unless the
// caller sets the field. sessionContext.attributes.creationDate is read in
// the documented ISO 8601 basic layout (20131102T010628Z) and in the
// extended layout records use (2023-07-19T21:11:57Z); the text is written
// back as read, or a changed time in the layout it came in.
// mfaAuthenticated is documented as the string "true" or "false"; other
// capitalisations are read as well. Known members are written in the
// documented order.
//
// What the identity element cannot tell: the record-level member
// sessionCredentialFromConsole (eventVersion 1.08) says whether the
// credentials came from the console; it belongs to the record, so
// [UserIdentity.ConsoleSession] answers only from invokedBy and the kind of
// access key. A role session obtained with SAML carries no SAML details
// after the AssumeRoleWithSAML call. Tasks done with sts:AssumeRoot
// credentials are logged as Root with a temporary key, as root
// GetSessionToken sessions are.
//
// # Errors
//
// Parse and UnmarshalJSON return a *[SyntaxError] with the member path
// and the byte offset into the text; it wraps the scanner's error.
// MarshalJSON fails only when the caller put invalid JSON in
// [WebIDFederationData].Attributes.
//
// # Concurrency
//
// A parsed UserIdentity is plain data: safe to read from several
// goroutines, and to encode concurrently, while nobody writes to it.
//
// # Compatibility
//
// Identity types are an open set: a type this package does not know, or
// no type at all (as in the guide's own AWS service event example), is
// kept as recorded and the answers say unknown. All eventVersions from 1.0
// to 1.11 are read the same way; members added by later versions are
// kept as unknown members until they are modelled.
package identity
