package event

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/identity"
	"github.com/trailmap/trailmap/internal/jsonwire"
)

// memoIdentities returns the userIdentity texts of package identity's
// test cases, compact, with identities that have every nested object and
// unknown members besides.
func memoIdentities(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../identity/testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("identity test cases: %v", err)
	}
	var ids []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var c struct {
			UserIdentity json.RawMessage `json:"userIdentity"`
		}
		if err := json.Unmarshal(b, &c); err != nil || len(c.UserIdentity) == 0 || c.UserIdentity[0] != '{' {
			continue
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, c.UserIdentity); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, buf.String())
	}
	ids = append(ids,
		// Every nested object, unknown members in each, a repeated
		// member, values of other types kept raw, escapes.
		`{"type":"AssumedRole","principalId":"AROAEXAMPLE:s\u00e9","arn":"arn:aws:sts::111122223333:assumed-role/R/s","accountId":"111122223333","accessKeyId":"","x":{"y":[1,2]},`+
			`"sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE","arn":"arn:aws:iam::111122223333:role/R","accountId":"111122223333","userName":"R","z":1},`+
			`"webIdFederationData":{"federatedProvider":"accounts.google.com","attributes":{"a":"b"},"q":null},"attributes":{"creationDate":"20131102T010628Z","mfaAuthenticated":true,"w":0},`+
			`"sourceIdentity":"si","ec2RoleDelivery":"2.0","assumedRoot":"true","signInSessionArn":"arn:aws:signin:us-east-1:111122223333:session/x","u":[]},`+
			`"onBehalfOf":{"userId":"u","identityStoreArn":"arn:aws:identitystore::111122223333:identitystore/d-1","v":2},`+
			`"inScopeOf":{"sourceArn":"arn:aws:lambda:us-east-1:111122223333:function:f","sourceAccount":"111122223333","issuerType":"AWS::Lambda::Function","credentialsIssuedTo":"c"},`+
			`"invokedByDelegate":{"accountId":"444455556666"},"credentialId":"c1","credentialId":"c1","userName":7}`,
		`{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::111122223333:user/u","accountId":"111122223333","sessionContext":{"webIdFederationData":{}}}`,
	)
	slices.Sort(ids)
	return slices.Compact(ids)
}

// memoResources and memoTLS are resources and tlsDetails values the
// records of memoLogFile have in turn: in the block's room and past it,
// empty, with members of other types or unknown ones.
var (
	memoResources = []string{
		`[{"accountId":"111122223333","type":"AWS::S3::Object","ARN":"arn:aws:s3:::b/k"},{"accountId":"111122223333","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::b"}]`,
		`[]`,
		`[{"ARNPrefix":"arn:aws:s3:::b/","type":"AWS::S3::Object"},{"ARN":"a"},{"ARN":"b","x":1},{"ARN":"c\u00e9"}]`,
		`[{"ARN":7}]`,
		`[1]`,
	}
	memoTLS = []string{
		`{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"s3.us-east-1.amazonaws.com"}`,
		`{"tlsVersion":"TLSv1.2","cipherSuite":"ECDHE-RSA-AES128-GCM-SHA256","clientProvidedHostHeader":"b.s3.amazonaws.com","keyExchange":"x","y":[]}`,
		`{"tlsVersion":"TLSv1.\u0033","cipherSuite":null}`,
		`"TLSv1.3"`,
	}
)

// memoLogFile returns a log file whose records have each identity of ids
// four times, each time in another record, and the records' texts (a
// Reader remembers an identity met twice once it has read idMemoAfter
// records: the last copies of each are copies of the one remembered).
func memoLogFile(ids []string) ([]byte, []string) {
	var recs []string
	for round := range 4 {
		for i, id := range ids {
			recs = append(recs, fmt.Sprintf(`{"eventVersion":"1.08","userIdentity":%s,"eventTime":"2024-05-01T00:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","requestParameters":{"bucketName":"b","key":"k%d"},"resources":%s,"eventID":"%d-%d","tlsDetails":%s}`,
				id, i%3, memoResources[i%len(memoResources)], round, i, memoTLS[i%len(memoTLS)]))
		}
	}
	return []byte(`{"Records":[` + strings.Join(recs, ",") + `]}`), recs
}

// mutate sets every string, byte, boolean and number reachable from v
// through exported fields, pointers and slices to something else.
func mutate(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			mutate(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				mutate(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			mutate(v.Index(i))
		}
	case reflect.String:
		v.SetString(v.String() + "!")
	case reflect.Uint8:
		v.SetUint(v.Uint() ^ 0x20)
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int64:
		v.SetInt(v.Int() + 1)
	}
}

// TestIdentityMemoIndependent reads records whose identities repeat,
// which a Reader decoding in full copies from the identity decoded
// before, and checks that each record is what decoding its text alone
// gives, and stays so when every other record's identity is changed in
// every field it has.
func TestIdentityMemoIndependent(t *testing.T) {
	ids := memoIdentities(t)
	file, texts := memoLogFile(ids)
	// What each record encodes to, decoded alone (decoding is lossless
	// up to escapes and repeated members).
	for i, s := range texts {
		rec, err := ParseRecord([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		texts[i] = string(rec.AppendJSON(nil))
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(file)
	zw.Close()
	inputs := map[string][]byte{"plain": file, "gzip": gz.Bytes()}
	for _, name := range []string{"plain", "gzip"} {
		for _, way := range []string{"ReadRecord", "Next"} {
			t.Run(name+"/"+way, func(t *testing.T) {
				rd := NewReader(bytes.NewReader(inputs[name]))
				var recs []*Record
				for {
					var rec *Record
					var err error
					if way == "Next" {
						rec, err = rd.Next()
					} else {
						rec = new(Record)
						err = rd.ReadRecord(rec)
					}
					if err == io.EOF {
						break
					}
					if err != nil {
						t.Fatal(err)
					}
					recs = append(recs, rec)
				}
				if len(recs) != len(texts) {
					t.Fatalf("read %d records, want %d", len(recs), len(texts))
				}
				hits := 0
				for _, set := range rd.ids.e {
					for _, e := range set {
						if e != nil {
							hits++
						}
					}
				}
				if hits != len(ids) || rd.ids.tls == nil || rd.ids.res == nil {
					t.Errorf("the memo holds %d identities, want %d", hits, len(ids))
				}
				check := func(skip int) {
					t.Helper()
					for i, rec := range recs {
						if i == skip {
							continue
						}
						if got := string(rec.AppendJSON(nil)); got != texts[i] {
							t.Fatalf("record %d:\n got %s\nwant %s", i, got, texts[i])
						}
					}
				}
				check(-1)
				for i, rec := range recs {
					want, err := ParseRecord([]byte(texts[i]))
					want.wire = rec.wire
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(rec.UserIdentity, want.UserIdentity) {
						t.Errorf("record %d: identity %+v, decoded alone %+v", i, rec.UserIdentity, want.UserIdentity)
					}
				}
				// Each record of an identity met again, changed in
				// everything it has, changes no other record.
				for i := len(ids); i < len(recs); i++ {
					mutate(reflect.ValueOf(recs[i]))
					check(i)
					if got := string(recs[i].AppendJSON(nil)); got == texts[i] {
						t.Fatalf("record %d: not changed", i)
					}
					recs[i] = nil
					recs[i], _ = ParseRecord([]byte(texts[i]))
				}
			})
		}
	}
}

// TestCloneIdentityCovers lists what of a UserIdentity can be changed
// in place through a pointer, slice or map: cloneIdentity must copy each
// of these (a new one of them is to be added there and here).
func TestCloneIdentityCovers(t *testing.T) {
	var got []string
	var walk func(path string, typ reflect.Type)
	walk = func(path string, typ reflect.Type) {
		for i := range typ.NumField() {
			f := typ.Field(i)
			if !f.IsExported() {
				continue
			}
			p := strings.TrimPrefix(path+"."+f.Name, ".")
			switch f.Type.Kind() {
			case reflect.Pointer:
				got = append(got, p)
				if f.Type.Elem().Kind() == reflect.Struct && f.Type.Elem().PkgPath() != "time" {
					walk(p, f.Type.Elem())
				}
			case reflect.Slice, reflect.Map, reflect.Interface, reflect.Chan, reflect.Func, reflect.UnsafePointer:
				got = append(got, p)
			case reflect.Struct:
				if f.Type.PkgPath() != "time" {
					walk(p, f.Type)
				}
			}
		}
	}
	walk("", reflect.TypeOf(identity.UserIdentity{}))
	want := []string{
		"InScopeOf", "InvokedByDelegate", "OnBehalfOf", "SessionContext",
		"SessionContext.Attributes", "SessionContext.SessionIssuer",
		"SessionContext.WebIDFederationData", "SessionContext.WebIDFederationData.Attributes",
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("the references in a UserIdentity are\n%q\nwant (what cloneIdentity copies)\n%q", got, want)
	}
}

// FuzzIdentityMemo reads log files whose records repeat a text, the
// fuzzer's, as their userIdentity, requestParameters, resources entry and
// tlsDetails, between others: each record a Reader reads (copies of
// values remembered among them, payloads found in the memo of those
// skipped) must be the record its text decodes to alone, and stay so
// when every record before it is changed.
func FuzzIdentityMemo(f *testing.F) {
	f.Add([]byte(`{"type":"AWSService","invokedBy":"ec2.amazonaws.com"}`))
	f.Add([]byte(`{"type":"x","type":"y"}`))
	f.Add([]byte(`{"type":"AssumedRole","sessionContext":{"attributes":{"creationDate":"x"}},"a":{"b":[{}]}}`))
	f.Add([]byte(`{"type":"IAMUser"},"userIdentity":{"type":"Root"}`))
	f.Add([]byte(`{"tlsVersion":"TLSv1.3"},"tlsDetails":{"cipherSuite":"c"},"resources":[{"ARN":"a"},{"ARN":"b"}],"userIdentity":{"type":"Root","sessionContext":{"webIdFederationData":{}}}`))
	f.Add([]byte(`{"type":"AssumedRole","sessionContext":{"sessionIssuer":{},"webIdFederationData":{},"attributes":{}},"onBehalfOf":{},"inScopeOf":{}}`))
	f.Fuzz(func(t *testing.T, id []byte) {
		others := []string{`{"type":"Root"}`, `{"type":"IAMUser","principalId":"AIDAEXAMPLE"}`}
		var recs []string
		for i := range 3 * idMemoAfter {
			u := string(id)
			if i%3 == 1 {
				u = others[i/3%2]
			}
			recs = append(recs, fmt.Sprintf(`{"eventVersion":"1.08","userIdentity":%s,"requestParameters":%s,"resources":[%s],"tlsDetails":%s,"eventID":"%d"}`, u, u, u, u, i))
		}
		file := []byte(`{"Records":[` + strings.Join(recs, ",") + `]}`)
		for _, next := range []bool{true, false} {
			memoIndependent(t, file, next)
		}
	})
}

// memoIndependent is FuzzIdentityMemo for one log file, its records read
// with Next (each in a block of its own) or with ReadRecord (the values
// remembered placed once the record is read).
func memoIndependent(t *testing.T, file []byte, next bool) {
	rd := NewReader(bytes.NewReader(file))
	var got []*Record
	var want []string
	for steps := 0; steps <= len(file); steps++ {
		var rec *Record
		var err error
		if next {
			rec, err = rd.Next()
		} else {
			rec = new(Record)
			err = rd.ReadRecord(rec)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			if streamEnded(err) {
				break
			}
			continue
		}
		alone, err := ParseRecord(rd.Raw())
		if err != nil {
			t.Fatalf("record %s read, alone: %v", rd.Raw(), err)
		}
		enc := string(alone.AppendJSON(nil))
		if s := string(rec.AppendJSON(nil)); s != enc {
			t.Fatalf("record read\n%s\nalone\n%s", s, enc)
		}
		got, want = append(got, rec), append(want, enc)
	}
	for i := range got {
		mutate(reflect.ValueOf(got[i]))
		for j := i + 1; j < len(got); j++ {
			if string(got[j].AppendJSON(nil)) != want[j] {
				t.Fatalf("changing record %d changed record %d:\n%s\nwas\n%s", i, j, got[j].AppendJSON(nil), want[j])
			}
		}
	}
}

// TestRawMemoDepth reads records whose requestParameters nest deep, again
// and again past the point where a Reader remembers the payloads it
// skipped: one that makes its record too deep is refused each time (a
// payload that nests deep is not remembered, as a value found in the
// memo would not tell its depth), one within the limit is read each time.
func TestRawMemoDepth(t *testing.T) {
	for _, tc := range []struct {
		levels int
		ok     bool
		why    string
	}{
		{jsonwire.MaxDepth - 1, true, "the record object and its payload: MaxDepth levels"},
		{jsonwire.MaxDepth, false, "one level more"},
		{100, true, "deep enough for the scanner to note it"},
	} {
		t.Run(tc.why, func(t *testing.T) {
			deep := strings.Repeat("[", tc.levels) + strings.Repeat("]", tc.levels)
			var recs []string
			for i := range 4 * idMemoAfter {
				p := `{"a":1}`
				if i%2 == 1 {
					p = deep
				}
				recs = append(recs, fmt.Sprintf(`{"eventVersion":"1.08","requestParameters":%s,"eventID":"%d"}`, p, i))
			}
			rd := NewReader(strings.NewReader(`{"Records":[` + strings.Join(recs, ",") + `]}`))
			for i := range recs {
				var rec Record
				err := rd.ReadRecord(&rec)
				if want := tc.ok || i%2 == 0; (err == nil) != want {
					t.Fatalf("record %d: error %v, want one: %v", i, err, !want)
				}
				if err == nil && string(rec.RequestParameters) != map[bool]string{false: `{"a":1}`, true: deep}[i%2 == 1] {
					t.Fatalf("record %d: requestParameters %.40s", i, rec.RequestParameters)
				}
			}
			if err := rd.ReadRecord(new(Record)); err != io.EOF {
				t.Fatalf("after the records: %v", err)
			}
		})
	}
}

// TestMemoOff reads records whose identities, payloads, resources and
// TLS details are all their own: the memos, which would cost hashing and
// find nothing, are left, and the records are those their texts decode
// to alone.
func TestMemoOff(t *testing.T) {
	var recs []string
	for i := range 1200 {
		recs = append(recs, fmt.Sprintf(`{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:s%d","arn":"arn:aws:sts::111122223333:assumed-role/R/s%d","sessionContext":{"attributes":{"creationDate":"2024-05-01T00:00:00Z","mfaAuthenticated":"false"}}},"requestParameters":{"key":"k%d"},"resources":[{"ARN":"arn:aws:s3:::b/k%d"}],"eventID":"%d","tlsDetails":{"tlsVersion":"TLSv1.3","clientProvidedHostHeader":"h%d.example.com"}}`, i, i, i, i, i, i))
	}
	rd := NewReader(strings.NewReader(`{"Records":[` + strings.Join(recs, ",") + `]}`))
	for i := range recs {
		rec, err := rd.Next()
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		alone, err := ParseRecord([]byte(recs[i]))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := rec.AppendJSON(nil), alone.AppendJSON(nil); !bytes.Equal(got, want) {
			t.Fatalf("record %d:\n got %s\nwant %s", i, got, want)
		}
	}
	m := rd.ids
	if !m.idUse.off || !m.tlsUse.off || !m.resUse.off || !m.skipUse.off {
		t.Errorf("memos left: identities %v, TLS details %v, resources %v, payloads %v; want all", m.idUse.off, m.tlsUse.off, m.resUse.off, m.skipUse.off)
	}
}
