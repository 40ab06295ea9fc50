package event

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// TestFieldListsAgree: the member names the decoder reads into fields,
// the encoder writes (recordNames), the reader takes for a record's
// (isRecordField), the JSON tags of Record and the properties of the
// record schema are one list, so the next field is added everywhere or
// this test says where it is missing.
func TestFieldListsAgree(t *testing.T) {
	var encoder, reader, tags, decoder []string
	for f := 0; f < numFields; f++ {
		encoder = append(encoder, recordNames[f])
		if isRecordField([]byte(recordNames[f])) {
			reader = append(reader, recordNames[f])
		}
		// The decoder reads the member into its field: a record with
		// only that member, of a value the field does not hold, is
		// kept raw as that field's stand-in (field >= 0), not as an
		// unknown member.
		var r Record
		if err := r.Decode([]byte(`{"` + recordNames[f] + `":12345}`)); err != nil {
			t.Fatalf("%s: %v", recordNames[f], err)
		}
		if len(r.wire.extra) == 0 || r.wire.extra[0].field >= 0 {
			decoder = append(decoder, recordNames[f])
		}
	}
	rt := reflect.TypeOf(Record{})
	for i := 0; i < rt.NumField(); i++ {
		if tag := rt.Field(i).Tag.Get("json"); tag != "" {
			tags = append(tags, strings.Split(tag, ",")[0])
		}
	}
	b, err := os.ReadFile("schema/record.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	// The record schema's properties (aggregated events have their own,
	// under aggregatedEvent).
	var schema struct {
		Defs struct {
			Record struct{ Properties map[string]json.RawMessage } `json:"record"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(b, &schema); err != nil {
		t.Fatal(err)
	}
	var props []string
	for k := range schema.Defs.Record.Properties {
		props = append(props, k)
	}
	for _, l := range [][]string{encoder, reader, tags, props, decoder} {
		sort.Strings(l)
	}
	for name, l := range map[string][]string{"reader": reader, "Record's json tags": tags, "schema": props, "decoder": decoder} {
		if !reflect.DeepEqual(l, encoder) {
			t.Errorf("%s lists %v,\nthe encoder %v", name, l, encoder)
		}
	}
}

// TestStrFieldOffsets: strField (an offset table) returns, for each
// field, the address of the Record field tagged with its member name
// when that field's kind is string, and nil for every other field and
// for numbers that are no field.
func TestStrFieldOffsets(t *testing.T) {
	var r Record
	rv := reflect.ValueOf(&r).Elem()
	byTag := map[string]reflect.Value{}
	for i := 0; i < rv.NumField(); i++ {
		if tag := strings.Split(rv.Type().Field(i).Tag.Get("json"), ",")[0]; tag != "" {
			byTag[tag] = rv.Field(i)
		}
	}
	for f := 0; f < numFields; f++ {
		fv, ok := byTag[recordNames[f]]
		if !ok {
			t.Fatalf("%s: no field tagged so", recordNames[f])
		}
		got := r.strField(f)
		if fv.Kind() != reflect.String {
			if got != nil {
				t.Errorf("%s: strField returns a string for a field of kind %s", recordNames[f], fv.Kind())
			}
			continue
		}
		if want := (*string)(fv.Addr().UnsafePointer()); got != want {
			t.Errorf("%s: strField returns %p, the field is at %p", recordNames[f], got, want)
		}
	}
	for _, f := range []int{-1, numFields, numFields + 1, 1 << 20} {
		if r.strField(f) != nil {
			t.Errorf("strField(%d) is not nil", f)
		}
	}
}
