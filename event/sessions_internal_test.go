package event

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/trailmap/trailmap/internal/jsonwire"
)

// oracleIssueResponse is readIssueResponse's rule written with
// encoding/json: decoding into map[string]json.RawMessage matches names
// exactly and keeps the last member of a repeated name, whole; decoding
// null into a map or string leaves it empty; a value of another type is
// an error. encoding/json takes invalid UTF-8 in strings (as U+FFFD),
// which the rule does not (RFC 8259 text is UTF-8), hence utf8.Valid.
func oracleIssueResponse(b []byte) (r issueResponse, ok bool) {
	if !utf8.Valid(b) || !json.Valid(b) {
		return r, false
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(b, &top) != nil {
		return r, false
	}
	for _, m := range [...]struct {
		obj, name string
		dst       *string
	}{
		{"credentials", "accessKeyId", &r.accessKeyID},
		{"assumedRoleUser", "arn", &r.assumedRoleARN},
		{"federatedUser", "arn", &r.federatedARN},
	} {
		var inner map[string]json.RawMessage
		if raw, found := top[m.obj]; found && json.Unmarshal(raw, &inner) != nil {
			return r, false
		}
		if raw, found := inner[m.name]; found && json.Unmarshal(raw, m.dst) != nil {
			return r, false
		}
	}
	if raw, found := top["assumedPrincipal"]; found && json.Unmarshal(raw, &r.assumedPrincipal) != nil {
		return r, false
	}
	return r, true
}

// oracleIssueRequest is readIssueRequest's rule written with
// encoding/json, as oracleIssueResponse.
func oracleIssueRequest(b []byte) (r issueRequest) {
	if !utf8.Valid(b) || !json.Valid(b) {
		return r
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(b, &top) != nil {
		return r
	}
	for name, dst := range map[string]*string{
		"roleArn": &r.roleARN, "roleSessionName": &r.roleSessionName,
		"name": &r.name, "targetPrincipal": &r.targetPrincipal,
	} {
		if raw, found := top[name]; found && json.Unmarshal(raw, dst) != nil {
			*dst = ""
		}
	}
	return r
}

var issueTextSeeds = []string{
	`{"credentials":{"accessKeyId":"ASIA1","sessionToken":"x","expiration":"May 1, 2023, 11:00:00 AM"},"assumedRoleUser":{"assumedRoleId":"AROA:a","arn":"arn:aws:sts::1:assumed-role/R/a"}}`,
	`{"credentials":{"accessKeyId":"ASIA2"},"federatedUser":{"federatedUserId":"1:bob","arn":"arn:aws:sts::1:federated-user/bob"},"packedPolicySize":6}`,
	`{"credentials":{"accessKeyId":"ASIA3"},"assumedPrincipal":"arn:aws:iam::1:role/Delegated"}`,
	`{"roleArn":"arn:aws:iam::1:role/R","roleSessionName":"a","durationSeconds":3600}`,
	`{"name":"bob","policy":"{\"Version\":\"2012-10-17\"}"}`,
	`{"targetPrincipal":"444455556666","taskPolicyArn":{"arn":"arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy"}}`,
	` { "credentials" : { "accessKeyId" : "ASIA\u0034" } } `,
	`{"credentials":{"AccessKeyId":"ASIA5"}}`,
	`{"credentials":{"accessKeyId":"ASIA6"},"credentials":{"sessionToken":"x"}}`,
	`{"credentials":{"accessKeyId":7}}`,
	`{"credentials":null,"assumedPrincipal":null}`,
	`null`, `[]`, `"x"`, ``, `{`, `{"roleArn":"a"}x`, "{\"name\":\"\xff\"}", `{"roleArn":5,"name":"n"}`,
}

// FuzzIssueText: readIssueResponse and readIssueRequest, which read with
// jsonwire, agree with their rule written with encoding/json on any
// bytes.
func FuzzIssueText(f *testing.F) {
	for _, s := range issueTextSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, gotOK := readIssueResponse(string(b))
		want, wantOK := oracleIssueResponse(b)
		if gotOK != wantOK || gotOK && got != want {
			t.Errorf("readIssueResponse(%q) = %+v, %v; encoding/json: %+v, %v", b, got, gotOK, want, wantOK)
		}
		if got, want := readIssueRequest(string(b)), oracleIssueRequest(b); got != want {
			t.Errorf("readIssueRequest(%q) = %+v; encoding/json: %+v", b, got, want)
		}
	})
}

func TestReadIssueResponse(t *testing.T) {
	for _, tt := range []struct {
		in     string
		want   issueResponse
		ok     bool
		reason string
	}{
		{issueTextSeeds[0], issueResponse{accessKeyID: "ASIA1", assumedRoleARN: "arn:aws:sts::1:assumed-role/R/a"}, true, "AssumeRole's response"},
		{issueTextSeeds[1], issueResponse{accessKeyID: "ASIA2", federatedARN: "arn:aws:sts::1:federated-user/bob"}, true, "GetFederationToken's response"},
		{issueTextSeeds[2], issueResponse{accessKeyID: "ASIA3", assumedPrincipal: "arn:aws:iam::1:role/Delegated"}, true, "GetDelegatedAccessToken's response"},
		{issueTextSeeds[6], issueResponse{accessKeyID: "ASIA4"}, true, "white space and an escape"},
		{issueTextSeeds[7], issueResponse{}, true, "names match case and all: AccessKeyId is not accessKeyId"},
		{issueTextSeeds[8], issueResponse{}, true, "the last of a repeated member counts, whole"},
		{`{"credentials":{"sessionToken":"x"},"credentials":{"accessKeyId":"ASIA6"}}`, issueResponse{accessKeyID: "ASIA6"}, true, "the last of a repeated member counts"},
		{issueTextSeeds[9], issueResponse{}, false, "an access key that is not a string: not the documented shape"},
		{`{"credentials":"ASIA"}`, issueResponse{}, false, "credentials that are not an object"},
		{`{"credentials":{"accessKeyId":"ASIA"},"assumedRoleUser":{"arn":1}}`, issueResponse{}, false, "an ARN that is not a string"},
		{issueTextSeeds[10], issueResponse{}, true, "null members are absent"},
		{`null`, issueResponse{}, true, "a null response has nothing"},
		{`[]`, issueResponse{}, false, "not an object"},
		{``, issueResponse{}, false, "no text"},
		{`{"credentials":{"accessKeyId":"ASIA"}`, issueResponse{}, false, "truncated"},
		{`{"credentials":{"accessKeyId":"ASIA"}} x`, issueResponse{}, false, "text after the object"},
		{"{\"credentials\":{\"accessKeyId\":\"ASIA\xff\"}}", issueResponse{}, false, "invalid UTF-8"},
		{`{"credentials":{"accessKeyId":"ASIA"},"other":[1,{"a":tru}]}`, issueResponse{}, false, "a syntax error in a member not read"},
	} {
		got, ok := readIssueResponse(tt.in)
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("%s: readIssueResponse(%s) = %+v, %v, want %+v, %v", tt.reason, tt.in, got, ok, tt.want, tt.ok)
		}
		if want, wantOK := oracleIssueResponse([]byte(tt.in)); wantOK != tt.ok || wantOK && want != tt.want {
			t.Errorf("%s: encoding/json oracle disagrees: %+v, %v", tt.reason, want, wantOK)
		}
	}
}

func TestReadIssueRequest(t *testing.T) {
	for _, tt := range []struct {
		in     string
		want   issueRequest
		reason string
	}{
		{issueTextSeeds[3], issueRequest{roleARN: "arn:aws:iam::1:role/R", roleSessionName: "a"}, "AssumeRole's parameters"},
		{issueTextSeeds[4], issueRequest{name: "bob"}, "GetFederationToken's parameters"},
		{issueTextSeeds[5], issueRequest{targetPrincipal: "444455556666"}, "AssumeRoot's parameters"},
		{issueTextSeeds[18], issueRequest{name: "n"}, "a member that is not a string is empty, the others read"},
		{`{"RoleArn":"a","roleArn":"b","roleArn":"c"}`, issueRequest{roleARN: "c"}, "exact names, the last of a repeated one"},
		{`{"tradeInToken":"HIDDEN_DUE_TO_SECURITY_REASONS"}`, issueRequest{}, "GetDelegatedAccessToken's parameters name nothing read"},
		{`null`, issueRequest{}, "null parameters"},
		{``, issueRequest{}, "absent parameters"},
		{issueTextSeeds[16], issueRequest{}, "text after the object: not JSON, nothing read"},
		{issueTextSeeds[17], issueRequest{}, "invalid UTF-8: not JSON, nothing read"},
	} {
		if got := readIssueRequest(tt.in); got != tt.want {
			t.Errorf("%s: readIssueRequest(%s) = %+v, want %+v", tt.reason, tt.in, got, tt.want)
		}
		if want := oracleIssueRequest([]byte(tt.in)); want != tt.want {
			t.Errorf("%s: encoding/json oracle gives %+v, want %+v", tt.reason, want, tt.want)
		}
	}
}

// TestReadIssueDepth: nesting is bounded as encoding/json bounds it
// (jsonwire.MaxDepth levels, the text's own object counted), at the
// boundary too.
func TestReadIssueDepth(t *testing.T) {
	for _, tt := range []struct {
		n      int
		ok     bool
		reason string
	}{
		{jsonwire.MaxDepth - 1, true, "the object and its member: MaxDepth levels"},
		{jsonwire.MaxDepth, false, "one level more"},
	} {
		s := `{"credentials":{"accessKeyId":"ASIA"},"x":` + strings.Repeat("[", tt.n) + strings.Repeat("]", tt.n) + `}`
		if _, ok := readIssueResponse(s); ok != tt.ok {
			t.Errorf("%s: readIssueResponse ok = %v, want %v", tt.reason, ok, tt.ok)
		}
		if _, ok := oracleIssueResponse([]byte(s)); ok != tt.ok {
			t.Errorf("%s: encoding/json oracle ok = %v, want %v", tt.reason, ok, tt.ok)
		}
		want := issueRequest{}
		if tt.ok {
			want.roleARN = "r"
		}
		s = `{"roleArn":"r","x":` + strings.Repeat("[", tt.n) + strings.Repeat("]", tt.n) + `}`
		if got := readIssueRequest(s); got != want {
			t.Errorf("%s: readIssueRequest = %+v, want %+v", tt.reason, got, want)
		}
	}
}
