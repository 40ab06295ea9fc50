package trail

import (
	"math/rand"
	"testing"
	"time"
)

// TestParseStamp: parseStamp accepts the time stamps, and gives the
// times, that time.Parse with the layout accepts and formats back to the
// same text: random stamps near valid ones (digits, field edges, leap
// days, a character replaced) of both layouts.
func TestParseStamp(t *testing.T) {
	oracle := func(layout, s string) (time.Time, bool) {
		tm, err := time.Parse(layout, s)
		if err != nil || tm.Format(layout) != s {
			return time.Time{}, false
		}
		return tm.UTC(), true
	}
	r := rand.New(rand.NewSource(12))
	field := func(lo, hi int) int { return lo + r.Intn(hi-lo+1) }
	pad := func(n, w int) string {
		s := ""
		for range w {
			s = string(rune('0'+n%10)) + s
			n /= 10
		}
		return s
	}
	fixed := []string{"20230501T1205Z", "20240229T2359Z", "20230229T0000Z", "00000101T0000Z", "99991231T2359Z",
		"20231301T0000Z", "20230500T0000Z", "20230501T2400Z", "20230501T1260Z", "20230501T1205z", "2023-05-01T12:05Z",
		"20230501T120500Z", "20240229T235959Z", "20230501T120560Z", "20230501 120500Z", "", "Z"}
	for i := range 20000 {
		var s string
		switch {
		case i < len(fixed):
			s = fixed[i]
		default:
			s = pad(field(0, 9999), 4) + pad(field(0, 13), 2) + pad(field(0, 32), 2) + "T" + pad(field(0, 24), 2) + pad(field(0, 60), 2)
			if i%2 == 0 {
				s += pad(field(0, 60), 2)
			}
			s += "Z"
			if i%5 == 0 {
				b := []byte(s)
				b[r.Intn(len(b))] = "0123456789TZ -:/a"[r.Intn(17)]
				s = string(b)
			}
		}
		for _, layout := range []string{logStamp, digestStamp} {
			if len(s) != len(layout) && i >= len(fixed) {
				continue
			}
			want, wok := oracle(layout, s)
			got, ok := parseStamp(s)
			if len(s) != len(layout) {
				// parseStamp tells the layout by the length.
				continue
			}
			if ok != wok || !got.Equal(want) || got.Location() != time.UTC {
				t.Fatalf("parseStamp(%q) = %v, %v; time.Parse(%q) and back: %v, %v", s, got, ok, layout, want, wok)
			}
		}
	}
}
