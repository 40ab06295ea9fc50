package event

import "github.com/trailmap/trailmap/internal/enumtext"

// String returns c as recorded.
func (c Category) String() string { return string(c) }

// MarshalText returns c as recorded.
func (c Category) MarshalText() ([]byte, error) { return []byte(c), nil }

// UnmarshalText sets c to text. Categories are an open set: a value this
// package does not know is kept as given.
func (c *Category) UnmarshalText(text []byte) error {
	*c = Category(text)
	return nil
}

// String returns t as recorded.
func (t EventType) String() string { return string(t) }

// MarshalText returns t as recorded.
func (t EventType) MarshalText() ([]byte, error) { return []byte(t), nil }

// UnmarshalText sets t to text. Event types are an open set: a value this
// package does not know is kept as given (see EventType.Canonical).
func (t *EventType) UnmarshalText(text []byte) error {
	*t = EventType(text)
	return nil
}

// MarshalText returns the name of the constant, as String does. A value
// that is not a Derivation is an error.
func (d Derivation) MarshalText() ([]byte, error) {
	return enumtext.Marshal(d, Recorded, FromDataEventTable, "event.Derivation")
}

// UnmarshalText sets d to the Derivation named by text ("Recorded"). Any
// other text is an error naming the derivations there are.
func (d *Derivation) UnmarshalText(text []byte) error {
	v, err := enumtext.Unmarshal(text, Recorded, FromDataEventTable, "event.Derivation")
	if err == nil {
		*d = v
	}
	return err
}

// MarshalText returns the framing's name, as String does ("log file"). A
// value that is not a Format is an error.
func (f Format) MarshalText() ([]byte, error) {
	return enumtext.Marshal(f, FormatUnknown, Format(len(formatNames)-1), "event.Format")
}

// UnmarshalText sets f to the Format named by text, as String spells it.
// Any other text is an error naming the formats there are.
func (f *Format) UnmarshalText(text []byte) error {
	v, err := enumtext.Unmarshal(text, FormatUnknown, Format(len(formatNames)-1), "event.Format")
	if err == nil {
		*f = v
	}
	return err
}
