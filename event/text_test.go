package event

import (
	"encoding/json"
	"strings"
	"testing"
)

// Derivation and Format round-trip through their names and reject other
// text; Category and EventType keep values this package does not know.
func TestTextForms(t *testing.T) {
	for d := Recorded; d <= FromDataEventTable; d++ {
		b, err := d.MarshalText()
		if err != nil {
			t.Fatalf("Derivation(%d): %v", d, err)
		}
		var got Derivation
		if err := got.UnmarshalText(b); err != nil || got != d || string(b) != d.String() {
			t.Errorf("Derivation %v: text %q gives %v, %v", d, b, got, err)
		}
	}
	for f := FormatUnknown; int(f) < len(formatNames); f++ {
		b, err := f.MarshalText()
		if err != nil {
			t.Fatalf("Format(%d): %v", f, err)
		}
		var got Format
		if err := got.UnmarshalText(b); err != nil || got != f || string(b) != f.String() {
			t.Errorf("Format %v: text %q gives %v, %v", f, b, got, err)
		}
	}
	if _, err := Derivation(0).MarshalText(); err == nil {
		t.Error("the zero Derivation marshals; want an error (it is no derivation)")
	}
	var d Derivation
	if err := d.UnmarshalText([]byte("recorded")); err == nil || !strings.Contains(err.Error(), "Recorded") {
		t.Errorf("Derivation.UnmarshalText(recorded) = %v; want an error naming Recorded", err)
	}

	var v struct {
		C Category
		T EventType
	}
	in := `{"C":"SomeNewCategory","T":"AwsSomethingNew"}`
	if err := json.Unmarshal([]byte(in), &v); err != nil || v.C != "SomeNewCategory" || v.T != "AwsSomethingNew" {
		t.Fatalf("unknown values: %+v, %v; want them kept", v, err)
	}
	if out, err := json.Marshal(v); err != nil || string(out) != in {
		t.Errorf("re-encoded %s, %v; want %s", out, err, in)
	}
	if CategoryInsight.String() != "Insight" || AwsVpceEvent.String() != "AwsVpceEvent" {
		t.Errorf("String: %q %q", CategoryInsight.String(), AwsVpceEvent.String())
	}
}
