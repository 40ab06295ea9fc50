package selector

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sameJSON reports whether a and b are the same JSON value.
func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return bytes.Equal(xa, ya)
}

func TestConfigFiles(t *testing.T) {
	tests := []struct {
		file   string
		reason string
		rec    func() bool
	}{
		{"get-event-selectors-basic.json", "API reference example: S3 prefix and one Lambda function, management events without KMS", nil},
		{"get-event-selectors-advanced.json", "PutEventSelectors example: management, two S3 prefixes, KMS network activity", nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b := readTestdata(t, tt.file)
			var cfg Config
			if err := json.Unmarshal(b, &cfg); err != nil {
				t.Fatal(err)
			}
			if cfg.TrailARN == "" || len(cfg.EventSelectors)+len(cfg.AdvancedEventSelectors) == 0 {
				t.Fatalf("decoded %+v (%s)", cfg, tt.reason)
			}
			m, err := cfg.Compile()
			if err != nil {
				t.Fatalf("Compile: %v (%s)", err, tt.reason)
			}
			if !m.Match(mgmt("iam.amazonaws.com", "CreateUser", no())) {
				t.Errorf("IAM management event not selected (%s)", tt.reason)
			}
			if m.Match(mgmt(KMSSource, "Decrypt", yes())) == (tt.file == "get-event-selectors-basic.json") {
				t.Errorf("KMS exclusion wrong (%s)", tt.reason)
			}
		})
	}
	b := readTestdata(t, "get-event-selectors-basic.json")
	var cfg Config
	if err := json.Unmarshal(b, &cfg); err != nil {
		t.Fatal(err)
	}
	m, _ := cfg.Compile()
	fn := "arn:aws:lambda:us-west-2:123456789012:function:hello-world"
	if !m.Match(lambdaInvoke(fn)) || m.Match(lambdaInvoke(fn+"2")) {
		t.Error("Lambda function value must match exactly")
	}
	if !m.Match(s3Data("PutObject", "amzn-s3-demo-bucket", "k", no())) || m.Match(s3Data("PutObject", "other", "k", no())) {
		t.Error("S3 value must select its bucket only")
	}
}

func TestConfigRoundTrip(t *testing.T) {
	in := []byte(`{"TrailARN":"arn:aws:cloudtrail:us-east-1:123456789012:trail/t","AdvancedEventSelectors":[{"Name":"m","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]}],"ResponseMetadata":{"RequestId":"x"},"NewMember":[1,2]}`)
	var cfg Config
	if err := json.Unmarshal(in, &cfg); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !sameJSON(t, in, out) {
		t.Errorf("round trip lost members:\nin  %s\nout %s", in, out)
	}
	var events Config
	if err := json.Unmarshal(readTestdata(t, "get-event-selectors-basic.json"), &events); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"get-insight-selectors-trail.json", "get-insight-selectors-eds.json"} {
		b := readTestdata(t, file)
		var ic InsightConfig
		if err := json.Unmarshal(b, &ic); err != nil {
			t.Fatal(err)
		}
		if ic.TrailARN == "" && ic.EventDataStoreARN == "" || len(ic.InsightSelectors) == 0 {
			t.Errorf("%s decoded as %+v", file, ic)
		}
		if err := ic.Validate(events); err != nil {
			t.Errorf("%s: %v (the trail logs management and data events)", file, err)
		}
		if err := ic.Validate(Config{}); (err == nil) == strings.Contains(file, "trail") {
			t.Errorf("%s against a trail without data events: %v", file, err)
		}
		out, err := json.Marshal(ic)
		if err != nil {
			t.Fatal(err)
		}
		if !sameJSON(t, b, out) {
			t.Errorf("%s round trip:\nin  %s\nout %s", file, b, out)
		}
	}
	// get-event-selectors prints empty lists; they survive.
	withEmpty := []byte(`{"TrailARN":"arn:aws:cloudtrail:us-east-2:123456789012:trail/t","EventSelectors":[{"ReadWriteType":"All","IncludeManagementEvents":true,"DataResources":[],"ExcludeManagementEventSources":[]}],"AdvancedEventSelectors":[]}`)
	var ec Config
	if err := json.Unmarshal(withEmpty, &ec); err != nil {
		t.Fatal(err)
	}
	if out, err := json.Marshal(ec); err != nil || !sameJSON(t, withEmpty, out) {
		t.Errorf("empty lists lost:\nin  %s\nout %s (%v)", withEmpty, out, err)
	}
	var bad Config
	if err := json.Unmarshal([]byte(`{"EventSelectors":{}}`), &bad); err == nil || !strings.HasPrefix(err.Error(), "selector: ") {
		t.Errorf("bad shape error = %v, want a selector: error", err)
	}
}

// Members this package does not model survive decode then encode at every
// level, not only at the top of Config, whether a value is decoded inside
// a configuration or on its own (as the trail package decodes a trail's
// AdvancedEventSelectors).
func TestNestedUnknownMembers(t *testing.T) {
	tests := []struct {
		reason string
		in     string
		into   func() any
	}{
		{"a member of a basic selector", `{"EventSelectors":[{"ReadWriteType":"All","NewSwitch":true}]}`, func() any { return new(Config) }},
		{"a member of a data resource, beside an empty Values", `{"EventSelectors":[{"DataResources":[{"Type":"AWS::S3::Object","Values":[],"Scope":{"a":[1,2]}}]}]}`, func() any { return new(Config) }},
		{"a member of an advanced selector", `{"AdvancedEventSelectors":[{"Name":"m","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}],"Id":"sel-1"}]}`, func() any { return new(Config) }},
		{"a member of a field selector, several of them, one null", `{"AdvancedEventSelectors":[{"FieldSelectors":[{"Field":"eventName","Equals":["x"],"Contains":["y"],"Zeta":null,"alpha":1.50}]}]}`, func() any { return new(Config) }},
		{"a member of an insight selector", `{"TrailARN":"arn:aws:cloudtrail:us-east-1:123456789012:trail/t","InsightSelectors":[{"InsightType":"ApiCallRateInsight","Threshold":3}]}`, func() any { return new(InsightConfig) }},
		{"members at every level at once", `{"EventSelectors":[{"DataResources":[{"Type":"t","Values":["v"],"d":1}],"b":2}],"AdvancedEventSelectors":[{"FieldSelectors":[{"Field":"f","f":3}],"a":4}],"c":5}`, func() any { return new(Config) }},
		{"an advanced selector decoded on its own", `[{"Name":"n","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"],"Extra":"x"}],"Extra":"y"}]`, func() any { return new([]Advanced) }},
		{"a basic selector decoded on its own", `[{"IncludeManagementEvents":false,"DataResources":[{"Type":"t","Extra":"x"}],"Extra":[]}]`, func() any { return new([]Basic) }},
		{"an insight selector decoded on its own", `[{"InsightType":"ApiErrorRateInsight","EventCategories":[],"Extra":{}}]`, func() any { return new([]Insight) }},
		{"HTML-like text in an unknown member", `{"AdvancedEventSelectors":[{"FieldSelectors":[{"Field":"f","Note":"<a&b>"}]}]}`, func() any { return new(Config) }},
	}
	for _, tt := range tests {
		v := tt.into()
		if err := json.Unmarshal([]byte(tt.in), v); err != nil {
			t.Errorf("%s: decode: %v", tt.reason, err)
			continue
		}
		out, err := json.Marshal(v)
		if err != nil {
			t.Errorf("%s: encode: %v", tt.reason, err)
			continue
		}
		if !sameJSON(t, []byte(tt.in), out) {
			t.Errorf("%s: round trip lost members:\nin  %s\nout %s", tt.reason, tt.in, out)
		}
	}
}

// The modelled members keep their order; unknown ones follow, sorted.
func TestUnknownMembersOrder(t *testing.T) {
	in := `{"Field":"eventName","Zeta":1,"Equals":["x"],"Alpha":2}`
	var f Field
	if err := json.Unmarshal([]byte(in), &f); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"Field":"eventName","Equals":["x"],"Alpha":2,"Zeta":1}`; string(out) != want {
		t.Errorf("got %s, want %s", out, want)
	}
	// null leaves a value as it was, as encoding/json does.
	if err := json.Unmarshal([]byte("null"), &f); err != nil || f.Field != "eventName" {
		t.Errorf("null changed the field selector: %+v, %v", f, err)
	}
}

// A member of the wrong type is reported with its path from the top.
func TestNestedTypeErrorPath(t *testing.T) {
	tests := []struct {
		reason, in, want string
	}{
		{"field selector's Field", `{"AdvancedEventSelectors":[{"FieldSelectors":[{"Field":1}]}]}`, "Config.AdvancedEventSelectors.FieldSelectors.Field"},
		{"data resource's Values", `{"EventSelectors":[{"DataResources":[{"Values":"x"}]}]}`, "Config.EventSelectors.DataResources.Values"},
	}
	for _, tt := range tests {
		var c Config
		err := json.Unmarshal([]byte(tt.in), &c)
		if err == nil || !strings.HasPrefix(err.Error(), "selector: ") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want a selector: error naming %s", tt.reason, err, tt.want)
		}
	}
}
