package trailtest

import "testing"

func TestSignInFailureText(t *testing.T) {
	for f := WrongPassword; f <= WrongUserName; f++ {
		b, err := f.MarshalText()
		if err != nil {
			t.Fatalf("SignInFailure(%d): %v", f, err)
		}
		var got SignInFailure
		if err := got.UnmarshalText(b); err != nil || got != f {
			t.Errorf("%v: text %q gives %v, %v", f, b, got, err)
		}
	}
	var f SignInFailure
	if err := f.UnmarshalText([]byte("wrong password")); err == nil {
		t.Error("UnmarshalText of an unknown name: no error")
	}
	if _, err := SignInFailure(0).MarshalText(); err == nil {
		t.Error("the zero SignInFailure marshals; want an error")
	}
}
