package trail

import (
	"encoding/json"
	"fmt"
)

// MarshalText returns the folder name of the kind, as String does. The
// zero FileKind and values that are no kind are an error.
func (k FileKind) MarshalText() ([]byte, error) {
	if _, ok := kindOfFolder(k.String()); !ok {
		return nil, fmt.Errorf("trail: marshal file kind: %d is not a kind", uint8(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText sets k to the kind whose folder name is text, such as
// "CloudTrail-Insight". Any other text is an error and leaves k unchanged.
func (k *FileKind) UnmarshalText(text []byte) error {
	kind, ok := kindOfFolder(string(text))
	if !ok {
		return fmt.Errorf("trail: unmarshal file kind: unknown folder name %q", text)
	}
	*k = kind
	return nil
}

// MarshalJSON encodes the result as
// {"Deliveries":[...],"Skipped":[...]}; both lists are [] rather than null
// when empty, so that readers of the JSON need not tell the two apart.
func (r Result) MarshalJSON() ([]byte, error) {
	type result struct {
		Deliveries []Delivery
		Skipped    []Skip
	}
	out := result{Deliveries: r.Deliveries, Skipped: r.Skipped}
	if out.Deliveries == nil {
		out.Deliveries = []Delivery{}
	}
	if out.Skipped == nil {
		out.Skipped = []Skip{}
	}
	return json.Marshal(out)
}

// MarshalJSON encodes the finding with its members' Go names; Trails and
// Accounts are [] rather than null when empty.
func (f Finding) MarshalJSON() ([]byte, error) {
	type finding Finding // the fields without the method
	out := finding(f)
	if out.Trails == nil {
		out.Trails = []string{}
	}
	if out.Accounts == nil {
		out.Accounts = []string{}
	}
	return json.Marshal(out)
}
