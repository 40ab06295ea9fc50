package integrity

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestSigningString(t *testing.T) {
	tests := []struct {
		reason           string
		end, bucket, key string
		inflated, prev   string
		hasPrev          bool
		want             string
	}{
		{"the AWS CLI's unit test vector: null previous signature is the text null", "a", "b", "c", "abc", "", false,
			"a\nb/c\nba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\nnull"},
		{"a previous signature is written as given, no final newline", "2015-08-17T15:01:31Z", "bkt", "AWSLogs/k.json.gz", "{}", "abcd", true,
			"2015-08-17T15:01:31Z\nbkt/AWSLogs/k.json.gz\n44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\nabcd"},
	}
	for _, tc := range tests {
		got := string(SigningString(tc.end, tc.bucket, tc.key, []byte(tc.inflated), tc.prev, tc.hasPrev))
		if got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.reason, got, tc.want)
		}
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct{ in, want, reason string }{
		{"20140810T000000Z", "2014-08-10T00:00:00Z", "the compact form the CLI formats dates in"},
		{"2015-01-01", "2015-01-01T00:00:00Z", "a date alone"},
		{"August 25, 2015 00:00:00 UTC", "2015-08-25T00:00:00Z", "the CLI's unit test's long form"},
		{"2015-01-08T05:21:42Z", "2015-01-08T05:21:42Z", "RFC 3339"},
		{"2015-01-08T05:21:42+02:00", "2015-01-08T05:21:42Z", "a zone is replaced by UTC, not converted (normalize_date)"},
		// The CLI parses with dateutil's parser.parse; each want below is
		// what its parse_date and normalize_date make of the text.
		{"2015-08-25 10:11", "2015-08-25T10:11:00Z", "dateutil: date and minutes with a space"},
		{"2015-08-25 10:11:12 UTC", "2015-08-25T10:11:12Z", "dateutil: a zone name after a space"},
		{"2015-08-25T10:11:12+0200", "2015-08-25T10:11:12Z", "dateutil: a zone without colon, replaced"},
		{"2015-08-25T10", "2015-08-25T10:00:00Z", "dateutil: hours only"},
		{"2015/08/25", "2015-08-25T00:00:00Z", "dateutil: slashes"},
		{"2015/08/25 10:11:12", "2015-08-25T10:11:12Z", "dateutil: slashes and a time"},
		{"08/25/2015", "2015-08-25T00:00:00Z", "dateutil: month first"},
		{"Aug 25 2015", "2015-08-25T00:00:00Z", "dateutil: short month name"},
		{"Aug 25, 2015", "2015-08-25T00:00:00Z", "dateutil: short month name and comma"},
		{"August 25 2015", "2015-08-25T00:00:00Z", "dateutil: month name without comma"},
		{"25 Aug 2015", "2015-08-25T00:00:00Z", "dateutil: day first"},
		{"25 August 2015 10:11", "2015-08-25T10:11:00Z", "dateutil: day first with a time"},
		{"Aug 25, 2015 10:11:12", "2015-08-25T10:11:12Z", "dateutil: month name and a time"},
		{"Tue, 25 Aug 2015 10:11:12 GMT", "2015-08-25T10:11:12Z", "dateutil: RFC 1123"},
		{"20150825T101112", "2015-08-25T10:11:12Z", "dateutil: compact without zone"},
		{"20160129T19:00:00Z", "2016-01-29T19:00:00Z", "the AWS CLI's own validate-logs example (awscli/examples/cloudtrail/validate-logs.rst): a compact date, a time with colons"},
		{"20160129T19:00", "2016-01-29T19:00:00Z", "dateutil: a compact date, minutes with a colon"},
		{"2015-08-25 10:11:12.123456", "2015-08-25T10:11:12Z", "dateutil: fractional seconds after a space"},
		{"August 25, 2015 10:11 PM", "2015-08-25T22:11:00Z", "dateutil: 12-hour clock"},
		// More of what dateutil's parser takes (each want checked with the
		// CLI's parse_date and normalize_date).
		{"2015-8-5", "2015-08-05T00:00:00Z", "dateutil: one-digit month and day"},
		{"2015-08-25T10:11:12 UTC", "2015-08-25T10:11:12Z", "dateutil: a zone name after a space, with the T"},
		{"2015-08-25T10:11:12z", "2015-08-25T10:11:12Z", "dateutil: lower-case z"},
		{"2015-08-25t10:11:12Z", "2015-08-25T10:11:12Z", "dateutil: lower-case t"},
		{"2015-08-25T101112Z", "2015-08-25T10:11:12Z", "dateutil: extended date, compact time"},
		{"2015-08-25T1011Z", "2015-08-25T10:11:00Z", "dateutil: extended date, compact minutes"},
		{"2015-08-25T10Z", "2015-08-25T10:00:00Z", "dateutil: hours and a zone"},
		{"20150825T10Z", "2015-08-25T10:00:00Z", "dateutil: compact date, hours and a zone"},
		{"20150825 101112", "2015-08-25T10:11:12Z", "dateutil: compact date and time with a space"},
		{"2015-08-25 10:11:12Z", "2015-08-25T10:11:12Z", "dateutil: a space and Z"},
		{"2015-08-25T10:11:12 +02:00", "2015-08-25T10:11:12Z", "dateutil: an offset after a space, replaced"},
		{"2015-08-25 10:11:12 +0000", "2015-08-25T10:11:12Z", "dateutil: a compact offset after a space"},
		{"2015-08-25 10:11:12 PST", "2015-08-25T10:11:12Z", "dateutil: an unknown zone name is dropped"},
		{"2015-08-25T1:02", "2015-08-25T01:02:00Z", "dateutil: a one-digit hour"},
		{"25/08/2015", "2015-08-25T00:00:00Z", "dateutil: day first when the first number cannot be a month"},
		{"2015-Aug-25", "2015-08-25T00:00:00Z", "dateutil: year, month name, day"},
		{"25-Aug-2015", "2015-08-25T00:00:00Z", "dateutil: day, month name, year"},
		{"aug 25 2015", "2015-08-25T00:00:00Z", "dateutil: a lower-case month name"},
		{"Tuesday, August 25, 2015", "2015-08-25T00:00:00Z", "dateutil: a weekday name"},
		{"Aug 25, 2015 1:02:03 pm", "2015-08-25T13:02:03Z", "dateutil: lower-case pm"},
		{"2015-08-25 1:02:03 am", "2015-08-25T01:02:03Z", "dateutil: numeric date, 12-hour clock"},
	}
	for _, tc := range tests {
		got, err := ParseTime(tc.in)
		if err != nil || got.Format(time.RFC3339) != tc.want {
			t.Errorf("%s: ParseTime(%q) = %v, %v; want %s", tc.reason, tc.in, got, err, tc.want)
		}
	}
	// dateutil keeps microseconds (datetime's precision), dropping the rest.
	if got, err := ParseTime("2015-08-25T10:11:12.123456789Z"); err != nil || got.Nanosecond() != 123456000 {
		t.Errorf("ParseTime keeps %d ns, %v; want 123456000 (microseconds, as datetime)", got.Nanosecond(), err)
	}
	for _, in := range []string{"foo", "1440460800", "2015-08-25Z", "2015-13-01", "2015-02-30", "2015-08-25T24:00:00Z"} {
		// dateutil refuses epoch seconds too.
		if _, err := ParseTime(in); err == nil || err.Error() != "Unable to parse date value: "+in {
			t.Errorf("ParseTime(%s) error %v, want the CLI's message", in, err)
		}
	}
}

func TestKeyStamp(t *testing.T) {
	tests := []struct {
		key, stamp string
		backfill   bool
	}{
		{"AWSLogs/1/CloudTrail-Digest/us-east-1/2015/08/16/1_CloudTrail-Digest_us-east-1_foo_us-east-1_20150816T230550Z.json.gz", "20150816T230550Z", false},
		{"AWSLogs/1/CloudTrail-Digest/us-east-1/2015/08/16/1_CloudTrail-Digest_us-east-1_foo_us-east-1_20150816T230550Z_backfill.json.gz", "20150816T230550Z", true},
		{"file_backfill.txt", "", false},
		{"file_backfill_other.json.gz", "", false},
	}
	for _, tc := range tests {
		s, bf := keyStamp(tc.key)
		if bf != tc.backfill || (tc.stamp != "" && s != tc.stamp) {
			t.Errorf("keyStamp(%q) = %q, %v; want %q, %v", tc.key, s, bf, tc.stamp, tc.backfill)
		}
	}
}

func TestDigestPrefixAndMarker(t *testing.T) {
	c := Chain{Account: "123456789012", Region: "us-east-1", TrailName: "foo", HomeRegion: "us-east-1"}
	tests := []struct {
		prefix, org, want string
	}{
		{"", "", "AWSLogs/123456789012/CloudTrail-Digest/us-east-1"},
		{"my-prefix", "", "my-prefix/AWSLogs/123456789012/CloudTrail-Digest/us-east-1"},
		{"", "o-12345", "AWSLogs/o-12345/123456789012/CloudTrail-Digest/us-east-1"},
		{"custom-prefix", "o-12345", "custom-prefix/AWSLogs/o-12345/123456789012/CloudTrail-Digest/us-east-1"},
	}
	for _, tc := range tests {
		c.Prefix, c.OrgID = tc.prefix, tc.org
		if got := c.DigestPrefix(); got != tc.want {
			t.Errorf("DigestPrefix(%q, %q) = %q, want %q", tc.prefix, tc.org, got, tc.want)
		}
	}
	// The listing starts after the key a digest delivered a minute before
	// the start would have (the CLI's Marker).
	c.Prefix, c.OrgID = "prefix", ""
	want := "prefix/AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2014/08/09/123456789012_CloudTrail-Digest_us-east-1_foo_us-east-1_20140809T235900Z.json.gz"
	if got := c.digestKey(time.Date(2014, 8, 10, 0, 0, 0, 0, time.UTC).Add(-time.Minute)); got != want {
		t.Errorf("marker %q, want %q", got, want)
	}
}

func TestListingFilters(t *testing.T) {
	c := Chain{Bucket: "b", Account: "123456789012", Region: "us-east-1", TrailName: "foo", HomeRegion: "us-east-1"}
	t0 := time.Date(2014, 8, 10, 0, 0, 0, 0, time.UTC)
	end := t0.Add(72 * time.Hour)
	m := fstest.MapFS{}
	keyAt := func(cc Chain, t time.Time) string { return cc.digestKey(t) }
	put := func(k string) { m[k] = &fstest.MapFile{Data: []byte("x")} }
	other := c
	other.TrailName = "bar"
	west := c
	west.Region = "us-west-2"
	for _, k := range []string{keyAt(c, t0.Add(-24*time.Hour)), keyAt(c, t0.Add(24*time.Hour)), keyAt(c, t0.Add(48*time.Hour)),
		keyAt(c, end), keyAt(c, end.Add(time.Hour)), keyAt(c, end.Add(24*time.Hour)), keyAt(other, t0.Add(time.Hour)),
		keyAt(west, t0.Add(time.Hour)), c.DigestPrefix() + "/junk.txt"} {
		put(k)
	}
	v := &validator{cfg: &Config{Store: Store{"b": NewFS(m)}}, chain: c, lists: map[listKey]*listing{}}
	got, err := v.load(context.Background(), "b", t0, end, false)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{keyAt(c, t0.Add(24*time.Hour)), keyAt(c, t0.Add(48*time.Hour)), keyAt(c, end), keyAt(c, end.Add(time.Hour))}
	if strings.Join(*got, "\n") != strings.Join(want, "\n") {
		t.Errorf("listing kept\n%s\nwant\n%s", strings.Join(*got, "\n"), strings.Join(want, "\n"))
	}
}

func TestHashLog(t *testing.T) {
	gz := func(s string) []byte {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(s))
		zw.Close()
		return b.Bytes()
	}
	sum := func(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }
	full := gz(`{"Records":[]}`)
	tests := []struct {
		reason   string
		in       []byte
		want     string // hash of the inflated data, "" for an error
		trailing bool
	}{
		{"the CLI's vector for {}", gz("{}"), "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", false},
		{`the CLI's vector for {"foo":"bar"}`, gz(`{"foo":"bar"}`), "7a38bf81f383f69433ad6e900d35b3e2385593f76a7b7ab5d4355b8ba41ee24b", false},
		{"a second member is trailing data, the first is hashed", append(gz("{}"), gz("{}")...), sum("{}"), true},
		{"garbage after the member is trailing data", append(gz("{}"), 'x'), sum("{}"), true},
		{"an empty file hashes as empty", nil, sum(""), false},
		{"a file cut in the header hashes as empty", full[:5], sum(""), false},
		{"not gzip is an error", []byte("hello"), "", false},
		{"a wrong compression method is an error", []byte{0x1f, 0x8b, 7}, "", false},
		{"a corrupt CRC is an error", append(append([]byte(nil), full[:len(full)-8]...), 0, 0, 0, 0, 14, 0, 0, 0), "", false},
	}
	for _, tc := range tests {
		for _, pipelined := range []bool{false, true} {
			h := new(logHasher).hash(bytes.NewReader(tc.in), pipelined)
			got := ""
			if h.err == nil {
				got = hex.EncodeToString(h.sum[:])
			}
			if got != tc.want || h.trailing != tc.trailing {
				t.Errorf("%s (pipelined %v): got %q trailing %v err %v; want %q trailing %v", tc.reason, pipelined, got, h.trailing, h.err, tc.want, tc.trailing)
			}
		}
	}
	// Cut short inside the deflate data: hashed as far as it inflates,
	// not an error (the CLI then reports the hash mismatch).
	h := new(logHasher).hash(bytes.NewReader(full[:len(full)/2]), true)
	if h.err != nil || hex.EncodeToString(h.sum[:]) == sum(`{"Records":[]}`) {
		t.Errorf("truncated: err %v, sum %x", h.err, h.sum)
	}
	// Cut in the CRC trailer only: everything inflated, so the hash
	// matches, as it does for the CLI's decompressobj, which never sees
	// the end of the member.
	h = new(logHasher).hash(bytes.NewReader(full[:len(full)-4]), true)
	if h.err != nil || hex.EncodeToString(h.sum[:]) != sum(`{"Records":[]}`) {
		t.Errorf("trailer cut: err %v, sum %x", h.err, h.sum)
	}
}

func TestResultLine(t *testing.T) {
	tests := []struct {
		r    Result
		want string
	}{
		{Result{Kind: KindDigest, Status: Valid, Bucket: "1", Key: "k"}, "Digest file\ts3://1/k\tvalid"},
		{Result{Kind: KindBackfillDigest, Status: Missing, Message: "not found", Bucket: "1", Key: "k"}, "(backfill) Digest file\ts3://1/k\tINVALID: not found"},
		{Result{Kind: KindLog, Status: Invalid, Message: "hash value doesn't match", Bucket: "1", Key: "key1"}, "Log file\ts3://1/key1\tINVALID: hash value doesn't match"},
		{Result{Kind: KindDigest, Status: Gap, From: time.Date(2014, 8, 10, 0, 0, 0, 0, time.UTC), To: time.Date(2014, 8, 10, 1, 0, 0, 0, time.UTC)},
			"No log files were delivered by CloudTrail between 2014-08-10T00:00:00Z and 2014-08-10T01:00:00Z"},
	}
	for _, tc := range tests {
		if got := tc.r.Line(); got != tc.want {
			t.Errorf("Line() = %q, want %q", got, tc.want)
		}
	}
}

func FuzzHashLog(f *testing.F) {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(`{"Records":[{"eventID":"1"}]}`))
	zw.Close()
	f.Add(b.Bytes())
	f.Add(append(b.Bytes(), b.Bytes()...))
	f.Add([]byte("hello"))
	f.Fuzz(func(t *testing.T, in []byte) {
		a, c := new(logHasher).hash(bytes.NewReader(in), false), new(logHasher).hash(bytes.NewReader(in), true)
		if (a.err == nil) != (c.err == nil) || a.sum != c.sum || a.trailing != c.trailing {
			t.Fatalf("sequential %+v, pipelined %+v", a, c)
		}
		if s := hashLogStd(in); (a.err == nil) != (s.err == nil) || a.sum != s.sum || a.trailing != s.trailing {
			t.Fatalf("internal/inflate %+v, compress/gzip %+v", a, s)
		}
	})
}

func TestPyAssignError(t *testing.T) {
	tests := []struct{ in, want string }{
		{`[]`, "list indices must be integers or slices, not str"},
		{`"x"`, "'str' object does not support item assignment"},
		{`null`, "'NoneType' object does not support item assignment"},
		{`true`, "'bool' object does not support item assignment"},
		{`12`, "'int' object does not support item assignment"},
		{`1.5`, "'float' object does not support item assignment"},
	}
	for _, tc := range tests {
		if got := pyAssignError([]byte(tc.in)); got != tc.want {
			t.Errorf("pyAssignError(%s) = %q, want %q (Python's TypeError)", tc.in, got, tc.want)
		}
	}
	for raw, want := range map[string]string{`"s"`: "s", `null`: "None", `true`: "True", `false`: "False", `12`: "12",
		// json.loads makes a float of a number with a fraction or an
		// exponent, and str() writes its shortest repr (each checked with
		// Python 3.11): fixed from 1e-4 up to 1e16, else scientific.
		`1e2`: "100.0", `1.5e300`: "1.5e+300", `1E16`: "1e+16", `1e15`: "1000000000000000.0",
		`0.00001`: "1e-05", `0.0001`: "0.0001", `-2.5E-7`: "-2.5e-07", `1.0`: "1.0", `-0.0`: "-0.0",
		`123456789012345678.0`: "1.2345678901234568e+17", `1e400`: "inf", `-1e400`: "-inf",
		`-0`: "0", // an int: no negative zero
	} {
		if got := pyStr([]byte(raw)); got != want {
			t.Errorf("pyStr(%s) = %q, want %q (Python's str)", raw, got, want)
		}
	}
	for raw, want := range map[string]string{`null`: "NoneType", `true`: "bool", `[1]`: "list", `{}`: "dict", `1.5`: "float", `3`: "int"} {
		if got := pyTypeName([]byte(raw)); got != want {
			t.Errorf("pyTypeName(%s) = %q, want %q", raw, got, want)
		}
	}
}

func TestParsePublicKeysForms(t *testing.T) {
	der := []byte("not really DER")
	b64 := "bm90IHJlYWxseSBERVI="
	tests := []struct {
		reason, in string
		wantErr    bool
		start      string
	}{
		{"list-public-keys output with ISO times", `{"PublicKeyList":[{"Value":"` + b64 + `","ValidityStartTime":"2015-08-17T14:00:00+00:00","ValidityEndTime":"2015-09-17T14:00:00Z"}]}`, false, "2015-08-17T14:00:00Z"},
		{"the API's epoch seconds", `{"PublicKeyList":[{"Value":"` + b64 + `","ValidityStartTime":1439820000,"ValidityEndTime":1442498400}]}`, false, "2015-08-17T14:00:00Z"},
		{"a bare list", `[{"Value":"` + b64 + `","ValidityStartTime":1439820000}]`, false, "2015-08-17T14:00:00Z"},
		// The User Guide's sample response ("Validating CloudTrail log
		// file integrity with custom implementations", list-public-keys)
		// spells the list publicKeyList and the times as epoch strings.
		{"the User Guide's sample: epoch seconds as a string", `{"publicKeyList":[{"ValidityStartTime":"1439820000.0","ValidityEndTime":"1442498400.0","Value":"` + b64 + `"}]}`, false, "2015-08-17T14:00:00Z"},
		// AWS CLI v2 prints timestamps in the local zone with its offset:
		// the instant is kept (converted), not the wall clock.
		{"saved with a UTF-8 byte order mark (PowerShell 5's Out-File -Encoding utf8; RFC 8259 §8.1)", "\ufeff" + `{"PublicKeyList":[{"Value":"` + b64 + `","ValidityStartTime":1439820000}]}`, false, "2015-08-17T14:00:00Z"},
		{"AWS CLI v2 in a local zone west of UTC", `{"PublicKeyList":[{"Value":"` + b64 + `","ValidityStartTime":"2015-08-17T07:00:00-07:00"}]}`, false, "2015-08-17T14:00:00Z"},
		{"no PublicKeyList", `{"Keys":[]}`, true, ""},
		{"not base64", `{"PublicKeyList":[{"Value":"***"}]}`, true, ""},
		{"a bad time", `{"PublicKeyList":[{"Value":"` + b64 + `","ValidityStartTime":"soon"}]}`, true, ""},
		{"not JSON", `{`, true, ""},
	}
	for _, tc := range tests {
		keys, err := ParsePublicKeys([]byte(tc.in))
		if (err != nil) != tc.wantErr {
			t.Errorf("%s: err %v, want error %v", tc.reason, err, tc.wantErr)
			continue
		}
		if err != nil {
			continue
		}
		if len(keys) != 1 || keys[0].ValidityStart.Format(time.RFC3339) != tc.start || !bytes.Equal(keys[0].Value, der) {
			t.Errorf("%s: %+v", tc.reason, keys)
		}
		// Without a listed fingerprint it is the MD5 of the DER.
		if keys[0].Fingerprint != Fingerprint(der) {
			t.Errorf("%s: fingerprint %s, want %s", tc.reason, keys[0].Fingerprint, Fingerprint(der))
		}
		if _, err := keys[0].RSA(); err == nil {
			t.Errorf("%s: RSA() of a non-key succeeded", tc.reason)
		}
	}
}

// plainBucket hides FS's Dirs, as a user's S3 Bucket may lack it.
type plainBucket struct{ b *FS }

func (p plainBucket) List(ctx context.Context, prefix, after string) iter.Seq2[string, error] {
	return p.b.List(ctx, prefix, after)
}
func (p plainBucket) Get(ctx context.Context, key string) (*Object, error) { return p.b.Get(ctx, key) }

func TestDiscover(t *testing.T) {
	t0 := time.Date(2014, 8, 10, 0, 0, 0, 0, time.UTC)
	m := fstest.MapFS{}
	var want []string
	for _, c := range []Chain{
		{Account: "111122223333", Region: "us-east-1"},
		{Account: "111122223333", Region: "eu-west-1"},
		{OrgID: "o-exampleorgid", Account: "444455556666", Region: "us-east-1"},
	} {
		c.Bucket, c.Prefix, c.TrailName, c.HomeRegion = "b", "p", "audit", "us-east-1"
		m[c.digestKey(t0)] = &fstest.MapFile{Data: []byte("x")}
		want = append(want, c.OrgID+"/"+c.Account+"/"+c.Region)
	}
	// Another trail's digests and a log file are not chains of this one.
	other := Chain{Prefix: "p", Account: "777788889999", Region: "us-east-1", TrailName: "other", HomeRegion: "us-east-1"}
	m[other.digestKey(t0)] = &fstest.MapFile{Data: []byte("x")}
	m["p/AWSLogs/777788889999/CloudTrail/us-east-1/2014/08/10/x.json.gz"] = &fstest.MapFile{Data: []byte("x")}
	slicesSort := func(s []string) []string { out := slices.Clone(s); slices.Sort(out); return out }
	for name, b := range map[string]Bucket{"with Dirs": NewFS(m), "listing only": plainBucket{NewFS(m)}} {
		chains, err := Discover(context.Background(), b, "b", "p", "audit", "us-east-1")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range chains {
			got = append(got, c.OrgID+"/"+c.Account+"/"+c.Region)
		}
		if strings.Join(got, " ") != strings.Join(slicesSort(want), " ") {
			t.Errorf("%s: Discover found %v, want %v", name, got, slicesSort(want))
		}
	}
}

func TestAbsentBucket(t *testing.T) {
	b, _ := Store{}.bucket("nowhere")
	_, err := b.Get(context.Background(), "k")
	if !errors.Is(err, ErrNotFound) || !errors.Is(err, ErrNoBucket) {
		t.Errorf("Get from an absent bucket: %v, want ErrNotFound and ErrNoBucket", err)
	}
	for range b.List(context.Background(), "", "") {
		t.Error("an absent bucket lists keys")
	}
}

func TestNames(t *testing.T) {
	if KindBackfillDigest.String() != "backfill digest" || Kind(9).String() != "Kind(9)" {
		t.Error("Kind.String")
	}
	if Missing.String() != "missing" || Status(9).String() != "Status(9)" {
		t.Error("Status.String")
	}
	if ReasonUnknownKey.String() != "unknown-key" || Reason(99).String() != "Reason(99)" {
		t.Error("Reason.String")
	}
	e := &FatalError{Err: ErrNoPublicKeys}
	if !errors.Is(e, ErrNoPublicKeys) || e.Error() != ErrNoPublicKeys.Error() {
		t.Error("FatalError")
	}
}

// hashLogStd is logHasher.hash as it was with compress/gzip, the reference for
// its gunzip by internal/inflate.
func hashLogStd(in []byte) logHash {
	br := bufio.NewReader(bytes.NewReader(in))
	var res logHash
	h := sha256.New()
	head, _ := br.Peek(4)
	for i, c := range head {
		if i == 0 && c != 0x1f || i == 1 && c != 0x8b || i == 2 && c != 8 || i == 3 && c&0xe0 != 0 {
			res.err = gzip.ErrHeader
			return res
		}
	}
	zr, err := gzip.NewReader(br)
	switch {
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		copy(res.sum[:], h.Sum(nil))
		return res
	case err != nil:
		res.err = err
		return res
	}
	zr.Multistream(false)
	_, err = io.Copy(h, zr)
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
	case err != nil:
		res.err = err
		return res
	default:
		if _, perr := br.Peek(1); perr == nil {
			res.trailing = true
		}
	}
	copy(res.sum[:], h.Sum(nil))
	return res
}

// TestParseHeadObject: a digest's sidecar file is `aws s3api head-object`
// output, of which only Metadata is read.
func TestParseHeadObject(t *testing.T) {
	for _, tc := range []struct {
		reason, in, sig string
		wantErr         bool
	}{
		{"head-object output", `{"AcceptRanges":"bytes","ContentLength":1024,"ETag":"\"e\"","Metadata":{"signature":"ab","signature-algorithm":"SHA256withRSA"}}`, "ab", false},
		{"no Metadata: no user metadata", `{"ContentLength":1}`, "", false},
		{"saved with a UTF-8 byte order mark (PowerShell 5's Out-File -Encoding utf8; RFC 8259 §8.1)", "\ufeff" + `{"Metadata":{"signature":"cd"}}`, "cd", false},
		{"not JSON", `{`, "", true},
	} {
		m, err := parseHeadObject([]byte(tc.in))
		if (err != nil) != tc.wantErr {
			t.Errorf("%s: err %v, want error %v", tc.reason, err, tc.wantErr)
			continue
		}
		if err == nil && m["signature"] != tc.sig {
			t.Errorf("%s: signature %q, want %q", tc.reason, m["signature"], tc.sig)
		}
	}
}

// TestFSListPrefixNoPath: a prefix no file path can start with (an empty,
// "." or ".." folder, as "-s3-prefix p/" makes: "p//AWSLogs/…") lists
// nothing, as S3 lists nothing for it, instead of failing. The AWS CLI
// joins the prefix as given (_create_digest_prefix) and then reports
// "No digests found".
func TestFSListPrefixNoPath(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "p", "AWSLogs", "111122223333", "CloudTrail-Digest", "us-east-1", "k.json.gz")
	if err := os.MkdirAll(filepath.Dir(key), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(key, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	b := NewFS(os.DirFS(dir)) // os.DirFS refuses such paths with ErrInvalid
	for _, tc := range []struct{ prefix, reason string }{
		{"p//AWSLogs/111122223333/CloudTrail-Digest/us-east-1", "-s3-prefix with a trailing slash"},
		{"/p/AWSLogs/", "-s3-prefix with a leading slash"},
		{"p/./AWSLogs/", "a dot folder"},
		{"p/../p/AWSLogs/", "a dot-dot folder"},
	} {
		for k, err := range b.List(context.Background(), tc.prefix, "") {
			t.Errorf("%s: List(%q) yielded %q, %v; want nothing", tc.reason, tc.prefix, k, err)
		}
		if names, err := b.Dirs(context.Background(), tc.prefix); err != nil || len(names) != 0 {
			t.Errorf("%s: Dirs(%q) = %v, %v; want none", tc.reason, tc.prefix, names, err)
		}
	}
}
