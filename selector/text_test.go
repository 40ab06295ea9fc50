package selector

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// Operator and Target round-trip through their names and reject other
// text; ReadWriteType and InsightType keep values AWS would reject, for
// validation to report.
func TestTextForms(t *testing.T) {
	for o := Equals; o <= NotEndsWith; o++ {
		b, err := o.MarshalText()
		if err != nil {
			t.Fatalf("Operator(%d): %v", o, err)
		}
		var got Operator
		if err := got.UnmarshalText(b); err != nil || got != o || string(b) != o.String() {
			t.Errorf("Operator %v: text %q gives %v, %v", o, b, got, err)
		}
	}
	for _, tg := range []Target{TargetTrail, TargetEventDataStore} {
		b, err := tg.MarshalText()
		if err != nil {
			t.Fatalf("Target(%d): %v", tg, err)
		}
		var got Target
		if err := got.UnmarshalText(b); err != nil || got != tg {
			t.Errorf("Target %v: text %q gives %v, %v", tg, b, got, err)
		}
	}
	if _, err := Operator(0).MarshalText(); err == nil {
		t.Error("the zero Operator marshals; want an error (it is no operator)")
	}
	var o Operator
	if err := o.UnmarshalText([]byte("equals")); err == nil || !strings.Contains(err.Error(), "Equals, StartsWith") {
		t.Errorf("Operator.UnmarshalText(equals) = %v; want an error listing the operators", err)
	}

	var v struct {
		R ReadWriteType
		I InsightType
	}
	in := `{"R":"Sometimes","I":"ApiLatencyInsight"}`
	if err := json.Unmarshal([]byte(in), &v); err != nil || v.R != "Sometimes" || v.I != "ApiLatencyInsight" {
		t.Fatalf("unknown values: %+v, %v; want them kept", v, err)
	}
	if out, err := json.Marshal(v); err != nil || string(out) != in {
		t.Errorf("re-encoded %s, %v; want %s", out, err, in)
	}
}

// Errors.Has finds a problem by code.
func TestErrorsHas(t *testing.T) {
	err := ValidateInsight([]Insight{{InsightType: "ApiLatencyInsight"}}, nil, DefaultManagement())
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("ValidateInsight of an unknown type: %v, want Errors", err)
	}
	if !es.Has(CodeInvalidInsightSelectors) || es.Has(CodeInvalidEventSelectors) {
		t.Errorf("Has: %v", es)
	}
}
