package trail_test

import (
	"encoding/json"
	"testing"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/trail"
)

// TestResultAppendJSON checks the route line against encoding/json of the
// same values, escaping included.
func TestResultAppendJSON(t *testing.T) {
	rec := &event.Record{EventID: "id-\"1\"", EventName: "Create<User>\u2028"}
	res := &trail.Result{
		Deliveries: []trail.Delivery{{TrailARN: "arn:a", Account: "111122223333", Region: "us-east-1", KeyPrefix: "AWSLogs/111122223333/CloudTrail/us-east-1/2023/05/01/"}},
		Skipped:    []trail.Skip{{TrailARN: "arn:b", Code: trail.NotSelected, Reason: "no selector\tselects it"}, {TrailARN: "arn:c", Code: trail.NotLogging, Reason: "stopped"}},
	}
	type d struct {
		Trail   string `json:"trail"`
		Account string `json:"account"`
		Region  string `json:"region"`
		Key     string `json:"key"`
	}
	type s struct {
		Trail  string `json:"trail"`
		Code   string `json:"code"`
		Reason string `json:"reason"`
	}
	type line struct {
		EventID    string `json:"eventID"`
		EventName  string `json:"eventName"`
		Deliveries []d    `json:"deliveries"`
		Skipped    []s    `json:"skipped"`
	}
	want := line{rec.EventID, rec.EventName,
		[]d{{"arn:a", "111122223333", "us-east-1", "AWSLogs/111122223333/CloudTrail/us-east-1/2023/05/01/"}},
		[]s{{"arn:b", "NotSelected", "no selector\tselects it"}, {"arn:c", "NotLogging", "stopped"}}}
	got := res.AppendJSON(nil, rec)
	var back line
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, got)
	}
	wb, _ := json.Marshal(want)
	bb, _ := json.Marshal(back)
	if string(wb) != string(bb) {
		t.Errorf("AppendJSON decodes to\n%s\nwant\n%s", bb, wb)
	}

	empty := (&trail.Result{}).AppendJSON(nil, &event.Record{})
	if string(empty) != `{"eventID":"","eventName":"","deliveries":[],"skipped":[]}` {
		t.Errorf("empty result: %s (both arrays must be present)", empty)
	}
	buf := make([]byte, 0, 4096)
	if n := testing.AllocsPerRun(100, func() { buf = res.AppendJSON(buf[:0], rec) }); n != 0 {
		t.Errorf("AppendJSON allocates %v times with room in dst, want 0", n)
	}
}
