package trailtest

import (
	"regexp"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/identity"
)

var (
	uuidRE      = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	s3RequestRE = regexp.MustCompile(`^[A-Z0-9]{16}$`)
)

func TestIdentities(t *testing.T) {
	tests := []struct {
		reason      string
		id          *identity.UserIdentity
		typ         identity.Type
		arn         string
		principal   string // prefix
		key         string // prefix, "" for none
		account     string
		userName    string
		issuerType  identity.Type
		issuerARN   string
		invokedBy   string
		provider    string
		onBehalfOfX bool
	}{
		{reason: "IAM user: AIDA principal, AKIA key, user ARN and name",
			id: NewIAMUser(Account1, "Alice"), typ: identity.IAMUser, arn: "arn:aws:iam::111122223333:user/Alice",
			principal: "AIDA", key: "AKIA", account: Account1, userName: "Alice"},
		{reason: "root: principalId is the account, no userName without an alias",
			id: NewRoot(Account2), typ: identity.Root, arn: "arn:aws:iam::444455556666:root",
			principal: Account2, key: "AKIA", account: Account2},
		{reason: "role session: sts assumed-role ARN, ASIA key, issuer is the role, no userName",
			id: NewAssumedRole(Account3, "Admin", "s1"), typ: identity.AssumedRole, arn: "arn:aws:sts::123456789012:assumed-role/Admin/s1",
			principal: "AROA", key: "ASIA", account: Account3, issuerType: identity.Role, issuerARN: "arn:aws:iam::123456789012:role/Admin"},
		{reason: "role with a path: the path is in the role ARN only",
			id: NewAssumedRole(Account3, "service-role/reader", "s1"), typ: identity.AssumedRole, arn: "arn:aws:sts::123456789012:assumed-role/reader/s1",
			principal: "AROA", key: "ASIA", account: Account3, issuerType: identity.Role, issuerARN: "arn:aws:iam::123456789012:role/service-role/reader"},
		{reason: "federated user: federated-user ARN, issuer the IAM user",
			id: NewFederatedUser(NewIAMUser(Account1, "Bob"), "partner"), typ: identity.FederatedUser,
			arn: "arn:aws:sts::111122223333:federated-user/partner", principal: "111122223333:partner", key: "ASIA",
			account: Account1, issuerType: identity.IAMUser, issuerARN: "arn:aws:iam::111122223333:user/Bob"},
		{reason: "SAML user: no account, userName the subject, qualifier as identityProvider",
			id: NewSAMLUser(Account2, "Okta", "alice@example.com"), typ: identity.SAMLUser, userName: "alice@example.com"},
		{reason: "web identity user: provider and subject",
			id: NewWebIdentityUser("accounts.google.com", "app.apps.googleusercontent.com", "1234"), typ: identity.WebIdentityUser,
			principal: "accounts.google.com:app.apps.googleusercontent.com:1234", userName: "1234", provider: "accounts.google.com"},
		{reason: "AWS service: invokedBy only",
			id: NewAWSService("ec2.amazonaws.com"), typ: identity.AWSService, invokedBy: "ec2.amazonaws.com"},
		{reason: "AWS account: principal and account of the other account",
			id: NewAWSAccount(Account1, "AIDAEXAMPLE"), typ: identity.AWSAccount, principal: "AIDAEXAMPLE", account: Account1},
		{reason: "Identity Center user: onBehalfOf, no userName",
			id: NewIdentityCenterUser(Account3, "user-1"), typ: identity.IdentityCenterUser, account: Account3, onBehalfOfX: true},
	}
	for _, tt := range tests {
		id := tt.id
		check := func(what, got, want string) {
			if got != want {
				t.Errorf("%s: %s = %q, want %q", tt.reason, what, got, want)
			}
		}
		check("type", string(id.Type), string(tt.typ))
		check("arn", id.ARN, tt.arn)
		check("accountId", id.AccountID, tt.account)
		check("userName", id.UserName, tt.userName)
		check("invokedBy", id.InvokedBy, tt.invokedBy)
		if tt.provider != "" {
			check("identityProvider", id.IdentityProvider, tt.provider)
		}
		if !strings.HasPrefix(id.PrincipalID, tt.principal) {
			t.Errorf("%s: principalId %q does not start with %q", tt.reason, id.PrincipalID, tt.principal)
		}
		if tt.key == "" && id.AccessKeyID != "" || !strings.HasPrefix(id.AccessKeyID, tt.key) || tt.key != "" && len(id.AccessKeyID) != 20 {
			t.Errorf("%s: accessKeyId %q, want a 20-character key starting %q", tt.reason, id.AccessKeyID, tt.key)
		}
		if tt.issuerType != "" {
			si := id.SessionContext.SessionIssuer
			check("sessionIssuer.type", string(si.Type), string(tt.issuerType))
			check("sessionIssuer.arn", si.ARN, tt.issuerARN)
		}
		if tt.onBehalfOfX && (id.OnBehalfOf == nil || id.OnBehalfOf.UserID == "" || !strings.HasPrefix(id.OnBehalfOf.IdentityStoreARN, "arn:aws:identitystore::")) {
			t.Errorf("%s: onBehalfOf = %+v, want userId and identity store ARN", tt.reason, id.OnBehalfOf)
		}
	}
	if d := Diff(NewIAMUser(Account1, "Alice"), NewIAMUser(Account1, "Alice")); d != "" {
		t.Errorf("IAMUser is not deterministic:\n%s", d)
	}
	if NewIAMUser(Account1, "Alice").PrincipalID == NewIAMUser(Account2, "Alice").PrincipalID {
		t.Errorf("users of two accounts got one principalId")
	}
}

func TestBuilderCall(t *testing.T) {
	tests := []struct {
		reason     string
		source     string
		name       string
		opts       []Option
		category   event.Category
		readOnly   bool
		management bool
		recipient  string
		region     string
		tls        bool
		s3Request  bool
	}{
		{"IAM write by default caller: management, write, us-east-1, TLS to iam.amazonaws.com",
			"iam.amazonaws.com", "CreateUser", nil, event.CategoryManagement, false, true, Account1, "us-east-1", true, false},
		{"List* is read-only", "iam.amazonaws.com", "ListUsers", nil, event.CategoryManagement, true, true, Account1, "us-east-1", true, false},
		{"S3 object read is a data event with an S3-style request ID",
			"s3.amazonaws.com", "GetObject", []Option{In("eu-west-1")}, event.CategoryData, true, false, Account1, "eu-west-1", true, true},
		{"S3 bucket call is management", "s3.amazonaws.com", "DeleteBucket", nil, event.CategoryManagement, false, true, Account1, "us-east-1", true, true},
		{"Lambda Invoke is a data event", "lambda.amazonaws.com", "Invoke", nil, event.CategoryData, false, false, Account1, "us-east-1", true, false},
		{"DynamoDB Query is a read-only data event", "dynamodb.amazonaws.com", "Query", nil, event.CategoryData, true, false, Account1, "us-east-1", true, false},
		{"service caller: no TLS details, recipient from the resource",
			"kms.amazonaws.com", "Decrypt", []Option{As(NewAWSService("s3.amazonaws.com")), Resource("AWS::KMS::Key", "arn:aws:kms:us-east-1:444455556666:key/k", Account2)},
			event.CategoryManagement, true, true, Account2, "us-east-1", false, false},
		{"options override the guesses", "ec2.amazonaws.com", "DescribeInstances",
			[]Option{WithReadOnly(false), WithCategory(event.CategoryData), Recipient(Account3), NoTLS()}, event.CategoryData, false, false, Account3, "us-east-1", false, false},
	}
	for _, tt := range tests {
		b := NewBuilder(1)
		rec := b.Call(tt.source, tt.name, tt.opts...)
		if rec.EventCategory != tt.category {
			t.Errorf("%s: eventCategory %s, want %s", tt.reason, rec.EventCategory, tt.category)
		}
		if !rec.ReadOnly.Set || rec.ReadOnly.Value != tt.readOnly {
			t.Errorf("%s: readOnly %+v, want %v", tt.reason, rec.ReadOnly, tt.readOnly)
		}
		if !rec.ManagementEvent.Set || rec.ManagementEvent.Value != tt.management {
			t.Errorf("%s: managementEvent %+v, want %v", tt.reason, rec.ManagementEvent, tt.management)
		}
		if rec.RecipientAccountID != tt.recipient || rec.AWSRegion != tt.region {
			t.Errorf("%s: recipient %s in %s, want %s in %s", tt.reason, rec.RecipientAccountID, rec.AWSRegion, tt.recipient, tt.region)
		}
		if (rec.TLSDetails != nil) != tt.tls {
			t.Errorf("%s: tlsDetails %+v, want present=%v", tt.reason, rec.TLSDetails, tt.tls)
		}
		if rec.EventVersion != DefaultEventVersion || rec.EventType != event.AwsAPICall {
			t.Errorf("%s: eventVersion %s eventType %s, want %s AwsApiCall", tt.reason, rec.EventVersion, rec.EventType, DefaultEventVersion)
		}
		if !uuidRE.MatchString(rec.EventID) {
			t.Errorf("%s: eventID %q is not a UUID", tt.reason, rec.EventID)
		}
		if tt.s3Request && !s3RequestRE.MatchString(rec.RequestID) || !tt.s3Request && !uuidRE.MatchString(rec.RequestID) {
			t.Errorf("%s: requestID %q has the wrong shape", tt.reason, rec.RequestID)
		}
		if string(rec.RequestParameters) != "null" || string(rec.ResponseElements) != "null" {
			t.Errorf("%s: payloads %s / %s, want null / null", tt.reason, rec.RequestParameters, rec.ResponseElements)
		}
		if rec.UserIdentity.Type == identity.AWSService && (rec.SourceIPAddress != rec.UserIdentity.InvokedBy || rec.UserAgent != rec.UserIdentity.InvokedBy) {
			t.Errorf("%s: service call from %q with agent %q, want the service principal for both", tt.reason, rec.SourceIPAddress, rec.UserAgent)
		}
	}
}

func TestBuilderDeterministic(t *testing.T) {
	build := func(seed uint64) []*event.Record {
		b := NewBuilder(seed)
		return []*event.Record{
			b.Call("iam.amazonaws.com", "CreateRole"),
			b.Call("s3.amazonaws.com", "PutObject", As(NewAssumedRole(Account2, "writer", "w")), In("us-west-2")),
		}
	}
	if d := Diff(build(42), build(42)); d != "" {
		t.Errorf("one seed built different records (-first +second):\n%s", d)
	}
	a, c := build(42), build(43)
	if a[0].EventID == c[0].EventID || a[0].EventTime.Equal(c[0].EventTime) && a[1].EventTime.Equal(c[1].EventTime) {
		t.Errorf("seeds 42 and 43 gave the same IDs or times")
	}
	if d := Diff(a, c, IgnoreGenerated()); d != "" {
		t.Errorf("seeds differ in more than generated values (-42 +43):\n%s", d)
	}
	if !a[1].EventTime.After(a[0].EventTime) {
		t.Errorf("the clock did not move forward: %s then %s", a[0].EventTime, a[1].EventTime)
	}
	if got := a[1].UserIdentity.SessionContext.Attributes.CreationDate; !got.Equal(a[1].EventTime) {
		t.Errorf("session creationDate %s, want the call's time %s", got, a[1].EventTime)
	}
}

func TestBuilderErrorAndPayloads(t *testing.T) {
	b := NewBuilder(1)
	rec := b.Call("s3.amazonaws.com", "DeleteBucket",
		WithError("AccessDenied", "Access Denied"),
		Request(map[string]string{"bucketName": "amzn-s3-demo-bucket"}),
		At(startTime.Add(-1)), From("198.51.100.7"), UserAgent("test-agent"))
	if rec.ErrorCode != "AccessDenied" || rec.ErrorMessage != "Access Denied" || string(rec.ResponseElements) != "null" {
		t.Errorf("failed call: errorCode %q errorMessage %q responseElements %s", rec.ErrorCode, rec.ErrorMessage, rec.ResponseElements)
	}
	if string(rec.RequestParameters) != `{"bucketName":"amzn-s3-demo-bucket"}` {
		t.Errorf("requestParameters %s", rec.RequestParameters)
	}
	if !rec.EventTime.Equal(startTime.Add(-1).Truncate(1e9)) || !b.Now().Equal(startTime) {
		t.Errorf("At: eventTime %s, clock %s; want the given time, clock unmoved", rec.EventTime, b.Now())
	}
	if rec.SourceIPAddress != "198.51.100.7" || rec.UserAgent != "test-agent" {
		t.Errorf("From/UserAgent: %q %q", rec.SourceIPAddress, rec.UserAgent)
	}
}

// An AWS service event as the CloudTrail User Guide ("AWS service events")
// shows it: identity {accountId, invokedBy "AWS Internal"} without type, no
// requestID or tlsDetails, serviceEventDetails set.
func TestBuilderServiceEvent(t *testing.T) {
	b := NewBuilder(1)
	rec := b.Call("kms.amazonaws.com", "RotateKey", WithEventType(event.AwsServiceEvent),
		ServiceDetails(map[string]string{"keyId": "1234abcd-12ab-34cd-56ef-1234567890ab"}),
		Resource("AWS::KMS::Key", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", Account1))
	id := rec.UserIdentity
	switch {
	case id.Type != "" || id.InvokedBy != "AWS Internal" || id.AccountID != Account1:
		t.Errorf("identity %+v, want only accountId and invokedBy AWS Internal", id)
	case rec.RequestID != "" || rec.TLSDetails != nil:
		t.Errorf("requestID %q tlsDetails %+v, want neither", rec.RequestID, rec.TLSDetails)
	case rec.SourceIPAddress != "AWS Internal" || rec.UserAgent != "AWS Internal":
		t.Errorf("source %q agent %q, want AWS Internal", rec.SourceIPAddress, rec.UserAgent)
	case string(rec.ServiceEventDetails) != `{"keyId":"1234abcd-12ab-34cd-56ef-1234567890ab"}`:
		t.Errorf("serviceEventDetails %s", rec.ServiceEventDetails)
	case rec.EventCategory != event.CategoryManagement || rec.RecipientAccountID != Account1:
		t.Errorf("category %s recipient %s", rec.EventCategory, rec.RecipientAccountID)
	}
}
