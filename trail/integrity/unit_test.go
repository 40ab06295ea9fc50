package integrity

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
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
	}
	for _, tc := range tests {
		got, err := ParseTime(tc.in)
		if err != nil || got.Format(time.RFC3339) != tc.want {
			t.Errorf("%s: ParseTime(%q) = %v, %v; want %s", tc.reason, tc.in, got, err, tc.want)
		}
	}
	if _, err := ParseTime("foo"); err == nil || err.Error() != "Unable to parse date value: foo" {
		t.Errorf("ParseTime(foo) error %v, want the CLI's message", err)
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
			h := hashLog(bytes.NewReader(tc.in), pipelined)
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
	h := hashLog(bytes.NewReader(full[:len(full)/2]), true)
	if h.err != nil || hex.EncodeToString(h.sum[:]) == sum(`{"Records":[]}`) {
		t.Errorf("truncated: err %v, sum %x", h.err, h.sum)
	}
	// Cut in the CRC trailer only: everything inflated, so the hash
	// matches, as it does for the CLI's decompressobj, which never sees
	// the end of the member.
	h = hashLog(bytes.NewReader(full[:len(full)-4]), true)
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
		a, c := hashLog(bytes.NewReader(in), false), hashLog(bytes.NewReader(in), true)
		if (a.err == nil) != (c.err == nil) || a.sum != c.sum || a.trailing != c.trailing {
			t.Fatalf("sequential %+v, pipelined %+v", a, c)
		}
	})
}
