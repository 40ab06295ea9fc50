package event

import (
	"encoding/json"
	"strings"
	"time"
)

// Sessions links the calls made with temporary credentials to the calls
// that issued them. An AWS STS call that returns credentials
// (AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity,
// GetFederationToken, GetSessionToken, AssumeRoot) records the access
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
	// the assumed-role or federated user ARN of the response, for AssumeRoot
	// the root user of requestParameters.targetPrincipal, or for
	// GetSessionToken the caller itself.
	Issued string
	// SessionName is the role session name or federated user name
	// requested, if any.
	SessionName string
}

// issuers are the STS calls that return credentials.
var issuers = map[string]bool{
	"AssumeRole": true, "AssumeRoleWithSAML": true, "AssumeRoleWithWebIdentity": true,
	"GetFederationToken": true, "GetSessionToken": true, "AssumeRoot": true,
}

// Add records rec when it is a successful STS call that issued
// credentials, and reports whether it was.
func (s *Sessions) Add(rec *Record) bool {
	if rec.EventSource != "sts.amazonaws.com" || !issuers[rec.EventName] || rec.ErrorCode != "" || len(rec.ResponseElements) == 0 {
		return false
	}
	var resp struct {
		Credentials struct {
			AccessKeyID string `json:"accessKeyId"`
		} `json:"credentials"`
		AssumedRoleUser struct {
			ARN string `json:"arn"`
		} `json:"assumedRoleUser"`
		FederatedUser struct {
			ARN string `json:"arn"`
		} `json:"federatedUser"`
	}
	if json.Unmarshal(rec.ResponseElements, &resp) != nil || !temporaryKey(resp.Credentials.AccessKeyID) {
		return false
	}
	var req struct {
		RoleARN         string `json:"roleArn"`
		RoleSessionName string `json:"roleSessionName"`
		Name            string `json:"name"`
		TargetPrincipal string `json:"targetPrincipal"`
	}
	_ = json.Unmarshal(rec.RequestParameters, &req) // absent or null parameters leave the fields empty
	is := &Issue{
		AccessKeyID: strings.Clone(resp.Credentials.AccessKeyID),
		EventID:     strings.Clone(rec.EventID), EventName: strings.Clone(rec.EventName),
		EventTime: rec.EventTime, SourceIPAddress: strings.Clone(rec.SourceIPAddress),
		SessionName: strings.Clone(req.RoleSessionName + req.Name),
	}
	switch {
	case resp.AssumedRoleUser.ARN != "":
		is.Issued = strings.Clone(resp.AssumedRoleUser.ARN)
	case resp.FederatedUser.ARN != "":
		is.Issued = strings.Clone(resp.FederatedUser.ARN)
	case req.RoleARN != "":
		is.Issued = strings.Clone(req.RoleARN)
	case rec.EventName == "AssumeRoot" && req.TargetPrincipal != "":
		callerARN := ""
		if rec.UserIdentity != nil {
			callerARN = rec.UserIdentity.ARN
		}
		is.Issued = rootOf(req.TargetPrincipal, callerARN)
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
		if is.Issued == "" {
			is.Issued = is.CallerARN // GetSessionToken: the caller's own session
		}
	}
	if s.byKey == nil {
		s.byKey = make(map[string]*Issue)
	}
	s.byKey[is.AccessKeyID] = is
	return true
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
