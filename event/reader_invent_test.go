package event

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

// inventFake is the record-like object embedded in a broken record; it
// must never come out as a record.
const inventFake = `{"eventVersion":"1.08","eventID":"FAKE","eventName":"DeleteBucket","eventSource":"s3.amazonaws.com"}`

// inventHosts are records with "%s" at every kind of place an object can
// be nested: an element of an array of the record (first, last, only),
// of a nested array (also twice), of an array of arrays, of an array in
// an object in an array, a member value, inside a nested "Records" array,
// before the record's own members, and inside a string.
var inventHosts = []string{
	`{"eventVersion":"1.08","eventID":"bad","resources":[%s,{"ARN":"arn:aws:s3:::b"}],"eventName":"PutObject"}`,
	`{"eventVersion":"1.08","eventID":"bad","resources":[{"ARN":"arn:aws:s3:::b"},%s],"eventName":"PutObject"}`,
	`{"eventVersion":"1.08","eventID":"bad","resources":[%s]}`,
	`{"eventVersion":"1.08","eventID":"bad","requestParameters":{"x":[%s,%[1]s]},"eventName":"PutObject"}`,
	`{"eventVersion":"1.08","eventID":"bad","requestParameters":{"a":{"b":[[%s]],"c":1}}}`,
	`{"eventVersion":"1.08","eventID":"bad","requestParameters":{"a":[{"c":[%s]}]},"eventName":"PutObject"}`,
	`{"eventVersion":"1.08","eventID":"bad","requestParameters":{"q":%s}}`,
	`{"eventVersion":"1.08","eventID":"bad","requestParameters":{"Records":[%s]}}`,
	`{"requestParameters":{"x":[%s]},"eventVersion":"1.08","eventID":"bad"}`,
	`{"eventVersion":"1.08","eventID":"bad","responseElements":{"s":%s}}`,
}

// inventGenuine returns the genuine records g<from>... (n of them).
func inventGenuine(from, n int) []string {
	var recs []string
	for i := from; i < from+n; i++ {
		recs = append(recs, strings.Replace(formRecA, `"eventID":"a"`, fmt.Sprintf(`"eventID":"g%d"`, i), 1))
	}
	return recs
}

// damage damages rec once at offset i: a byte deleted, replaced or
// inserted, chosen by r.
func damage(r *rand.Rand, rec string, i int) (string, string) {
	c := "\"{}[],:x\\\x00"[r.Intn(10)]
	switch r.Intn(3) {
	case 0:
		return rec[:i] + rec[i+1:], fmt.Sprintf("byte %d deleted", i)
	case 1:
		return rec[:i] + string(c) + rec[i+1:], fmt.Sprintf("byte %d replaced by %q", i, c)
	}
	return rec[:i] + string(c) + rec[i:], fmt.Sprintf("%q inserted at %d", c, i)
}

// inventLayouts are the forms of input: each takes the records (the
// broken one among them, as text) and returns the input.
func inventLayouts(t testing.TB) []struct {
	name string
	make func(recs []string) []byte
} {
	logFile := func(recs []string) string { return `{"Records":[` + strings.Join(recs, ",") + `]}` }
	return []struct {
		name string
		make func(recs []string) []byte
	}{
		{"one-line log file", func(recs []string) []byte { return []byte(logFile(recs)) }},
		{"pretty log file", func(recs []string) []byte {
			return []byte("{\n  \"Records\": [\n    " + strings.Join(recs, ",\n    ") + "\n  ]\n}\n")
		}},
		{"indented log file", func(recs []string) []byte {
			// As jq or json.Indent write it: every record over many lines
			// (the broken one indented before it was damaged).
			return []byte("{\n  \"Records\": [\n    " + strings.Join(recs, ",\n    ") + "\n  ]\n}\n")
		}},
		{"JSON lines", func(recs []string) []byte { return []byte(strings.Join(recs, "\n") + "\n") }},
		{"records back to back", func(recs []string) []byte { return []byte(strings.Join(recs, "")) }},
		{"indented records", func(recs []string) []byte { return []byte(strings.Join(recs, "\n")) }},
		{"gzip members", func(recs []string) []byte {
			// One log file per member, the broken record in the middle one.
			n := len(recs) / 3
			return gz(t, logFile(recs[:n]), logFile(recs[n:len(recs)-n]), logFile(recs[len(recs)-n:]))
		}},
		{"top-level array", func(recs []string) []byte { return []byte("[" + strings.Join(recs, ",") + "]") }},
		{"EventBridge events", func(recs []string) []byte {
			var evs []string
			for _, r := range recs {
				evs = append(evs, eventBridge("AWS API Call via CloudTrail", r))
			}
			return []byte(strings.Join(evs, "\n"))
		}},
		{"EventBridge array", func(recs []string) []byte {
			var evs []string
			for _, r := range recs {
				evs = append(evs, eventBridge("AWS API Call via CloudTrail", r))
			}
			return []byte("[" + strings.Join(evs, ",") + "]")
		}},
		{"lookup-events", func(recs []string) []byte {
			n := len(recs) / 2
			return []byte(lookupPageRaw("t", recs[:n]...) + "\n" + lookupPageRaw("", recs[n:]...))
		}},
		{"CloudWatch Logs", func(recs []string) []byte { return []byte(cwlMessage(recs...)) }},
		{"CloudWatch Logs Lambda", func(recs []string) []byte {
			return []byte(`{"awslogs":{"data":"` + base64.StdEncoding.EncodeToString(gz(t, cwlMessage(recs...))) + `"}}`)
		}},
	}
}

// lookupPageRaw is lookupPage for records that need not be valid JSON.
func lookupPageRaw(next string, recs ...string) string {
	var ev []string
	for _, r := range recs {
		ev = append(ev, `{"EventId":"x","EventName":"PutObject","ReadOnly":"false","CloudTrailEvent":`+quoteJSON(r)+`}`)
	}
	s := `{"Events":[` + strings.Join(ev, ",") + `]`
	if next != "" {
		s += `,"NextToken":"` + next + `"`
	}
	return s + "}"
}

// TestResyncNeverInventsNestedRecord is the property that a record is
// never taken from inside a broken one: in every form of input, a record
// with a record-like object nested at every kind of place, damaged once
// anywhere, costs that record only. The nested object never comes out,
// and every other record comes out exactly once.
func TestResyncNeverInventsNestedRecord(t *testing.T) {
	r := rand.New(rand.NewSource(10))
	perHost := 12
	if testing.Short() {
		perHost = 6
	}
	for _, layout := range inventLayouts(t) {
		indented := strings.HasPrefix(layout.name, "indented")
		for h, host := range inventHosts {
			fake := inventFake
			if strings.Contains(host, `"s":%s`) {
				fake = quoteJSON(inventFake)
			}
			rec := fmt.Sprintf(host, fake)
			if indented {
				rec = indentRecord(rec)
			}
			for k := 0; k < perHost; k++ {
				i := 1 + r.Intn(len(rec)-2)
				damaged, how := damage(r, rec, i)
				before, after := inventGenuine(0, 3), inventGenuine(3, 3)
				if indented {
					for j := range before {
						before[j], after[j] = indentRecord(before[j]), indentRecord(after[j])
					}
				}
				recs := append(append(append([]string(nil), before...), damaged), after...)
				in := layout.make(recs)
				var want []string
				for j := 0; j < 6; j++ {
					want = append(want, fmt.Sprintf("g%d", j))
				}
				checkExactlyOnce(t, in, want, "bad", fmt.Sprintf("%s, host %d, %s", layout.name, h, how))
				if t.Failed() {
					t.Logf("damaged record: %s", damaged)
					return
				}
			}
		}
	}
}

// indentRecord writes rec over several lines, as jq does, indented as an
// element of a log file's Records.
func indentRecord(rec string) string {
	var b bytes.Buffer
	if json.Indent(&b, []byte(rec), "    ", "  ") != nil {
		return rec
	}
	return b.String()
}

// FuzzResyncNeverInvents is TestResyncNeverInventsNestedRecord with the
// fuzzer choosing the form, the host record, and the damage: one byte
// deleted, replaced or inserted anywhere in the host.
func FuzzResyncNeverInvents(f *testing.F) {
	f.Add(uint8(0), uint8(1), uint16(57), uint8(1), byte('{'))
	f.Add(uint8(3), uint8(2), uint16(51), uint8(1), byte('}'))
	f.Add(uint8(5), uint8(1), uint16(300), uint8(1), byte('['))
	f.Add(uint8(5), uint8(1), uint16(299), uint8(2), byte('{'))
	f.Add(uint8(4), uint8(2), uint16(75), uint8(2), byte('}'))
	f.Add(uint8(7), uint8(3), uint16(40), uint8(0), byte(0))
	f.Add(uint8(10), uint8(4), uint16(60), uint8(2), byte('"'))
	f.Fuzz(func(t *testing.T, layout, host uint8, pos uint16, kind uint8, c byte) {
		layouts := inventLayouts(t)
		l := layouts[int(layout)%len(layouts)]
		h := inventHosts[int(host)%len(inventHosts)]
		fake := inventFake
		if strings.Contains(h, `"s":%s`) {
			fake = quoteJSON(inventFake)
		}
		rec := fmt.Sprintf(h, fake)
		before, after := inventGenuine(0, 3), inventGenuine(3, 3)
		if strings.HasPrefix(l.name, "indented") {
			rec = indentRecord(rec)
			for j := range before {
				before[j], after[j] = indentRecord(before[j]), indentRecord(after[j])
			}
		}
		i := 1 + int(pos)%(len(rec)-2)
		var damaged string
		switch kind % 3 {
		case 0:
			damaged = rec[:i] + rec[i+1:]
		case 1:
			damaged = rec[:i] + string(c) + rec[i+1:]
		default:
			damaged = rec[:i] + string(c) + rec[i:]
		}
		recs := append(append(append([]string(nil), before...), damaged), after...)
		checkExactlyOnce(t, l.make(recs), []string{"g0", "g1", "g2", "g3", "g4", "g5"}, "bad", l.name+": "+damaged)
	})
}

// TestResyncEnvelopeElements: a broken event in lookup-events output or
// a broken log event in CloudWatch Logs data costs that event only (it
// used to cost every event after it in the array, silently: their
// elements are not records, so none was taken for the next one).
func TestResyncEnvelopeElements(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	recs := inventGenuine(0, 5)
	wrap := []struct {
		name string
		elem func(rec string) string
		page func(elems []string) string
	}{
		{"lookup-events", func(rec string) string {
			return `{"EventId":"x","EventName":"PutObject","ReadOnly":"false","Resources":[{"ResourceType":"AWS::S3::Bucket","ResourceName":"b"}],"CloudTrailEvent":` + quoteJSON(rec) + `}`
		}, func(elems []string) string { return `{"Events":[` + strings.Join(elems, ",") + `],"NextToken":"t"}` }},
		{"CloudWatch Logs", func(rec string) string {
			return `{"id":"37195267130000000000000000000000000000000000000000000000","timestamp":1682942400000,"message":` + quoteJSON(rec) + `}`
		}, func(elems []string) string {
			return `{"messageType":"DATA_MESSAGE","owner":"111122223333","logGroup":"g","logStream":"s","subscriptionFilters":["f"],"logEvents":[` + strings.Join(elems, ",") + `]}`
		}},
	}
	for _, w := range wrap {
		for run := 0; run < 300; run++ {
			var elems []string
			for _, rec := range recs {
				elems = append(elems, w.elem(rec))
			}
			k := r.Intn(len(elems))
			damaged, how := damage(r, elems[k], 1+r.Intn(len(elems[k])-2))
			elems[k] = damaged
			want := append(append([]string(nil), []string{"g0", "g1", "g2", "g3", "g4"}[:k]...), []string{"g0", "g1", "g2", "g3", "g4"}[k+1:]...)
			checkExactlyOnce(t, []byte(w.page(elems)), want, fmt.Sprintf("g%d", k), fmt.Sprintf("%s, event %d, %s", w.name, k, how))
			if t.Failed() {
				t.Logf("damaged event: %s", damaged)
				return
			}
		}
	}
}
