package trail

import (
	"encoding/json"
	"strings"
	"testing"
)

// FileKind round-trips through its folder name and rejects other text; a
// Result with no deliveries encodes them as [] and names its kinds and
// skip codes.
func TestTextForms(t *testing.T) {
	for k := LogFiles; k <= DigestFiles; k++ {
		b, err := k.MarshalText()
		if err != nil {
			t.Fatalf("FileKind(%d): %v", k, err)
		}
		var got FileKind
		if err := got.UnmarshalText(b); err != nil || got != k || string(b) != k.String() {
			t.Errorf("FileKind %v: text %q gives %v, %v", k, b, got, err)
		}
	}
	if _, err := FileKind(0).MarshalText(); err == nil {
		t.Error("the zero FileKind marshals; want an error (it is no kind)")
	}
	var k FileKind
	if err := k.UnmarshalText([]byte("Insight")); err == nil || !strings.Contains(err.Error(), `"Insight"`) || k != 0 {
		t.Errorf("FileKind.UnmarshalText(Insight) = %v, left %v", err, k)
	}

	for _, tc := range []struct {
		reason string
		res    Result
		want   string
	}{
		{"nothing delivered, nothing skipped: lists, not null", Result{},
			`{"Deliveries":[],"Skipped":[]}`},
		{"kinds and codes by name",
			Result{Deliveries: []Delivery{{TrailARN: "t", Account: "111122223333", Region: "us-east-1", KeyPrefix: "AWSLogs/111122223333/CloudTrail-Insight/us-east-1/", Kind: InsightFiles}},
				Skipped: []Skip{{TrailARN: "u", Reason: "r", Code: NotLogging}}},
			`{"Deliveries":[{"TrailARN":"t","Account":"111122223333","Region":"us-east-1","KeyPrefix":"AWSLogs/111122223333/CloudTrail-Insight/us-east-1/","Bucket":"","LogStream":"","Kind":"CloudTrail-Insight"}],"Skipped":[{"TrailARN":"u","Reason":"r","Code":"NotLogging"}]}`},
	} {
		b, err := json.Marshal(tc.res)
		if err != nil || string(b) != tc.want {
			t.Errorf("%s:\ngot  %s (%v)\nwant %s", tc.reason, b, err, tc.want)
		}
	}
	b, err := json.Marshal(Finding{Code: FindingDefaultRegionListed})
	if err != nil || !strings.Contains(string(b), `"Trails":[],"Accounts":[]`) {
		t.Errorf("Finding JSON = %s, %v; want empty lists as []", b, err)
	}
}
