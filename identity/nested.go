package identity

import "github.com/trailmap/trailmap/internal/jsonwire"

// The nested elements encode and decode on their own as they do inside a
// UserIdentity, so that encoding/json keeps their form too. Error paths
// are those of the element inside userIdentity.

// parseNested runs one element decoder over s and checks that nothing
// follows the element.
func parseNested(s string, fn func(d *decoder) error) error {
	d := decoder{sc: jsonwire.New(s), b: new(Storage)}
	if err := fn(&d); err != nil {
		return err
	}
	if err := d.sc.End(); err != nil {
		return syntaxError("", "", err)
	}
	return nil
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
	return parseNested(string(b), func(d *decoder) error {
		var v SessionContext
		if err := d.sessionContext(&v); err != nil {
			return err
		}
		*c = v
		return nil
	})
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
	return parseNested(string(b), func(d *decoder) error {
		var v SessionIssuer
		if err := d.sessionIssuer(&v); err != nil {
			return err
		}
		*s = v
		return nil
	})
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
	return parseNested(string(b), func(d *decoder) error {
		var v WebIDFederationData
		if err := d.webIDFederationData(&v); err != nil {
			return err
		}
		*f = v
		return nil
	})
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
	return parseNested(string(b), func(d *decoder) error {
		var v Attributes
		if err := d.attributes(&v); err != nil {
			return err
		}
		*a = v
		return nil
	})
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
	return parseNested(string(b), func(d *decoder) error {
		var v OnBehalfOf
		if err := d.onBehalfOf(&v); err != nil {
			return err
		}
		*o = v
		return nil
	})
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
	return parseNested(string(b), func(d *decoder) error {
		var v InScopeOf
		if err := d.inScopeOf(&v); err != nil {
			return err
		}
		*s = v
		return nil
	})
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
	return parseNested(string(b), func(d *decoder) error {
		var x InvokedByDelegate
		if err := d.invokedByDelegate(&x); err != nil {
			return err
		}
		*v = x
		return nil
	})
}
