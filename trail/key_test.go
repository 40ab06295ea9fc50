package trail_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/trailmap/trailmap/trail"
)

// Keys from the CloudTrail User Guide's examples (log files, digests) and
// the Insights layout of aws-samples/aws-secure-environment-accelerator.
var goodKeys = []struct{ reason, key string }{
	{"log file, no prefix (CloudTrail log file examples)", "AWSLogs/111122223333/CloudTrail/us-east-2/2023/05/01/111122223333_CloudTrail_us-east-2_20230501T0000Z_Vtxk0fZXHAnQhPf6.json.gz"},
	{"log file with a prefix", "MyPrefix/AWSLogs/123456789012/CloudTrail/us-east-2/2014/12/04/123456789012_CloudTrail_us-east-2_20141204T1110Z_a1b2c3d4e5f6g7h8.json.gz"},
	{"organization trail with a prefix of several folders", "a/b/org/AWSLogs/o-exampleorgid/444455556666/CloudTrail/us-east-1/2023/05/01/444455556666_CloudTrail_us-east-1_20230501T2355Z_EXAMPLEEXAMPLE12.json.gz"},
	{"prefix that itself holds AWSLogs", "AWSLogs/AWSLogs/111122223333/CloudTrail/eu-west-1/2023/05/01/111122223333_CloudTrail_eu-west-1_20230501T0000Z_0123456789abcdef.json.gz"},
	{"Insights file", "AWSLogs/o-exampleorgid/111122223333/CloudTrail-Insight/eu-west-1/2024/02/29/111122223333_CloudTrail-Insight_eu-west-1_20240229T0905Z_0123456789ABCDEF.json.gz"},
	{"digest (CloudTrail digest file structure)", "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2023/05/01/111122223333_CloudTrail-Digest_us-east-2_my-trail_us-east-2_20230501T010203Z.json.gz"},
	{"digest of a trail whose name holds underscores, other home Region", "p/AWSLogs/111122223333/CloudTrail-Digest/ap-southeast-2/2023/05/01/111122223333_CloudTrail-Digest_ap-southeast-2_my_org_trail_us-east-1_20230501T235959Z.json.gz"},
	// Finding your CloudTrail log files: CloudTrail-NetworkActivity and
	// CloudTrail-Aggregated folders (file names by analogy, derived).
	{"network activity file (Finding your CloudTrail log files)", "AWSLogs/o-exampleorgid/444455556666/CloudTrail-NetworkActivity/us-east-1/2024/11/06/444455556666_CloudTrail-NetworkActivity_us-east-1_20241106T1205Z_0123456789abcdef.json.gz"},
	{"aggregated events file (Aggregating data events)", "logs/AWSLogs/111122223333/CloudTrail-Aggregated/us-west-2/2025/11/20/111122223333_CloudTrail-Aggregated_us-west-2_20251120T0010Z_ABCDEFGHIJKLMNOP.json.gz"},
	// CloudTrail digest file structure: backfill digests.
	{"backfill digest (CloudTrail digest file structure)", "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2025/05/20/111122223333_CloudTrail-Digest_us-east-2_my-trail_us-east-2_20250520T010203Z_backfill.json.gz"},
	{"backfill digest of a trail named like a backfill suffix", "AWSLogs/o-exampleorgid/111122223333/CloudTrail-Digest/eu-west-1/2025/05/20/111122223333_CloudTrail-Digest_eu-west-1_x_backfill_us-east-1_20250520T000000Z_backfill.json.gz"},
}

// TestParseKeyKinds checks the kind and the backfill flag ParseKey finds.
func TestParseKeyKinds(t *testing.T) {
	for _, tc := range []struct {
		reason   string
		key      string
		kind     trail.FileKind
		backfill bool
		trail    string
	}{
		{"log file", goodKeys[0].key, trail.LogFiles, false, ""},
		{"Insights file", goodKeys[4].key, trail.InsightFiles, false, ""},
		{"digest", goodKeys[5].key, trail.DigestFiles, false, "my-trail"},
		{"network activity file", goodKeys[7].key, trail.NetworkActivityFiles, false, ""},
		{"aggregated events file", goodKeys[8].key, trail.AggregatedFiles, false, ""},
		{"backfill digest", goodKeys[9].key, trail.DigestFiles, true, "my-trail"},
		{"backfill digest of trail x_backfill: only the last suffix is the flag", goodKeys[10].key, trail.DigestFiles, true, "x_backfill"},
	} {
		k, err := trail.ParseKey(tc.key)
		if err != nil {
			t.Errorf("%s: %v", tc.reason, err)
			continue
		}
		if k.Kind != tc.kind || k.Backfill != tc.backfill || k.TrailName != tc.trail {
			t.Errorf("%s: got kind %v backfill %v trail %q, want %v %v %q", tc.reason, k.Kind, k.Backfill, k.TrailName, tc.kind, tc.backfill, tc.trail)
		}
	}
	day := time.Date(2025, 5, 20, 1, 2, 3, 0, time.UTC)
	if got, want := trail.BackfillDigestKey("", "", "111122223333", "us-east-2", "my-trail", "us-east-2", day).String(), goodKeys[9].key; got != want {
		t.Errorf("BackfillDigestKey: got %q, want %q", got, want)
	}
	if got, want := trail.FileKey(trail.NetworkActivityFiles, "", "o-exampleorgid", "444455556666", "us-east-1", time.Date(2024, 11, 6, 12, 5, 59, 0, time.UTC), "0123456789abcdef").String(), goodKeys[7].key; got != want {
		t.Errorf("FileKey: got %q, want %q", got, want)
	}
}

func TestParseKeyRoundTrip(t *testing.T) {
	for _, tc := range goodKeys {
		k, err := trail.ParseKey(tc.key)
		if err != nil {
			t.Errorf("%s: %v", tc.reason, err)
			continue
		}
		if got := k.String(); got != tc.key {
			t.Errorf("%s: String() = %q, want %q", tc.reason, got, tc.key)
		}
		if !strings.HasPrefix(tc.key, k.DayPrefix()) {
			t.Errorf("%s: DayPrefix %q is not a prefix of the key", tc.reason, k.DayPrefix())
		}
	}
}

func TestParseKeyFields(t *testing.T) {
	k, err := trail.ParseKey(goodKeys[6].key)
	if err != nil {
		t.Fatal(err)
	}
	want := trail.DigestKey("p", "", "111122223333", "ap-southeast-2", "my_org_trail", "us-east-1", time.Date(2023, 5, 1, 23, 59, 59, 0, time.UTC))
	if k != want {
		t.Errorf("got %+v, want %+v", k, want)
	}
	k, err = trail.ParseKey(goodKeys[2].key)
	if err != nil {
		t.Fatal(err)
	}
	want = trail.LogKey("a/b/org", "o-exampleorgid", "444455556666", "us-east-1", time.Date(2023, 5, 1, 23, 55, 0, 0, time.UTC), "EXAMPLEEXAMPLE12")
	if k != want {
		t.Errorf("got %+v, want %+v", k, want)
	}
}

func TestParseKeyErrors(t *testing.T) {
	const good = "AWSLogs/111122223333/CloudTrail/us-east-2/2023/05/01/111122223333_CloudTrail_us-east-2_20230501T0000Z_Vtxk0fZXHAnQhPf6.json.gz"
	for _, tc := range []struct{ reason, key, msg string }{
		{"empty", "", "too few folders"},
		{"unknown kind folder", strings.Replace(good, "/CloudTrail/", "/CloudTrail-Lake/", 1), `folder "CloudTrail-Lake"`},
		{"11-digit account", strings.Replace(good, "AWSLogs/111122223333/", "AWSLogs/11112222333/", 1), "is not 12 digits"},
		{"no AWSLogs", strings.Replace(good, "AWSLogs/", "Logs/", 1), "no AWSLogs folder"},
		{"bad organization ID", strings.Replace(good, "AWSLogs/", "AWSLogs/o-UPPER/", 1), "organization folder"},
		{"empty prefix (leading slash)", "/" + good, "empty prefix"},
		{"file account differs from folder", strings.Replace(good, "/111122223333_", "/111122224444_", 1), "does not start with"},
		{"file Region differs from folder", strings.Replace(good, "_us-east-2_", "_us-west-2_", 1), "does not start with"},
		{"day folder differs from time stamp (event time used instead of delivery time)", strings.Replace(good, "/2023/05/01/", "/2023/04/30/", 1), "do not match"},
		{"bad time stamp", strings.Replace(good, "T0000Z", "T2400Z", 1), "time stamp"},
		{"seconds on a log file", strings.Replace(good, "T0000Z", "T000000Z", 1), "want <YYYYMMDDTHHmmZ>"},
		{"short unique string", strings.Replace(good, "_Vtxk0fZXHAnQhPf6", "_Vtxk0f", 1), "16-character"},
		{"no underscore before the unique string (one doc example)", strings.Replace(good, "Z_Vtxk", "ZVtxk", 1), "want <YYYYMMDDTHHmmZ>"},
		{"not gzip json", strings.TrimSuffix(good, ".gz"), "does not end in .json.gz"},
		{"Region folder not a Region", strings.Replace(good, "us-east-2", "US_EAST", -1), "not a Region name"},
		{"digest whose trail name would end in '_', which trail names never do", "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2023/05/01/111122223333_CloudTrail-Digest_us-east-2_trail__us-east-2_20230501T010203Z.json.gz", "bad trail name"},
		{"backfill suffix on a log file", strings.Replace(good, ".json.gz", "_backfill.json.gz", 1), "16-character"},
		{"backfill written before the stamp", "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2023/05/01/111122223333_CloudTrail-Digest_us-east-2_t_us-east-2_backfill_20230501T010203Z.json.gz", "home Region"},
		{"backfill suffix twice", "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2023/05/01/111122223333_CloudTrail-Digest_us-east-2_t_us-east-2_20230501T010203Z_backfill_backfill.json.gz", "want <trail>_<homeRegion>"},
		{"network activity folder, file named CloudTrail", strings.Replace(good, "/CloudTrail/", "/CloudTrail-NetworkActivity/", 1), "does not start with"},
		{"digest without home Region", "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2023/05/01/111122223333_CloudTrail-Digest_us-east-2_20230501T010203Z.json.gz", "want <trail>_<homeRegion>"},
	} {
		_, err := trail.ParseKey(tc.key)
		var ke *trail.KeyError
		if !errors.As(err, &ke) || !errors.Is(err, trail.ErrNotKey) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: got %v, want a *KeyError matching ErrNotKey containing %q", tc.reason, err, tc.msg)
		}
	}
}

func TestDayPrefix(t *testing.T) {
	day := time.Date(2023, 5, 1, 22, 30, 0, 0, time.FixedZone("UTC-5", -5*3600)) // 2023-05-02 03:30 UTC
	for _, tc := range []struct {
		reason, prefix, org, account string
		kind                         trail.FileKind
		region, want                 string
	}{
		{"design's example", "org", "o-exampleorgid", "444455556666", trail.LogFiles, "us-east-1", "org/AWSLogs/o-exampleorgid/444455556666/CloudTrail/us-east-1/2023/05/02/"},
		{"no prefix, no organization; the UTC date is used", "", "", "111122223333", trail.LogFiles, "eu-west-1", "AWSLogs/111122223333/CloudTrail/eu-west-1/2023/05/02/"},
		{"Insights folder", "", "", "111122223333", trail.InsightFiles, "eu-west-1", "AWSLogs/111122223333/CloudTrail-Insight/eu-west-1/2023/05/02/"},
		{"digest folder", "x", "", "111122223333", trail.DigestFiles, "eu-west-1", "x/AWSLogs/111122223333/CloudTrail-Digest/eu-west-1/2023/05/02/"},
		{"network activity folder (Finding your CloudTrail log files)", "", "", "111122223333", trail.NetworkActivityFiles, "eu-west-1", "AWSLogs/111122223333/CloudTrail-NetworkActivity/eu-west-1/2023/05/02/"},
		{"aggregated events folder (Finding your CloudTrail log files)", "", "", "111122223333", trail.AggregatedFiles, "eu-west-1", "AWSLogs/111122223333/CloudTrail-Aggregated/eu-west-1/2023/05/02/"},
	} {
		if got := trail.DayPrefix(tc.prefix, tc.org, tc.account, tc.kind, tc.region, day); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.reason, got, tc.want)
		}
		if got := string(trail.AppendDayPrefix([]byte("s3://b/"), tc.prefix, tc.org, tc.account, tc.kind, tc.region, day)); got != "s3://b/"+tc.want {
			t.Errorf("%s: AppendDayPrefix got %q", tc.reason, got)
		}
	}
	for _, k := range []trail.FileKind{0, trail.AggregatedFiles + 1, 255} {
		if got, want := k.String(), fmt.Sprintf("FileKind(%d)", uint8(k)); got != want {
			t.Errorf("FileKind(%d).String() = %q, want %q", uint8(k), got, want)
		}
	}
}

func TestAppendDayPrefixAllocs(t *testing.T) {
	buf := make([]byte, 0, 256)
	day := time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)
	n := testing.AllocsPerRun(100, func() {
		buf = trail.AppendDayPrefix(buf[:0], "org", "o-exampleorgid", "444455556666", trail.LogFiles, "us-east-1", day)
	})
	if n != 0 {
		t.Errorf("AppendDayPrefix allocates %v times with room in dst, want 0", n)
	}
	n = testing.AllocsPerRun(100, func() {
		_ = trail.DayPrefix("org", "o-exampleorgid", "444455556666", trail.LogFiles, "us-east-1", day)
	})
	if n != 1 {
		t.Errorf("DayPrefix allocates %v times, want 1 (the string)", n)
	}
}

func FuzzParseKey(f *testing.F) {
	for _, k := range goodKeys {
		f.Add(k.key)
	}
	f.Add("AWSLogs/o-/1/CloudTrail/x/2023/05/01/f.json.gz")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := trail.ParseKey(s)
		if err != nil {
			return
		}
		if got := k.String(); got != s {
			t.Fatalf("ParseKey(%q).String() = %q", s, got)
		}
		k2, err := trail.ParseKey(k.String())
		if err != nil || k2 != k {
			t.Fatalf("ParseKey(String(k)) = %+v, %v; want %+v", k2, err, k)
		}
	})
}

// FuzzKeyString builds keys from parts and checks that a key String
// renders is parsed back to the same key whenever ParseKey accepts it,
// and that keys made of well-formed parts are always accepted.
func FuzzKeyString(f *testing.F) {
	f.Add("org", "o-exampleorgid", "444455556666", uint8(1), "us-east-1", int64(1682944200), "EXAMPLEEXAMPLE12", "my_trail", "us-east-1")
	f.Add("", "", "111122223333", uint8(3), "eu-west-1", int64(0), "", "t.r-a_il", "ap-south-2")
	f.Add("", "o-exampleorgid", "111122223333", uint8(4), "eu-west-1", int64(1732000000), "0123456789abcdef", "", "")
	f.Add("p", "", "111122223333", uint8(5), "us-west-2", int64(1763600000), "ABCDEFGHIJKLMNOP", "", "")
	f.Add("", "", "111122223333", uint8(6), "us-east-2", int64(1747702923), "", "my_backfill", "us-east-2")
	f.Fuzz(func(t *testing.T, prefix, org, acct string, kind uint8, region string, unix int64, unique, name, home string) {
		tm := time.Unix(unix%(1<<35), 0)
		var k trail.Key
		switch kind % 6 {
		case 0:
			k = trail.LogKey(prefix, org, acct, region, tm, unique)
		case 1:
			k = trail.InsightKey(prefix, org, acct, region, tm, unique)
		case 3:
			k = trail.FileKey(trail.NetworkActivityFiles, prefix, org, acct, region, tm, unique)
		case 4:
			k = trail.FileKey(trail.AggregatedFiles, prefix, org, acct, region, tm, unique)
		default:
			if strings.Contains(home, "_") {
				// The home Region is what follows the last '_' before
				// the time stamp; Region names never hold '_', and with
				// one the rendered key reads back another way.
				return
			}
			k = trail.DigestKey(prefix, org, acct, region, name, home, tm)
			if kind%6 == 5 {
				k = trail.BackfillDigestKey(prefix, org, acct, region, name, home, tm)
			}
		}
		s := k.String()
		got, err := trail.ParseKey(s)
		if err != nil {
			return
		}
		if got != k {
			t.Fatalf("ParseKey(%q) = %+v, want %+v", s, got, k)
		}
	})
}

func BenchmarkDayPrefix(b *testing.B) {
	day := time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)
	b.Run("baseline=fmt.Sprintf", func(b *testing.B) {
		for range b.N {
			y, m, d := day.Date()
			_ = fmt.Sprintf("%s/AWSLogs/%s/%s/%s/%s/%04d/%02d/%02d/", "org", "o-exampleorgid", "444455556666", "CloudTrail", "us-east-1", y, m, d)
		}
	})
	b.Run("DayPrefix", func(b *testing.B) {
		for range b.N {
			_ = trail.DayPrefix("org", "o-exampleorgid", "444455556666", trail.LogFiles, "us-east-1", day)
		}
	})
	b.Run("AppendDayPrefix", func(b *testing.B) {
		buf := make([]byte, 0, 128)
		for range b.N {
			buf = trail.AppendDayPrefix(buf[:0], "org", "o-exampleorgid", "444455556666", trail.LogFiles, "us-east-1", day)
		}
	})
}

func BenchmarkParseKey(b *testing.B) {
	s := goodKeys[2].key
	b.Run("baseline=strings.Split", func(b *testing.B) {
		for range b.N {
			_ = strings.Split(s, "/")
		}
	})
	b.Run("ParseKey", func(b *testing.B) {
		for range b.N {
			if _, err := trail.ParseKey(s); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func TestParseKeyAllocs(t *testing.T) {
	for _, tc := range goodKeys {
		n := testing.AllocsPerRun(50, func() {
			if _, err := trail.ParseKey(tc.key); err != nil {
				t.Fatal(err)
			}
		})
		if n != 0 {
			t.Errorf("%s: ParseKey allocates %v times, want 0", tc.reason, n)
		}
	}
}

// TestDeliveryLogFileKey: keys parse back with ParseKey, stamped with the
// end of the five-minute window, kept within the day of the day folder.
func TestDeliveryLogFileKey(t *testing.T) {
	d := trail.Delivery{
		TrailARN:  "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit",
		Account:   "111122223333",
		Region:    "us-east-1",
		KeyPrefix: "AWSLogs/111122223333/CloudTrail/us-east-1/2023/05/01/",
		Kind:      trail.LogFiles,
	}
	day := time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		at, stamp time.Duration
		why       string
	}{
		{10*time.Hour + 1*time.Minute, 10*time.Hour + 5*time.Minute, "end of the window"},
		{10*time.Hour + 5*time.Minute, 10*time.Hour + 10*time.Minute, "a window's start opens the next one"},
		{23*time.Hour + 58*time.Minute, 23*time.Hour + 59*time.Minute, "the last window of the day stays in the day folder"},
	} {
		key := d.LogFileKey(day.Add(tc.at))
		k, err := trail.ParseKey(key)
		if err != nil {
			t.Fatalf("%s: ParseKey(%q): %v", tc.why, key, err)
		}
		if !k.Time.Equal(day.Add(tc.stamp)) || k.Account != d.Account || k.Region != d.Region || k.Kind != trail.LogFiles {
			t.Errorf("%s: %q parses to %+v, want stamp %v", tc.why, key, k, day.Add(tc.stamp))
		}
		if again := d.LogFileKey(day.Add(tc.stamp - time.Minute)); again != key && tc.stamp-time.Minute >= tc.at {
			t.Errorf("%s: same window, other key: %q, %q", tc.why, key, again)
		}
	}
	if got := d.LogFileKey(time.Time{}); got != "" {
		t.Errorf("zero eventTime: got %q, want \"\"", got)
	}
}
