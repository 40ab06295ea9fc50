package integrity

import (
	"bytes"
	"crypto/md5"
	"crypto/rsa"
	"encoding/asn1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"sync"
	"time"
)

// PublicKey is one entry of the public keys CloudTrail signs digest files
// with, as `aws cloudtrail list-public-keys` prints them (CloudTrail API
// Reference, "ListPublicKeys" and "PublicKey").
type PublicKey struct {
	// Value is the DER encoding of the key: PKCS#1 RSAPublicKey as
	// documented, or X.509 SubjectPublicKeyInfo, as one of the keys in the
	// User Guide's example is.
	Value []byte
	// ValidityStart and ValidityEnd bound when the key signs digests; the
	// windows of consecutive keys overlap during a rotation.
	ValidityStart time.Time
	// ValidityEnd is the end of the key's validity; see ValidityStart.
	ValidityEnd time.Time
	// Fingerprint is the key's fingerprint as listed: the lower-case hex
	// MD5 of Value (derived: it holds for every documented key). When
	// the listing has none, ParsePublicKeys computes it.
	Fingerprint string
}

// Fingerprint returns the lower-case hex MD5 of der, the fingerprint
// CloudTrail gives a public key and writes into digestPublicKeyFingerprint.
func Fingerprint(der []byte) string {
	sum := md5.Sum(der)
	return hex.EncodeToString(sum[:])
}

// RSA decodes the key: PKCS#1 first, then SubjectPublicKeyInfo holding an
// RSA key. The AWS CLI loads PKCS#1 only; a SubjectPublicKeyInfo key is
// accepted here because CloudTrail has published one.
func (k *PublicKey) RSA() (*rsa.PublicKey, error) {
	pub, err := parsePKCS1(k.Value)
	if err == nil {
		return pub, nil
	}
	if pub, err = parseSPKI(k.Value); err != nil {
		return nil, fmt.Errorf("integrity: public key %s: neither PKCS #1 nor SubjectPublicKeyInfo DER: %w", k.Fingerprint, err)
	}
	return pub, nil
}

// The keys are decoded with encoding/asn1, as crypto/x509 decodes them
// (ParsePKCS1PublicKey, ParsePKIXPublicKey), rather than with crypto/x509
// itself: it imports package net, which makes every program importing
// this package dynamically linked to the C library when cgo is on, and
// the dynamic loader doubles the start-up time of a small command.

// pkcs1PublicKey is PKCS #1's RSAPublicKey (RFC 8017, appendix A.1.1).
type pkcs1PublicKey struct {
	N *big.Int
	E int
}

// subjectPublicKeyInfo is X.509's SubjectPublicKeyInfo (RFC 5280,
// section 4.1).
type subjectPublicKeyInfo struct {
	Algorithm struct {
		Algorithm  asn1.ObjectIdentifier
		Parameters asn1.RawValue `asn1:"optional"`
	}
	PublicKey asn1.BitString
}

// oidRSAEncryption is rsaEncryption (RFC 3279, section 2.3.1).
var oidRSAEncryption = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}

// parsePKCS1 decodes a PKCS #1 RSAPublicKey, refusing what
// x509.ParsePKCS1PublicKey refuses.
func parsePKCS1(der []byte) (*rsa.PublicKey, error) {
	var k pkcs1PublicKey
	rest, err := asn1.Unmarshal(der, &k)
	switch {
	case err != nil:
		return nil, err
	case len(rest) > 0:
		return nil, errors.New("trailing data after the PKCS #1 public key")
	}
	return checkRSA(&k, true)
}

// parseSPKI decodes a SubjectPublicKeyInfo holding an RSA key (its
// parameters NULL, RFC 3279 section 2.3.1), refusing what
// x509.ParsePKIXPublicKey refuses.
func parseSPKI(der []byte) (*rsa.PublicKey, error) {
	var info subjectPublicKeyInfo
	rest, err := asn1.Unmarshal(der, &info)
	switch {
	case err != nil:
		return nil, err
	case len(rest) > 0:
		return nil, errors.New("trailing data after the SubjectPublicKeyInfo")
	case !info.Algorithm.Algorithm.Equal(oidRSAEncryption):
		return nil, fmt.Errorf("algorithm %v, not an RSA key", info.Algorithm.Algorithm)
	case !bytes.Equal(info.Algorithm.Parameters.FullBytes, asn1.NullBytes):
		return nil, errors.New("RSA key missing NULL parameters")
	}
	var k pkcs1PublicKey
	if _, err := asn1.Unmarshal(info.PublicKey.RightAlign(), &k); err != nil {
		return nil, fmt.Errorf("invalid RSA public key: %w", err)
	}
	return checkRSA(&k, false)
}

// checkRSA refuses a modulus or exponent that is not positive and, for
// PKCS #1 (as x509.ParsePKCS1PublicKey does), an exponent above 2^31-1.
func checkRSA(k *pkcs1PublicKey, capExponent bool) (*rsa.PublicKey, error) {
	switch {
	case k.N.Sign() <= 0 || k.E <= 0:
		return nil, errors.New("public key contains zero or negative value")
	case capExponent && k.E > 1<<31-1:
		return nil, errors.New("public key contains large public exponent")
	}
	return &rsa.PublicKey{N: k.N, E: k.E}, nil
}

// Overlaps reports whether the key's validity window meets [start, end],
// which is when ListPublicKeys returns it for that range.
func (k *PublicKey) Overlaps(start, end time.Time) bool {
	return !k.ValidityStart.After(end) && !k.ValidityEnd.Before(start)
}

// Keys is a list of public keys, as ParsePublicKeys returns it.
type Keys []PublicKey

// Between returns the keys whose validity window meets [start, end]: what
// ListPublicKeys with that StartTime and EndTime returns, mapped by
// fingerprint as the AWS CLI maps them.
func (ks Keys) Between(start, end time.Time) map[string]*PublicKey {
	m := make(map[string]*PublicKey)
	for i := range ks {
		if ks[i].Overlaps(start, end) {
			m[ks[i].Fingerprint] = &ks[i]
		}
	}
	return m
}

// ParsePublicKeys reads the output of `aws cloudtrail list-public-keys`
// ({"PublicKeyList":[{"Value":…,"ValidityStartTime":…,"ValidityEndTime":…,
// "Fingerprint":…}]}), or the bare list. Value is base64; times are epoch
// seconds (the API's wire form) or ISO 8601 text (the CLI's output).
func ParsePublicKeys(b []byte) (Keys, error) {
	type wire struct {
		Value             string          `json:"Value"`
		ValidityStartTime json.RawMessage `json:"ValidityStartTime"`
		ValidityEndTime   json.RawMessage `json:"ValidityEndTime"`
		Fingerprint       string          `json:"Fingerprint"`
	}
	var list []wire
	// A UTF-8 byte order mark (PowerShell 5's Out-File -Encoding utf8)
	// is ignored, as RFC 8259 §8.1 allows.
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(b, []byte("\ufeff")))
	if len(trimmed) > 0 && trimmed[0] == '[' {
		if err := json.Unmarshal(trimmed, &list); err != nil {
			return nil, fmt.Errorf("integrity: public keys: %w", err)
		}
	} else {
		var out struct {
			PublicKeyList *[]wire `json:"PublicKeyList"`
		}
		if err := json.Unmarshal(trimmed, &out); err != nil {
			return nil, fmt.Errorf("integrity: public keys: %w", err)
		}
		if out.PublicKeyList == nil {
			return nil, fmt.Errorf("integrity: public keys: no PublicKeyList member (want the output of aws cloudtrail list-public-keys)")
		}
		list = *out.PublicKeyList
	}
	keys := make(Keys, 0, len(list))
	for i, w := range list {
		der, err := base64.StdEncoding.DecodeString(w.Value)
		if err != nil {
			return nil, fmt.Errorf("integrity: public keys: PublicKeyList[%d].Value: not base64: %w", i, err)
		}
		k := PublicKey{Value: der, Fingerprint: strings.ToLower(w.Fingerprint)}
		if k.Fingerprint == "" {
			k.Fingerprint = Fingerprint(der)
		}
		if k.ValidityStart, err = parseKeyTime(w.ValidityStartTime); err != nil {
			return nil, fmt.Errorf("integrity: public keys: PublicKeyList[%d].ValidityStartTime: %w", i, err)
		}
		if k.ValidityEnd, err = parseKeyTime(w.ValidityEndTime); err != nil {
			return nil, fmt.Errorf("integrity: public keys: PublicKeyList[%d].ValidityEndTime: %w", i, err)
		}
		if k.ValidityEnd.IsZero() {
			k.ValidityEnd = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// parseKeyTime reads a key's validity time: epoch seconds, as a number
// (the API, AWS CLI v1) or a string (the User Guide's sample response,
// "1436317441.0"), or ISO 8601 text such as "2015-08-17T14:00:00Z" or
// "2015-08-17T07:00:00-07:00" (AWS CLI v2 prints the local zone), whose
// offset is applied. Absent or null gives the zero time.
func parseKeyTime(raw json.RawMessage) (time.Time, error) {
	s := string(bytes.TrimSpace(raw))
	if s == "" || s == "null" {
		return time.Time{}, nil
	}
	epoch := func(s string) (time.Time, bool) {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e15 {
			return time.Time{}, false
		}
		sec := int64(f)
		return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC(), true
	}
	if s[0] != '"' {
		t, ok := epoch(s)
		if !ok {
			return time.Time{}, fmt.Errorf("%s: want epoch seconds or a time string", s)
		}
		return t, nil
	}
	var text string
	if err := json.Unmarshal(raw, &text); err != nil {
		return time.Time{}, err
	}
	if t, ok := epoch(text); ok {
		return t, nil
	}
	// A time with its zone is an instant: convert it. (ParseTime
	// replaces the zone, as validate-logs does with what a person types.)
	if t, err := time.Parse(time.RFC3339Nano, text); err == nil {
		return t.UTC(), nil
	}
	t, err := ParseTime(text)
	if err != nil {
		return time.Time{}, err
	}
	return t, nil
}

// ParseTime reads a time the way validate-logs is given one. The AWS CLI
// parses with dateutil's parser; ParseTime takes the forms people write:
// RFC 3339 with or without fractional seconds or zone, a space instead of
// the T, minutes or hours only, the compact forms 20140810T000000Z and
// 2014-08-10T0000Z, a date alone (2015-01-01, 2015-1-1, 2015/01/01,
// 01/02/2015 month first, 25/08/2015 day first when the first number
// cannot be a month), month names short or long ("August 25, 2015", "Aug 25
// 2015", "25 Aug 2015", "25-Aug-2015", "2015-Aug-25", after a weekday name
// or not) with or without a time (24-hour, or 12-hour with AM/PM), a zone
// name or offset after it, with or without a space, and RFC 1123, in any
// letter case. As the CLI does, a zone written in the text is replaced by
// UTC, not converted (the CLI's normalize_date), and the time is kept to
// the microsecond (Python's datetime). Epoch seconds are refused, as
// dateutil refuses them. The error reads "Unable to parse date value:
// <text>", the CLI's message.
func ParseTime(s string) (time.Time, error) {
	// The form digests and list-public-keys output use, first.
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		// time.Parse reads month, weekday and AM/PM names in any case,
		// but only upper-case T, Z and zone names.
		u := strings.ToUpper(s)
		for _, l := range parseTimeLayouts() {
			if t, err = time.Parse(l, u); err == nil {
				break
			}
		}
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("Unable to parse date value: %s", s) //nolint:staticcheck // the AWS CLI's message
	}
	y, mo, d := t.Date()
	h, mi, sec := t.Clock()
	return time.Date(y, mo, d, h, mi, sec, t.Nanosecond()/1000*1000, time.UTC), nil
}

// parseTimeLayouts returns the layouts ParseTime tries, in order; built on
// first use (not at start-up, where every program importing the package
// would pay for them), never changed.
var parseTimeLayouts = sync.OnceValue(timeLayouts)

func timeLayouts() []string {
	// Month first before day first, as dateutil (dayfirst=False) reads
	// 08/10/2014. A one-digit layout ("1", "2", "15") also reads two digits.
	dates := []string{
		"2006-1-2", "2006/1/2", "1/2/2006", "2/1/2006",
		"January 2, 2006", "January 2 2006", "Jan 2, 2006", "Jan 2 2006",
		"2 January 2006", "2 Jan 2006", "2-Jan-2006", "2006-Jan-2",
		"Monday, January 2, 2006", "Mon, January 2, 2006", "Monday, 2 January 2006", "Mon, 2 Jan 2006",
	}
	clocks := []string{"15:04:05.999999999", "15:04", "3:04:05 PM", "3:04:05PM", "3:04 PM", "3:04PM"}
	zones := []string{"", "Z07:00", "Z0700", " MST", " Z07:00", " Z0700"}
	var layouts []string
	for _, date := range dates {
		layouts = append(layouts, date)
		for _, clock := range clocks {
			for _, zone := range zones {
				layouts = append(layouts, date+" "+clock+zone)
			}
		}
	}
	// The ISO 8601 forms with a T, extended or compact.
	for _, date := range []string{"2006-1-2", "20060102"} {
		for _, clock := range []string{"15:04:05.999999999", "15:04", "15", "150405.999999999", "1504"} {
			for _, zone := range zones {
				layouts = append(layouts, date+"T"+clock+zone)
			}
		}
	}
	layouts = append(layouts,
		"20060102 150405.999999999",
		"20060102",
		time.RFC1123,
		time.RFC1123Z,
	)
	return layouts
}
