package trailtest

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/identity"
)

// SignInFailure says why a console sign-in failed. The zero value is not
// a cause.
type SignInFailure uint8

// The causes of a failed console sign-in.
const (
	// WrongPassword: the user exists and the password (or MFA code) was
	// wrong. CloudTrail records errorMessage "Failed authentication" and
	// the user's name.
	WrongPassword SignInFailure = iota + 1
	// WrongUserName: no such user. For an IAM user name CloudTrail masks
	// the name typed as HIDDEN_DUE_TO_SECURITY_REASONS and records
	// errorMessage "No username found in supplied account". For the root
	// user it means an e-mail address that belongs to no account: there
	// is no account to record the attempt in, so nothing is recorded.
	WrongUserName
)

// String returns "WrongPassword" or "WrongUserName".
func (f SignInFailure) String() string {
	switch f {
	case WrongPassword:
		return "WrongPassword"
	case WrongUserName:
		return "WrongUserName"
	}
	return "SignInFailure(" + strconv.Itoa(int(f)) + ")"
}

// browser is the userAgent of console sign-ins.
const browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"

// signIn builds a ConsoleLogin record of who with the given outcome.
func (r *Recorder) signIn(who *identity.UserIdentity, outcome string, opts []Option) *event.Record {
	c := options(opts)
	region, host := "us-east-1", "signin.aws.amazon.com"
	if c.regional && who.Type != identity.Root {
		region = c.region
		host = region + ".signin.aws.amazon.com"
	} else if c.regional {
		// Root sign-ins are recorded in us-east-1, us-east-2 or
		// us-west-2 (CloudTrail User Guide, "AWS Management Console
		// sign-in events"); In picks one.
		region = c.region
	}
	mfa := "No"
	extra := map[string]string{
		"LoginTo":       "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true",
		"MobileVersion": "No",
	}
	if c.mfa != "" {
		mfa = "Yes"
		extra["MFAIdentifier"] = c.mfa
	}
	extra["MFAUsed"] = mfa
	all := append([]Option{UserAgent(browser), Host(host), Additional(extra),
		Response(map[string]string{"ConsoleLogin": outcome}), WithReadOnly(false)}, opts...)
	all = append(all, As(who), In(region), WithEventType(event.AwsConsoleSignIn))
	rec := r.Builder.Call("signin.amazonaws.com", "ConsoleLogin", all...)
	if !rec.EventVersion.AtLeast(1, 6) {
		// The documented sign-in records of eventVersion 1.05 and older
		// have no readOnly; those of 1.08 have it (IAM User Guide of 2017
		// and CloudTrail User Guide, sign-in examples).
		rec.ReadOnly = event.Bool{}
	}
	return rec
}

// withEmptyAccessKey returns the sign-in identity of who — its type,
// principalId, arn, accountId and userName — with the member
// "accessKeyId": "" that CloudTrail writes in the records of root user
// sign-ins and of failed sign-ins (CloudTrail User Guide, "AWS Management
// Console sign-in events"; IAM User Guide, "Logging IAM and AWS STS API
// calls with AWS CloudTrail"). A built identity cannot hold a member
// present with an empty string; a decoded one keeps it, so the identity
// is decoded from its JSON text.
func withEmptyAccessKey(who *identity.UserIdentity) *identity.UserIdentity {
	members := []struct{ name, value string }{
		{"type", string(who.Type)}, {"principalId", who.PrincipalID}, {"arn", who.ARN},
		{"accountId", who.AccountID}, {"accessKeyId", ""}, {"userName", who.UserName},
	}
	var b strings.Builder
	b.WriteByte('{')
	for _, m := range members {
		if m.value == "" && m.name != "accessKeyId" {
			continue
		}
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(m.name) + ":")
		v, _ := json.Marshal(m.value) // a string always encodes
		b.Write(v)
	}
	b.WriteByte('}')
	id, err := identity.Parse(b.String())
	if err != nil {
		// Not reached: the text is built from encoded strings.
		panic("trailtest: sign-in identity: " + err.Error())
	}
	return id
}

// ConsoleLogin reports a successful console sign-in of who (an IAM user,
// the root user, or a role session signing in through federation) and
// returns its record: eventSource signin.amazonaws.com, eventType
// AwsConsoleSignIn, responseElements {"ConsoleLogin": "Success"},
// additionalEventData with LoginTo, MobileVersion and MFAUsed ("Yes" and
// MFAIdentifier with the MFA option), no requestID and no access key.
//
// IAM users sign in through the global endpoint, recorded in us-east-1,
// unless In names the Regional endpoint used; root sign-ins are recorded
// in us-east-1 unless In names us-east-2 or us-west-2 (CloudTrail User
// Guide, "AWS Management Console sign-in events").
func (r *Recorder) ConsoleLogin(who *identity.UserIdentity, opts ...Option) []*event.Record {
	if who == nil {
		who = defaultCaller()
	}
	id := clone(who)
	id.AccessKeyID = ""
	id.SessionContext = nil
	switch who.Type {
	case identity.AssumedRole, identity.FederatedUser:
		id.SessionContext = clone(who).SessionContext
	case identity.Root:
		id = withEmptyAccessKey(id)
	}
	return r.record(r.signIn(id, "Success", opts), nil, nil, opts)
}

// rootSignInFailuresSince is taken as the day from which CloudTrail
// records failed root sign-ins. The IAM User Guide of 2017 ("Logging IAM
// Events with AWS CloudTrail") said "unsuccessful sign-in events by the
// root user are not logged by CloudTrail"; the CloudTrail User Guide ("AWS
// Management Console sign-in events") has shown a recorded one since its
// example of 2018-08-25, the date used here, and today says all root user
// sign-in events generate records. The change itself is undocumented.
var rootSignInFailuresSince = time.Date(2018, 8, 25, 0, 0, 0, 0, time.UTC)

// ConsoleLoginFailure reports a failed console sign-in of who, an IAM user
// or the root user, for the reason cause, and returns the records
// CloudTrail writes: one, with responseElements {"ConsoleLogin":
// "Failure"}, an errorMessage and no errorCode — or none for a failed root
// sign-in before 2018-08-25, and none for a root sign-in with an e-mail
// address of no account (see WrongUserName).
//
// Failed root sign-ins: the IAM User Guide of 2017 ("Logging IAM Events
// with AWS CloudTrail") said "unsuccessful sign-in events by the root user
// are not logged by CloudTrail"; the CloudTrail User Guide ("AWS
// Management Console sign-in events") has shown a recorded one since its
// example of 2018-08-25 and today says all root user sign-in events
// generate records. The newer page wins for events from that day on; the
// change itself is undocumented.
//
// For WrongPassword the IAM user's identity keeps type, principalId,
// accountId and userName but no ARN, and the root user's is complete, with
// errorMessage "Failed authentication" (CloudTrail User Guide, "AWS
// Management Console sign-in events", unsuccessful sign-in examples). For
// WrongUserName the IAM identity has only type, accountId and userName
// HIDDEN_DUE_TO_SECURITY_REASONS, with errorMessage "No username found in
// supplied account" (IAM User Guide, "Logging IAM and AWS STS API calls
// with AWS CloudTrail").
func (r *Recorder) ConsoleLoginFailure(who *identity.UserIdentity, cause SignInFailure, opts ...Option) []*event.Record {
	if who == nil {
		who = defaultCaller()
	}
	t := r.nextTime(opts)
	opts = append(opts, At(t))
	if who.Type == identity.Root && t.Before(rootSignInFailuresSince) {
		return nil
	}
	var id *identity.UserIdentity
	var msg string
	switch {
	case cause == WrongUserName && who.Type == identity.Root:
		return nil
	case cause == WrongUserName:
		id = &identity.UserIdentity{Type: identity.IAMUser, AccountID: who.AccountID, UserName: identity.HiddenUserName}
		msg = "No username found in supplied account"
	case who.Type == identity.Root:
		id = &identity.UserIdentity{Type: identity.Root, PrincipalID: who.PrincipalID, ARN: who.ARN, AccountID: who.AccountID}
		msg = "Failed authentication"
	default:
		id = &identity.UserIdentity{Type: who.Type, PrincipalID: who.PrincipalID, AccountID: who.AccountID, UserName: who.UserName}
		msg = "Failed authentication"
	}
	id = withEmptyAccessKey(id)
	rec := r.signIn(id, "Failure", opts)
	if rec.ErrorCode == "" { // not denied by a VPC endpoint policy
		rec.ErrorMessage = msg
	}
	return r.record(rec, nil, nil, opts)
}
