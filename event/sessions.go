package event

import (
	"strings"
	"time"

	"github.com/trailmap/trailmap/internal/jsonwire"
)

// Sessions links the calls made with temporary credentials to the calls
// that issued them. An AWS STS call that returns credentials
// (AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity,
// GetFederationToken, GetSessionToken, AssumeRoot,
// GetDelegatedAccessToken) records the access
// key ID it issued in responseElements.credentials.accessKeyId; every
// call made with those credentials records the same key in
// userIdentity.accessKeyId (IAM User Guide, "Logging IAM and AWS STS API
// calls with AWS CloudTrail"). Add the issuing records, then ask Chain
// for the calls behind any record.
//
// Sessions keeps only the few strings of each issue, copied, not the
// records. The zero Sessions is empty and ready to use; it is not safe
// for concurrent use.
type Sessions struct {
	byKey map[string]*Issue
}

// Issue is one STS call that issued temporary credentials.
type Issue struct {
	// AccessKeyID is the access key ID of the credentials issued.
	AccessKeyID string
	// EventID, EventName, EventTime and SourceIPAddress are those of the
	// issuing record.
	EventID         string
	EventName       string
	EventTime       time.Time
	SourceIPAddress string
	// CallerARN is userIdentity.arn of the caller: the user or role
	// session that asked. Callers without one have CallerName instead:
	// the SAML or web identity user name of AssumeRoleWithSAML and
	// AssumeRoleWithWebIdentity (which are unauthenticated), or the
	// service (invokedBy) that called. CallerAccount is the caller's
	// accountId, all an AWSAccount caller (another account) records.
	CallerARN     string
	CallerName    string
	CallerAccount string
	// CallerType is the caller's userIdentity.type.
	CallerType string
	// CallerAccessKeyID is the access key the caller signed with, which
	// may itself have been issued by an earlier Issue.
	CallerAccessKeyID string
	// Issued is what the credentials act as: the role (requestParameters.roleArn),
	// the assumed-role or federated user ARN of the response, for
	// GetDelegatedAccessToken the response's assumedPrincipal, for AssumeRoot
	// the root user of requestParameters.targetPrincipal, or for
	// GetSessionToken the caller itself.
	Issued string
	// SessionName is the role session name or federated user name
	// requested, if any.
	SessionName string
}

// issuer reports whether eventName is an STS call that returns
// credentials: every action of the AWS STS API Reference ("Actions")
// whose response has Credentials. GetWebIdentityToken is not one: it
// returns a signed JWT (WebIdentityToken) and its Expiration, no
// credentials; nor are DecodeAuthorizationMessage, GetAccessKeyInfo and
// GetCallerIdentity. A switch rather than a map, which the package would
// build at initialisation in every program that links it.
func issuer(eventName string) bool {
	switch eventName {
	case "AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity",
		"GetFederationToken", "GetSessionToken", "AssumeRoot",
		"GetDelegatedAccessToken":
		return true
	}
	return false
}

// Add records rec when it is a successful STS call that issued
// credentials, and reports whether it was.
//
// It reads the few members it needs of responseElements and
// requestParameters by the rule of issueResponse and issueRequest: member
// names exactly as CloudTrail writes them (camelCase), the last of a
// repeated name.
func (s *Sessions) Add(rec *Record) bool {
	if rec.EventSource != "sts.amazonaws.com" || !issuer(rec.EventName) || rec.ErrorCode != "" || len(rec.ResponseElements) == 0 {
		return false
	}
	resp, ok := readIssueResponse(transient(rec.ResponseElements))
	if !ok || !temporaryKey(resp.accessKeyID) {
		return false
	}
	req := readIssueRequest(transient(rec.RequestParameters)) // absent or null parameters leave the fields empty
	is := &Issue{
		AccessKeyID: strings.Clone(resp.accessKeyID),
		EventID:     strings.Clone(rec.EventID), EventName: strings.Clone(rec.EventName),
		EventTime: rec.EventTime, SourceIPAddress: strings.Clone(rec.SourceIPAddress),
		SessionName: strings.Clone(req.roleSessionName + req.name),
	}
	switch {
	case resp.assumedRoleARN != "":
		is.Issued = strings.Clone(resp.assumedRoleARN)
	case resp.federatedARN != "":
		is.Issued = strings.Clone(resp.federatedARN)
	case resp.assumedPrincipal != "":
		is.Issued = strings.Clone(resp.assumedPrincipal)
	case req.roleARN != "":
		is.Issued = strings.Clone(req.roleARN)
	case rec.EventName == "AssumeRoot" && req.targetPrincipal != "":
		callerARN := ""
		if rec.UserIdentity != nil {
			callerARN = rec.UserIdentity.ARN
		}
		is.Issued = rootOf(req.targetPrincipal, callerARN)
	}
	if u := rec.UserIdentity; u != nil {
		is.CallerARN, is.CallerType = strings.Clone(u.ARN), strings.Clone(string(u.Type))
		is.CallerAccessKeyID = strings.Clone(u.AccessKeyID)
		is.CallerAccount = strings.Clone(u.AccountID)
		if u.ARN == "" {
			is.CallerName = strings.Clone(u.UserName)
			if is.CallerName == "" {
				is.CallerName = strings.Clone(u.InvokedBy)
			}
		}
		// GetSessionToken: the caller's own session. Not so for
		// GetDelegatedAccessToken, whose credentials act as the
		// assumedPrincipal of its response, never as the caller.
		if is.Issued == "" && rec.EventName != "GetDelegatedAccessToken" {
			is.Issued = is.CallerARN
		}
	}
	if s.byKey == nil {
		s.byKey = make(map[string]*Issue)
	}
	s.byKey[is.AccessKeyID] = is
	return true
}

// issueResponse is what Add reads of an issuing call's responseElements
// (AWS STS API Reference, each action's "Response Elements", camelCased
// as CloudTrail writes them): credentials.accessKeyId,
// assumedRoleUser.arn (AssumeRole*), federatedUser.arn
// (GetFederationToken) and assumedPrincipal (GetDelegatedAccessToken:
// "the ARN of the principal that was assumed", the principal whose
// permissions the credentials carry). No CloudTrail record of
// GetDelegatedAccessToken is published (neither the CloudTrail nor the IAM
// User Guide's examples have one), so its member names follow the API's
// shape, camelCased as CloudTrail writes those of the other actions.
type issueResponse struct {
	accessKeyID, assumedRoleARN, federatedARN, assumedPrincipal string
}

// issueRequest is what Add reads of an issuing call's requestParameters:
// roleArn and roleSessionName (AssumeRole*), name (GetFederationToken)
// and targetPrincipal (AssumeRoot).
type issueRequest struct {
	roleARN, roleSessionName, name, targetPrincipal string
}

// readIssueResponse reads responseElements text by this rule, which
// FuzzIssueText checks against encoding/json decoding into maps:
//
//   - the text must be valid JSON (RFC 8259, UTF-8) and an object or null
//     (a null response has nothing: no key);
//   - member names match exactly, case and all, as CloudTrail writes them
//     (encoding/json would also take "AccessKeyId" for a struct field);
//   - of a name repeated in one object the last member counts, whole;
//   - each member read must be of its documented type or null (null is
//     absent): an object for credentials, assumedRoleUser and
//     federatedUser, a string for the rest; a response that is not of
//     that shape issued nothing, ok false.
func readIssueResponse(text string) (r issueResponse, ok bool) {
	if text == "" {
		return r, false // not JSON
	}
	var top [4]string // credentials, assumedRoleUser, federatedUser, assumedPrincipal
	if !pickMembers(text, &top, "credentials", "assumedRoleUser", "federatedUser", "assumedPrincipal") {
		return r, false
	}
	var one [4]string
	for i, dst := range [...]*string{&r.accessKeyID, &r.assumedRoleARN, &r.federatedARN} {
		name := "arn"
		if i == 0 {
			name = "accessKeyId"
		}
		one[0] = ""
		if !pickMembers(top[i], &one, name, "", "", "") {
			return r, false
		}
		if *dst, ok = stringValue(one[0]); !ok {
			return r, false
		}
	}
	r.assumedPrincipal, ok = stringValue(top[3])
	return r, ok
}

// readIssueRequest reads requestParameters text by the rule of
// readIssueResponse, except that nothing makes it fail: text that is not
// valid JSON, or not an object, has none of the members, and a member
// that is not a string is empty, the others read as they are.
func readIssueRequest(text string) (r issueRequest) {
	var m [4]string
	if !pickMembers(text, &m, "roleArn", "roleSessionName", "name", "targetPrincipal") {
		return r
	}
	r.roleARN, _ = stringValue(m[0])
	r.roleSessionName, _ = stringValue(m[1])
	r.name, _ = stringValue(m[2])
	r.targetPrincipal, _ = stringValue(m[3])
	return r
}

// pickMembers checks that text is valid JSON and sets out[i] to the text
// of the value of the last member of the object text named names[i] (an
// empty name picks nothing), leaving it "" when there is none. It
// reports false for text that is not valid JSON or is neither an object
// nor null (null, and "" for an absent value, has no members).
func pickMembers(text string, out *[4]string, names ...string) bool {
	if text == "" {
		return true
	}
	sc := jsonwire.New(text)
	sc.Quiet()
	switch sc.Peek() {
	case jsonwire.Null:
		return sc.ReadNull() == nil && sc.End() == nil
	case jsonwire.Object:
	default:
		return false
	}
	if sc.BeginObject() != nil {
		return false
	}
	for {
		key, more, err := sc.NextKey()
		if err != nil {
			return false
		}
		if !more {
			break
		}
		v, err := sc.SkipValue()
		if err != nil {
			return false
		}
		for i, n := range names {
			if key == n && n != "" {
				out[i] = v
			}
		}
	}
	if sc.End() != nil {
		return false
	}
	// SkipValue bounds the nesting of each value, not of the text; the
	// text's own is checked when it may be too deep.
	return !sc.Deep() || jsonwire.Depth(text) < 0
}

// stringValue returns the string a member's value text holds: "" for no
// value ("") and null, ok false for a value of another type.
func stringValue(v string) (string, bool) {
	switch {
	case v == "" || v == "null":
		return "", true
	case v[0] != '"':
		return "", false
	}
	sc := jsonwire.New(v)
	s, err := sc.ReadString()
	return s, err == nil
}

// rootOf is the root user that AssumeRoot's credentials act as: its
// targetPrincipal is "the member account principal ARN or account ID"
// (AWS STS API Reference, "AssumeRoot"). An account ID becomes the root
// user's ARN in the caller's partition (aws when the caller's ARN does not
// say); an ARN is kept as given.
func rootOf(target, callerARN string) string {
	if strings.HasPrefix(target, "arn:") {
		return strings.Clone(target)
	}
	partition := "aws"
	if rest, ok := strings.CutPrefix(callerARN, "arn:"); ok {
		if p, _, ok := strings.Cut(rest, ":"); ok && p != "" {
			partition = p
		}
	}
	return "arn:" + partition + ":iam::" + target + ":root"
}

// temporaryKey reports whether an access key ID can have been issued by
// AWS STS: temporary keys begin with ASIA, long-term keys (of IAM users
// and the root user) with AKIA (IAM User Guide, "IAM identifiers", unique
// ID prefixes). A long-term key leads to no issuing call, whatever the
// records say (documentation examples reuse keys).
func temporaryKey(id string) bool {
	return id != "" && !strings.HasPrefix(id, "AKIA")
}

// Len returns the number of issues added.
func (s *Sessions) Len() int { return len(s.byKey) }

// maxChain bounds a chain: role chaining is limited by the one-hour
// session of chained roles, not by depth, but a chain longer than this
// is not something a person reads.
const maxChain = 16

// Chain returns the calls behind rec, nearest first: the call that issued
// the access key rec was signed with, then the call that issued the key
// that call was signed with, and so on, as far as the added records go.
// It is empty when rec was not made with credentials an added record
// issued; always empty for a long-term (AKIA) key. A key met twice ends
// the chain.
func (s *Sessions) Chain(rec *Record) []Issue {
	if rec.UserIdentity == nil {
		return nil
	}
	var out []Issue
	seen := map[string]bool{}
	key := rec.UserIdentity.AccessKeyID
	for temporaryKey(key) && !seen[key] && len(out) < maxChain {
		seen[key] = true
		is, ok := s.byKey[key]
		if !ok {
			break
		}
		out = append(out, *is)
		key = is.CallerAccessKeyID
	}
	return out
}
