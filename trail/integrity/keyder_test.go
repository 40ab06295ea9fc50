package integrity

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/asn1"
	"math/big"
	"sync"
	"testing"
)

// x509RSA decodes der as RSA() did with crypto/x509: the reference the
// encoding/asn1 decoding is held to.
func x509RSA(der []byte) (*rsa.PublicKey, bool) {
	if pub, err := x509.ParsePKCS1PublicKey(der); err == nil {
		return pub, true
	}
	pub, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, false
	}
	rk, ok := pub.(*rsa.PublicKey)
	return rk, ok
}

// rsaKey is an RSA key made once per test binary.
var rsaKey = sync.OnceValues(func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 2048) })

// derSeeds are key encodings of every kind RSA() meets, valid and not.
func derSeeds(t testing.TB) []struct {
	reason string
	der    []byte
	ok     bool
} {
	key, err := rsaKey()
	if err != nil {
		t.Fatal(err)
	}
	pkcs1 := x509.MarshalPKCS1PublicKey(&key.PublicKey)
	spki, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ecSPKI, err := x509.MarshalPKIXPublicKey(&ec.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	edPub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	edSPKI, err := x509.MarshalPKIXPublicKey(edPub)
	if err != nil {
		t.Fatal(err)
	}
	mustDER := func(v any) []byte {
		b, err := asn1.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	type rawKey struct {
		N *big.Int
		E int
	}
	// spkiWith wraps a PKCS #1 key in a SubjectPublicKeyInfo with the
	// given algorithm parameters.
	spkiWith := func(params asn1.RawValue, inner []byte) []byte {
		return mustDER(struct {
			Algorithm struct {
				Algorithm  asn1.ObjectIdentifier
				Parameters asn1.RawValue `asn1:"optional"`
			}
			PublicKey asn1.BitString
		}{Algorithm: struct {
			Algorithm  asn1.ObjectIdentifier
			Parameters asn1.RawValue `asn1:"optional"`
		}{oidRSAEncryption, params}, PublicKey: asn1.BitString{Bytes: inner, BitLength: 8 * len(inner)}})
	}
	null := asn1.RawValue{FullBytes: asn1.NullBytes}
	return []struct {
		reason string
		der    []byte
		ok     bool
	}{
		{"PKCS #1, as CloudTrail documents its keys", pkcs1, true},
		{"SubjectPublicKeyInfo, as one key of the User Guide's example is", spki, true},
		{"SubjectPublicKeyInfo built here the same way", spkiWith(null, pkcs1), true},
		{"an ECDSA key is not RSA", ecSPKI, false},
		{"an Ed25519 key is not RSA", edSPKI, false},
		{"RSA without the NULL parameters (RFC 3279 section 2.3.1)", spkiWith(asn1.RawValue{}, pkcs1), false},
		{"PKCS #1 with trailing data", append(bytes.Clone(pkcs1), 0), false},
		{"SubjectPublicKeyInfo with trailing data", append(bytes.Clone(spki), 0), false},
		{"a negative modulus", mustDER(rawKey{big.NewInt(-7), 65537}), false},
		{"a zero exponent", mustDER(rawKey{big.NewInt(7), 0}), false},
		{"PKCS #1 with an exponent above 2^31-1", mustDER(rawKey{big.NewInt(7), 1 << 31}), false},
		{"SubjectPublicKeyInfo with an exponent above 2^31-1, which x509 takes", spkiWith(null, mustDER(rawKey{big.NewInt(7), 1 << 31})), true},
		{"SubjectPublicKeyInfo whose key has a third member, which x509 takes", spkiWith(null, mustDER(struct{ N, E, X *big.Int }{big.NewInt(7), big.NewInt(3), big.NewInt(5)})), true},
		{"SubjectPublicKeyInfo whose key has bytes after it, which x509 takes", spkiWith(null, append(bytes.Clone(pkcs1), 1, 2, 3)), true},
		{"SubjectPublicKeyInfo holding a broken PKCS #1 key", spkiWith(null, pkcs1[:len(pkcs1)-3]), false},
		{"empty", nil, false},
		{"not DER", []byte("hello"), false},
	}
}

// TestRSADecodesAsX509 holds the encoding/asn1 decoding of public keys to
// crypto/x509's: the same keys, the same refusals.
func TestRSADecodesAsX509(t *testing.T) {
	for _, tc := range derSeeds(t) {
		k := PublicKey{Value: tc.der, Fingerprint: Fingerprint(tc.der)}
		got, err := k.RSA()
		if (err == nil) != tc.ok {
			t.Errorf("%s: err %v, want ok %v", tc.reason, err, tc.ok)
			continue
		}
		want, wantOK := x509RSA(tc.der)
		if wantOK != tc.ok {
			t.Errorf("%s: crypto/x509 ok %v, want %v", tc.reason, wantOK, tc.ok)
			continue
		}
		if tc.ok && (got.E != want.E || got.N.Cmp(want.N) != 0) {
			t.Errorf("%s: decoded %v/%d, crypto/x509 %v/%d", tc.reason, got.N, got.E, want.N, want.E)
		}
	}
}

// FuzzRSA: any bytes decode to the key crypto/x509 decodes them to, or
// are refused by both.
func FuzzRSA(f *testing.F) {
	for _, tc := range derSeeds(f) {
		f.Add(tc.der)
	}
	f.Fuzz(func(t *testing.T, der []byte) {
		k := PublicKey{Value: der}
		got, err := k.RSA()
		want, wantOK := x509RSA(der)
		if (err == nil) != wantOK {
			t.Fatalf("RSA() err %v, crypto/x509 ok %v", err, wantOK)
		}
		if wantOK && (got.E != want.E || got.N.Cmp(want.N) != 0) {
			t.Fatalf("decoded %v/%d, crypto/x509 %v/%d", got.N, got.E, want.N, want.E)
		}
	})
}
