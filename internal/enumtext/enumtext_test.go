package enumtext

import (
	"strconv"
	"testing"
)

type color uint8

const (
	red color = iota + 1
	green
	blue
)

func (c color) String() string {
	switch c {
	case red:
		return "red"
	case green:
		return "green"
	case blue:
		return "blue"
	}
	return "color(" + strconv.Itoa(int(c)) + ")"
}

func TestRoundTrip(t *testing.T) {
	for c := red; c <= blue; c++ {
		b, err := Marshal(c, red, blue, "paint.color")
		if err != nil {
			t.Fatalf("Marshal(%d): %v", c, err)
		}
		got, err := Unmarshal(b, red, blue, "paint.color")
		if err != nil || got != c {
			t.Errorf("Unmarshal(%q) = %v, %v; want %v", b, got, err, c)
		}
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		reason string
		err    error
		want   string
	}{
		{"the zero value is below the set", func() error { _, err := Marshal(color(0), red, blue, "paint.color"); return err }(),
			"paint: marshal paint.color: 0 is not a paint.color"},
		{"a value past the last constant", func() error { _, err := Marshal(color(9), red, blue, "paint.color"); return err }(),
			"paint: marshal paint.color: 9 is not a paint.color"},
		{"an unknown name lists the known ones", func() error { _, err := Unmarshal([]byte("Red"), red, blue, "paint.color"); return err }(),
			`paint: unmarshal paint.color: unknown name "Red" (want one of red, green, blue)`},
		{"the fallback form of String is not a name", func() error { _, err := Unmarshal([]byte("color(0)"), red, blue, "paint.color"); return err }(),
			`paint: unmarshal paint.color: unknown name "color(0)" (want one of red, green, blue)`},
	} {
		if tc.err == nil || tc.err.Error() != tc.want {
			t.Errorf("%s: got %v, want %s", tc.reason, tc.err, tc.want)
		}
	}
}

func TestLastValueOfType(t *testing.T) {
	// hi may be the largest value of the type without the loop wrapping.
	got, err := Unmarshal([]byte("color(255)"), color(250), color(255), "paint.color")
	if err != nil || got != 255 {
		t.Errorf("Unmarshal up to 255 = %v, %v", got, err)
	}
}
