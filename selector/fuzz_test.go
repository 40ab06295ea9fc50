package selector

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/identity"
)

// gen turns fuzz bytes into choices; past the end every choice is 0.
type gen struct {
	b []byte
	i int
}

func (g *gen) byte() byte {
	if g.i >= len(g.b) {
		return 0
	}
	c := g.b[g.i]
	g.i++
	return c
}

func (g *gen) n(max int) int             { return int(g.byte()) % (max + 1) }
func (g *gen) pick(list []string) string { return list[int(g.byte())%len(list)] }

// A small vocabulary so that values collide: prefixes of each other,
// suffixes of each other, and the documented spellings.
var (
	vocab = []string{"", "a", "ab", "abc", "b", "ba", "cab", "Object", "GetObject", "PutObject",
		"arn:aws:s3:::b/", "arn:aws:s3:::b/k", "arn:aws:s3:::b", "arn:aws:s3:::bb/k", "true", "false",
		"AWS::S3::Object", "AWS::S3::Bucket", "kms.amazonaws.com", "s3.amazonaws.com",
		"Management", "Data", "NetworkActivity", "VpceAccessDenied", "AwsApiCall", "AwsVpceEvent"}
	fieldVocab = []string{FieldEventCategory, FieldEventSource, FieldEventName, FieldEventType, FieldReadOnly,
		FieldSessionCredentialFromConsole, FieldUserIdentityARN, FieldResourcesType, FieldResourcesARN,
		FieldErrorCode, FieldVPCEndpointID, "eventname", "resources.arn", "a|b", "bad field"}
	catVocab = []string{"", "Management", "Data", "NetworkActivity", "Insight", "management"}
)

func (g *gen) values() []string {
	k := g.n(3)
	if g.n(5) == 0 {
		k = 5 + g.n(10) // past the small-set sizes: maps and binary search
	}
	if k == 0 {
		return nil
	}
	out := make([]string, k)
	for i := range out {
		out[i] = g.pick(vocab)
	}
	return out
}

func (g *gen) selectors() []Advanced {
	sels := make([]Advanced, g.n(3))
	for i := range sels {
		sels[i].Name = g.pick([]string{"", "x", strings.Repeat("n", 1001)})
		if g.n(3) > 0 {
			sels[i].Fields = append(sels[i].Fields, Field{Field: FieldEventCategory, Equals: []string{g.pick(catVocab)}})
		}
		for j := g.n(4); j > 0; j-- {
			f := Field{Field: g.pick(fieldVocab)}
			for _, op := range operators() {
				if g.n(2) == 0 {
					f.set(op, g.values())
				}
			}
			sels[i].Fields = append(sels[i].Fields, f)
		}
	}
	return sels
}

func (g *gen) boolean() event.Bool {
	switch g.n(2) {
	case 1:
		return yes()
	case 2:
		return no()
	}
	return event.Bool{}
}

func (g *gen) record() *event.Record {
	rec := &event.Record{
		EventCategory:                event.Category(g.pick(catVocab)),
		EventSource:                  g.pick(vocab),
		EventName:                    g.pick(vocab),
		EventType:                    event.EventType(g.pick(vocab)),
		ReadOnly:                     g.boolean(),
		ManagementEvent:              g.boolean(),
		SessionCredentialFromConsole: g.boolean(),
		ErrorCode:                    g.pick(vocab),
		VPCEndpointID:                g.pick(vocab),
	}
	if g.n(1) == 1 {
		rec.UserIdentity = &identity.UserIdentity{ARN: g.pick(vocab)}
	}
	for k := g.n(3); k > 0; k-- {
		rec.Resources = append(rec.Resources, event.Resource{Type: g.pick(vocab), ARN: g.pick(vocab)})
	}
	return rec
}

func labelsFor(sels []Advanced) []string {
	l := make([]string, len(sels))
	for i := range l {
		l[i] = "AdvancedEventSelectors[" + string(rune('0'+i%10)) + "]"
	}
	return l
}

// checkAgainstOracle compares the compiled matcher built without
// validation, and Explain, with the oracle.
func checkAgainstOracle(t *testing.T, sels []Advanced, rec *event.Record) {
	t.Helper()
	m := build(sels, labelsFor(sels))
	want := oracleMatch(sels, rec)
	if got := m.Match(rec); got != want {
		b, _ := json.Marshal(sels)
		t.Fatalf("Match = %v, oracle = %v\nselectors %s\nrecord %+v\n%s", got, want, b, *rec, m.Explain(rec))
	}
	x := m.Explain(rec)
	if x.Selected != want {
		t.Fatalf("Explain.Selected = %v, oracle = %v: %s", x.Selected, want, x)
	}
	for _, r := range x.Results {
		if r.Matched != oracleSelector(sels[r.Selector], rec, x.Category) {
			t.Fatalf("Explain result %d = %v disagrees with the oracle: %s", r.Selector, r.Matched, x)
		}
		if !r.Matched && r.Failure == nil {
			t.Fatalf("Explain result %d has no failure", r.Selector)
		}
	}
	_ = x.String()
}

func FuzzMatch(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("\x01\x01\x01\x02\x01\x07\x00\x01\x09\x02\x02\x02\x0a\x0b"))
	f.Add([]byte("selectors and records, generated from these bytes"))
	f.Add([]byte{3, 0, 3, 2, 8, 1, 1, 10, 0, 1, 2, 12, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17})
	f.Fuzz(func(t *testing.T, data []byte) {
		g := &gen{b: data}
		checkAgainstOracle(t, g.selectors(), g.record())
	})
}

// TestMatchOracleRandom is FuzzMatch over pseudo-random inputs with a
// fixed seed, so plain go test cross-checks thousands of cases.
func TestMatchOracleRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	buf := make([]byte, 96)
	for i := 0; i < 8000; i++ {
		r.Read(buf)
		g := &gen{b: buf}
		checkAgainstOracle(t, g.selectors(), g.record())
	}
}

func FuzzCompile(f *testing.F) {
	f.Add([]byte(`[{"FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]}]`))
	f.Add([]byte(`[{"Name":"s3","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]},{"Field":"resources.ARN","NotStartsWith":["arn:aws:s3:::b/"]}]}]`))
	f.Add([]byte(`[{"FieldSelectors":[{"Field":"eventCategory","Equals":["NetworkActivity"]},{"Field":"eventSource","Equals":["kms.amazonaws.com"]}]}]`))
	f.Add([]byte(`[{"FieldSelectors":[{"Field":"eventcategory"}]},{"FieldSelectors":[]}]`))
	f.Add([]byte(`[{"ReadWriteType":"WriteOnly","DataResources":[{"Type":"AWS::S3::Object","Values":["arn:aws:s3:::b/"]}]}]`))
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte(`[{"Name":"n","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"],"Extra":[1]}],"Id":"x"},null]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var sels []Advanced
		if json.Unmarshal(data, &sels) != nil {
			sels = (&gen{b: data}).selectors()
		}
		verr := ValidateAdvanced(sels, TargetTrail)
		m, err := Compile(sels)
		if (err == nil) != (verr == nil) {
			t.Fatalf("Compile error %v, ValidateAdvanced error %v", err, verr)
		}
		if err != nil {
			checkErrors(t, err)
		} else {
			rec := (&gen{b: data}).record()
			if got, want := m.Match(rec), oracleMatch(sels, rec); got != want {
				t.Fatalf("Match = %v, oracle = %v", got, want)
			}
		}
		if err := ValidateAdvanced(sels, TargetEventDataStore); err != nil {
			checkErrors(t, err)
		}
		var basic []Basic
		if json.Unmarshal(data, &basic) == nil {
			berr := ValidateBasic(basic)
			if berr != nil {
				checkErrors(t, berr)
			}
			adv := FromBasic(basic)
			if berr == nil && countValues(adv) <= MaxAdvancedValues {
				if err := ValidateAdvanced(adv, TargetTrail); err != nil {
					t.Fatalf("FromBasic of valid basic selectors is invalid: %v", err)
				}
			}
		}
	})
}

func countValues(sels []Advanced) int {
	n := 0
	for _, s := range sels {
		for _, f := range s.Fields {
			for _, op := range operators() {
				n += len(f.Values(op))
			}
		}
	}
	return n
}

// checkErrors asserts the Errors contract: non-empty, sorted by path, a
// code and the package prefix on each, reachable with errors.As.
func checkErrors(t *testing.T, err error) {
	t.Helper()
	var es Errors
	if !errors.As(err, &es) || len(es) == 0 {
		t.Fatalf("error %v is not a non-empty Errors", err)
	}
	var one *Error
	if !errors.As(err, &one) || one != es[0] {
		t.Fatalf("errors.As(*Error) = %v, want the first problem", one)
	}
	for i, e := range es {
		if e.Code == "" || !strings.HasPrefix(e.Error(), "selector: ") {
			t.Fatalf("bad problem %#v", e)
		}
		if i > 0 && pathLess(e.Path, es[i-1].Path) {
			t.Fatalf("problems not sorted: %q after %q", e.Path, es[i-1].Path)
		}
	}
}

// Basic selectors and their FromBasic translation select the same
// records: checked against an evaluator of the documented basic meaning.
func TestFromBasicEquivalent(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	buf := make([]byte, 128)
	for i := 0; i < 3000; i++ {
		r.Read(buf)
		g := &gen{b: buf}
		basic := g.basic()
		if err := ValidateBasic(basic); err != nil {
			t.Fatalf("generated basic selectors are invalid: %v", err)
		}
		adv := FromBasic(basic)
		viaAdv, err := Compile(adv)
		if err != nil {
			t.Fatalf("Compile(FromBasic): %v", err)
		}
		viaBasic, err := CompileBasic(basic)
		if err != nil {
			t.Fatalf("CompileBasic: %v", err)
		}
		for k := 0; k < 8; k++ {
			rec := g.dataRecord()
			want := basicOracle(basic, rec)
			if got := viaAdv.Match(rec); got != want {
				b, _ := json.Marshal(basic)
				t.Fatalf("Compile(FromBasic).Match = %v, basic meaning %v\nbasic %s\nrecord %+v", got, want, b, *rec)
			}
			if got := viaBasic.Match(rec); got != want {
				t.Fatalf("CompileBasic.Match = %v, basic meaning %v", got, want)
			}
		}
	}
}

var (
	s3Values     = []string{"arn:aws:s3", "arn:aws-cn:s3", "arn:aws:s3:::b/", "arn:aws:s3:::b/k", "arn:aws:s3:::bb/", "arn:aws-cn:s3:::b/", "arn:aws:s3:::b/dir/"}
	lambdaValues = []string{"arn:aws:lambda", "arn:aws-cn:lambda", "arn:aws:lambda:us-east-1:111122223333:function:hello", "arn:aws:lambda:us-east-1:111122223333:function:hello2"}
	ddbValues    = []string{"arn:aws:dynamodb", "arn:aws:dynamodb:us-east-1:111122223333:table/t", "arn:aws:dynamodb:us-east-1:111122223333:table/t2"}
	recordARNs   = []string{"arn:aws:s3:::b/k", "arn:aws:s3:::b/dir/x", "arn:aws:s3:::bb/k", "arn:aws:s3:::b", "arn:aws-cn:s3:::b/k",
		"arn:aws:lambda:us-east-1:111122223333:function:hello", "arn:aws:lambda:us-east-1:111122223333:function:hello2",
		"arn:aws:dynamodb:us-east-1:111122223333:table/t", "arn:aws:dynamodb:us-east-1:111122223333:table/t2x"}
	recordTypes = []string{S3Object, LambdaFunction, DynamoDBTable, "AWS::S3::Bucket"}
)

func (g *gen) basic() []Basic {
	sels := make([]Basic, 1+g.n(4))
	for i := range sels {
		s := &sels[i]
		s.ReadWriteType = ReadWriteType(g.pick([]string{"", "All", "ReadOnly", "WriteOnly"}))
		switch g.n(2) {
		case 1:
			s.IncludeManagementEvents = boolPtr(true)
		case 2:
			s.IncludeManagementEvents = boolPtr(false)
		}
		switch g.n(3) {
		case 1:
			s.ExcludeManagementEventSources = []string{KMSSource}
		case 2:
			s.ExcludeManagementEventSources = []string{KMSSource, RDSDataSource}
		}
		for k := g.n(3); k > 0; k-- {
			var dr DataResource
			var vals []string
			switch g.n(2) {
			case 0:
				dr.Type, vals = S3Object, s3Values
			case 1:
				dr.Type, vals = LambdaFunction, lambdaValues
			default:
				dr.Type, vals = DynamoDBTable, ddbValues
			}
			for j := 1 + g.n(2); j > 0; j-- {
				dr.Values = append(dr.Values, g.pick(vals))
			}
			s.DataResources = append(s.DataResources, dr)
		}
		if s.IncludeManagementEvents != nil && !*s.IncludeManagementEvents && len(s.DataResources) == 0 {
			// AWS rejects a selector that selects nothing ("When
			// includeManagementEvents is false, DataResources must not
			// be empty").
			s.IncludeManagementEvents = nil
		}
	}
	return sels
}

func (g *gen) dataRecord() *event.Record {
	rec := &event.Record{
		EventCategory: event.Category(g.pick([]string{"Management", "Data", "", "NetworkActivity"})),
		EventSource:   g.pick([]string{KMSSource, RDSDataSource, "s3.amazonaws.com", "iam.amazonaws.com"}),
		EventName:     g.pick([]string{"GetObject", "Invoke", "PutItem", "CreateUser"}),
		ReadOnly:      g.boolean(),
	}
	for k := g.n(2); k > 0; k-- {
		rec.Resources = append(rec.Resources, event.Resource{Type: g.pick(recordTypes), ARN: g.pick(recordARNs)})
	}
	return rec
}

// FuzzConfig: decoding get-event-selectors / get-insight-selectors output
// never panics, and encode after decode is stable (decode then encode
// again gives the same bytes).
func FuzzConfig(f *testing.F) {
	for _, name := range []string{"get-event-selectors-basic.json", "get-event-selectors-advanced.json", "get-insight-selectors-trail.json", "get-insight-selectors-eds.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"EventSelectors":[{"DataResources":[],"ExcludeManagementEventSources":[]}],"X":1}`))
	f.Add([]byte(`{"EventSelectors":[{"DataResources":[{"Type":"t","Values":[],"d":1}],"b":null}],"AdvancedEventSelectors":[{"FieldSelectors":[{"Field":"f","f":[3]}],"a":"<4>"}],"InsightSelectors":[{"InsightType":"ApiCallRateInsight","i":{}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var c Config
		if json.Unmarshal(data, &c) == nil {
			roundTrip(t, &c, new(Config))
			_ = c.Validate()
			if m, err := c.Compile(); err == nil {
				m.Match((&gen{b: data}).record())
			}
		}
		var ic InsightConfig
		if json.Unmarshal(data, &ic) == nil {
			roundTrip(t, &ic, new(InsightConfig))
			_ = ic.Validate(c)
		}
	})
}

func roundTrip(t *testing.T, v, w any) {
	t.Helper()
	b1, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	if err := json.Unmarshal(b1, w); err != nil {
		t.Fatalf("decode of own encoding %s: %v", b1, err)
	}
	b2, err := json.Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b1, b2) {
		t.Fatalf("unstable encoding:\n%s\n%s", b1, b2)
	}
}
