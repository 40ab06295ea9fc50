package jsonwire

import (
	"testing"
	"time"
)

func TestParseUTC(t *testing.T) {
	for _, tc := range []struct {
		in     string
		want   string // RFC 3339, or "" when not read
		basic  bool
		reason string
	}{
		{"2023-07-19T21:11:57Z", "2023-07-19T21:11:57Z", false, "extended layout, as records carry eventTime and creationDate"},
		{"20131102T010628Z", "2013-11-02T01:06:28Z", true, "basic layout, as the userIdentity page documents creationDate"},
		{"2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z", false, "leap day"},
		{"2023-02-29T00:00:00Z", "", false, "no leap day in 2023"},
		{"1900-02-29T00:00:00Z", "", false, "century years are not leap years"},
		{"2000-02-29T00:00:00Z", "2000-02-29T00:00:00Z", false, "unless divisible by 400"},
		{"2023-04-31T00:00:00Z", "", false, "April has 30 days"},
		{"2023-13-01T00:00:00Z", "", false, "month out of range"},
		{"2023-07-19T24:00:00Z", "", false, "hour out of range"},
		{"2023-07-19T23:60:00Z", "", false, "minute out of range"},
		{"2023-07-19T23:59:60Z", "", false, "leap second: time.Parse rejects it too"},
		{"2023-07-19T21:11:57.5Z", "", false, "fractions are left to time.Parse"},
		{"2023-07-19T21:11:57+00:00", "", false, "offsets are left to time.Parse"},
		{"2023-07-1xT21:11:57Z", "", false, "a letter for a digit"},
		{"2023-07-19 21:11:57Z", "", false, "a space for T"},
		{"20131102T0106-8Z", "", false, "a sign for a digit in the basic layout"},
		{"", "", false, "empty"},
		{"2023/07/19T21:11:57Z", "", false, "slashes for dashes"},
		{"2023-07/19T21:11:57Z", "", false, "a slash for the second dash"},
		{"2023-07-19T21-11-57Z", "", false, "dashes for colons"},
		{"2023-07-19T21:11.57Z", "", false, "a point for the second colon"},
		{"2023-07-19T21:11:57z", "", false, "a lower-case z"},
		{"2023-07-19t21:11:57Z", "", false, "a lower-case t"},
		{"2O23-07-19T21:11:57Z", "", false, "a letter O in the year"},
		{"-023-07-19T21:11:57Z", "", false, "a sign in the year"},
		{"2023-00-19T21:11:57Z", "", false, "month 0"},
		{"2023-07-00T21:11:57Z", "", false, "day 0"},
		{"2023-06-31T21:11:57Z", "", false, "June has 30 days"},
		{"2023-12-31T23:59:59Z", "2023-12-31T23:59:59Z", false, "the last second of a year"},
		{"0000-01-01T00:00:00Z", "0000-01-01T00:00:00Z", false, "year 0"},
		{"9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z", false, "year 9999"},
		{"2023-07-19T21:11:57Z ", "", false, "a space after"},
		{"20131102 010628Z", "", false, "a space for T in the basic layout"},
		{"20131102T010628+", "", false, "no Z in the basic layout"},
		{"2013110xT010628Z", "", false, "a letter in the basic date"},
		{"20131302T010628Z", "", false, "month 13 in the basic layout"},
		{"20131102T250628Z", "", false, "hour 25 in the basic layout"},
		{"2013-1102T010628Z", "", false, "a mix of the layouts"},
	} {
		got, basic, ok := ParseUTC(tc.in)
		// time.Parse with the layout of the text's length agrees.
		for _, layout := range []string{"2006-01-02T15:04:05Z", "20060102T150405Z"} {
			if len(layout) != len(tc.in) {
				continue
			}
			want, err := time.Parse(layout, tc.in)
			if (err == nil) != ok || ok && !want.Equal(got) {
				t.Errorf("%s: ParseUTC(%q) = %v, %v; time.Parse %v, %v", tc.reason, tc.in, got, ok, want, err)
			}
		}
		if tc.want == "" {
			if ok {
				t.Errorf("%s: ParseUTC(%q) = %v, want not read", tc.reason, tc.in, got)
			}
			continue
		}
		if !ok || basic != tc.basic || got.Format(time.RFC3339) != tc.want || got.Location() != time.UTC {
			t.Errorf("%s: ParseUTC(%q) = %v, %v, %v; want %s, %v", tc.reason, tc.in, got, basic, ok, tc.want, tc.basic)
		}
	}
}

// FuzzParseUTC checks ParseUTC against time.Parse with the layout it
// claims.
func FuzzParseUTC(f *testing.F) {
	for _, s := range []string{"2023-07-19T21:11:57Z", "20131102T010628Z", "2024-02-29T23:59:59Z", "0000-01-01T00:00:00Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, basic, ok := ParseUTC(s)
		layout := "2006-01-02T15:04:05Z"
		if len(s) == 16 {
			layout = "20060102T150405Z"
		}
		want, err := time.Parse(layout, s)
		// time.Parse also takes one-digit hours; text of the layout's
		// length it reads must be read by ParseUTC too.
		if ok && err != nil || !ok && err == nil && len(s) == len(layout) {
			t.Fatalf("ParseUTC(%q) ok = %v, time.Parse error %v", s, ok, err)
		}
		if ok && (!got.Equal(want) || basic != (len(s) == 16)) {
			t.Fatalf("ParseUTC(%q) = %v (basic %v), time.Parse %v", s, got, basic, want)
		}
	})
}

// TestParseUTCAgreesWithDate checks the instant ParseUTC computes against
// time.Date for every day of years around the epoch, century and leap
// rules and both ends of the four-digit range, at varied times of day.
func TestParseUTCAgreesWithDate(t *testing.T) {
	years := []int{0, 1, 3, 4, 99, 100, 399, 400, 1600, 1899, 1900, 1969, 1970, 1971, 1972, 1999, 2000, 2001, 2023, 2024, 2100, 2400, 9999}
	for _, y := range years {
		d := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		for k := 0; d.Year() == y; k++ {
			h, m, s := k%24, (k*7)%60, (k*13)%60
			want := time.Date(y, d.Month(), d.Day(), h, m, s, 0, time.UTC)
			in := want.Format("2006-01-02T15:04:05Z")
			got, _, ok := ParseUTC(in)
			if !ok || got != want {
				t.Fatalf("ParseUTC(%q) = %v, %v; want %v", in, got, ok, want)
			}
			if got, _, ok := ParseUTC(want.Format("20060102T150405Z")); !ok || got != want {
				t.Fatalf("ParseUTC of the basic layout of %v = %v, %v", want, got, ok)
			}
			d = d.AddDate(0, 0, 1)
		}
	}
}
