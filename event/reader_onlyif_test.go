package event

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/internal/corpustest"
)

// globalSource stands in for region.IsGlobalService (which event cannot
// import): the eventSource values whose records need tlsDetails and
// additionalEventData to be routed.
func globalSource(v string) bool {
	return v == "sts.amazonaws.com" || v == "iam.amazonaws.com" || v == "signin.amazonaws.com"
}

// routeMembersLess are routerMembers without tlsDetails and
// additionalEventData, which globalCond names.
var routeMembersLess = []string{"awsRegion", "eventCategory", "eventName", "eventSource",
	"eventTime", "eventType", "insightDetails", "managementEvent", "readOnly", "recipientAccountId",
	"vpcEndpointAccountId", "eventID"}

// globalCond is the condition a router reads records under.
var globalCond = Condition{Key: "eventSource", When: globalSource, Members: []string{"tlsDetails", "additionalEventData"}}

// onlyIfSets are the names and conditions the DecodeOnlyIf comparisons
// read with, each with why.
var onlyIfSets = []struct {
	why   string
	names []string
	c     Condition
}{
	{"a router's: the key is met before the members it calls for", routeMembersLess, globalCond},
	{"the key is usually met after the members it calls for, and its absence calls for them",
		[]string{"eventName", "recipientAccountId"},
		Condition{Key: "recipientAccountId", When: func(v string) bool { return v == "" || v[0] == '1' },
			Members: []string{"userIdentity", "eventTime", "requestParameters"}}},
	{"the members called for are nested values copied, and one named too is decoded of every record",
		[]string{"eventSource", "eventName"},
		Condition{Key: "eventSource", When: func(v string) bool { return strings.HasPrefix(v, "s") },
			Members: []string{"userIdentity", "resources", "eventName", "tlsDetails", "p_extra"}}},
	{"paths into userIdentity called for: of records naming eventSource first in one pass, of the others (onlyRec) in full when called for",
		routeMembersLess,
		Condition{Key: "eventSource", When: func(v string) bool { return strings.HasPrefix(v, "s") },
			Members: []string{"userIdentity.arn", "userIdentity.type", "tlsDetails"}}},
	{"paths into userIdentity named and called for: what both name decoded of every record",
		[]string{"eventSource", "userIdentity.accountId"},
		Condition{Key: "eventSource", When: globalSource, Members: []string{"userIdentity.arn"}}},
	{"a path into userIdentity named and all of it called for: all of it decoded of every record",
		[]string{"eventSource", "userIdentity.accountId"},
		Condition{Key: "eventSource", When: globalSource, Members: []string{"userIdentity"}}},
	{"the key is not named: the members are decoded of every record",
		[]string{"eventName"}, Condition{Key: "eventSource", When: globalSource, Members: []string{"tlsDetails"}}},
	{"the key is not a string member: the members are decoded of every record",
		[]string{"eventName", "readOnly"}, Condition{Key: "readOnly", When: globalSource, Members: []string{"eventSource"}}},
	{"no When: the members are decoded of every record",
		[]string{"eventName", "eventSource"}, Condition{Key: "eventSource", Members: []string{"awsRegion"}}},
	{"When true of every value", []string{"eventName"},
		Condition{Key: "eventName", When: func(string) bool { return true }, Members: []string{"additionalEventData", "awsRegion"}}},
}

// onlyIfRec is onlyRec made an STS call: its tlsDetails and
// additionalEventData come after eventSource, as CloudTrail writes them.
var onlyIfRec = strings.NewReplacer(`"s3.amazonaws.com"`, `"sts.amazonaws.com"`,
	`"tlsDetails":{"tlsVersion":"TLSv1.3"}`, `"tlsDetails":{"tlsVersion":"TLSv1.3","clientProvidedHostHeader":"sts.amazonaws.com"},"additionalEventData":{"RequestDetails":{"endpointType":"global"}}`).Replace(onlyRec)

func TestDecodeOnlyIf(t *testing.T) {
	tls := `"tlsDetails":{"tlsVersion":"TLSv1.2","clientProvidedHostHeader":"sts.us-east-1.amazonaws.com"}`
	aed := `"additionalEventData":{"RequestDetails":{"endpointType":"regional"}}`
	for _, tc := range []struct {
		name, reason, in string
		// tls and aed say whether a router's reading (routeMembersLess,
		// globalCond) has TLSDetails and AdditionalEventData; onePass
		// whether it is decided in one pass, without a full decoding.
		tls, aed, onePass bool
	}{
		{"global after", "a global service's record, its members after eventSource: decoded in one pass",
			`{"eventSource":"sts.amazonaws.com",` + tls + `,` + aed + `}`, true, true, true},
		{"other after", "another service's record: its members are skipped",
			`{"eventSource":"s3.amazonaws.com",` + tls + `,` + aed + `}`, false, false, true},
		{"global before", "a global service's record, its members before eventSource: decoded in full and projected",
			`{` + tls + `,` + aed + `,"eventSource":"iam.amazonaws.com"}`, true, true, false},
		{"other before", "another service's record, its members before eventSource: skipped, in one pass",
			`{` + tls + `,"eventSource":"ec2.amazonaws.com",` + aed + `}`, false, false, true},
		{"global one before", "tlsDetails before eventSource, additionalEventData after: decoded in full",
			`{` + tls + `,"eventSource":"signin.amazonaws.com",` + aed + `}`, true, true, false},
		{"no key", "no eventSource: When(\"\") is false, the members are skipped",
			`{` + tls + `,` + aed + `}`, false, false, true},
		{"key not a string", "an eventSource that is a number is asked about as \"\"",
			`{"eventSource":1,` + tls + `,` + aed + `}`, false, false, true},
		{"key escaped", "the key's value is asked about unescaped",
			`{"eventSource":"st\u0073.amazonaws.com",` + tls + `}`, true, false, true},
		{"key twice", "eventSource twice with two values: the full decoding's error",
			`{"eventSource":"s3.amazonaws.com","eventSource":"sts.amazonaws.com",` + tls + `}`, false, false, false},
		{"key twice alike", "eventSource twice with one value is left to the full decoding, which accepts it",
			`{"eventSource":"sts.amazonaws.com",` + tls + `,"eventSource":"sts.amazonaws.com"}`, true, false, false},
		{"member twice skipped", "tlsDetails twice in another service's record is left to the full decoding",
			`{"eventSource":"s3.amazonaws.com",` + tls + `,` + tls + `}`, false, false, false},
		{"member twice decoded", "tlsDetails twice in a global service's record is left to the full decoding",
			`{"eventSource":"sts.amazonaws.com",` + tls + `,` + tls + `}`, true, false, false},
		{"member null", "a tlsDetails of null is kept as the full decoding keeps it",
			`{"eventSource":"sts.amazonaws.com","tlsDetails":null,` + aed + `}`, false, true, true},
		{"member malformed skipped", "a malformed additionalEventData of another service: the same error",
			`{"eventSource":"s3.amazonaws.com","additionalEventData":{"a":}}`, false, false, false},
		{"identity after", "a userIdentity after eventSource, called for: its paths decoded in one pass",
			`{"eventSource":"sts.amazonaws.com","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/R/s","accountId":"111122223333","sessionContext":{"attributes":{"a":"1"}}},` + tls + `}`, true, false, true},
		{"identity after, not called for", "a userIdentity after eventSource, not called for: skipped",
			`{"eventSource":"ec2.amazonaws.com","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/R/s","accountId":"111122223333"},` + tls + `}`, false, false, true},
		{"identity after, malformed", "a malformed userIdentity after eventSource: the same error, called for or not",
			`{"eventSource":"sts.amazonaws.com","userIdentity":{"arn":"a","arn":"b"}},{"eventSource":"ec2.amazonaws.com","userIdentity":{"arn":}}`, false, false, false},
		{"member malformed before", "a malformed additionalEventData before eventSource: the same error",
			`{"additionalEventData":{"a":[},"eventSource":"sts.amazonaws.com"}`, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := []byte(`{"Records":[` + tc.in + `,` + tc.in + `]}`)
			for _, set := range onlyIfSets {
				for _, opts := range onlyReadOptions {
					for _, next := range []bool{false, true} {
						compareOnlyIf(t, in, set.names, set.c, next, opts...)
					}
				}
			}
			p := newProjection(routeMembersLess, globalCond)
			var rec Record
			_, err := rec.decodeProjected(tc.in, nil, nil, false, true, p)
			if onePass := err == nil; onePass != tc.onePass {
				t.Errorf("decided in one pass: %v, want %v (%v)", onePass, tc.onePass, err)
			}
			rd := NewReader(bytes.NewReader(in), DecodeOnly(routeMembersLess...), DecodeOnlyIf(globalCond))
			if err := rd.ReadRecord(&rec); err != nil {
				if tc.tls || tc.aed {
					t.Fatal(err)
				}
				return
			}
			if got := rec.TLSDetails != nil; got != tc.tls {
				t.Errorf("TLSDetails decoded: %v, want %v", got, tc.tls)
			}
			if got := rec.AdditionalEventData != nil; got != tc.aed {
				t.Errorf("AdditionalEventData decoded: %v, want %v", got, tc.aed)
			}
		})
	}
}

// TestDecodeOnlyIfRecords compares DecodeOnlyIf reading with full reading
// over the transcribed records, the real corpus and records of both
// kinds in a log file.
func TestDecodeOnlyIfRecords(t *testing.T) {
	ins := [][]byte{[]byte(`{"Records":[` + onlyRec + `,` + onlyIfRec + `,` + onlyRec + `,` + onlyIfRec + `]}`)}
	bad, _ := filepath.Glob("testdata/records/malformed/*.json")
	ins = append(ins, testdataLogFile(t))
	for _, p := range bad {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		ins = append(ins, b)
	}
	compare := func(t *testing.T, in []byte, share func(k int) bool) {
		for k, set := range onlyIfSets {
			if !share(k) {
				continue
			}
			for _, next := range []bool{false, true} {
				compareOnlyIf(t, in, set.names, set.c, next)
				compareOnlyIf(t, in, set.names, set.c, next, bufferSize(100))
			}
		}
	}
	every := func(int) bool { return true }
	for _, in := range ins {
		compare(t, in, every)
	}
	t.Run("corpus", func(t *testing.T) {
		// Each file under one set in turn, or under every one when
		// corpustest.Long.
		for i, f := range corpustest.Files(t, corpustest.All) {
			compare(t, f.Data, func(k int) bool { return corpustest.Long() || k == i%len(onlyIfSets) })
		}
	})
}

// TestDecodeOnlyIfAllocs: under a router's condition, reading records of
// a global service and of another allocates what DecodeOnly does, well
// under one allocation a record.
func TestDecodeOnlyIfAllocs(t *testing.T) {
	var in bytes.Buffer
	in.WriteString(`{"Records":[`)
	const n = 200
	for i := range n {
		if i > 0 {
			in.WriteByte(',')
		}
		r := onlyRec
		if i%2 == 1 {
			r = onlyIfRec
		}
		in.WriteString(strings.Replace(r, `"e-1"`, fmt.Sprintf(`"e-%04d"`, i), 1))
	}
	in.WriteString("]}")
	data := in.Bytes()
	rd := NewReader(bytes.NewReader(data), DecodeOnly(routeMembersLess...), DecodeOnlyIf(globalCond))
	var rec Record
	src := bytes.NewReader(data)
	tlsSeen := 0
	allocs := testing.AllocsPerRun(20, func() {
		src.Reset(data)
		rd.Reset(src)
		for {
			if err := rd.ReadRecord(&rec); err != nil {
				if err != io.EOF {
					t.Fatal(err)
				}
				return
			}
			if rec.TLSDetails != nil {
				tlsSeen++
			}
		}
	})
	if tlsSeen == 0 {
		t.Fatal("no record with its tlsDetails decoded")
	}
	if per := allocs / n; per > 0.1 {
		t.Errorf("%.1f allocations per pass of %d records (%.3f a record), want at most 0.1 a record", allocs, n, per)
	}
}

// FuzzDecodeOnlyIf reads any input with DecodeOnly and DecodeOnlyIf of
// each of onlyIfSets and with a full decoding, and fails when a record
// or an error differs from the full decoding's, projected.
func FuzzDecodeOnlyIf(f *testing.F) {
	addRecordSeeds(f)
	for _, s := range []string{
		`{"Records":[` + onlyRec + `,` + onlyIfRec + `]}`,
		`{"Records":[{"tlsDetails":{"tlsVersion":"x"},"eventSource":"sts.amazonaws.com"},{"eventSource":"sts.amazonaws.com","tlsDetails":{"a":1,"a":2}}]}`,
		`{"Records":[{"eventSource":"iam.amazonaws.com","eventSource":"s3.amazonaws.com","additionalEventData":[1]},{"eventSource":2,"tlsDetails":7}]}`,
		`{"Records":[{"recipientAccountId":"1","userIdentity":{"type":"Root"}},{"userIdentity":{"type":"Root"},"recipientAccountId":"2"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for i, set := range onlyIfSets {
			compareOnlyIf(t, b, set.names, set.c, i%2 == 0, onlyReadOptions[i%len(onlyReadOptions)]...)
			compareOnlyIf(t, b, set.names, set.c, i%2 != 0, onlyReadOptions[(i+1)%len(onlyReadOptions)]...)
		}
	})
}
