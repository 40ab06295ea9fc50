package trailtest

import "github.com/trailmap/trailmap/internal/enumtext"

// MarshalText returns f's name, as String does ("WrongPassword"). A value
// that is not a SignInFailure is an error.
func (f SignInFailure) MarshalText() ([]byte, error) {
	return enumtext.Marshal(f, WrongPassword, WrongUserName, "trailtest.SignInFailure")
}

// UnmarshalText sets f to the SignInFailure named by text. Any other text
// is an error naming the failures there are.
func (f *SignInFailure) UnmarshalText(text []byte) error {
	v, err := enumtext.Unmarshal(text, WrongPassword, WrongUserName, "trailtest.SignInFailure")
	if err == nil {
		*f = v
	}
	return err
}
