package trailtest

import (
	"cmp"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/identity"
)

// DefaultEventVersion is the eventVersion the builders write: the newest
// member they emit, tlsDetails, dates from 1.08, the version of most
// example records in the CloudTrail User Guide.
const DefaultEventVersion event.Version = "1.08"

// startTime is where a new Builder's clock starts.
var startTime = time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC)

// A Builder builds realistic CloudTrail records. Everything it generates —
// event and request IDs, event times, source addresses — follows from the
// seed given to NewBuilder, so a test that builds the same calls in the
// same order gets the same records every run.
//
// The builder keeps a clock. It starts at 2025-06-02T12:00:00Z and each
// call moves it forward a few seconds; Now, SetNow and Advance read and
// move it. A Builder is not safe for concurrent use.
type Builder struct {
	rng  *rand.Rand
	now  time.Time
	addr string // the client address of callers that are not AWS services
}

// NewBuilder returns a Builder whose generated values follow from seed.
func NewBuilder(seed uint64) *Builder {
	b := &Builder{rng: rand.New(rand.NewPCG(seed, 0x747261696c6d6170)), now: startTime}
	b.addr = "192.0.2." + strconv.Itoa(1+b.rng.IntN(254))
	return b
}

// Now returns the builder's clock: the time of the latest call built.
func (b *Builder) Now() time.Time { return b.now }

// SetNow sets the builder's clock; the next call happens a few seconds
// after t. t is converted to UTC and truncated to the second, the
// precision of eventTime.
func (b *Builder) SetNow(t time.Time) { b.now = t.UTC().Truncate(time.Second) }

// Advance moves the builder's clock forward by d.
func (b *Builder) Advance(d time.Duration) { b.now = b.now.Add(d).Truncate(time.Second) }

// tick moves the clock forward by 1 to 30 seconds and returns it.
func (b *Builder) tick() time.Time {
	b.now = b.now.Add(time.Duration(1+b.rng.IntN(30)) * time.Second)
	return b.now
}

// uuid returns a version 4 UUID drawn from the builder's generator.
func (b *Builder) uuid() string {
	var u [16]byte
	for i := 0; i < 16; i += 8 {
		v := b.rng.Uint64()
		for j := 0; j < 8; j++ {
			u[i+j] = byte(v >> (8 * j))
		}
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	h := hex.EncodeToString(u[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// token returns n characters of [A-Z0-9] drawn from the generator, the
// shape of S3 request IDs.
func (b *Builder) token(n int) string {
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	var s strings.Builder
	for i := 0; i < n; i++ {
		s.WriteByte(alnum[b.rng.IntN(len(alnum))])
	}
	return s.String()
}

// amzID2 returns an S3 extended request ID (x-amz-id-2): base64 text
// drawn from the generator.
func (b *Builder) amzID2() string {
	var raw [57]byte
	for i := range raw {
		raw[i] = byte(b.rng.Uint32())
	}
	return base64.StdEncoding.EncodeToString(raw[:])
}

// An Option adjusts one call built by Builder.Call or reported to a
// Recorder.
type Option func(*call)

// call collects the options of one call.
type call struct {
	who            *identity.UserIdentity
	region         string
	at             time.Time
	resources      []event.Resource
	request        json.RawMessage
	response       json.RawMessage
	additional     json.RawMessage
	errorCode      string
	errorMessage   string
	readOnly       *bool
	category       event.Category
	eventType      event.EventType
	version        event.Version
	sourceIP       string
	userAgent      string
	recipient      string
	host           string
	noTLS          bool
	regional       bool   // In was given: a Regional endpoint for STS and sign-in
	mfa            string // MFA device serial number or ARN used
	serviceDetails json.RawMessage
	sourceIdentity string
	vpceID         string // VPCEndpoint: the VPC endpoint the call went through
	vpceOwner      string // and the account that owns it
}

// options applies opts to a fresh call.
func options(opts []Option) *call {
	var c call
	for _, o := range opts {
		o(&c)
	}
	return &c
}

// As makes id the caller. Without As the caller is the IAM user "Alice"
// of account 111122223333 (for AwsServiceEvent records, "AWS Internal" in
// that account). The record gets a copy of id; a zero
// sessionContext.attributes.creationDate is set to the call's time.
func As(id *identity.UserIdentity) Option { return func(c *call) { c.who = id } }

// In sets the Region the call was made to (awsRegion). Without In it is
// us-east-1. For STS and sign-in calls reported to a Recorder, In means
// the Regional endpoint of that Region; without it the global endpoint.
func In(region string) Option {
	return func(c *call) { c.region = region; c.regional = true }
}

// At sets the call's time instead of the builder's clock; the clock does
// not move.
func At(t time.Time) Option { return func(c *call) { c.at = t.UTC().Truncate(time.Second) } }

// Resource adds an entry to the record's resources: its type (such as
// "AWS::S3::Bucket"), ARN and owning account ("" when CloudTrail does not
// say, as for S3 objects). A Recorder gives every owning account other
// than the caller's its own copy of the record.
func Resource(typ, arn, account string) Option {
	return func(c *call) {
		c.resources = append(c.resources, event.Resource{Type: typ, ARN: arn, AccountID: account})
	}
}

// Request sets requestParameters to v encoded as JSON (a json.RawMessage
// is used as is). Without Request it is null.
func Request(v any) Option { return func(c *call) { c.request = mustJSON(v) } }

// Response sets responseElements to v encoded as JSON. Without Response
// it is null.
func Response(v any) Option { return func(c *call) { c.response = mustJSON(v) } }

// Additional sets additionalEventData to v encoded as JSON.
func Additional(v any) Option { return func(c *call) { c.additional = mustJSON(v) } }

// WithError makes the call a failed one: errorCode and errorMessage are set
// and responseElements is null.
func WithError(code, message string) Option {
	return func(c *call) { c.errorCode, c.errorMessage = code, message }
}

// WithReadOnly sets readOnly. Without it the builder decides by the event
// name: Get*, List*, Describe*, Head*, Lookup*, Search* and a few other
// read operations are read-only.
func WithReadOnly(v bool) Option { return func(c *call) { c.readOnly = &v } }

// WithCategory sets eventCategory (and managementEvent, true only for
// Management). Without it, the documented data operations of S3 objects,
// Lambda functions and DynamoDB tables are Data, everything else
// Management. NetworkActivity makes the record the network activity event
// of the call (see Builder.Call).
func WithCategory(cat event.Category) Option { return func(c *call) { c.category = cat } }

// WithEventType sets eventType. Without it it is AwsApiCall. AwsVpceEvent makes
// the record the network activity event of the call (see Builder.Call).
// An AwsServiceEvent record (CloudTrail User Guide, "AWS service events")
// has no requestID, tlsDetails or client address: its caller's invokedBy
// ("AWS Internal" unless set) is its sourceIPAddress and userAgent.
func WithEventType(t event.EventType) Option { return func(c *call) { c.eventType = t } }

// ServiceDetails sets serviceEventDetails, the payload of AwsServiceEvent
// records, to v encoded as JSON.
func ServiceDetails(v any) Option { return func(c *call) { c.serviceDetails = mustJSON(v) } }

// EventVersion sets eventVersion. Without it it is DefaultEventVersion.
func EventVersion(v event.Version) Option { return func(c *call) { c.version = v } }

// From sets sourceIPAddress. Without it, the builder's client address (one
// address of the documentation range 192.0.2.0/24, chosen by the seed), or
// the service principal for AWS service callers.
func From(addr string) Option { return func(c *call) { c.sourceIP = addr } }

// UserAgent sets userAgent. Without it, an AWS CLI user agent, or the
// service principal for AWS service callers.
func UserAgent(ua string) Option { return func(c *call) { c.userAgent = ua } }

// Recipient sets recipientAccountId, the account receiving the copy.
// Without it, the caller's account, or for callers without one (SAML and
// web identity users, AWS services) the first resource's account.
func Recipient(account string) Option { return func(c *call) { c.recipient = account } }

// Host sets tlsDetails.clientProvidedHostHeader, the endpoint the client
// called.
func Host(host string) Option { return func(c *call) { c.host = host } }

// NoTLS leaves out tlsDetails, as for calls an AWS service made on the
// caller's behalf.
func NoTLS() Option { return func(c *call) { c.noTLS = true } }

// MFA says the caller authenticated with the MFA device serial (its ARN),
// for GetSessionToken and console sign-in reported to a Recorder.
func MFA(serial string) Option { return func(c *call) { c.mfa = serial } }

// SourceIdentity sets the source identity an AssumeRole call reported to a
// Recorder passes (sts:SourceIdentity); later calls with the session show
// it in sessionContext.sourceIdentity.
func SourceIdentity(id string) Option { return func(c *call) { c.sourceIdentity = id } }

// VPCEndpoint says the call went through the VPC endpoint id (such as
// "vpce-EXAMPLE08c1b6b9b7") owned by the account owner. The caller's
// record then carries vpcEndpointId, and from eventVersion 1.09
// vpcEndpointAccountId; a Recorder also gives the endpoint's owner the
// network activity event of the call (see Recorder.Call).
func VPCEndpoint(id, owner string) Option {
	return func(c *call) { c.vpceID, c.vpceOwner = id, owner }
}

// VpceAccessDenied is the errorCode of a network activity event whose
// call the VPC endpoint policy denied, the only error code such events
// carry (CloudTrail User Guide, "CloudTrail record contents").
const VpceAccessDenied = "VpceAccessDenied"

// vpceDeniedMessage is the fixed errorMessage of VpceAccessDenied.
const vpceDeniedMessage = "The request was denied due to a VPC endpoint policy"

// networkVersion is the eventVersion of network activity events: their
// vpcEndpointAccountId is "Since 1.09", the version of the documented
// examples.
const networkVersion event.Version = "1.09"

// EndpointPolicyDenied says the VPC endpoint's policy denied the call:
// errorCode VpceAccessDenied and errorMessage "The request was denied due
// to a VPC endpoint policy". The call never reached the service, so the
// record built is the endpoint owner's network activity event.
func EndpointPolicyDenied() Option { return WithError(VpceAccessDenied, vpceDeniedMessage) }

// mustJSON encodes v. It panics on values encoding/json rejects (channels,
// functions), which only a broken test passes.
func mustJSON(v any) json.RawMessage {
	if v == nil {
		return json.RawMessage("null")
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic("trailtest: encode JSON payload: " + err.Error())
	}
	return b
}

// defaultCaller is the caller when As is not given.
func defaultCaller() *identity.UserIdentity { return NewIAMUser(Account1, "Alice") }

// Call builds the record of one call of the API operation name of the
// service whose event source is source (such as "s3.amazonaws.com"),
// adjusted by opts. The record carries what CloudTrail writes for an API
// call: eventVersion, eventTime, userIdentity, eventSource, eventName,
// awsRegion, sourceIPAddress, userAgent, requestParameters,
// responseElements, requestID, eventID, readOnly, eventType,
// managementEvent, recipientAccountId, eventCategory and, unless an AWS
// service made the call, tlsDetails. Members newer than the record's
// eventVersion are left out: vpcEndpointId before 1.04, managementEvent
// before 1.06, eventCategory before 1.07, tlsDetails before 1.08 and
// vpcEndpointAccountId before 1.09 (CloudTrail User Guide, "CloudTrail
// record contents", the "Since" of each field).
//
// With WithCategory(event.CategoryNetworkActivity), WithEventType(event.AwsVpceEvent) or
// EndpointPolicyDenied the record is the network activity event the owner
// of the VPC endpoint receives (see VPCEndpoint; without it, an endpoint
// of the caller's account), shaped as the examples of the CloudTrail User
// Guide, "Understanding CloudTrail events": eventVersion 1.09,
// eventType AwsVpceEvent, eventCategory NetworkActivity, requestID,
// sharedEventID, vpcEndpointId, vpcEndpointAccountId and
// recipientAccountId the endpoint's owner; no userAgent, readOnly,
// managementEvent, requestParameters, responseElements,
// additionalEventData, resources or tlsDetails. A caller from another
// account than the endpoint's shows as type AWSAccount with its account
// and principal ID.
func (b *Builder) Call(source, name string, opts ...Option) *event.Record {
	c := options(opts)
	if c.category == event.CategoryNetworkActivity || c.eventType == event.AwsVpceEvent || c.errorCode == VpceAccessDenied {
		// The call as the service would record it, then the endpoint
		// owner's network activity copy of it.
		api := *c
		api.category, api.eventType = "", ""
		rec := b.build(source, name, &api)
		rec = networkCopy(rec, c.vpceID, c.vpceOwner)
		if c.version != "" {
			rec.EventVersion = c.version
		}
		rec.SharedEventID = b.uuid()
		trimToVersion(rec)
		return rec
	}
	return b.build(source, name, c)
}

// networkCopy returns the network activity event of the call rec records
// that CloudTrail delivers to the owner of the VPC endpoint the call went
// through: endpoint id owned by owner (rec's own endpoint when id is "",
// and a derived endpoint of the caller's account when rec has none). The
// copy keeps rec's time, Region, source, name, address, error, requestID
// and eventID; sharedEventID is the caller's to set.
func networkCopy(rec *event.Record, id, owner string) *event.Record {
	c := copyRecord(rec)
	who := c.UserIdentity
	caller := ""
	if who != nil {
		caller = who.AccountID
	}
	owner = cmp.Or(owner, rec.VPCEndpointAccountID, caller, rec.RecipientAccountID)
	if id == "" {
		// VPC endpoint IDs are "vpce-" and 17 hexadecimal digits.
		h := sha256.Sum256([]byte("vpc-endpoint\x00" + owner))
		id = cmp.Or(rec.VPCEndpointID, "vpce-"+hex.EncodeToString(h[:9])[:17])
	}
	if rec.EventVersion == "" || rec.EventVersion.Compare(networkVersion) < 0 {
		c.EventVersion = networkVersion
	}
	c.EventType = event.AwsVpceEvent
	c.EventCategory = event.CategoryNetworkActivity
	c.VPCEndpointID, c.VPCEndpointAccountID = id, owner
	c.RecipientAccountID = owner
	if caller != "" && caller != owner && who.Type != identity.AWSAccount {
		// The documented denied example: the owner's copy shows a caller
		// of another account as AWSAccount.
		c.UserIdentity = NewAWSAccount(who.AccountID, who.PrincipalID)
	}
	c.UserAgent = ""
	c.RequestParameters, c.ResponseElements, c.AdditionalEventData = nil, nil, nil
	c.ReadOnly, c.ManagementEvent, c.SessionCredentialFromConsole = event.Bool{}, event.Bool{}, event.Bool{}
	c.Resources = nil
	c.TLSDetails = nil
	c.APIVersion = ""
	return c
}

// trimToVersion leaves out the members the builder writes that are newer
// than rec's eventVersion (CloudTrail User Guide, "CloudTrail record
// contents": vpcEndpointId since 1.04, managementEvent 1.06,
// eventCategory 1.07, tlsDetails and sessionCredentialFromConsole 1.08,
// vpcEndpointAccountId 1.09). A version that does not parse is left as it
// is.
func trimToVersion(rec *event.Record) {
	v := rec.EventVersion
	if !v.Valid() {
		return
	}
	if !v.AtLeast(1, 4) {
		rec.VPCEndpointID = ""
	}
	if !v.AtLeast(1, 6) {
		rec.ManagementEvent = event.Bool{}
	}
	if !v.AtLeast(1, 7) {
		rec.EventCategory = ""
	}
	if !v.AtLeast(1, 8) {
		rec.TLSDetails = nil
		rec.SessionCredentialFromConsole = event.Bool{}
	}
	if !v.AtLeast(1, 9) {
		rec.VPCEndpointAccountID = ""
	}
}

func (b *Builder) build(source, name string, c *call) *event.Record {
	who := c.who
	switch {
	case who == nil && c.eventType == event.AwsServiceEvent:
		// The documented service event shows only the account and
		// invokedBy, no type (CloudTrail User Guide, "AWS service events").
		who = &identity.UserIdentity{AccountID: Account1, InvokedBy: "AWS Internal"}
	case who == nil:
		who = defaultCaller()
	}
	who = clone(who)
	t := c.at
	if t.IsZero() {
		t = b.tick()
	}
	if sc := who.SessionContext; sc != nil && sc.Attributes != nil && sc.Attributes.CreationDate.IsZero() {
		sc.Attributes.CreationDate = t
	}
	region := c.region
	if region == "" {
		region = "us-east-1"
	}
	service := strings.TrimSuffix(source, ".amazonaws.com")
	cat := c.category
	if cat == "" {
		cat = event.CategoryManagement
		if event.DataEventAPI(source, name) {
			cat = event.CategoryData
		}
	}
	rec := &event.Record{
		EventVersion:    DefaultEventVersion,
		EventTime:       t,
		UserIdentity:    who,
		EventSource:     source,
		EventName:       name,
		AWSRegion:       region,
		SourceIPAddress: c.sourceIP,
		UserAgent:       c.userAgent,
		ErrorCode:       c.errorCode,
		ErrorMessage:    c.errorMessage,
		EventType:       c.eventType,
		EventCategory:   cat,
	}
	if c.version != "" {
		rec.EventVersion = c.version
	}
	if rec.EventType == "" {
		rec.EventType = event.AwsAPICall
		if cat == event.CategoryNetworkActivity {
			rec.EventType = event.AwsVpceEvent
		}
	}
	// Calls an AWS service made itself (an AWSService caller, or a service
	// event) come from the service: no client address, agent or TLS.
	byService := who.Type == identity.AWSService || rec.EventType == event.AwsServiceEvent
	if byService && who.InvokedBy == "" && (who.Type == "" || who.Type == identity.AWSService) {
		who.InvokedBy = "AWS Internal"
	}
	if rec.SourceIPAddress == "" {
		if byService {
			rec.SourceIPAddress = cmp.Or(who.InvokedBy, "AWS Internal")
		} else {
			rec.SourceIPAddress = b.addr
		}
	}
	if cat != event.CategoryNetworkActivity {
		if rec.UserAgent == "" {
			if byService {
				rec.UserAgent = cmp.Or(who.InvokedBy, "AWS Internal")
			} else {
				rec.UserAgent = "aws-cli/2.15.30 Python/3.11.8 Linux/6.1.79 exe/x86_64.amzn.2023 prompt/off"
			}
		}
		rec.RequestParameters = orNull(c.request)
		rec.ResponseElements = orNull(c.response)
		if c.errorCode != "" && c.response == nil {
			rec.ResponseElements = json.RawMessage("null")
		}
		ro := isReadOnly(name)
		if c.readOnly != nil {
			ro = *c.readOnly
		}
		rec.ReadOnly = event.Bool{Set: true, Value: ro}
		rec.ManagementEvent = event.Bool{Set: true, Value: cat == event.CategoryManagement}
	}
	if len(c.serviceDetails) > 0 {
		rec.ServiceEventDetails = c.serviceDetails
	}
	if len(c.additional) > 0 {
		rec.AdditionalEventData = c.additional
	} else if service == "s3" && cat != event.CategoryNetworkActivity {
		// S3 records carry the request's signature and transfer details
		// (Amazon S3 User Guide, "CloudTrail log file entries for Amazon
		// S3").
		rec.AdditionalEventData = mustJSON(struct {
			SignatureVersion     string
			CipherSuite          string
			BytesTransferredIn   int `json:"bytesTransferredIn"`
			AuthenticationMethod string
			AmzID2               string `json:"x-amz-id-2"`
			BytesTransferredOut  int    `json:"bytesTransferredOut"`
		}{"SigV4", "TLS_AES_128_GCM_SHA256", 0, "AuthHeader", b.amzID2(), 0})
	}
	if rec.EventType == event.AwsAPICall {
		if service == "s3" {
			rec.RequestID = b.token(16)
		} else {
			rec.RequestID = b.uuid()
		}
	}
	rec.EventID = b.uuid()
	if len(c.resources) > 0 {
		rec.Resources = append([]event.Resource(nil), c.resources...)
	}
	rec.RecipientAccountID = c.recipient
	if rec.RecipientAccountID == "" {
		rec.RecipientAccountID = who.AccountID
	}
	if rec.RecipientAccountID == "" {
		for _, r := range c.resources {
			if r.AccountID != "" {
				rec.RecipientAccountID = r.AccountID
				break
			}
		}
	}
	if !c.noTLS && !byService && cat != event.CategoryNetworkActivity {
		host := c.host
		if host == "" {
			host = hostOf(service, region, c.resources)
		}
		rec.TLSDetails = &event.TLSDetails{
			TLSVersion:               "TLSv1.3",
			CipherSuite:              "TLS_AES_128_GCM_SHA256",
			ClientProvidedHostHeader: host,
		}
	}
	if c.vpceID != "" {
		rec.VPCEndpointID, rec.VPCEndpointAccountID = c.vpceID, c.vpceOwner
	}
	trimToVersion(rec)
	return rec
}

func orNull(m json.RawMessage) json.RawMessage {
	if len(m) == 0 {
		return json.RawMessage("null")
	}
	return m
}

// hostOf returns the endpoint a client calls for service in region.
func hostOf(service, region string, resources []event.Resource) string {
	switch service {
	case "iam", "sts", "cloudfront", "organizations", "route53":
		if service == "sts" && region != "us-east-1" {
			return "sts." + region + ".amazonaws.com"
		}
		return service + ".amazonaws.com"
	case "signin":
		return "signin.aws.amazon.com"
	case "s3":
		for _, r := range resources {
			if r.Type == "AWS::S3::Bucket" {
				if b, ok := strings.CutPrefix(r.ARN, "arn:aws:s3:::"); ok && b != "" {
					return b + ".s3." + region + ".amazonaws.com"
				}
			}
		}
	}
	return service + "." + region + ".amazonaws.com"
}

// isReadOnly guesses readOnly from an event name: AWS names its read
// operations with these verbs.
func isReadOnly(name string) bool {
	for _, p := range []string{"Get", "List", "Describe", "Head", "Lookup", "Search", "Scan", "Query",
		"BatchGet", "Select", "Assume", "Decrypt", "Encrypt", "GenerateDataKey", "Verify"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}
