package cloudtrailfake

import (
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

// FuzzServe sends any body to any operation: the fake answers every
// request with JSON and a status, never panics, and its state stays
// valid (routing a record after each request works).
func FuzzServe(f *testing.F) {
	ops := make([]string, 0, len(operations))
	for op := range operations {
		ops = append(ops, op)
	}
	slices.Sort(ops)
	f.Add(uint8(0), []byte(`{"Name":"trail-1","S3BucketName":"b","IsMultiRegionTrail":true}`))
	f.Add(uint8(3), []byte(`{"TrailName":"trail-1","AdvancedEventSelectors":[{"FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]}]}]}`))
	f.Add(uint8(9), []byte(`{"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"x"}],"MaxResults":3,"StartTime":1.5}`))
	f.Add(uint8(12), []byte(`{"trailNameList":["arn:aws:cloudtrail:us-east-1:111122223333:trail/x"],"includeShadowTrails":false}`))
	f.Add(uint8(1), []byte(`not json`))
	f.Fuzz(func(t *testing.T, op uint8, body []byte) {
		s, err := New(Options{Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }})
		if err != nil {
			t.Fatal(err)
		}
		// Two requests: the second sees the state the first left.
		for i := 0; i < 2; i++ {
			name := ops[(int(op)+i)%len(ops)]
			if name == "ListPublicKeys" {
				continue // key generation is slow and input-independent
			}
			req := httptest.NewRequest("POST", "/", strings.NewReader(string(body)))
			req.Header.Set("X-Amz-Target", targetPrefix+name)
			req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=111122223333/20260101/us-east-1/cloudtrail/aws4_request")
			w := httptest.NewRecorder()
			s.ServeHTTP(w, req)
			if w.Code == 0 || !strings.HasPrefix(w.Body.String(), "{") {
				t.Fatalf("%s: %d %q", name, w.Code, w.Body.String())
			}
		}
		if err := s.Trails().Validate(); err != nil {
			t.Fatalf("state became invalid: %v", err)
		}
	})
}
