package event

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// An element of a log file's Records array that is an empty object is
// none of the forms records come in: it is an error naming what was
// found, of that record only, never an empty record. The one-pass and
// framed readings agree on it.
func TestRecordsEmptyElement(t *testing.T) {
	for _, tc := range []struct {
		in     string
		want   string // what ContinueOnError yields, in order
		reason string
	}{
		{`{"Records":[{"eventID":"a"},{},{"eventID":"c"}]}`,
			"a; event: record 1 (line 1, column 29): found an empty object in Records, expected a CloudTrail record; c",
			"an empty object between two records costs that record only"},
		{"{\"Records\":[\n{ \n\t},\n{\"eventID\":\"b\"}]}",
			"event: record 0 (line 2, column 1): found an empty object in Records, expected a CloudTrail record; b",
			"white space inside the braces is still no member at all"},
		{`{"Records":[{"eventID":"a"},{}]}`,
			"a; event: record 1 (line 1, column 29): found an empty object in Records, expected a CloudTrail record",
			"the last element"},
		{`{"Records":[{"eventID":"a","requestParameters":{}},{"eventID":"b"}]}`,
			"a; b",
			"an empty object inside a record is a value, not an element"},
	} {
		for _, opts := range [][]ReadOption{{ContinueOnError()}, {ContinueOnError(), byTheBook()}, {ContinueOnError(), bufferSize(4)}} {
			var got []string
			for rec, err := range Records(strings.NewReader(tc.in), opts...) {
				if err != nil {
					var re *RecordError
					if !errors.As(err, &re) {
						t.Fatalf("%s: error %T %v, want *RecordError", tc.reason, err, err)
					}
					got = append(got, err.Error())
					continue
				}
				got = append(got, rec.EventID)
			}
			if g := strings.Join(got, "; "); g != tc.want {
				t.Errorf("%s: got %q, want %q", tc.reason, g, tc.want)
			}
		}
		// Next and ReadRecord, one pass and framed, say the same.
		for _, next := range []bool{false, true} {
			rd := NewReader(strings.NewReader(tc.in))
			var got []string
			for {
				var err error
				var id string
				if next {
					var rec *Record
					if rec, err = rd.Next(); rec != nil {
						id = rec.EventID
					}
				} else {
					var rec Record
					err = rd.ReadRecord(&rec)
					id = rec.EventID
				}
				if err == io.EOF {
					break
				}
				if err != nil {
					got = append(got, fmt.Sprint(err))
					continue
				}
				got = append(got, id)
			}
			if g := strings.Join(got, "; "); g != tc.want {
				t.Errorf("%s (next %v): got %q, want %q", tc.reason, next, g, tc.want)
			}
		}
	}
}
