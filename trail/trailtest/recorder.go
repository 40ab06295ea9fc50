package trailtest

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/identity"
	"github.com/trailmap/trailmap/internal/arn"
	"github.com/trailmap/trailmap/trail"
)

// A Recorder turns the calls a test reports into the record copies
// CloudTrail writes in each account involved, routes every copy through
// the trails of a deployment, and keeps each trail's log and each
// account's event history.
//
// Report calls with Call (any API call), Add (records built elsewhere),
// the STS helpers (AssumeRole, AssumeRoleWithSAML,
// AssumeRoleWithWebIdentity, GetSessionToken, GetFederationToken,
// AssumeRoot), which also return the identity later calls with the new
// credentials show, and the console sign-in helpers (ConsoleLogin,
// ConsoleLoginFailure). With VPCEndpoint any of them also gives the
// endpoint's owner the network activity event of the call (see Call).
// Then read Log, Files, Records, Result and History, or use AssertLogged
// and AssertNotLogged. A nil caller stands for the default caller (see
// As).
//
// A Recorder is not safe for concurrent use.
type Recorder struct {
	// Builder builds the records. Its clock is the recorder's clock: move
	// it with Builder.Advance or Builder.SetNow.
	Builder *Builder
	// History holds every account's event history. Its Now is the
	// builder's clock.
	History *History

	router  *trail.Router
	routing bool              // the deployment has trails
	names   map[string]string // trail name -> TrailARN; "" when two trails share the name
	arns    map[string]bool   // the deployment's TrailARNs
	records []*event.Record
	results map[*event.Record]trail.Result
	logs    map[string][]Entry
}

// Entry is one record a trail delivered, with where it went.
type Entry struct {
	// Record is the record copy delivered; the recorder's own value.
	Record *event.Record
	// Delivery says which trail delivered the record and where: the
	// bucket, the account and Region folders and the object key prefix up
	// to the day folder.
	Delivery trail.Delivery
	// ObjectKey is the key of the log file holding the record (see
	// trail.Key). CloudTrail delivers a trail's events about every five
	// minutes (CloudTrail User Guide, "Finding your CloudTrail log
	// files"), so the recorder puts the records of one account, Region and
	// five-minute window in one file, stamped with the end of the window
	// (kept within the day of the day folder). The file name's unique
	// string is derived from the rest, so keys are the same on every run.
	// ObjectKey is "" for a record without eventTime.
	ObjectKey string
}

// File is one log file a trail delivered: its bucket and key and the
// records in it, in the order they were reported.
type File struct {
	// Bucket is the trail's S3 bucket.
	Bucket string
	// Key is the object key of the log file (see Entry.ObjectKey).
	Key string
	// Records are the records in the file.
	Records []*event.Record
}

// Encode returns the file as CloudTrail writes it to the bucket: the JSON
// object {"Records": [...]}, gzip-compressed.
func (f File) Encode() ([]byte, error) {
	lf := event.LogFile{Records: make([]event.Record, len(f.Records))}
	for i, rec := range f.Records {
		lf.Records[i] = *rec
	}
	b, err := lf.AppendJSON(nil)
	if err != nil {
		return nil, fmt.Errorf("trailtest: encode %s: %w", f.Key, err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		return nil, fmt.Errorf("trailtest: encode %s: %w", f.Key, err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("trailtest: encode %s: %w", f.Key, err)
	}
	return buf.Bytes(), nil
}

// Files returns the log files the trail delivered, in the order of their
// first record; see Entry.ObjectKey. The trail is named by its TrailARN or
// by its Name when no other trail of the deployment has that name.
func (r *Recorder) Files(nameOrARN string) []File {
	var files []File
	at := map[string]int{}
	for _, e := range r.logs[r.arnOf(nameOrARN)] {
		if e.ObjectKey == "" {
			continue
		}
		i, ok := at[e.ObjectKey]
		if !ok {
			i = len(files)
			at[e.ObjectKey] = i
			files = append(files, File{Bucket: e.Delivery.Bucket, Key: e.ObjectKey})
		}
		files[i].Records = append(files[i].Records, e.Record)
	}
	return files
}

// NewRecorder returns a Recorder over the trails of d, its records built
// by NewBuilder(seed). d is validated and compiled by trail.NewRouter; its
// errors are returned wrapped. A nil d has no trails: records then reach
// event history only.
func NewRecorder(d *trail.Deployment, seed uint64) (*Recorder, error) {
	if d == nil {
		d = &trail.Deployment{}
	}
	rt, err := trail.NewRouter(d)
	if err != nil {
		return nil, fmt.Errorf("trailtest: new recorder: %w", err)
	}
	r := &Recorder{
		Builder: NewBuilder(seed),
		router:  rt,
		routing: len(d.Trails) > 0,
		results: make(map[*event.Record]trail.Result),
		logs:    make(map[string][]Entry),
		names:   make(map[string]string),
		arns:    make(map[string]bool),
	}
	for _, t := range d.Trails {
		r.arns[t.TrailARN] = true
		if _, dup := r.names[t.Name]; dup {
			r.names[t.Name] = ""
		} else {
			r.names[t.Name] = t.TrailARN
		}
	}
	// Event history's clock is the builder's, even if the test replaces
	// the builder.
	r.History = &History{Now: func() time.Time { return r.Builder.Now() }}
	return r, nil
}

// Add reports records built elsewhere, each one copy in the account it
// names, as they are: they are routed and added to event history.
func (r *Recorder) Add(recs ...*event.Record) {
	for _, rec := range recs {
		if rec == nil {
			continue
		}
		r.records = append(r.records, rec)
		var res trail.Result
		if r.routing {
			res = r.router.Route(rec)
		}
		r.results[rec] = res
		for _, d := range res.Deliveries {
			r.logs[d.TrailARN] = append(r.logs[d.TrailARN], Entry{Record: rec, Delivery: d, ObjectKey: d.LogFileKey(rec.EventTime)})
		}
		r.History.Add(rec)
	}
}

// Records returns every record copy reported, in order.
func (r *Recorder) Records() []*event.Record {
	return append([]*event.Record(nil), r.records...)
}

// Log returns what the trail delivered, in order: one Entry per record
// copy. The trail is named by its TrailARN or by its Name when no other
// trail of the deployment has that name. An organization trail's log holds
// the copies of every member account it covers.
func (r *Recorder) Log(nameOrARN string) []Entry {
	return append([]Entry(nil), r.logs[r.arnOf(nameOrARN)]...)
}

// arnOf returns the TrailARN of the trail named by s: s itself when it is
// a TrailARN of the deployment, else the ARN of the one trail whose Name
// is s; s unchanged when neither (an unknown or ambiguous name).
func (r *Recorder) arnOf(s string) string {
	if r.arns[s] {
		return s
	}
	if a := r.names[s]; a != "" {
		return a
	}
	return s
}

// trailProblem says what is wrong with the trail named by s, or "" when
// it names a trail of the deployment.
func (r *Recorder) trailProblem(s string) string {
	if r.arns[s] {
		return ""
	}
	a, ok := r.names[s]
	switch {
	case ok && a == "":
		return fmt.Sprintf("trail name %q is ambiguous: several trails of the deployment have it; give the TrailARN", s)
	case ok:
		return ""
	}
	names := make([]string, 0, len(r.names))
	for n := range r.names {
		names = append(names, n)
	}
	sort.Strings(names)
	return fmt.Sprintf("the deployment has no trail %q (its trails: %s)", s, strings.Join(names, ", "))
}

// Result returns how rec, a copy the recorder holds, was routed: the
// trails that delivered it and why the others did not. ok is false for a
// record the recorder does not hold.
func (r *Recorder) Result(rec *event.Record) (res trail.Result, ok bool) {
	res, ok = r.results[rec]
	return res, ok
}

// LookupEvents answers a LookupEvents request made in account and region
// from the recorder's event history; see History.LookupEvents.
func (r *Recorder) LookupEvents(account, region string, in *LookupEventsInput) (*LookupEventsOutput, error) {
	return r.History.LookupEvents(account, region, in)
}

// Call reports one API call (see Builder.Call for the record and opts)
// and returns the copies CloudTrail writes: one in the caller's account
// and one in each other account that owns a resource of the call (the
// account of a Resource option), each with its own eventID and
// recipientAccountId and, when there is more than one, a common
// sharedEventID (CloudTrail User Guide, "CloudTrail record contents";
// "Logging data events": the caller's and the resource owner's trails
// both log cross-account data events). Every copy shows the caller's
// identity.
//
// A call through a VPC endpoint (VPCEndpoint) also gives the endpoint's
// owner its network activity event, last among the copies and sharing
// their sharedEventID (CloudTrail User Guide, "Logging network activity
// events": network activity events are recorded for the VPC endpoint
// owner). A call the endpoint policy denied (EndpointPolicyDenied), or a
// network activity event asked for with Category or Type, gives that copy
// only: the call never reached the service (derived).
func (r *Recorder) Call(source, name string, opts ...Option) []*event.Record {
	base := r.Builder.Call(source, name, opts...)
	return r.record(base, accountsOf(base), nil, opts)
}

// record reports the copies of one call: base fanned out to accounts (see
// fanOut), then, for a call through a VPC endpoint (opts has
// VPCEndpoint), the endpoint owner's network activity event sharing their
// sharedEventID. A base that is itself a network activity event (the
// call was denied by the endpoint policy, or one was asked for) is the
// only copy.
func (r *Recorder) record(base *event.Record, accounts []string, who func(account string) *identity.UserIdentity, opts []Option) []*event.Record {
	if base.EventType == event.AwsVpceEvent {
		r.Add(base)
		return []*event.Record{base}
	}
	copies := r.fanOut(base, accounts, who)
	if c := options(opts); c.vpceID != "" {
		net := networkCopy(base, c.vpceID, c.vpceOwner)
		net.EventID = r.Builder.uuid()
		if base.SharedEventID == "" {
			base.SharedEventID = r.Builder.uuid()
		}
		net.SharedEventID = base.SharedEventID
		copies = append(copies, net)
	}
	r.Add(copies...)
	return copies
}

// accountsOf lists the accounts receiving a copy of rec: its recipient,
// then every other resource owner, each once.
func accountsOf(rec *event.Record) []string {
	var out []string
	add := func(a string) {
		if a == "" {
			return
		}
		for _, b := range out {
			if a == b {
				return
			}
		}
		out = append(out, a)
	}
	add(rec.RecipientAccountID)
	for _, res := range rec.Resources {
		add(res.AccountID)
	}
	return out
}

// fanOut returns one copy of base per account. The first copy is base
// itself. With more than one account every copy gets a new eventID
// except the first, and all share one sharedEventID. who, when not nil,
// gives the identity a copy in another account than the first shows.
func (r *Recorder) fanOut(base *event.Record, accounts []string, who func(account string) *identity.UserIdentity) []*event.Record {
	if len(accounts) == 0 {
		return []*event.Record{base}
	}
	base.RecipientAccountID = accounts[0]
	if len(accounts) == 1 {
		return []*event.Record{base}
	}
	base.SharedEventID = r.Builder.uuid()
	out := []*event.Record{base}
	for _, a := range accounts[1:] {
		c := copyRecord(base)
		c.RecipientAccountID = a
		c.EventID = r.Builder.uuid()
		if who != nil {
			c.UserIdentity = who(a)
		}
		out = append(out, c)
	}
	return out
}

// copyRecord returns a copy of rec sharing no mutable members with it.
func copyRecord(rec *event.Record) *event.Record {
	c := *rec
	c.UserIdentity = clone(rec.UserIdentity)
	c.Resources = append([]event.Resource(nil), rec.Resources...)
	if rec.TLSDetails != nil {
		t := *rec.TLSDetails
		c.TLSDetails = &t
	}
	if rec.Addendum != nil {
		a := *rec.Addendum
		c.Addendum = &a
	}
	if rec.InsightDetails != nil {
		d := *rec.InsightDetails
		c.InsightDetails = &d
	}
	return &c
}

// requestDetailsSince is taken as the day STS records began to carry
// additionalEventData.RequestDetails: the change was rolled out during the
// first half of 2025 (IAM User Guide, "Manage AWS STS in an AWS Region").
var requestDetailsSince = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// stsOptions returns the options of an STS call at t: the global endpoint
// sts.amazonaws.com, recorded in us-east-1, unless In chose a Regional
// endpoint (or regionalOnly), recorded in its Region (IAM User Guide,
// "Manage AWS STS in an AWS Region"; CloudTrail User Guide, "Global service
// events"). From 2025 additionalEventData carries the ExtendedRequestId
// and the RequestDetails (endpointType, awsServingRegion).
func (r *Recorder) stsOptions(opts []Option, regionalOnly bool, t time.Time) []Option {
	c := options(opts)
	region, host, kind := "us-east-1", "sts.amazonaws.com", "global"
	if c.regional || regionalOnly {
		if c.region != "" {
			region = c.region
		}
		host, kind = "sts."+region+".amazonaws.com", "regional"
	}
	extra := []Option{In(region), Host(host)}
	if t.Before(requestDetailsSince) {
		return append(extra, opts...)
	}
	ext := "1:" + region + ":S:" + strconv.FormatInt(t.UnixMilli(), 10) + ":R:" + r.Builder.token(8)
	extra = append(extra, Additional(struct {
		ExtendedRequestID string `json:"ExtendedRequestId"`
		RequestDetails    struct {
			EndpointType     string `json:"endpointType"`
			AWSServingRegion string `json:"awsServingRegion"`
		}
	}{base64.StdEncoding.EncodeToString([]byte(ext)), struct {
		EndpointType     string `json:"endpointType"`
		AWSServingRegion string `json:"awsServingRegion"`
	}{kind, region}}))
	return append(extra, opts...)
}

// credentials returns the responseElements credentials of an STS call
// made at t, valid for d, with access key id.
// assumedRoleUser is the assumedRoleUser element of an AssumeRole*
// response for the session sess.
func assumedRoleUser(sess *identity.UserIdentity) map[string]string {
	return map[string]string{"assumedRoleId": sess.PrincipalID, "arn": sess.ARN}
}

func credentials(key string, t time.Time, d time.Duration) map[string]string {
	h := sha256.Sum256([]byte("session-token\x00" + key))
	return map[string]string{
		"accessKeyId":  key,
		"sessionToken": "IQoJb3JpZ2luX2Vj" + base64.StdEncoding.EncodeToString(h[:]),
		"expiration":   t.Add(d).UTC().Format("Jan 2, 2006, 3:04:05 PM"),
	}
}

// roleOf splits a role ARN arn:aws:iam::<account>:role/[<path>/]<name>
// into the account and [<path>/]<name>.
func roleOf(roleARN string) (account, name string) {
	a, err := arn.Parse(roleARN)
	if err != nil {
		return "", roleARN
	}
	return a.Account, strings.TrimPrefix(a.Resource, "role/")
}

// AssumeRole reports caller calling sts:AssumeRole for the role roleARN
// with session name session, and returns the identity later calls with
// the credentials show (type AssumedRole, no trace of the user: IAM User
// Guide, "Logging IAM and AWS STS API calls with AWS CloudTrail") and the
// record copies.
//
// The caller's account gets a copy showing the caller. When the role is
// in another account, or the caller is an AWS service, the role owner's
// account gets a copy too, showing the caller as type AWSAccount (account
// and principal ID) or, for a service, type AWSService with invokedBy.
// Two copies share a sharedEventID and have their own eventIDs and
// recipientAccountIds. Without In the call goes to the global endpoint
// and is recorded in us-east-1. With MFA the request names the device and
// the session is mfaAuthenticated; with SourceIdentity, or when the caller
// is a session that has one, the request, the response and the session
// carry the source identity.
func (r *Recorder) AssumeRole(caller *identity.UserIdentity, roleARN, session string, opts ...Option) (*identity.UserIdentity, []*event.Record) {
	if caller == nil {
		caller = defaultCaller()
	}
	c := options(opts)
	roleAccount, rolePath := roleOf(roleARN)
	sess := NewAssumedRole(roleAccount, rolePath, session)
	t := r.nextTime(opts)
	sess.SessionContext.Attributes.CreationDate = t
	sess.SessionContext.Attributes.MFAAuthenticated = c.mfa != ""
	req := map[string]any{"roleArn": roleARN, "roleSessionName": session}
	resp := map[string]any{
		"credentials":     credentials(sess.AccessKeyID, t, time.Hour),
		"assumedRoleUser": assumedRoleUser(sess),
	}
	if c.mfa != "" {
		req["serialNumber"] = c.mfa
	}
	// A source identity set earlier persists through role chaining (IAM
	// User Guide, "Monitor and control actions taken with assumed roles").
	src := c.sourceIdentity
	if src == "" && caller.SessionContext != nil {
		src = caller.SessionContext.SourceIdentity
	}
	if src != "" {
		req["sourceIdentity"] = src
		resp["sourceIdentity"] = src
		sess.SessionContext.SourceIdentity = src
	}
	opts = append(r.stsOptions(opts, false, t), As(caller), At(t), Request(req), Response(resp),
		Resource("AWS::IAM::Role", roleARN, roleAccount))
	base := r.Builder.Call("sts.amazonaws.com", "AssumeRole", opts...)
	copies := r.record(base, accountsOf(base), func(string) *identity.UserIdentity {
		if caller.Type == identity.AWSService {
			return clone(caller)
		}
		return NewAWSAccount(caller.AccountID, caller.PrincipalID)
	}, opts)
	return sess, copies
}

// nextTime returns the time of the next call: At's, or the builder's clock
// moved on.
func (r *Recorder) nextTime(opts []Option) time.Time {
	c := options(opts)
	if !c.at.IsZero() {
		return c.at
	}
	return r.Builder.tick()
}

// AssumeRoleWithSAML reports a SAML-authenticated user (see SAMLUser)
// calling sts:AssumeRoleWithSAML for roleARN with the SAML provider
// providerARN, and returns the identity later calls show (type
// AssumedRole, session name the SAML subject) and the record. The call is
// unauthenticated, so only the role owner's account gets a copy, showing
// type SAMLUser; its resources are the role and the SAML provider.
func (r *Recorder) AssumeRoleWithSAML(who *identity.UserIdentity, roleARN, providerARN string, opts ...Option) (*identity.UserIdentity, []*event.Record) {
	if who == nil {
		who = NewSAMLUser(Account2, "ExampleIdP", "alice@example.com")
	}
	roleAccount, rolePath := roleOf(roleARN)
	sess := NewAssumedRole(roleAccount, rolePath, who.UserName)
	t := r.nextTime(opts)
	sess.SessionContext.Attributes.CreationDate = t
	opts = append(r.stsOptions(opts, false, t), As(who), At(t), Recipient(roleAccount),
		Request(map[string]any{"roleArn": roleARN, "principalArn": providerARN, "durationSeconds": 3600}),
		Response(map[string]any{
			"credentials":     credentials(sess.AccessKeyID, t, time.Hour),
			"assumedRoleUser": assumedRoleUser(sess),
			"subject":         who.UserName,
			"subjectType":     "persistent",
			"audience":        "https://signin.aws.amazon.com/saml",
			"nameQualifier":   who.IdentityProvider,
		}),
		Resource("AWS::IAM::Role", roleARN, roleAccount),
		Resource("AWS::IAM::SAMLProvider", providerARN, roleAccount))
	rec := r.Builder.Call("sts.amazonaws.com", "AssumeRoleWithSAML", opts...)
	return sess, r.record(rec, nil, nil, opts)
}

// AssumeRoleWithWebIdentity reports a user of an OpenID Connect provider
// (see WebIdentityUser) calling sts:AssumeRoleWithWebIdentity for roleARN
// with session name session, and returns the identity later calls show
// (type AssumedRole, webIdFederationData naming the provider) and the
// record. Only the role owner's account gets a copy, showing type
// WebIdentityUser.
func (r *Recorder) AssumeRoleWithWebIdentity(who *identity.UserIdentity, roleARN, session string, opts ...Option) (*identity.UserIdentity, []*event.Record) {
	if who == nil {
		who = NewWebIdentityUser("accounts.google.com", "app.apps.googleusercontent.com", "1234567890")
	}
	roleAccount, rolePath := roleOf(roleARN)
	sess := NewAssumedRole(roleAccount, rolePath, session)
	sess.SessionContext.WebIDFederationData = &identity.WebIDFederationData{FederatedProvider: who.IdentityProvider}
	t := r.nextTime(opts)
	sess.SessionContext.Attributes.CreationDate = t
	opts = append(r.stsOptions(opts, false, t), As(who), At(t), Recipient(roleAccount),
		Request(map[string]any{"roleArn": roleARN, "roleSessionName": session, "durationSeconds": 3600}),
		Response(map[string]any{
			"credentials":                 credentials(sess.AccessKeyID, t, time.Hour),
			"assumedRoleUser":             assumedRoleUser(sess),
			"subjectFromWebIdentityToken": who.UserName,
			"provider":                    who.IdentityProvider,
		}),
		Resource("AWS::IAM::Role", roleARN, roleAccount))
	rec := r.Builder.Call("sts.amazonaws.com", "AssumeRoleWithWebIdentity", opts...)
	return sess, r.record(rec, nil, nil, opts)
}

// GetSessionToken reports an IAM user or the root user calling
// sts:GetSessionToken and returns the identity later calls show — the
// same user, type IAMUser or Root, with the temporary access key and
// session attributes (mfaAuthenticated "true" with the MFA option) — and
// the record, in the caller's account only.
func (r *Recorder) GetSessionToken(caller *identity.UserIdentity, opts ...Option) (*identity.UserIdentity, []*event.Record) {
	if caller == nil {
		caller = defaultCaller()
	}
	c := options(opts)
	t := r.nextTime(opts)
	sess := clone(caller)
	sess.AccessKeyID = uniqueID("ASIA", 16, caller.AccountID, caller.ARN, "session", t.Format(time.RFC3339))
	sess.SessionContext = &identity.SessionContext{Attributes: &identity.Attributes{CreationDate: t, MFAAuthenticated: c.mfa != ""}}
	req := map[string]any{"durationSeconds": 43200}
	if c.mfa != "" {
		req["serialNumber"] = c.mfa
	}
	opts = append(r.stsOptions(opts, false, t), As(caller), At(t), Request(req),
		Response(map[string]any{"credentials": credentials(sess.AccessKeyID, t, 12*time.Hour)}))
	rec := r.Builder.Call("sts.amazonaws.com", "GetSessionToken", opts...)
	return sess, r.record(rec, nil, nil, opts)
}

// GetFederationToken reports an IAM user (or the root user) calling
// sts:GetFederationToken for the federated user name, and returns the
// identity later calls show (type FederatedUser with the caller as
// sessionIssuer; see FederatedUser) and the record, in the caller's
// account only.
func (r *Recorder) GetFederationToken(caller *identity.UserIdentity, name string, opts ...Option) (*identity.UserIdentity, []*event.Record) {
	if caller == nil {
		caller = defaultCaller()
	}
	t := r.nextTime(opts)
	fed := NewFederatedUser(caller, name)
	fed.SessionContext.Attributes.CreationDate = t
	opts = append(r.stsOptions(opts, false, t), As(caller), At(t),
		Request(map[string]any{"name": name, "durationSeconds": 43200}),
		Response(map[string]any{
			"credentials": credentials(fed.AccessKeyID, t, 12*time.Hour),
			"federatedUser": map[string]string{
				"federatedUserId": fed.PrincipalID,
				"arn":             fed.ARN,
			},
		}))
	rec := r.Builder.Call("sts.amazonaws.com", "GetFederationToken", opts...)
	return fed, r.record(rec, nil, nil, opts)
}

// AssumeRoot reports a principal of the organization's management account
// (or delegated administrator) calling sts:AssumeRoot for the member
// account target with the task policy taskPolicyARN, and returns the
// identity later calls in target show (type Root with a temporary ASIA
// key and session attributes; IAM User Guide, "Track privileged tasks in
// AWS CloudTrail") and the record copies: the caller's, and the target
// account's showing type AWSAccount, sharing a sharedEventID. AssumeRoot
// has no global endpoint: without In the call goes to the us-east-1
// Regional endpoint.
func (r *Recorder) AssumeRoot(caller *identity.UserIdentity, target, taskPolicyARN string, opts ...Option) (*identity.UserIdentity, []*event.Record) {
	if caller == nil {
		caller = defaultCaller()
	}
	t := r.nextTime(opts)
	root := NewRoot(target)
	root.AccessKeyID = uniqueID("ASIA", 16, target, "assume-root", t.Format(time.RFC3339))
	root.SessionContext = &identity.SessionContext{Attributes: &identity.Attributes{CreationDate: t}}
	opts = append(r.stsOptions(opts, true, t), As(caller), At(t),
		Request(map[string]any{"targetPrincipal": target, "taskPolicyArn": map[string]string{"arn": taskPolicyARN}}),
		Response(map[string]any{"credentials": credentials(root.AccessKeyID, t, 15*time.Minute)}))
	base := r.Builder.Call("sts.amazonaws.com", "AssumeRoot", opts...)
	accounts := []string{base.RecipientAccountID}
	if target != base.RecipientAccountID {
		accounts = append(accounts, target)
	}
	copies := r.record(base, accounts, func(string) *identity.UserIdentity {
		return NewAWSAccount(caller.AccountID, caller.PrincipalID)
	}, opts)
	return root, copies
}
