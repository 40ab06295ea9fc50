package identity

import "github.com/trailmap/trailmap/internal/jsonwire"

// The nested elements encode and decode on their own as they do inside a
// UserIdentity, so that encoding/json keeps their form too. Error paths
// are those of the element inside userIdentity.

// parseNested runs one element decoder over s and checks that nothing
// follows the element.
func parseNested(s string, fn func(d *decoder) error) error {
	d := decoder{sc: jsonwire.New(s), b: new(storage)}
	if err := fn(&d); err != nil {
		return err
	}
	if err := d.sc.End(); err != nil {
		return syntaxError("", "", err)
	}
	return nil
}

// unmarshalNested sets *dst from the JSON text b of one element, read
// with read, replacing what *dst held.
func unmarshalNested[T any](b []byte, dst *T, read func(*decoder, *T) error) error {
	return parseNested(string(b), func(d *decoder) error {
		var v T
		if err := read(d, &v); err != nil {
			return err
		}
		*dst = v
		return nil
	})
}

// MarshalJSON returns the JSON text of c as UserIdentity.MarshalJSON
// writes it.
func (c *SessionContext) MarshalJSON() ([]byte, error) {
	if c == nil {
		return []byte("null"), nil
	}
	return checked(c.appendJSON(nil))
}

// UnmarshalJSON sets c from the JSON text of a sessionContext element.
func (c *SessionContext) UnmarshalJSON(b []byte) error {
	return unmarshalNested(b, c, (*decoder).sessionContext)
}

// MarshalJSON returns the JSON text of s as UserIdentity.MarshalJSON
// writes it.
func (s *SessionIssuer) MarshalJSON() ([]byte, error) {
	if s == nil {
		return []byte("null"), nil
	}
	return s.appendJSON(nil), nil
}

// UnmarshalJSON sets s from the JSON text of a sessionIssuer element.
func (s *SessionIssuer) UnmarshalJSON(b []byte) error {
	return unmarshalNested(b, s, (*decoder).sessionIssuer)
}

// MarshalJSON returns the JSON text of f as UserIdentity.MarshalJSON
// writes it; it fails if Attributes is not valid JSON.
func (f *WebIDFederationData) MarshalJSON() ([]byte, error) {
	if f == nil {
		return []byte("null"), nil
	}
	return checked(f.appendJSON(nil))
}

// UnmarshalJSON sets f from the JSON text of a webIdFederationData
// element.
func (f *WebIDFederationData) UnmarshalJSON(b []byte) error {
	return unmarshalNested(b, f, (*decoder).webIDFederationData)
}

// MarshalJSON returns the JSON text of a as UserIdentity.MarshalJSON
// writes it.
func (a *Attributes) MarshalJSON() ([]byte, error) {
	if a == nil {
		return []byte("null"), nil
	}
	return a.appendJSON(nil), nil
}

// UnmarshalJSON sets a from the JSON text of a session attributes element.
func (a *Attributes) UnmarshalJSON(b []byte) error {
	return unmarshalNested(b, a, (*decoder).attributes)
}

// MarshalJSON returns the JSON text of o as UserIdentity.MarshalJSON
// writes it.
func (o *OnBehalfOf) MarshalJSON() ([]byte, error) {
	if o == nil {
		return []byte("null"), nil
	}
	return o.appendJSON(nil), nil
}

// UnmarshalJSON sets o from the JSON text of an onBehalfOf element.
func (o *OnBehalfOf) UnmarshalJSON(b []byte) error {
	return unmarshalNested(b, o, (*decoder).onBehalfOf)
}

// MarshalJSON returns the JSON text of s as UserIdentity.MarshalJSON
// writes it.
func (s *InScopeOf) MarshalJSON() ([]byte, error) {
	if s == nil {
		return []byte("null"), nil
	}
	return s.appendJSON(nil), nil
}

// UnmarshalJSON sets s from the JSON text of an inScopeOf element.
func (s *InScopeOf) UnmarshalJSON(b []byte) error {
	return unmarshalNested(b, s, (*decoder).inScopeOf)
}

// MarshalJSON returns the JSON text of v as UserIdentity.MarshalJSON
// writes it.
func (v *InvokedByDelegate) MarshalJSON() ([]byte, error) {
	if v == nil {
		return []byte("null"), nil
	}
	return v.appendJSON(nil), nil
}

// UnmarshalJSON sets v from the JSON text of an invokedByDelegate element.
func (v *InvokedByDelegate) UnmarshalJSON(b []byte) error {
	return unmarshalNested(b, v, (*decoder).invokedByDelegate)
}
