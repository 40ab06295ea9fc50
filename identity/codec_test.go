package identity

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/trailmap/trailmap/internal/jsonwire"
)

// typicalAssumedRole is the identity of a call made with role session
// credentials, as in the CloudTrail User Guide's userIdentity examples.
const typicalAssumedRole = `{
  "type": "AssumedRole",
  "principalId": "AROAIDPPEZS35WEXAMPLE:AssumedRoleSessionName",
  "arn": "arn:aws:sts::123456789012:assumed-role/RoleToBeAssumed/MySessionName",
  "accountId": "123456789012",
  "accessKeyId": "ASIAIOSFODNN7EXAMPLE",
  "sessionContext": {
    "sessionIssuer": {
      "type": "Role",
      "principalId": "AROAIDPPEZS35WEXAMPLE",
      "arn": "arn:aws:iam::123456789012:role/RoleToBeAssumed",
      "accountId": "123456789012",
      "userName": "RoleToBeAssumed"
    },
    "attributes": {
      "creationDate": "2023-07-19T21:11:57Z",
      "mfaAuthenticated": "false"
    },
    "ec2RoleDelivery": "2.0"
  }
}`

// plainIdentity is what a caller using encoding/json would declare: the
// baseline for the benchmark.
type plainIdentity struct {
	Type           string `json:"type"`
	PrincipalID    string `json:"principalId"`
	ARN            string `json:"arn"`
	AccountID      string `json:"accountId"`
	AccessKeyID    string `json:"accessKeyId"`
	UserName       string `json:"userName"`
	InvokedBy      string `json:"invokedBy"`
	SessionContext *struct {
		SessionIssuer *struct {
			Type        string `json:"type"`
			PrincipalID string `json:"principalId"`
			ARN         string `json:"arn"`
			AccountID   string `json:"accountId"`
			UserName    string `json:"userName"`
		} `json:"sessionIssuer"`
		Attributes *struct {
			CreationDate     string `json:"creationDate"`
			MFAAuthenticated string `json:"mfaAuthenticated"`
		} `json:"attributes"`
		EC2RoleDelivery string `json:"ec2RoleDelivery"`
	} `json:"sessionContext"`
}

func TestParseAllocatesOnce(t *testing.T) {
	for _, tc := range []struct {
		in     string
		reason string
	}{
		{typicalAssumedRole, "AssumedRole with sessionIssuer and attributes"},
		{`{"type":"IAMUser","principalId":"AIDAJ45Q7YFFAREXAMPLE","arn":"arn:aws:iam::123456789012:user/Alice","accountId":"123456789012","accessKeyId":"","userName":"Alice"}`, "IAM user with an empty accessKeyId"},
		{`{"type":"IdentityCenterUser","accountId":"123456789012","onBehalfOf":{"userId":"544894e8-80c1-707f-60e3-3ba6510dfac1","identityStoreArn":"arn:aws:identitystore::123456789012:identitystore/d-9067642ac7"},"credentialId":"EXAMPLE"}`, "Identity Center user"},
		{`{"type":"AssumedRole","sessionContext":{"webIdFederationData":{"federatedProvider":"accounts.google.com"},"attributes":{"creationDate":"20131102T010628Z","mfaAuthenticated":true}}}`, "web identity provider, basic creationDate, boolean mfaAuthenticated"},
	} {
		var err error
		n := testing.AllocsPerRun(100, func() {
			_, err = Parse(tc.in)
		})
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("Parse of %s: %v allocations, want 1", tc.reason, n)
		}
	}
}

// TestDecodeString covers decoding an identity held at the start of
// a larger text, as a record decoder does.
func TestDecodeString(t *testing.T) {
	for _, tc := range []struct {
		in     string
		n      int // bytes read; -1 for an error
		offset int // of the error
		reason string
	}{
		{`{"type":"Root"},"eventTime":"x"}`, 15, 0, "stops after the closing brace; what follows is not looked at"},
		{"  \n{\"type\":\"Root\"}", 18, 0, "white space before the object is read"},
		{`{"type":"Root"} junk`, 15, 0, "junk after the object is the caller's business"},
		{`{"type":"Root"`, -1, 14, "unterminated object"},
		{`[]`, -1, 0, "not an object"},
		{`{"sessionContext":{"attributes":{"creationDate":1x}}},`, -1, 49, "error inside a nested object"},
	} {
		var st storage
		u, n, err := decodeString(&st, tc.in)
		if tc.n < 0 {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Offset != tc.offset || u != nil || n != 0 {
				t.Errorf("%s: DecodeString(%q) = %v, %d, %v; want a *SyntaxError at offset %d", tc.reason, tc.in, u, n, err, tc.offset)
			}
			continue
		}
		if err != nil || n != tc.n {
			t.Errorf("%s: DecodeString(%q) read %d bytes, %v; want %d", tc.reason, tc.in, n, err, tc.n)
			continue
		}
		if want, _ := Parse(tc.in[:n]); encode(t, u) != encode(t, want) {
			t.Errorf("%s: DecodeString gives %s, Parse %s", tc.reason, encode(t, u), encode(t, want))
		}
	}
	// Decoding again into the same storage replaces the identity.
	var st storage
	u1, _, _ := decodeString(&st, typicalAssumedRole)
	u2, _, err := decodeString(&st, `{"type":"IAMUser"}`)
	if err != nil || u1 != u2 || u2.SessionContext != nil || u2.PrincipalID != "" {
		t.Errorf("second decode into one storage kept the first: %+v, %v", u2, err)
	}
}

// TestStorageReuse checks that the parts of a storage decoded into before,
// by an earlier DecodeString or an earlier member of the same name, keep
// nothing of what they held.
func TestStorageReuse(t *testing.T) {
	full := `{"type":"AssumedRole","onBehalfOf":{"userId":"u1","identityStoreArn":"s1","x":1},"sessionContext":{"sessionIssuer":{"type":"Role","arn":"a","y":2},"webIdFederationData":{"federatedProvider":"p","attributes":{"k":"v"}},"attributes":{"creationDate":"2023-07-19T21:11:57Z","mfaAuthenticated":"true"}}}`
	for _, tc := range []struct {
		first, second, want, reason string
	}{
		{full, `{"type":"IAMUser"}`, `{"type":"IAMUser"}`, "no part used the second time"},
		{full, `{"onBehalfOf":{"userId":"u2"},"sessionContext":{"sessionIssuer":{"userName":"n"},"webIdFederationData":{},"attributes":{"mfaAuthenticated":"false"}}}`,
			`{"onBehalfOf":{"userId":"u2"},"sessionContext":{"sessionIssuer":{"userName":"n"},"webIdFederationData":{},"attributes":{"mfaAuthenticated":"false"}}}`,
			"every part used again with fewer members"},
		{`{"sessionContext":{"sessionIssuer":{"type":"Role","arn":"a"},"attributes":{"mfaAuthenticated":"true"}},"sessionContext":{"sessionIssuer":{"userName":"u"}}}`,
			`{"sessionContext":{"sessionIssuer":{"userName":"u"}}}`,
			`{"sessionContext":{"sessionIssuer":{"userName":"u"}}}`,
			"parts filled before a duplicate member refused the identity"},
	} {
		var st storage
		if _, _, err := decodeString(&st, tc.first); err != nil && !errors.As(err, new(*DuplicateMemberError)) {
			t.Fatalf("%s: %v", tc.reason, err)
		}
		u, _, err := decodeString(&st, tc.second)
		if err != nil {
			t.Fatalf("%s: %v", tc.reason, err)
		}
		if got := encode(t, u); got != tc.want {
			t.Errorf("%s: reused storage gives %s, want %s", tc.reason, got, tc.want)
		}
		p, err := Parse(tc.second)
		if err != nil {
			t.Fatalf("%s: %v", tc.reason, err)
		}
		if got := encode(t, p); got != tc.want {
			t.Errorf("%s: Parse gives %s, want %s", tc.reason, got, tc.want)
		}
	}
}

func TestDecodeStringAllocatesNothing(t *testing.T) {
	var st storage
	n := testing.AllocsPerRun(100, func() {
		if _, _, err := decodeString(&st, typicalAssumedRole); err != nil {
			t.Fatal(err)
		}
	})
	if n != 0 {
		t.Errorf("DecodeString of a typical identity into a storage: %v allocations, want 0", n)
	}
}

func TestAppendJSONAllocatesNothing(t *testing.T) {
	u, err := Parse(typicalAssumedRole)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 0, 4096)
	n := testing.AllocsPerRun(100, func() {
		buf = u.AppendJSON(buf[:0])
	})
	if n != 0 {
		t.Errorf("AppendJSON into a large enough buffer: %v allocations, want 0", n)
	}
	u.SessionContext.Attributes.CreationDate = u.SessionContext.Attributes.CreationDate.Add(time.Hour)
	n = testing.AllocsPerRun(100, func() {
		buf = u.AppendJSON(buf[:0])
	})
	if n != 0 {
		t.Errorf("AppendJSON with a changed creationDate: %v allocations, want 0", n)
	}
}

// encode returns the JSON text of u or fails the test.
func encode(t *testing.T, u *UserIdentity) string {
	t.Helper()
	b, err := u.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestWrittenBackAsRead checks the forms that must survive decode→encode
// byte for byte (given compact input in the documented member order).
func TestWrittenBackAsRead(t *testing.T) {
	for _, tc := range []struct {
		in     string
		reason string
	}{
		{`{"type":"IAMUser","accountId":"123456789012","accessKeyId":"","userName":"HIDDEN_DUE_TO_SECURITY_REASONS"}`, "empty accessKeyId stays present"},
		{`{"type":"IAMUser","accessKeyId":null}`, "null string member"},
		{`{"type":"AWSService","invokedBy":42}`, "number where a string is documented"},
		{`{"type":"AWSService","invokedBy":["a"]}`, "array where a string is documented"},
		{`{"type":""}`, "empty type"},
		{`{}`, "empty identity"},
		{`{"accountId":"123456789012","invokedBy":"AWS Internal"}`, "service event identity without type"},
		{`{"type":"AgentSession","agent":{"name":"x"}}`, "future type and an unknown member"},
		{`{"type":"AssumedRole","sessionContext":null}`, "null sessionContext"},
		{`{"type":"AssumedRole","sessionContext":"n/a"}`, "string sessionContext"},
		{`{"sessionContext":{"sessionIssuer":{},"webIdFederationData":{},"attributes":{}}}`, "empty nested objects"},
		{`{"sessionContext":{"attributes":{"creationDate":"20131102T010628Z","mfaAuthenticated":"true"}}}`, "basic creationDate"},
		{`{"sessionContext":{"attributes":{"creationDate":"2023-07-19T21:11:57.123+02:00","mfaAuthenticated":"False"}}}`, "fractional seconds, an offset, capitalised False"},
		{`{"sessionContext":{"attributes":{"creationDate":"2021-02-21T23: 46: 28Z","mfaAuthenticated":"maybe"}}}`, "unparseable creationDate and mfaAuthenticated"},
		{`{"sessionContext":{"attributes":{"creationDate":1690000000,"mfaAuthenticated":false}}}`, "number creationDate, boolean mfaAuthenticated"},
		{`{"sessionContext":{"attributes":{"creationDate":null,"mfaAuthenticated":null}}}`, "null attributes"},
		{`{"sessionContext":{"attributes":{"mfaAuthenticated":"true"}}}`, "creationDate absent"},
		{`{"sessionContext":{"attributes":{"creationDate":"2023-07-19T21:11:57Z"}}}`, "mfaAuthenticated absent"},
		{`{"sessionContext":{"webIdFederationData":{"federatedProvider":"x","attributes":null}}}`, "null webIdFederationData.attributes"},
		{`{"sessionContext":{"webIdFederationData":{"attributes":{"a:b":"c"},"extra":1}}}`, "raw attributes and an unknown member"},
		{`{"sessionContext":{"ec2RoleDelivery":2.0,"assumedRoot":true,"zz":{}}}`, "undocumented JSON types in sessionContext"},
		{`{"onBehalfOf":{"userId":"u","identityStoreArn":"","x":1},"inScopeOf":{"sourceArn":"arn:aws:lambda:us-east-1:123456789012:function:f","issuerType":"AWS::Lambda::Function","y":[]},"invokedByDelegate":{"accountId":"999999999999","z":null}}`, "the newer elements with unknown members"},
		{`{"onBehalfOf":[],"inScopeOf":null,"invokedByDelegate":"x"}`, "newer elements of other JSON types"},
		{`{"type":"Root","unicode":"caf\u00e9 \ud83d\ude00","esc":"a\"b\\c\/d"}`, "escapes in unknown members are kept as written"},
	} {
		u, err := Parse(tc.in)
		if err != nil {
			t.Errorf("%s: Parse(%s): %v", tc.reason, tc.in, err)
			continue
		}
		if got := encode(t, u); got != tc.in {
			t.Errorf("%s:\n got %s\nwant %s", tc.reason, got, tc.in)
		}
	}
}

// TestEdits checks that a field the caller changes is written with its new
// value, in the form the member was read in.
func TestEdits(t *testing.T) {
	for _, tc := range []struct {
		in     string
		edit   func(u *UserIdentity)
		want   string
		reason string
	}{
		{`{"type":"IAMUser","accessKeyId":""}`,
			func(u *UserIdentity) { u.AccessKeyID = "AKIAIOSFODNN7EXAMPLE" },
			`{"type":"IAMUser","accessKeyId":"AKIAIOSFODNN7EXAMPLE"}`, "empty member set"},
		{`{"type":"IAMUser","accessKeyId":"AKIAIOSFODNN7EXAMPLE"}`,
			func(u *UserIdentity) { u.AccessKeyID = "" },
			`{"type":"IAMUser"}`, "member cleared: omitted"},
		{`{"type":"AWSService","invokedBy":42}`,
			func(u *UserIdentity) { u.InvokedBy = "ec2.amazonaws.com" },
			`{"type":"AWSService","invokedBy":"ec2.amazonaws.com"}`, "member of another JSON type replaced"},
		{`{"type":"Root"}`,
			func(u *UserIdentity) { u.Type = IAMUser; u.UserName = "Alice" },
			`{"type":"IAMUser","userName":"Alice"}`, "type changed, member added"},
		{`{"sessionContext":{"attributes":{"creationDate":"20131102T010628Z","mfaAuthenticated":"false"}}}`,
			func(u *UserIdentity) {
				a := u.SessionContext.Attributes
				a.CreationDate = a.CreationDate.Add(time.Hour)
				a.MFAAuthenticated = true
			},
			`{"sessionContext":{"attributes":{"creationDate":"20131102T020628Z","mfaAuthenticated":"true"}}}`, "basic layout and string form kept"},
		{`{"sessionContext":{"attributes":{"creationDate":"2023-07-19T23:11:57+02:00","mfaAuthenticated":true}}}`,
			func(u *UserIdentity) {
				a := u.SessionContext.Attributes
				a.CreationDate = a.CreationDate.Add(time.Second)
				a.MFAAuthenticated = false
			},
			`{"sessionContext":{"attributes":{"creationDate":"2023-07-19T21:11:58Z","mfaAuthenticated":false}}}`, "extended layout in UTC; boolean form kept"},
		{`{"sessionContext":{"attributes":{"creationDate":"2023-07-19T21:11:57Z"}}}`,
			func(u *UserIdentity) { u.SessionContext.Attributes.MFAAuthenticated = true },
			`{"sessionContext":{"attributes":{"creationDate":"2023-07-19T21:11:57Z","mfaAuthenticated":"true"}}}`, "absent mfaAuthenticated set"},
		{`{"sessionContext":{"attributes":{"creationDate":"garbage"}}}`,
			func(u *UserIdentity) {
				u.SessionContext.Attributes.CreationDate = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
			},
			`{"sessionContext":{"attributes":{"creationDate":"2024-01-02T03:04:05Z"}}}`, "unparseable creationDate replaced"},
		{`{"type":"AssumedRole","sessionContext":null}`,
			func(u *UserIdentity) {
				u.SessionContext = &SessionContext{Attributes: &Attributes{}}
			},
			`{"type":"AssumedRole","sessionContext":{"attributes":{"mfaAuthenticated":"false"}}}`, "null object replaced by a built one"},
		{`{"type":"AssumedRole","sessionContext":{"x":1}}`,
			func(u *UserIdentity) { u.SessionContext = nil },
			`{"type":"AssumedRole"}`, "object removed"},
		{`{"sessionContext":{"webIdFederationData":{"attributes":{}}}}`,
			func(u *UserIdentity) { u.SessionContext.WebIDFederationData.Attributes = []byte(`{"a":"b"}`) },
			`{"sessionContext":{"webIdFederationData":{"attributes":{"a":"b"}}}}`, "raw attributes replaced"},
	} {
		u, err := Parse(tc.in)
		if err != nil {
			t.Fatalf("%s: %v", tc.reason, err)
		}
		tc.edit(u)
		if got := encode(t, u); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.reason, got, tc.want)
		}
	}
}

func TestBuilt(t *testing.T) {
	u := &UserIdentity{
		Type:        AssumedRole,
		PrincipalID: "AROAIDPPEZS35WEXAMPLE:s",
		SessionContext: &SessionContext{
			SessionIssuer: &SessionIssuer{Type: Role, UserName: "R"},
			Attributes:    &Attributes{CreationDate: time.Date(2023, 7, 19, 21, 11, 57, 0, time.UTC)},
		},
		InScopeOf: &InScopeOf{IssuerType: "AWS::Lambda::Function"},
	}
	want := `{"type":"AssumedRole","principalId":"AROAIDPPEZS35WEXAMPLE:s","sessionContext":{"sessionIssuer":{"type":"Role","userName":"R"},"attributes":{"creationDate":"2023-07-19T21:11:57Z","mfaAuthenticated":"false"}},"inScopeOf":{"issuerType":"AWS::Lambda::Function"}}`
	if got := encode(t, u); got != want {
		t.Errorf("built identity:\n got %s\nwant %s", got, want)
	}
	if used, known := u.MFA(); used || !known {
		t.Errorf("MFA() of built attributes = %v, %v; want false, true", used, known)
	}
	var nilU *UserIdentity
	if got := encode(t, nilU); got != "null" {
		t.Errorf("nil identity encodes as %s, want null", got)
	}
}

func TestMarshalJSONRejectsInvalidRaw(t *testing.T) {
	u := &UserIdentity{SessionContext: &SessionContext{WebIDFederationData: &WebIDFederationData{Attributes: []byte(`{"a":`)}}}
	if _, err := u.MarshalJSON(); !errors.Is(err, ErrInvalidRaw) || !strings.HasPrefix(err.Error(), "identity: ") {
		t.Errorf("MarshalJSON with invalid raw attributes: err = %v, want ErrInvalidRaw", err)
	}
	if _, err := json.Marshal(u.SessionContext); !errors.Is(err, ErrInvalidRaw) {
		t.Errorf("encoding/json of the sessionContext: err = %v, want ErrInvalidRaw", err)
	}
}

// TestNestedElements checks that each nested element keeps its form when
// encoding/json handles it on its own.
func TestNestedElements(t *testing.T) {
	for _, tc := range []struct {
		in     string
		v      any
		reason string
	}{
		{`{"sessionIssuer":{"type":"Role","x":1},"webIdFederationData":{},"attributes":{"creationDate":"20131102T010628Z","mfaAuthenticated":true},"sourceIdentity":""}`, new(SessionContext), "sessionContext"},
		{`{"type":"IAMUser","userName":null,"tags":[]}`, new(SessionIssuer), "sessionIssuer"},
		{`{"federatedProvider":"accounts.google.com","attributes":{"a":"b"}}`, new(WebIDFederationData), "webIdFederationData"},
		{`{"creationDate":"2023-07-19T21:11:57Z","mfaAuthenticated":"False"}`, new(Attributes), "attributes"},
		{`{"userId":"u","identityStoreArn":""}`, new(OnBehalfOf), "onBehalfOf"},
		{`{"sourceArn":"s","sourceAccount":"1","issuerType":"AWS::Lambda::Function","credentialsIssuedTo":"c"}`, new(InScopeOf), "inScopeOf"},
		{`{"accountId":"999999999999","z":0}`, new(InvokedByDelegate), "invokedByDelegate"},
	} {
		if err := json.Unmarshal([]byte(tc.in), tc.v); err != nil {
			t.Errorf("%s: %v", tc.reason, err)
			continue
		}
		out, err := json.Marshal(tc.v)
		if err != nil {
			t.Errorf("%s: %v", tc.reason, err)
			continue
		}
		if string(out) != tc.in {
			t.Errorf("%s:\n got %s\nwant %s", tc.reason, out, tc.in)
		}
		if err := json.Unmarshal([]byte(`{"a":1,}`), tc.v); err == nil {
			t.Errorf("%s: invalid JSON accepted", tc.reason)
		}
	}
}

// TestEncodingJSON checks the methods through encoding/json, as a record
// type holding *UserIdentity uses them.
func TestEncodingJSON(t *testing.T) {
	in := `{"who":{"type":"IAMUser","accessKeyId":"","x":[1]},"n":1}`
	var rec struct {
		Who *UserIdentity `json:"who"`
		N   int           `json:"n"`
	}
	if err := json.Unmarshal([]byte(in), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.Who.Type != IAMUser {
		t.Errorf("Type = %q", rec.Who.Type)
	}
	out, err := json.Marshal(&rec)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != in {
		t.Errorf("encoding/json round trip:\n got %s\nwant %s", out, in)
	}
	var u UserIdentity
	u.UserName = "stale"
	if err := u.UnmarshalJSON([]byte(`{"type":"Root"}`)); err != nil || u.UserName != "" || u.Type != Root {
		t.Errorf("UnmarshalJSON must replace what u held: %+v, %v", u, err)
	}
}

func TestSyntaxErrors(t *testing.T) {
	for _, tc := range []struct {
		in     string
		path   string
		offset int
		reason string
	}{
		{``, "", 0, "empty input"},
		{`null`, "", 0, "not an object"},
		{`{"type":"Root",}`, "", 15, "trailing comma"},
		{`{"type":"Root"} x`, "", 16, "text after the object"},
		{`{"type":Root}`, "type", 8, "unquoted string"},
		{`{"sessionContext":{"attributes":{"creationDate":1x}}}`, "sessionContext.attributes", 49, "junk after a number"},
		{`{"sessionContext":{"sessionIssuer":{"arn":"a` + "\n" + `"}}}`, "sessionContext.sessionIssuer.arn", 44, "control character in a string"},
		{`{"sessionContext":{"webIdFederationData":{"attributes":{"a"}}}}`, "sessionContext.webIdFederationData.attributes", 59, "bad raw value"},
		{`{"onBehalfOf":{"userId":"u"`, "onBehalfOf", 27, "unterminated object"},
		{`{"x":[1,2}`, "x", 9, "bad unknown member"},
	} {
		_, err := Parse(tc.in)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%s: Parse(%q) error = %v, want *SyntaxError", tc.reason, tc.in, err)
			continue
		}
		if se.Path != tc.path || se.Offset != tc.offset {
			t.Errorf("%s: Parse(%q) error at %q offset %d, want %q offset %d (%v)", tc.reason, tc.in, se.Path, se.Offset, tc.path, tc.offset, err)
		}
		var je *jsonwire.SyntaxError
		if !errors.As(err, &je) || je.Offset != se.Offset {
			t.Errorf("%s: the scanner error is not reachable with errors.As", tc.reason)
		}
		if !strings.HasPrefix(err.Error(), "identity: ") {
			t.Errorf("%s: error %q lacks the package prefix", tc.reason, err)
		}
		// encoding/json agrees the text is not a JSON object.
		var obj map[string]any
		if err := json.Unmarshal([]byte(tc.in), &obj); err == nil && obj != nil {
			t.Errorf("%s: encoding/json accepts %q", tc.reason, tc.in)
		}
	}
}

// A member name twice in any object of the identity is refused with both
// offsets: no genuine identity has one, and a reader keeping the first and
// one keeping the last would see different identities.
func TestDuplicateMembers(t *testing.T) {
	for _, tc := range []struct {
		name, in, path, member string
		first, second          int
	}{
		{"TopLevelType", `{"type":"Root","type":"IAMUser"}`, "", "type", 1, 15},
		{"TopLevelOtherTypes", `{"accessKeyId":5,"accessKeyId":"AKIA"}`, "", "accessKeyId", 1, 17},
		{"TopLevelUnknown", `{"x":1,"y":2,"x":3}`, "", "x", 1, 13},
		{"SessionContextTwice", `{"sessionContext":{"attributes":{}},"sessionContext":null}`, "", "sessionContext", 1, 36},
		{"Attributes", `{"sessionContext":{"attributes":{"mfaAuthenticated":"false","mfaAuthenticated":"true"}}}`, "sessionContext.attributes", "mfaAuthenticated", 33, 60},
		{"SessionIssuer", `{"sessionContext":{"sessionIssuer":{"arn":"a", "arn":"b"}}}`, "sessionContext.sessionIssuer", "arn", 36, 47},
		{"WebIDFederationData", `{"sessionContext":{"webIdFederationData":{"attributes":{},"attributes":null}}}`, "sessionContext.webIdFederationData", "attributes", 42, 58},
		{"OnBehalfOf", `{"onBehalfOf":{"userId":"u","userId":"v"}}`, "onBehalfOf", "userId", 15, 28},
		{"InScopeOf", `{"inScopeOf":{"sourceArn":"a","sourceArn":"b"}}`, "inScopeOf", "sourceArn", 14, 30},
		{"InvokedByDelegate", `{"invokedByDelegate":{"accountId":"1","accountId":"2"}}`, "invokedByDelegate", "accountId", 22, 38},
		{"OuterBeforeInner", `{"sessionContext":{},"sessionContext":{"attributes":{"x":1,"x":2}}}`, "", "sessionContext", 1, 21},
		{"UnknownAmongKnown", `{"type":"Root","x":1,"arn":"a","x":2}`, "", "x", 15, 31},
		{"KnownAmongUnknown", `{"a":1,"arn":"a","b":2,"arn":"b"}`, "", "arn", 7, 23},
		{"ManyMixedMembers", `{"type":"Root","a0":0,"a1":1,"a2":2,"a3":3,"a4":4,"a5":5,"a6":6,"a7":7,"a8":8,"a9":9,"b0":0,"b1":1,"b2":2,"b3":3,"b4":4,"b5":5,"b6":6,"b7":7,"b8":8,"b9":9,"c0":0,"c1":1,"c2":2,"c3":3,"arn":"a","c4":4,"a0":1}`, "", "a0", 15, 200},
		{"ManyUnknownMembers", `{"a0":0,"a1":1,"a2":2,"a3":3,"a4":4,"a5":5,"a6":6,"a7":7,"a8":8,"a9":9,"b0":0,"b1":1,"b2":2,"b3":3,"b4":4,"b5":5,"b6":6,"b7":7,"a3":4}`, "", "a3", 22, 127},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, err := Parse(tc.in)
			var de *DuplicateMemberError
			if !errors.As(err, &de) || u != nil {
				t.Fatalf("Parse = %v, %v; want a *DuplicateMemberError", u, err)
			}
			if de.Path != tc.path || de.Name != tc.member || de.First != tc.first || de.Second != tc.second {
				t.Errorf("got %q %q at %d and %d, want %q %q at %d and %d", de.Path, de.Name, de.First, de.Second, tc.path, tc.member, tc.first, tc.second)
			}
			if tc.in[de.First] != '"' || tc.in[de.Second] != '"' {
				t.Errorf("offsets %d and %d are not member names", de.First, de.Second)
			}
			// A storage a duplicate failed in is usable again.
			var st storage
			if _, _, err := decodeString(&st, tc.in); !errors.As(err, &de) {
				t.Errorf("decodeString error %v", err)
			}
			if u, _, err := decodeString(&st, `{"type":"Root"}`); err != nil || encode(t, u) != `{"type":"Root"}` {
				t.Errorf("storage after a duplicate gives %v, %v", u, err)
			}
		})
	}
}

// A member repeated with the same value text, byte for byte, is read as
// if it were there once, and written once: whichever occurrence a reader
// keeps, it sees the same identity. The same value written otherwise
// inside its text is refused as different values are.
func TestDuplicateMembersIdentical(t *testing.T) {
	for _, tc := range []struct {
		reason, in, want string // want: the identity written back, "" for refused
		path, name       string // the refused member
	}{
		{"identical scalar", `{"type":"Root","type":"Root"}`, `{"type":"Root"}`, "", ""},
		{"identical string in attributes", `{"sessionContext":{"attributes":{"mfaAuthenticated":"false","mfaAuthenticated":"false"}}}`, `{"sessionContext":{"attributes":{"mfaAuthenticated":"false"}}}`, "", ""},
		{"identical object", `{"sessionContext":{"sessionIssuer":{"arn":"a"}},"type":"AssumedRole","sessionContext":{"sessionIssuer":{"arn":"a"}}}`, `{"sessionContext":{"sessionIssuer":{"arn":"a"}},"type":"AssumedRole"}`, "", ""},
		{"identical unknown member", `{"x":{"a":[1]},"type":"Root","x":{"a":[1]}}`, `{"x":{"a":[1]},"type":"Root"}`, "", ""},
		{"repeats inside a repeat", `{"onBehalfOf":{"userId":"u","userId":"u"},"onBehalfOf":{"userId":"u","userId":"u"}}`, `{"onBehalfOf":{"userId":"u"}}`, "", ""},
		{"identical in inScopeOf", `{"inScopeOf":{"sourceArn":"a","sourceArn":"a"}}`, `{"inScopeOf":{"sourceArn":"a"}}`, "", ""},
		{"white space around the value, outside its text", `{"arn": "a" , "arn":"a"}`, `{"arn":"a"}`, "", ""},
		{"different values", `{"type":"Root","type":"IAMUser"}`, "", "", "type"},
		{"the same array with other white space inside", `{"x":[1,2],"x":[1, 2]}`, "", "", "x"},
		{"the same string with an escape", `{"type":"Root","type":"R\u006fot"}`, "", "", "type"},
		{"identical twice, then different", `{"type":"Root","type":"Root","type":"IAMUser"}`, "", "", "type"},
		{"an identical repeat, then a nested member with two values", `{"type":"Root","type":"Root","sessionContext":{"attributes":{"x":1,"x":2}}}`, "", "sessionContext.attributes", "x"},
	} {
		u, err := Parse(tc.in)
		var st storage
		u2, n, err2 := decodeString(&st, tc.in+`,"next":1}`)
		if tc.want == "" {
			var de *DuplicateMemberError
			if !errors.As(err, &de) || de.Path != tc.path || de.Name != tc.name || !errors.As(err2, new(*DuplicateMemberError)) {
				t.Errorf("%s: Parse(%s) = %v (decodeString %v), want a duplicate %q in %q", tc.reason, tc.in, err, err2, tc.name, tc.path)
				continue
			}
			checkDuplicateDiffers(t, tc.in, err)
			continue
		}
		if err != nil || err2 != nil {
			t.Errorf("%s: Parse(%s): %v; decodeString: %v", tc.reason, tc.in, err, err2)
			continue
		}
		if got := encode(t, u); got != tc.want {
			t.Errorf("%s: Parse(%s) written back as %s, want %s", tc.reason, tc.in, got, tc.want)
		}
		if got := encode(t, u2); got != tc.want || n != len(tc.in) {
			t.Errorf("%s: decodeString gives %s, %d bytes; want %s, %d", tc.reason, got, n, tc.want, len(tc.in))
		}
		// The storage is usable again.
		if u, _, err := decodeString(&st, `{"type":"IAMUser"}`); err != nil || encode(t, u) != `{"type":"IAMUser"}` {
			t.Errorf("%s: storage used again gives %v, %v", tc.reason, u, err)
		}
	}
}

// checkDuplicateDiffers fails t when err is a *DuplicateMemberError that
// does not name two members of s with different value texts: a repeat
// with the same value is read, not refused.
func checkDuplicateDiffers(t *testing.T, s string, err error) {
	t.Helper()
	var de *DuplicateMemberError
	if !errors.As(err, &de) {
		return
	}
	value := func(off int) (string, bool) {
		if off < 0 || off >= len(s) {
			return "", false
		}
		sc := jsonwire.New(s)
		sc.Reset(off)
		if _, err := sc.ReadString(); err != nil {
			return "", false
		}
		i := sc.Pos()
		for i < len(s) && jsonwire.IsSpace(s[i]) {
			i++
		}
		if i >= len(s) || s[i] != ':' {
			return "", false
		}
		sc.Reset(i + 1)
		v, err := sc.SkipValue()
		return v, err == nil
	}
	a, ok1 := value(de.First)
	b, ok2 := value(de.Second)
	if ok1 && ok2 && a == b {
		t.Fatalf("%v: refused, but both members have the value %s\n%s", err, a, s)
	}
}

// fuzzSeeds returns the userIdentity elements of testdata.
func fuzzSeeds(f *testing.F) []string {
	seeds := []string{typicalAssumedRole, `{}`, `{"type":null}`, `{"type":"Root","arn":"a","type":"Root"}`, `{"sessionContext":{"attributes":{"creationDate":"20131102T010628Z","mfaAuthenticated":true}}}`}
	// Members mistyped again and again among unknown ones, alike or not,
	// past the count of unknown names from which duplicates are looked
	// for in a map.
	var alike, distinct strings.Builder
	for i := range 30 {
		alike.WriteString(`,"z":1,"type":1,"sessionContext":null`)
		fmt.Fprintf(&distinct, `,"type":1,"u%d":1`, i)
	}
	seeds = append(seeds, `{"type":1`+alike.String()+`}`,
		`{"type":"AssumedRole","sessionContext":{"sessionIssuer":{"type":"Role"`+distinct.String()+`}}}`)
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		var g struct{ UserIdentity json.RawMessage }
		if err := json.Unmarshal(data, &g); err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, string(g.UserIdentity))
	}
	return seeds
}

// FuzzParse checks that Parse never panics, agrees with encoding/json on
// what is valid (but for a member repeated with two values, which Parse
// refuses), and that decode→encode keeps the JSON value and is stable.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := Parse(s)
		var obj map[string]json.RawMessage
		jsonErr := json.Unmarshal([]byte(s), &obj)
		if err != nil {
			// encoding/json keeps the last of repeated members and
			// replaces invalid UTF-8; Parse refuses both.
			if jsonErr == nil && obj != nil && !errors.As(err, new(*DuplicateMemberError)) && utf8.ValidString(s) {
				t.Fatalf("Parse rejects an object encoding/json accepts: %v", err)
			}
			// A repeat with the same value text is read, not refused.
			checkDuplicateDiffers(t, s, err)
			return
		}
		if jsonErr != nil {
			t.Fatalf("Parse accepts what encoding/json rejects (%v)", jsonErr)
		}
		// Every question answers without panicking.
		u.Principal()
		u.SessionName()
		u.MFA()
		u.Service()
		u.Federation()
		u.AssumedRoot()
		u.ConsoleSession()
		out, err := u.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON: %v", err)
		}
		var a, b any
		if err := unmarshalNumbers([]byte(s), &a); err != nil {
			t.Fatal(err)
		}
		if err := unmarshalNumbers(out, &b); err != nil {
			t.Fatalf("own output is not JSON: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("decode→encode changed the value:\nin  %s\nout %s", s, out)
		}
		u2, err := Parse(string(out))
		if err != nil {
			t.Fatalf("Parse of own output: %v\n%s", err, out)
		}
		// decodeString reads the same identity, and no further
		// than its end.
		var st storage
		u3, n, err := decodeString(&st, s+`,"next":1}`)
		if err != nil || n > len(s) {
			t.Fatalf("DecodeString of a text Parse accepts: read %d of %d bytes, %v", n, len(s), err)
		}
		if out3 := u3.AppendJSON(nil); !bytes.Equal(out, out3) {
			t.Fatalf("DecodeString and Parse differ:\n%s\n%s", out, out3)
		}
		if out2 := u2.AppendJSON(nil); !bytes.Equal(out, out2) {
			t.Fatalf("decode→encode→decode→encode not stable:\n%s\n%s", out, out2)
		}
	})
}

func unmarshalNumbers(b []byte, v *any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	return d.Decode(v)
}

// BenchmarkParse compares Parse with encoding/json decoding into a plain
// struct of the same members (which keeps nothing it does not model).
func BenchmarkParse(b *testing.B) {
	data := []byte(typicalAssumedRole)
	b.Run("Parse", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		s := typicalAssumedRole
		for i := 0; i < b.N; i++ {
			if _, err := Parse(s); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("UnmarshalJSON", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for i := 0; i < b.N; i++ {
			var u UserIdentity
			if err := u.UnmarshalJSON(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json-plain-struct", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for i := 0; i < b.N; i++ {
			var p plainIdentity
			if err := json.Unmarshal(data, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkEncode compares AppendJSON with encoding/json encoding a plain
// struct.
func BenchmarkEncode(b *testing.B) {
	u, err := Parse(typicalAssumedRole)
	if err != nil {
		b.Fatal(err)
	}
	var p plainIdentity
	if err := json.Unmarshal([]byte(typicalAssumedRole), &p); err != nil {
		b.Fatal(err)
	}
	b.Run("AppendJSON", func(b *testing.B) {
		b.ReportAllocs()
		buf := make([]byte, 0, 1024)
		for i := 0; i < b.N; i++ {
			buf = u.AppendJSON(buf[:0])
		}
	})
	b.Run("encoding-json-plain-struct", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := json.Marshal(&p); err != nil {
				b.Fatal(err)
			}
		}
	})
}
