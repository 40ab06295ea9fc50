package trail_test

import (
	"strings"
	"testing"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/trail"
)

// undatedDeployment is one multi-Region trail logging management events.
func undatedDeployment(t *testing.T, opts ...trail.Option) *trail.Router {
	t.Helper()
	d, err := trail.ParseDeployment([]byte(`{"trails":[{"Name":"audit","TrailARN":"arn:aws:cloudtrail:us-east-1:111122223333:trail/audit",
		"HomeRegion":"us-east-1","IsMultiRegionTrail":true,"IncludeGlobalServiceEvents":true,"S3BucketName":"b","S3KeyPrefix":"p"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	rt, err := trail.NewRouter(d, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

const regionFolder = "p/AWSLogs/111122223333/CloudTrail/eu-west-1/"

// A key never names a wrong day: where the record gives no day folder the
// key ends at the Region folder and the delivery says why.
func TestKeyDayFolder(t *testing.T) {
	for _, tc := range []struct {
		name, eventTime string // eventTime as JSON text, "" for none
		key             string // the key after the Region folder
		undated         string // a part of Delivery.Undated, "" for none
	}{
		{"Plain", `"2023-05-01T12:00:00Z"`, "2023/05/01/", ""},
		{"OffsetTakenToUTC", `"2023-05-01T23:30:00-02:00"`, "2023/05/02/", ""},
		{"ZeroInstantIsATime", `"0001-01-01T00:00:00Z"`, "0001/01/01/", ""},
		{"YearZeroHasFourDigits", `"0000-03-01T00:00:00Z"`, "0000/03/01/", ""},
		{"Year10000HasNoDayFolder", `"9999-12-31T23:00:00-05:00"`, "", "event time falls on 10000-01-01 (UTC), a date without the four-digit year"},
		{"YearBeforeZeroHasNoDayFolder", `"0000-01-01T00:30:00+01:00"`, "", "four-digit year"},
		{"AbsentEventTime", ``, "", "the record has no eventTime"},
		{"UnparseableEventTime", `"yesterday"`, "", `eventTime "yesterday" is not a time`},
		{"InvalidDate", `"2023-02-30T00:00:00Z"`, "", `eventTime "2023-02-30T00:00:00Z" is not a time`},
		{"EmptyEventTime", `""`, "", `eventTime "" is not a time`},
		{"EventTimeNotAString", `20230501`, "", `eventTime "20230501" is not a time`},
		{"LongEventTimeCut", `"` + strings.Repeat("é", 30) + `"`, "", `…" is not a time`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := `{"eventVersion":"1.08","eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"eu-west-1","recipientAccountId":"111122223333"`
			if tc.eventTime != "" {
				doc += `,"eventTime":` + tc.eventTime
			}
			rec := new(event.Record)
			if err := rec.DecodeString(doc + "}"); err != nil {
				t.Fatal(err)
			}
			res := undatedDeployment(t).Route(rec)
			if len(res.Deliveries) != 1 {
				t.Fatalf("deliveries %+v, skipped %+v", res.Deliveries, res.Skipped)
			}
			d := res.Deliveries[0]
			if want := regionFolder + tc.key; d.KeyPrefix != want {
				t.Errorf("key %q, want %q", d.KeyPrefix, want)
			}
			if tc.undated == "" && d.Undated != "" || tc.undated != "" && !strings.Contains(d.Undated, tc.undated) {
				t.Errorf("Undated %q, want it to hold %q", d.Undated, tc.undated)
			}
			line := string(res.AppendJSON(nil, rec))
			if strings.Contains(line, `"undated"`) != (tc.undated != "") {
				t.Errorf("route line %s: undated member present = %v, want %v", line, !(tc.undated != ""), tc.undated != "")
			}
		})
	}
}

// A delivery time outside four-digit years gives no day folder either;
// one inside them gives its day even for a record without eventTime.
func TestKeyDayFolderDeliveryTime(t *testing.T) {
	rec := new(event.Record)
	if err := rec.DecodeString(`{"eventVersion":"1.08","eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"eu-west-1","recipientAccountId":"111122223333"}`); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		at      time.Time
		key     string
		undated bool
	}{
		{"DeliveryTimeGivesTheDay", time.Date(2024, 2, 29, 23, 0, 0, 0, time.UTC), "2024/02/29/", false},
		{"DeliveryYear10000", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := undatedDeployment(t, trail.WithDeliveryTime(tc.at)).Route(rec).Deliveries[0]
			if d.KeyPrefix != regionFolder+tc.key || (d.Undated != "") != tc.undated {
				t.Errorf("key %q undated %q, want key %q undated %v", d.KeyPrefix, d.Undated, regionFolder+tc.key, tc.undated)
			}
		})
	}
}

// The day folder of a record reused through RouteInto's cache follows the
// record: an undated record between dated ones of the same account and
// Region gets no day, and the next dated one gets its own.
func TestKeyDayFolderCached(t *testing.T) {
	rt := undatedDeployment(t)
	var res trail.Result
	for _, tc := range []struct{ eventTime, key string }{
		{`,"eventTime":"2023-05-01T12:00:00Z"`, "2023/05/01/"},
		{``, ""},
		{`,"eventTime":"0001-01-01T00:00:00Z"`, "0001/01/01/"},
		{`,"eventTime":"bad"`, ""},
		{`,"eventTime":"2023-05-01T13:00:00Z"`, "2023/05/01/"},
	} {
		rec := new(event.Record)
		if err := rec.DecodeString(`{"eventSource":"ec2.amazonaws.com","eventName":"X","awsRegion":"eu-west-1","recipientAccountId":"111122223333"` + tc.eventTime + `}`); err != nil {
			t.Fatal(err)
		}
		rt.RouteInto(rec, &res)
		if d := res.Deliveries[0]; d.KeyPrefix != regionFolder+tc.key || (d.Undated == "") != (tc.key != "") {
			t.Errorf("eventTime %s: key %q undated %q, want key %q", tc.eventTime, d.KeyPrefix, d.Undated, regionFolder+tc.key)
		}
	}
}

func TestDayPrefixFourDigitYears(t *testing.T) {
	for _, tc := range []struct {
		name string
		day  time.Time
		want string
	}{
		{"Year9999", time.Date(9999, 12, 31, 23, 59, 0, 0, time.UTC), "AWSLogs/1/CloudTrail/r/9999/12/31/"},
		{"Year10000NotYear0000", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), "AWSLogs/1/CloudTrail/r/"},
		{"YearMinus1", time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC), "AWSLogs/1/CloudTrail/r/"},
		{"ZeroTime", time.Time{}, "AWSLogs/1/CloudTrail/r/0001/01/01/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := trail.DayPrefix("", "", "1", trail.LogFiles, "r", tc.day); got != tc.want {
				t.Errorf("DayPrefix %q, want %q", got, tc.want)
			}
			if got := string(trail.AppendDayPrefix(nil, "", "", "1", trail.LogFiles, "r", tc.day)); got != tc.want {
				t.Errorf("AppendDayPrefix %q, want %q", got, tc.want)
			}
			if trail.HasDayFolder(tc.day) != !strings.HasSuffix(tc.want, "/r/") {
				t.Errorf("HasDayFolder(%v) = %v", tc.day, trail.HasDayFolder(tc.day))
			}
		})
	}
}
