package trail

import (
	"fmt"
	"strings"
	"testing"
)

// TestRouterSharesMatchers: trails with the same selectors (the same JSON
// text) share one compiled Matcher and its number; others, with as many
// selectors of each kind or not, have their own.
func TestRouterSharesMatchers(t *testing.T) {
	adv := func(v string) string {
		return `"AdvancedEventSelectors": [{"Name": "m", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}, {"Field": "readOnly", "Equals": ["` + v + `"]}]}]`
	}
	basic := `"EventSelectors": [{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": true}]`
	sels := []struct {
		sel  string
		same int // the index of the trail whose Matcher it shares, or -1
	}{
		{adv("true"), -1},
		{adv("true"), 0},
		{adv("false"), -1},
		{"", -1},
		{"", 3},
		{basic, -1},
		{adv("false"), 2},
		{basic, 5},
		{adv("true"), 0},
	}
	var trails []string
	for i, s := range sels {
		sel := ""
		if s.sel != "" {
			sel = ", " + s.sel
		}
		home := []string{"us-east-1", "us-east-2", "us-west-2"}[i%3] // at most five trails in a Region
		trails = append(trails, fmt.Sprintf(`{"Name": "trail-%d", "TrailARN": "arn:aws:cloudtrail:%s:111122223333:trail/trail-%d",
			"HomeRegion": "%s", "IsMultiRegionTrail": false, "S3BucketName": "amzn-s3-demo-bucket"%s}`, i, home, i, home, sel))
	}
	d, err := ParseDeployment([]byte(`{"trails": [` + strings.Join(trails, ",\n") + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRouter(d)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range sels {
		for j := range i {
			shared := r.trails[i].match == r.trails[j].match
			want := s.same == j || (s.same >= 0 && sels[j].same == s.same)
			if shared != want {
				t.Errorf("trails %d and %d: sharing a Matcher %v, want %v", j, i, shared, want)
			}
			if (r.trails[i].mid == r.trails[j].mid) != want {
				t.Errorf("trails %d and %d: matcher numbers %d and %d", j, i, r.trails[j].mid, r.trails[i].mid)
			}
		}
	}
}
