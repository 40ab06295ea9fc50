// Package enumtext gives the closed enums of this module (sets of values
// the module owns, numbered from a first to a last constant) their text
// forms: the name String returns, and back. Values outside the set are
// errors both ways, so that a typo in a configuration file is reported
// rather than read as some other value.
package enumtext

import (
	"fmt"
	"strings"
)

// Enum is a closed enum: an integer type whose String method names each
// of its values.
type Enum interface {
	~int | ~uint8
	String() string
}

// Marshal returns v's name when v is one of the values lo to hi. typ names
// the type for the error, as "trail.SkipCode".
func Marshal[T Enum](v, lo, hi T, typ string) ([]byte, error) {
	if v < lo || v > hi {
		return nil, fmt.Errorf("%s: marshal %s: %d is not a %s", pkg(typ), typ, int(v), typ)
	}
	return []byte(v.String()), nil
}

// Unmarshal returns the value among lo to hi whose name is text. An
// unknown name is an error listing the names there are.
func Unmarshal[T Enum](text []byte, lo, hi T, typ string) (T, error) {
	var names []string
	for v := lo; ; v++ {
		name := v.String()
		if name == string(text) {
			return v, nil
		}
		names = append(names, name)
		if v == hi {
			break
		}
	}
	return 0, fmt.Errorf("%s: unmarshal %s: unknown name %q (want one of %s)", pkg(typ), typ, text, strings.Join(names, ", "))
}

// pkg returns the package part of a qualified type name.
func pkg(typ string) string {
	if i := strings.IndexByte(typ, '.'); i >= 0 {
		return typ[:i]
	}
	return typ
}
