package event

import (
	"fmt"

	"strings"
)

// Version is an eventVersion such as "1.08", kept as recorded and compared
// as (major, minor) integers: "1.10" is newer than "1.09", and "1.5" and
// "1.05" are the same version.
//
// The record-contents page of the CloudTrail User Guide says a major
// change breaks compatibility and a minor change only adds fields.
type Version string

// ParseVersion parses s as "MAJOR.MINOR" with decimal integers; a missing
// minor part means 0 ("1" is 1.0). It reports an error for anything else.
func ParseVersion(s string) (Version, error) {
	v := Version(s)
	if !v.Valid() {
		return "", fmt.Errorf("event: invalid eventVersion %q: want MAJOR.MINOR", s)
	}
	return v, nil
}

// parts splits v into its major and minor numbers.
func (v Version) parts() (major, minor int, ok bool) {
	s := string(v)
	ma, mi, dot := strings.Cut(s, ".")
	if major, ok = atoi(ma); !ok {
		return 0, 0, false
	}
	if !dot {
		return major, 0, true
	}
	if minor, ok = atoi(mi); !ok {
		return 0, 0, false
	}
	return major, minor, true
}

// atoi parses a non-empty run of at most 9 ASCII digits.
func atoi(s string) (int, bool) {
	if len(s) == 0 || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// Valid reports whether v has the form MAJOR[.MINOR] with decimal digits.
func (v Version) Valid() bool {
	_, _, ok := v.parts()
	return ok
}

// Major returns the major number ("1.05" → 1), or 0 when v is not valid.
func (v Version) Major() int {
	ma, _, _ := v.parts()
	return ma
}

// Minor returns the minor number ("1.05" → 5), or 0 when v is not valid.
func (v Version) Minor() int {
	_, mi, _ := v.parts()
	return mi
}

// Compare returns -1, 0 or +1 as v is older than, the same as, or newer
// than w, comparing (major, minor) as integers. An invalid version is older
// than every valid one; two invalid versions compare by their text.
func (v Version) Compare(w Version) int {
	vma, vmi, vok := v.parts()
	wma, wmi, wok := w.parts()
	switch {
	case !vok && !wok:
		return strings.Compare(string(v), string(w))
	case !vok:
		return -1
	case !wok:
		return 1
	}
	if c := cmpInt(vma, wma); c != 0 {
		return c
	}
	return cmpInt(vmi, wmi)
}

// AtLeast reports whether v is valid and not older than "major.minor".
func (v Version) AtLeast(major, minor int) bool {
	ma, mi, ok := v.parts()
	return ok && (ma > major || ma == major && mi >= minor)
}

// String returns v as recorded.
func (v Version) String() string { return string(v) }

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
