package integrity

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"testing"
	"testing/fstest"
	"time"
)

func FuzzParsePublicKeys(f *testing.F) {
	f.Add([]byte(`{"PublicKeyList":[{"Value":"YQo=","ValidityStartTime":1420070400,"ValidityEndTime":"2015-08-17T14:00:00Z","Fingerprint":"AB"}]}`))
	f.Add([]byte(`[{"Value":""}]`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		keys, err := ParsePublicKeys(b)
		if err != nil {
			return
		}
		for i := range keys {
			if keys[i].Fingerprint == "" {
				t.Fatalf("key %d without fingerprint", i)
			}
			keys[i].RSA() // must not panic
		}
	})
}

// FuzzValidateDigest validates a chain whose one digest file holds the
// fuzzed bytes (gzip-compressed) and metadata: any content gives
// verdicts, never a panic or a fatal error.
func FuzzValidateDigest(f *testing.F) {
	f.Add([]byte(`{"digestPublicKeyFingerprint":"x","digestS3Bucket":"b","digestS3Object":"k","previousDigestSignature":null,"digestEndTime":"a","digestStartTime":"b"}`), "00")
	f.Add([]byte(`[]`), "123")
	f.Add([]byte(`{}`), "")
	f.Fuzz(func(t *testing.T, content []byte, sig string) {
		c := Chain{Bucket: "b", Account: "123456789012", Region: "us-east-1", TrailName: "t", HomeRegion: "us-east-1"}
		t0 := time.Date(2014, 8, 10, 0, 0, 0, 0, time.UTC)
		key := c.digestKey(t0.Add(time.Hour))
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(bytes.ReplaceAll(content, []byte(`"k"`), []byte(`"`+key+`"`)))
		zw.Close()
		side, _ := json.Marshal(map[string]any{"Metadata": map[string]string{"signature": sig, "signature-algorithm": "SHA256withRSA"}})
		m := fstest.MapFS{
			key:                  {Data: buf.Bytes()},
			key + MetadataSuffix: {Data: side},
		}
		keys := Keys{{Value: []byte("not a key"), Fingerprint: "x", ValidityStart: t0, ValidityEnd: t0.Add(48 * time.Hour)}}
		cfg := &Config{Store: Store{"b": NewFS(m)}, Keys: keys, Start: t0, End: t0.Add(24 * time.Hour)}
		for r, err := range Validate(context.Background(), cfg, c) {
			if err != nil {
				t.Fatal(err)
			}
			if r.Status == Valid && r.Kind != KindLog {
				t.Fatalf("valid digest without a usable key: %s", r.Line())
			}
		}
	})
}

// FuzzParseTime: ParseTime never panics; a time it reads is in UTC, kept
// to the microsecond (as the AWS CLI's datetime), and reads back the same
// from its RFC 3339 form; its error is the CLI's message.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2015-01-08T05:21:42Z", "20140810T000000Z", "August 25, 2015 00:00:00 UTC",
		"2015-8-5", "25/08/2015", "2015-08-25t10:11:12z", "Tuesday, August 25, 2015", "foo", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTime(s)
		if err != nil {
			if err.Error() != "Unable to parse date value: "+s {
				t.Fatalf("ParseTime(%q) error %q, want the CLI's message", s, err)
			}
			return
		}
		if got.Location() != time.UTC || got.Nanosecond()%1000 != 0 {
			t.Fatalf("ParseTime(%q) = %v: want UTC to the microsecond", s, got)
		}
		again, err := ParseTime(got.Format(time.RFC3339Nano))
		if err != nil || !again.Equal(got) {
			t.Fatalf("ParseTime(%q) = %v, which reads back as %v, %v", s, got, again, err)
		}
	})
}
