package selector

import "github.com/trailmap/trailmap/internal/enumtext"

// String returns t as given.
func (t ReadWriteType) String() string { return string(t) }

// MarshalText returns t as given.
func (t ReadWriteType) MarshalText() ([]byte, error) { return []byte(t), nil }

// UnmarshalText sets t to text. Values AWS rejects are kept, so that
// validation can report them.
func (t *ReadWriteType) UnmarshalText(text []byte) error {
	*t = ReadWriteType(text)
	return nil
}

// String returns t as given.
func (t InsightType) String() string { return string(t) }

// MarshalText returns t as given.
func (t InsightType) MarshalText() ([]byte, error) { return []byte(t), nil }

// UnmarshalText sets t to text. Values AWS rejects are kept, so that
// validation can report them.
func (t *InsightType) UnmarshalText(text []byte) error {
	*t = InsightType(text)
	return nil
}

// MarshalText returns the operator's API name, as String does
// ("NotStartsWith"). A value that is not an operator is an error.
func (o Operator) MarshalText() ([]byte, error) {
	return enumtext.Marshal(o, Equals, NotEndsWith, "selector.Operator")
}

// UnmarshalText sets o to the operator named by text, spelled as the API
// spells it. Any other text is an error naming the operators.
func (o *Operator) UnmarshalText(text []byte) error {
	v, err := enumtext.Unmarshal(text, Equals, NotEndsWith, "selector.Operator")
	if err == nil {
		*o = v
	}
	return err
}

// MarshalText returns "Trail" or "EventDataStore", as String does. A value
// that is not a Target is an error.
func (t Target) MarshalText() ([]byte, error) {
	return enumtext.Marshal(t, TargetTrail, TargetEventDataStore, "selector.Target")
}

// UnmarshalText sets t to the Target named by text ("Trail" or
// "EventDataStore"). Any other text is an error.
func (t *Target) UnmarshalText(text []byte) error {
	v, err := enumtext.Unmarshal(text, TargetTrail, TargetEventDataStore, "selector.Target")
	if err == nil {
		*t = v
	}
	return err
}
