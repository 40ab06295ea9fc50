package event

import "testing"

func TestVersion(t *testing.T) {
	for _, tc := range []struct {
		v            Version
		valid        bool
		major, minor int
		reason       string
	}{
		{"1.05", true, 1, 5, "leading zero in the minor part, as records have it"},
		{"1.11", true, 1, 11, "current version"},
		{"1.0", true, 1, 0, "first version"},
		{"1", true, 1, 0, "no minor part means 0"},
		{"2.00", true, 2, 0, "a future major version"},
		{"", false, 0, 0, "absent"},
		{"1.", false, 0, 0, "empty minor part"},
		{".5", false, 0, 0, "empty major part"},
		{"1.0.1", false, 0, 0, "three parts"},
		{"v1.08", false, 0, 0, "not digits"},
		{"1.-1", false, 0, 0, "sign"},
		{"1.0000000001", false, 0, 0, "too many digits to be a version"},
	} {
		if got := tc.v.Valid(); got != tc.valid {
			t.Errorf("%s: %q.Valid() = %v, want %v", tc.reason, tc.v, got, tc.valid)
		}
		if tc.v.Major() != tc.major || tc.v.Minor() != tc.minor {
			t.Errorf("%s: %q = (%d, %d), want (%d, %d)", tc.reason, tc.v, tc.v.Major(), tc.v.Minor(), tc.major, tc.minor)
		}
		_, err := ParseVersion(string(tc.v))
		if (err == nil) != tc.valid {
			t.Errorf("%s: ParseVersion(%q) error %v, want valid=%v", tc.reason, tc.v, err, tc.valid)
		}
	}
}

func TestVersionCompare(t *testing.T) {
	for _, tc := range []struct {
		a, b   Version
		want   int
		reason string
	}{
		{"1.10", "1.09", 1, "integers, not floats: 1.10 is newer than 1.09"},
		{"1.10", "1.1", 1, "as floats these would be equal"},
		{"1.05", "1.5", 0, "leading zeros do not matter"},
		{"1.02", "1.11", -1, "older"},
		{"2.0", "1.99", 1, "major first"},
		{"x", "1.0", -1, "invalid is older than valid"},
		{"1.0", "x", 1, "valid is newer than invalid"},
		{"a", "b", -1, "two invalid versions compare by text"},
	} {
		if got := tc.a.Compare(tc.b); got != tc.want {
			t.Errorf("%s: %q.Compare(%q) = %d, want %d", tc.reason, tc.a, tc.b, got, tc.want)
		}
	}
	if !Version("1.08").AtLeast(1, 6) || Version("1.05").AtLeast(1, 6) || Version("").AtLeast(0, 0) {
		t.Error("AtLeast")
	}
}

func FuzzVersion(f *testing.F) {
	for _, s := range []string{"1.05", "1.11", "1", "", "1.", "01.010"} {
		f.Add(s, "1.08")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		va, vb := Version(a), Version(b)
		if va.Compare(vb) != -vb.Compare(va) {
			t.Fatalf("Compare not antisymmetric for %q, %q", a, b)
		}
		if va.Compare(va) != 0 {
			t.Fatalf("%q not equal to itself", a)
		}
		if _, err := ParseVersion(a); (err == nil) != va.Valid() {
			t.Fatalf("ParseVersion and Valid disagree on %q", a)
		}
	})
}
