package event

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/internal/jsonwire"
)

// repeatShape is a record made of a prefix, a unit repeated n times (each
// # in it replaced by the unit's index), and a suffix.
type repeatShape struct {
	reason               string
	prefix, unit, suffix string
	want                 string // the record written back; "=" for the input itself
	dupPath, dup         string // or the member refused: its first two occurrences
}

func (s repeatShape) text(n int) string {
	var b strings.Builder
	b.WriteString(s.prefix)
	for i := range n {
		b.WriteString(strings.ReplaceAll(s.unit, "#", fmt.Sprint(i)))
	}
	b.WriteString(s.suffix)
	return b.String()
}

// repeatShapes are records that repeat modelled members among unknown
// ones, which a decoder looking back over all the raw members kept for
// each member would read in quadratic time.
var repeatShapes = []repeatShape{
	{reason: "a modelled member and an unknown one, alternating, the same values each time",
		prefix: `{"eventVersion":"1.08"`, unit: `,"readOnly":true,"z":1`, suffix: `}`,
		want: `{"eventVersion":"1.08","readOnly":true,"z":1}`},
	{reason: "a mistyped modelled member (kept raw) and an unknown one, alternating",
		prefix: `{"eventVersion":"1.08"`, unit: `,"readOnly":"x","z":1`, suffix: `}`,
		want: `{"eventVersion":"1.08","readOnly":"x","z":1}`},
	{reason: "a mistyped modelled member, kept raw, nested objects too, and an unknown one",
		prefix: `{"eventVersion":"1.08"`, unit: `,"tlsDetails":1,"resources":{},"z":1`, suffix: `}`,
		want: `{"eventVersion":"1.08","tlsDetails":1,"resources":{},"z":1}`},
	{reason: "distinct unknown members",
		prefix: `{"eventVersion":"1.08"`, unit: `,"u#":1`, suffix: `}`, want: "="},
	{reason: "a modelled member mistyped then typed, among distinct unknown members",
		prefix: `{"eventVersion":"1.08"`, unit: `,"readOnly":"x","readOnly":true,"u#":1`, suffix: `}`,
		dup: "readOnly"},
	{reason: "several modelled members mistyped in turn, among distinct unknown members",
		prefix: `{"eventVersion":"1.08"`, unit: `,"eventName":1,"awsRegion":[],"u#":1,"eventName":"a","awsRegion":"b"`, suffix: `}`,
		dup: "eventName"},
	{reason: "tlsDetails: a member mistyped, among distinct unknown members",
		prefix: `{"tlsDetails":{"tlsVersion":"x"`, unit: `,"tlsVersion":1,"u#":1`, suffix: `}}`,
		dupPath: "tlsDetails", dup: "tlsVersion"},
	{reason: "tlsDetails: distinct unknown members",
		prefix: `{"tlsDetails":{"tlsVersion":"x"`, unit: `,"u#":1`, suffix: `}}`, want: "="},
	{reason: "a resources entry: a member mistyped, among distinct unknown members",
		prefix: `{"resources":[{"ARN":"a"`, unit: `,"ARN":1,"u#":1`, suffix: `}]}`,
		dupPath: "resources", dup: "ARN"},
	{reason: "addendum: distinct unknown members",
		prefix: `{"addendum":{"reason":"r"`, unit: `,"u#":1`, suffix: `}}`, want: "="},
	{reason: "insightDetails: a member empty, then mistyped, among distinct unknown members",
		prefix: `{"insightDetails":{"state":""`, unit: `,"state":null,"u#":1`, suffix: `}}`,
		dupPath: "insightDetails", dup: "state"},
	{reason: "userIdentity: a member mistyped, among distinct unknown members",
		prefix: `{"userIdentity":{"type":"Root"`, unit: `,"type":1,"u#":1`, suffix: `}}`,
		dupPath: "userIdentity", dup: "type"},
}

// supersedeCost decodes the record s and returns how many raw members the
// searches for members a later one of the same name supersedes passed.
func supersedeCost(t *testing.T, s string) int {
	t.Helper()
	d := decoder{sc: jsonwire.New(s), r: new(Record)}
	// userIdentity's decoder refuses its duplicates itself.
	if err := d.record(); err != nil && !errors.As(err, new(*identErr)) {
		t.Fatalf("%.80s...: %v", s, err)
	}
	return d.passed
}

// TestRepeatedMembersLinear: however a record repeats its members, the
// searches for the raw member a later one supersedes cost linear time
// (four times the members, at most four times the cost, where looking
// back over every raw member kept would cost sixteen), and a large such
// record decodes as a small one does (in milliseconds; a quadratic
// decoder took seconds).
func TestRepeatedMembersLinear(t *testing.T) {
	for _, sh := range repeatShapes {
		c1 := supersedeCost(t, sh.text(1000))
		c4 := supersedeCost(t, sh.text(4000))
		if c4 > 4*c1+numFields {
			t.Errorf("%s: %d members passed for 1000 units, %d for 4000", sh.reason, c1, c4)
		}
		in := sh.text(25000)
		r, err := ParseRecord([]byte(in))
		if sh.dup == "" {
			want := sh.want
			if want == "=" {
				want = in
			}
			if err != nil {
				t.Errorf("%s: %v", sh.reason, err)
			} else if got := string(r.AppendJSON(nil)); got != want {
				t.Errorf("%s: written back as %.100s..., want %.100s...", sh.reason, got, want)
			}
			continue
		}
		var de *DuplicateMemberError
		quoted := `"` + sh.dup + `"`
		first := strings.Index(in, quoted)
		second := first + 1 + strings.Index(in[first+1:], quoted)
		if !errors.As(err, &de) || de.Path != sh.dupPath || de.Name != sh.dup || de.First != int64(first) || de.Second != int64(second) {
			t.Errorf("%s: %v, want %q in %q at %d and %d", sh.reason, err, sh.dup, sh.dupPath, first, second)
		}
	}
}

// TestDuplicateMembersAmongMany: a member name twice is reported the same
// way (the member, both offsets, their lines and columns, in a stream
// too) whether few or many other members come between: the decoder
// compares unknown names with those before one by one, then through a map
// past 16 of them (jsonwire.Names past 24 in nested objects).
func TestDuplicateMembersAmongMany(t *testing.T) {
	for _, tc := range []struct {
		reason              string
		head, between, tail string // between is repeated k times, # replaced by the index
		path, name          string
	}{
		{"an unknown member twice", `{"eventID":"a","x":1`, `,` + "\n" + `"u#":#`, `,"x":2}`, "", "x"},
		{"a modelled member mistyped, then typed", `{"readOnly":"yes"`, `,` + "\n" + `"u#":#`, `,"readOnly":true}`, "", "readOnly"},
		{"a modelled member typed, then mistyped", `{"eventName":"a"`, `,` + "\n" + `"u#":#`, `,"eventName":1}`, "", "eventName"},
		{"a modelled member mistyped twice, differently", `{"errorCode":1`, `,` + "\n" + `"u#":#`, `,"errorCode":2}`, "", "errorCode"},
		{"identical repeats among unknown members, then another value", `{"readOnly":true`, `,"readOnly":true,` + "\n" + `"u#":#`, `,"readOnly":false}`, "", "readOnly"},
		{"identical mistyped repeats among unknown members, then another value", `{"readOnly":"x"`, `,"readOnly":"x",` + "\n" + `"u#":#`, `,"readOnly":"y"}`, "", "readOnly"},
		{"tlsDetails: a member mistyped, then typed", `{"tlsDetails":{"tlsVersion":1`, `,` + "\n" + `"u#":#`, `,"tlsVersion":"v"}}`, "tlsDetails", "tlsVersion"},
		{"tlsDetails: an unknown member twice", `{"tlsDetails":{"z":1`, `,` + "\n" + `"u#":#`, `,"z":2}}`, "tlsDetails", "z"},
		{"a resources entry: a member typed, then mistyped", `{"resources":[{"ARN":"a"`, `,` + "\n" + `"u#":#`, `,"ARN":1}]}`, "resources", "ARN"},
		{"userIdentity: a member mistyped, then typed", `{"userIdentity":{"type":1`, `,` + "\n" + `"u#":#`, `,"type":"Root"}}`, "userIdentity", "type"},
		{"userIdentity: an unknown member twice", `{"userIdentity":{"z":1`, `,` + "\n" + `"u#":#`, `,"z":2}}`, "userIdentity", "z"},
		{"sessionIssuer: a member mistyped, then typed", `{"userIdentity":{"sessionContext":{"sessionIssuer":{"arn":1`, `,` + "\n" + `"u#":#`, `,"arn":"a"}}}}`, "userIdentity.sessionContext.sessionIssuer", "arn"},
	} {
		for _, k := range []int{0, 1, 8, 15, 16, 17, 23, 24, 25, 100, 1000} {
			var b strings.Builder
			b.WriteString(tc.head)
			for i := range k {
				b.WriteString(strings.ReplaceAll(tc.between, "#", fmt.Sprint(i)))
			}
			b.WriteString(tc.tail)
			in := b.String()
			quoted := `"` + tc.name + `"`
			check := func(where, text string, err error, first int) {
				t.Helper()
				second := strings.LastIndex(text, quoted)
				var de *DuplicateMemberError
				if !errors.As(err, &de) {
					t.Errorf("%s, %d members between, %s: %v, want a *DuplicateMemberError", tc.reason, k, where, err)
					return
				}
				fl, fc := byteLineCol(text, first)
				l, c := byteLineCol(text, second)
				want := DuplicateMemberError{Path: tc.path, Name: tc.name, First: int64(first), Second: int64(second), FirstLine: fl, FirstColumn: fc, Line: l, Column: c}
				if *de != want {
					t.Errorf("%s, %d members between, %s: got %+v, want %+v", tc.reason, k, where, *de, want)
				}
			}
			_, err := ParseRecord([]byte(in))
			check("ParseRecord", in, err, strings.Index(in, quoted))
			head := "{\"Records\":[{\"eventID\":\"0\"},\n"
			stream := head + in + ",\n{\"eventID\":\"b\"}]}"
			var ids []string
			for rec, err := range Records(strings.NewReader(stream), ContinueOnError()) {
				if err != nil {
					check("in a log file", stream, err, len(head)+strings.Index(in, quoted))
					ids = append(ids, "error")
					continue
				}
				ids = append(ids, rec.EventID)
			}
			if got := strings.Join(ids, " "); got != "0 error b" {
				t.Errorf("%s, %d members between: a log file gave %s", tc.reason, k, got)
			}
		}
	}
}

// byteLineCol returns the 1-based line and column (in bytes) of offset off
// of s.
func byteLineCol(s string, off int) (line, col int) {
	line = 1 + strings.Count(s[:off], "\n")
	return line, off - strings.LastIndex(s[:off], "\n")
}
