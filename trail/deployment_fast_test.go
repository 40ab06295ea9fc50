package trail_test

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/internal/txtar"
	"github.com/trailmap/trailmap/trail"
)

// fastAgrees checks the property of ParseDeployment's decoder without
// reflection on b (after its byte order mark): it declines, or it returns
// what the reflective decoder returns, which then has no error. It
// reports whether the fast decoder took b.
func fastAgrees(t testing.TB, b []byte) bool {
	t.Helper()
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	fast := trail.ParseDeploymentFast(b)
	slow, err := trail.ParseDeploymentReflect(b)
	if fast == nil {
		return false
	}
	if err != nil {
		t.Fatalf("the fast decoder took what the reflective one refuses (%v):\n%s", err, b)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("the fast decoder's deployment differs from the reflective one's:\nfast %#v\nslow %#v\ninput:\n%s", fast, slow, b)
	}
	return true
}

const fastTrail = `{"Name": "t", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/t", "HomeRegion": "us-east-1"`

// TestParseDeploymentFast: the common forms are decoded without
// reflection, to the same deployment; what the fast decoder declines goes
// to encoding/json as before, and gives the same deployment or error.
func TestParseDeploymentFast(t *testing.T) {
	for _, tc := range []struct {
		reason, in string
		fast       bool // the fast decoder takes it
	}{
		{"empty deployment", `{}`, true},
		{"empty lists and objects: empty, not nil", `{"accounts": {}, "trails": []}`, true},
		{"an organization with account IDs", `{"organization": {"Id": "o-exampleorgid", "MasterAccountId": "111122223333", "Accounts": ["111122223333", "444455556666"], "FeatureSet": "ALL"}}`, true},
		{"an organization with no accounts: nil, not empty", `{"organization": {"Id": "o-exampleorgid", "Accounts": []}}`, true},
		{"describe-organization's members routing does not need are skipped",
			`{"organization": {"Id": "o-a1b2c3d4e5", "Arn": "arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5", "MasterAccountArn": "x", "MasterAccountEmail": "a@b", "AvailablePolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}]}}`, true},
		{"list-accounts Account objects: their Id", `{"organization": {"Id": "o-a1b2c3d4e5", "Accounts": [{"Id": "444455556666", "Status": "ACTIVE", "Name": "x", "JoinedTimestamp": 1.5e9}, "777788889999"]}}`, true},
		{"a list-accounts Account without Id: an empty account", `{"organization": {"Accounts": [{"Status": "ACTIVE"}]}}`, true},
		{"every trail member", `{"trails": [` + fastTrail + `, "S3BucketName": "b", "S3KeyPrefix": "p", "SnsTopicName": "s", "SnsTopicARN": "arn:s",
			"IncludeGlobalServiceEvents": false, "IsMultiRegionTrail": true, "IsOrganizationTrail": false, "IsLogging": true,
			"LogFileValidationEnabled": true, "CloudWatchLogsLogGroupArn": "g", "CloudWatchLogsRoleArn": "r", "KmsKeyId": "k",
			"HasCustomEventSelectors": true, "HasInsightSelectors": false,
			"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": false, "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}, {"Type": "AWS::Lambda::Function", "Values": []}], "ExcludeManagementEventSources": []}],
			"InsightSelectors": [{"InsightType": "ApiCallRateInsight", "EventCategories": ["Management", "Data"]}, {"InsightType": "ApiErrorRateInsight"}],
			"AggregationConfigurations": [{"EventCategory": "Data", "Templates": ["API_ACTIVITY"]}]}]}`, true},
		{"advanced selectors with every operator", `{"trails": [` + fastTrail + `, "AdvancedEventSelectors": [{"Name": "n", "FieldSelectors": [
			{"Field": "eventCategory", "Equals": ["Data"], "StartsWith": [], "EndsWith": ["x"], "NotEquals": ["y"], "NotStartsWith": ["z"], "NotEndsWith": []}]}, {"FieldSelectors": []}, {}]}]}`, true},
		{"escapes, in names and values", `{"trail\u0073": [{"Name": "a\"b\\c\/d\n\u00e9\ud83d\ude00\ud800x"}]}`, true},
		{"UTF-8 text", `{"trails": [{"Name": "Zürich 東京"}]}`, true},
		{"compact text", `{"accounts":{"444455556666":{"EnabledRegions":["af-south-1"]}},"trails":[{"Name":"a","IsLogging":false}]}`, true},

		{"null for the organization", `{"organization": null}`, false},
		{"null for a string", `{"trails": [{"Name": null}]}`, false},
		{"null for a list", `{"trails": [{"EventSelectors": null}]}`, false},
		{"null as a trail", `{"trails": [null]}`, false},
		{"null as an account's settings", `{"accounts": {"444455556666": null}}`, false},
		{"null as an organization's account", `{"organization": {"Accounts": [null]}}`, false},
		{"a duplicate top-level member: an error", `{"trails": [], "trails": []}`, false},
		{"a duplicate account: an error", `{"accounts": {"444455556666": {}, "444455556666": {}}}`, false},
		{"a duplicate trail member: encoding/json keeps the last", `{"trails": [{"Name": "a", "Name": "b"}]}`, false},
		{"a duplicate organization member: Accounts appended twice", `{"organization": {"Accounts": ["1"], "Accounts": ["2"]}}`, false},
		{"a duplicate Id in a list-accounts Account", `{"organization": {"Accounts": [{"Id": "1", "Id": "2"}]}}`, false},
		{"a trail member in another case: encoding/json matches it", `{"trails": [{"name": "a"}]}`, false},
		{"a member folded from a long s: encoding/json matches it", `{"trails": [{"ſ3BucketName": "a"}]}`, false},
		{"an Id in another case", `{"organization": {"Accounts": [{"ID": "1"}]}}`, false},
		{"a selector member in another case", `{"trails": [{"InsightSelectors": [{"insighttype": "ApiCallRateInsight"}]}]}`, false},
		{"a member Trail does not model: kept", `{"trails": [{"Name": "a", "Tags": [{"Key": "k"}]}]}`, false},
		{"a selector member not modelled: kept", `{"trails": [{"EventSelectors": [{"Extra": 1}]}]}`, false},
		{"an aggregation member not modelled: dropped", `{"trails": [{"AggregationConfigurations": [{"EventCategory": "Data", "Other": 1}]}]}`, false},
		{"an unknown top-level member: an error", `{"trail": []}`, false},
		{"an unknown organization member: an error", `{"organization": {"Name": "x"}}`, false},
		{"an unknown account member: an error", `{"accounts": {"1": {"Regions": []}}}`, false},
		{"EnabledRegions in another case: an error", `{"accounts": {"1": {"enabledRegions": []}}}`, false},
		{"a wrong type: an error", `{"trails": [{"IsMultiRegionTrail": "yes"}]}`, false},
		{"a number for a string: an error", `{"trails": [{"Name": 5}]}`, false},
		{"not an object", `[]`, false},
		{"empty input", ``, false},
		{"two values", `{} {}`, false},
		{"a syntax error", `{"trails": [}`, false},
		{"invalid UTF-8, which encoding/json replaces", "{\"trails\": [{\"Name\": \"\xff\"}]}", false},
		{"UTF-16", "\xff\xfe{\x00}\x00", false},
		{"deep nesting in a skipped member", `{"organization": {"Arn": ` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}}`, false},
	} {
		b := []byte(tc.in)
		if got := fastAgrees(t, b); got != tc.fast {
			_, err := trail.ParseDeploymentReflect(b)
			t.Errorf("%s: the fast decoder took it: %t, want %t (reflective: %v)", tc.reason, got, tc.fast, err)
		}
		// ParseDeployment gives what the reflective decoder gives,
		// errors included.
		d, err := trail.ParseDeployment(b)
		wd, werr := trail.ParseDeploymentReflect(bytes.TrimPrefix(b, []byte("\ufeff")))
		if !reflect.DeepEqual(d, wd) || (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() {
			t.Errorf("%s: ParseDeployment gives %v, %v; the reflective decoder %v, %v", tc.reason, d, err, wd, werr)
		}
	}
}

// deploymentFiles returns the deployment files of the testdata (trail's,
// and those in cmd/trailmap's scenario archives) and the demo's.
func deploymentFiles(t testing.TB) [][]byte {
	var out [][]byte
	add := func(name string, b []byte) {
		if bytes.Contains(b, []byte(`"trails"`)) || bytes.Contains(b, []byte(`"organization"`)) {
			out = append(out, b)
		}
	}
	for _, pattern := range []string{"testdata/deployments/*.json", "testdata/deployments/*/*.json", "../cmd/trailmap/demo/*.json", "../examples/*/*/*.json"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			add(f, b)
		}
	}
	archives, _ := filepath.Glob("../cmd/trailmap/testdata/*/*.txtar")
	for _, f := range archives {
		a, err := txtar.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range a.Files {
			if strings.HasSuffix(m.Name, ".json") {
				add(f+":"+m.Name, m.Data)
			}
		}
	}
	return out
}

// TestParseDeploymentFastFiles: over the testdata's deployment files,
// random deployments (encoded compact and indented) and single-byte
// changes of them, the fast decoder declines or agrees with the
// reflective one; and it takes the files and random deployments
// themselves.
func TestParseDeploymentFastFiles(t *testing.T) {
	files := deploymentFiles(t)
	if len(files) < 10 {
		t.Fatalf("%d deployment files in the testdata", len(files))
	}
	r := rand.New(rand.NewSource(1))
	for range 200 {
		d := randomDeployment(r)
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, b)
		b, _ = json.MarshalIndent(d, "", "  ")
		files = append(files, b)
	}
	taken := 0
	for _, b := range files {
		if fastAgrees(t, b) {
			taken++
		}
		for range 20 {
			m := bytes.Clone(b)
			i := r.Intn(len(m))
			switch r.Intn(3) {
			case 0:
				const bytes = "{}[],:\"\\ nulltrefas0-x\xff"
				m[i] = bytes[r.Intn(len(bytes))]
			case 1:
				m = append(m[:i], m[i+1:]...)
			case 2:
				m = append(m[:i:i], append([]byte("null"), m[i:]...)...)
			}
			fastAgrees(t, m)
		}
	}
	if taken < len(files)*9/10 {
		t.Errorf("the fast decoder took %d of %d deployment files; want nearly all", taken, len(files))
	}
}

// FuzzParseDeploymentFast: for any input, the fast decoder declines or
// gives what the reflective one gives.
func FuzzParseDeploymentFast(f *testing.F) {
	for _, b := range deploymentFiles(f) {
		f.Add(b)
	}
	f.Add([]byte(`{"organization": {"Accounts": [{"Id": "1"}, "2"]}, "accounts": {"1": {"EnabledRegions": []}}, "trails": [{"Name": "a\u00e9"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) { fastAgrees(t, b) })
}
