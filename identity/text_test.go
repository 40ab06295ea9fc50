package identity

import (
	"encoding/json"
	"strings"
	"testing"
)

// Every Kind and Method round-trips through its text form, unknown names
// are rejected with the list of names, and unknown identity types are kept.
func TestTextForms(t *testing.T) {
	for k := KindUnknown; k <= KindWebIdentityUser; k++ {
		b, err := k.MarshalText()
		if err != nil {
			t.Fatalf("Kind(%d).MarshalText: %v", k, err)
		}
		var got Kind
		if err := got.UnmarshalText(b); err != nil || got != k || string(b) != k.String() {
			t.Errorf("Kind %v: text %q gives %v, %v", k, b, got, err)
		}
	}
	for m := MethodUnknown; m <= MethodFederationToken; m++ {
		b, err := m.MarshalText()
		if err != nil {
			t.Fatalf("Method(%d).MarshalText: %v", m, err)
		}
		var got Method
		if err := got.UnmarshalText(b); err != nil || got != m || string(b) != m.String() {
			t.Errorf("Method %v: text %q gives %v, %v", m, b, got, err)
		}
	}
	if _, err := Kind(200).MarshalText(); err == nil {
		t.Error("Kind(200).MarshalText: no error for a value that is no kind")
	}
	if _, err := Method(200).MarshalText(); err == nil || Method(200).String() != "method(200)" {
		t.Errorf("Method(200): %v, String %q", err, Method(200).String())
	}
	k := KindRole
	if err := k.UnmarshalText([]byte("Role")); err == nil || !strings.Contains(err.Error(), `unknown name "Role"`) || !strings.Contains(err.Error(), "role") || k != KindRole {
		t.Errorf("Kind.UnmarshalText(Role): %v, left %v; want an error listing the names and k unchanged", err, k)
	}

	// A Principal encodes its Kind by name; an identity type AWS adds later
	// survives a round trip.
	b, err := json.Marshal(Principal{Kind: KindRole})
	if err != nil || !strings.Contains(string(b), `"Kind":"role"`) {
		t.Errorf("Principal JSON = %s, %v; want Kind by name", b, err)
	}
	var p Principal
	if err := json.Unmarshal(b, &p); err != nil || p.Kind != KindRole {
		t.Errorf("Principal back = %+v, %v", p, err)
	}
	var ty Type
	if err := ty.UnmarshalText([]byte("FutureType")); err != nil || ty != "FutureType" || ty.String() != "FutureType" {
		t.Errorf("Type.UnmarshalText(FutureType) = %q, %v; want it kept", ty, err)
	}
	if b, _ := Type("FutureType").MarshalText(); string(b) != "FutureType" {
		t.Errorf("Type.MarshalText = %q", b)
	}
}
