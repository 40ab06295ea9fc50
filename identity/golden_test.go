package identity_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/identity"
)

var update = flag.Bool("update", false, "rewrite the want members of testdata/*.json")

// answers is every answer of a UserIdentity in a form that reads well in
// a golden file. Unknown answers are spelled "unknown".
type answers struct {
	Type           string           `json:"type"`
	Known          bool             `json:"known"`
	Principal      principalAnswer  `json:"principal"`
	Account        string           `json:"account"`
	SessionName    string           `json:"sessionName"`
	MFA            string           `json:"mfa"`
	Service        string           `json:"service"`
	Console        string           `json:"console"`
	AssumedRoot    string           `json:"assumedRoot"`
	IMDS           string           `json:"imds"`
	SourceIdentity string           `json:"sourceIdentity,omitempty"`
	Federation     *federationReply `json:"federation,omitempty"`
	Masked         bool             `json:"masked,omitempty"`
	Anonymous      bool             `json:"anonymous,omitempty"`
}

type principalAnswer struct {
	OK               bool   `json:"ok"`
	Kind             string `json:"kind"`
	ARN              string `json:"arn,omitempty"`
	AccountID        string `json:"accountId,omitempty"`
	Name             string `json:"name,omitempty"`
	ID               string `json:"id,omitempty"`
	IssuerARN        string `json:"issuerArn,omitempty"`
	IdentityStoreARN string `json:"identityStoreArn,omitempty"`
}

type federationReply struct {
	Method           string          `json:"method"`
	Provider         string          `json:"provider,omitempty"`
	Subject          string          `json:"subject,omitempty"`
	IdentityStoreARN string          `json:"identityStoreArn,omitempty"`
	Attributes       json.RawMessage `json:"attributes,omitempty"`
	SourceIdentity   string          `json:"sourceIdentity,omitempty"`
}

func tri(v, known bool) string {
	switch {
	case !known:
		return "unknown"
	case v:
		return "yes"
	}
	return "no"
}

func orUnknown(s string, ok bool) string {
	if !ok {
		return "unknown"
	}
	return s
}

func answersOf(u *identity.UserIdentity) answers {
	a := answers{Type: string(u.Type), Known: u.Type.Known(), Masked: u.Masked(), Anonymous: u.Anonymous()}
	p, ok := u.Principal()
	a.Principal = principalAnswer{OK: ok, Kind: p.Kind.String(), ARN: p.ARN, AccountID: p.AccountID,
		Name: p.Name, ID: p.ID, IssuerARN: p.IssuerARN, IdentityStoreARN: p.IdentityStoreARN}
	a.Account = orUnknown(u.Account())
	a.SessionName = orUnknown(u.SessionName())
	a.MFA = tri(u.MFA())
	if s, ok := u.Service(); ok {
		a.Service = s
		if s == "" {
			a.Service = "(unnamed service)"
		}
	} else {
		a.Service = "none"
	}
	a.Console = tri(u.ConsoleSession())
	a.AssumedRoot = tri(u.AssumedRoot())
	if v, ok := u.IMDSVersion(); ok {
		a.IMDS = "IMDSv" + string(rune('0'+v))
	} else {
		a.IMDS = "unknown"
	}
	a.SourceIdentity, _ = u.SourceIdentity()
	if f, ok := u.Federation(); ok {
		a.Federation = &federationReply{Method: f.Method.String(), Provider: f.Provider, Subject: f.Subject,
			IdentityStoreARN: f.IdentityStoreARN, SourceIdentity: f.SourceIdentity}
		if len(f.Attributes) > 0 {
			var buf bytes.Buffer
			if err := json.Compact(&buf, f.Attributes); err == nil {
				a.Federation.Attributes = buf.Bytes()
			}
		}
	}
	return a
}

type goldenFile struct {
	Source       string          `json:"source"`
	Reason       string          `json:"reason"`
	UserIdentity json.RawMessage `json:"userIdentity"`
	Want         *answers        `json:"want"`
}

// TestDocumentedIdentities checks the answers for every userIdentity
// element of the AWS documentation examples transcribed into
// testdata, and that each survives decode→encode.
func TestDocumentedIdentities(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/*.json files")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".json"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var g goldenFile
			if err := json.Unmarshal(data, &g); err != nil {
				t.Fatal(err)
			}
			u, err := identity.Parse(string(g.UserIdentity))
			if err != nil {
				t.Fatalf("Parse: %v (%s)", err, g.Source)
			}
			checkLossless(t, string(g.UserIdentity), u)
			got := answersOf(u)
			if *update {
				writeWant(t, file, data, got)
				return
			}
			if g.Want == nil {
				t.Fatalf("no want member; run go test -update and review the result")
			}
			if g.Want.Federation != nil && len(g.Want.Federation.Attributes) > 0 {
				var buf bytes.Buffer
				if err := json.Compact(&buf, g.Want.Federation.Attributes); err != nil {
					t.Fatal(err)
				}
				g.Want.Federation.Attributes = buf.Bytes()
			}
			if !reflect.DeepEqual(got, *g.Want) {
				gb, _ := json.MarshalIndent(got, "", "  ")
				wb, _ := json.MarshalIndent(g.Want, "", "  ")
				t.Errorf("%s\n(%s)\ngot  %s\nwant %s", g.Reason, g.Source, gb, wb)
			}
		})
	}
}

// writeWant replaces the want member, the last member of the file, keeping
// the transcribed userIdentity text as it is.
func writeWant(t *testing.T, file string, data []byte, got answers) {
	t.Helper()
	i := bytes.LastIndex(data, []byte(`"want":`))
	if i < 0 {
		t.Fatalf("%s: no want member", file)
	}
	b, err := json.MarshalIndent(got, "  ", "  ")
	if err != nil {
		t.Fatal(err)
	}
	out := append(data[:i:i], `"want": `...)
	out = append(out, b...)
	out = append(out, "\n}\n"...)
	if err := os.WriteFile(file, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkLossless checks that encoding u gives the same JSON value as in,
// and that decoding the encoding again gives the same text.
func checkLossless(t *testing.T, in string, u *identity.UserIdentity) {
	t.Helper()
	out, err := u.MarshalJSON()
	if err != nil {
		t.Fatalf("MarshalJSON: %v", err)
	}
	if !sameJSON(t, []byte(in), out) {
		t.Errorf("decode→encode changed the value:\nin  %s\nout %s", in, out)
	}
	u2, err := identity.Parse(string(out))
	if err != nil {
		t.Fatalf("Parse of own output: %v\n%s", err, out)
	}
	if out2 := u2.AppendJSON(nil); !bytes.Equal(out, out2) {
		t.Errorf("encode→decode→encode not stable:\n%s\n%s", out, out2)
	}
}

// sameJSON reports whether a and b hold the same JSON value (numbers
// compared by their text).
func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	va, err := decodeValue(a)
	if err != nil {
		t.Fatalf("encoding/json rejects %s: %v", a, err)
	}
	vb, err := decodeValue(b)
	if err != nil {
		t.Fatalf("encoding/json rejects %s: %v", b, err)
	}
	return reflect.DeepEqual(va, vb)
}

func decodeValue(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}
