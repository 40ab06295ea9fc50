package identity

import "github.com/trailmap/trailmap/internal/enumtext"

// String returns t as recorded.
func (t Type) String() string { return string(t) }

// MarshalText returns t as recorded.
func (t Type) MarshalText() ([]byte, error) { return []byte(t), nil }

// UnmarshalText sets t to text. Identity types are an open set: a type
// this package does not know is kept as given (see Type.Known).
func (t *Type) UnmarshalText(text []byte) error {
	*t = Type(text)
	return nil
}

// MarshalText returns k's name, as String does ("role"). A value that is
// not a Kind is an error.
func (k Kind) MarshalText() ([]byte, error) {
	return enumtext.Marshal(k, KindUnknown, KindWebIdentityUser, "identity.Kind")
}

// UnmarshalText sets k to the Kind named by text, as String spells it.
// Any other text is an error naming the kinds there are.
func (k *Kind) UnmarshalText(text []byte) error {
	v, err := enumtext.Unmarshal(text, KindUnknown, KindWebIdentityUser, "identity.Kind")
	if err == nil {
		*k = v
	}
	return err
}

// MarshalText returns m's name, as String does ("saml"). A value that is
// not a Method is an error.
func (m Method) MarshalText() ([]byte, error) {
	return enumtext.Marshal(m, MethodUnknown, MethodFederationToken, "identity.Method")
}

// UnmarshalText sets m to the Method named by text, as String spells it.
// Any other text is an error naming the methods there are.
func (m *Method) UnmarshalText(text []byte) error {
	v, err := enumtext.Unmarshal(text, MethodUnknown, MethodFederationToken, "identity.Method")
	if err == nil {
		*m = v
	}
	return err
}
