package trailtest_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/trail"
	"github.com/trailmap/trailmap/trail/integrity"
	"github.com/trailmap/trailmap/trail/trailtest"
)

var signT0 = time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)

const orgTrailARN = "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit"

func documentedDeployment(t *testing.T) *trail.Deployment {
	t.Helper()
	d, err := trail.ParseDeployment([]byte(`{
  "organization": {"Id": "o-exampleorgid", "MasterAccountId": "111122223333", "Accounts": ["111122223333", "444455556666"]},
  "trails": [{"Name": "org-audit", "TrailARN": "` + orgTrailARN + `", "HomeRegion": "us-east-1",
    "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true, "IsOrganizationTrail": true,
    "S3BucketName": "audit-bucket", "S3KeyPrefix": "org"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// signedRecorderTree records a few calls, lets the trail deliver them
// and signs the bucket tree: four hours of digests, log files in two.
func signedRecorderTree(t *testing.T) (*trailtest.Tree, []trailtest.LogObject) {
	t.Helper()
	d := documentedDeployment(t)
	r, err := trailtest.NewRecorder(d, 7)
	if err != nil {
		t.Fatal(err)
	}
	r.Builder.SetNow(signT0.Add(10 * time.Minute))
	r.Call("s3.amazonaws.com", "CreateBucket", trailtest.In("us-east-1"))
	r.Builder.SetNow(signT0.Add(2*time.Hour + 20*time.Minute))
	r.Call("iam.amazonaws.com", "CreateUser", trailtest.In("us-east-1"))
	r.Call("ec2.amazonaws.com", "RunInstances", trailtest.In("us-east-1"))
	logs, err := trailtest.LogObjects(r.Files(orgTrailARN))
	if err != nil {
		t.Fatal(err)
	}
	if len(logs) < 2 {
		t.Fatalf("%d log files delivered, want 2 or more", len(logs))
	}
	s := &trailtest.Signer{Key: trailtest.TestKey(1), TrailARN: orgTrailARN, Bucket: "audit-bucket", Prefix: "org",
		OrgID: "o-exampleorgid", Start: signT0, End: signT0.Add(4 * time.Hour), Delay: 3 * time.Minute}
	tree, err := s.Sign(logs)
	if err != nil {
		t.Fatal(err)
	}
	return tree, logs
}

// verdicts validates the owner's us-east-1 chain and returns the
// results' CLI lines by status, and the summary.
func verdicts(t *testing.T, tree *trailtest.Tree) ([]integrity.Result, integrity.Summary) {
	t.Helper()
	keys, err := integrity.ParsePublicKeys(tree.PublicKeys)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &integrity.Config{Store: integrity.Store{tree.Bucket: integrity.NewFS(tree.FS())}, Keys: keys,
		Start: signT0, End: signT0.Add(6 * time.Hour)}
	chain := integrity.Chain{Bucket: tree.Bucket, Prefix: "org", OrgID: "o-exampleorgid", Account: "111122223333",
		Region: "us-east-1", TrailName: "org-audit", HomeRegion: "us-east-1"}
	sum := integrity.Summary{Start: cfg.Start, End: cfg.End}
	var out []integrity.Result
	for r, err := range integrity.Validate(context.Background(), cfg, chain) {
		if err != nil {
			t.Fatal(err)
		}
		sum.Add(r)
		out = append(out, r)
	}
	return out, sum
}

func TestSignerTreeValidates(t *testing.T) {
	tree, logs := signedRecorderTree(t)
	res, sum := verdicts(t, tree)
	if !sum.OK() || sum.Digest.Valid != 4 || sum.Log.Valid != len(logs) || len(sum.Gaps) != 0 {
		t.Fatalf("summary %+v", sum)
	}
	// The digest of the first hour lists the first log file with its
	// event times.
	var listed int
	for _, r := range res {
		if r.Kind == integrity.KindDigest && r.Digest != nil {
			listed += len(r.Digest.LogFiles)
			for _, lf := range r.Digest.LogFiles {
				if lf.NewestEventTime.IsZero() || lf.HashAlgorithm != "SHA-256" {
					t.Errorf("log entry %+v", lf)
				}
			}
		}
	}
	if listed != len(logs) {
		t.Errorf("digests list %d log files, want %d", listed, len(logs))
	}
	var pk struct{ PublicKeyList []map[string]any }
	if err := json.Unmarshal(tree.PublicKeys, &pk); err != nil || len(pk.PublicKeyList) != 1 {
		t.Fatalf("public keys %s: %v", tree.PublicKeys, err)
	}
}

func regzip(t *testing.T, b []byte, edit func(string) string) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	out := edit(string(raw))
	if out == string(raw) {
		t.Fatal("edit changed nothing")
	}
	return trailtest.Gzip([]byte(out))
}

// TestSignerTamper changes every element of a signed tree in turn and
// checks the verdict: each tampering is found, with the AWS CLI's reason.
func TestSignerTamper(t *testing.T) {
	tests := []struct {
		name, reason string
		tamper       func(t *testing.T, tr *trailtest.Tree, logs []trailtest.LogObject, digests []string)
		kind         integrity.Kind
		status       integrity.Status
		msg          string
	}{
		{"log content", "a record changed after delivery", func(t *testing.T, tr *trailtest.Tree, logs []trailtest.LogObject, _ []string) {
			tr.Objects[logs[0].Key] = regzip(t, tr.Objects[logs[0].Key], func(s string) string { return strings.Replace(s, "CreateBucket", "DeleteBucket", 1) })
		}, integrity.KindLog, integrity.Invalid, "hash value doesn't match"},
		{"log deleted", "a log file removed", func(t *testing.T, tr *trailtest.Tree, logs []trailtest.LogObject, _ []string) {
			delete(tr.Objects, logs[1].Key)
		}, integrity.KindLog, integrity.Missing, "not found"},
		{"log appended", "records smuggled in a second gzip member", func(t *testing.T, tr *trailtest.Tree, logs []trailtest.LogObject, _ []string) {
			tr.Objects[logs[0].Key] = append(tr.Objects[logs[0].Key], trailtest.Gzip([]byte(`{"Records":[{}]}`))...)
		}, integrity.KindLog, integrity.Invalid, "unexpected data after end of compressed stream"},
		{"log truncated", "a log file cut short", func(t *testing.T, tr *trailtest.Tree, logs []trailtest.LogObject, _ []string) {
			tr.Objects[logs[0].Key] = tr.Objects[logs[0].Key][:40]
		}, integrity.KindLog, integrity.Invalid, "hash value doesn't match"},
		{"digest content", "a listed hash rewritten to match a changed log", func(t *testing.T, tr *trailtest.Tree, _ []trailtest.LogObject, d []string) {
			tr.Objects[d[2]] = regzip(t, tr.Objects[d[2]], func(s string) string { return strings.Replace(s, `"hashValue":"`, `"hashValue":"0`, 1) })
		}, integrity.KindDigest, integrity.Invalid, "signature verification failed"},
		{"digest deleted", "a digest file in the middle removed", func(t *testing.T, tr *trailtest.Tree, _ []trailtest.LogObject, d []string) {
			delete(tr.Objects, d[1])
		}, integrity.KindDigest, integrity.Missing, "not found"},
		{"digest moved", "a digest file naming another bucket", func(t *testing.T, tr *trailtest.Tree, _ []trailtest.LogObject, d []string) {
			tr.Objects[d[1]] = regzip(t, tr.Objects[d[1]], func(s string) string {
				return strings.Replace(s, `"digestS3Bucket":"audit-bucket"`, `"digestS3Bucket":"elsewhere"`, 1)
			})
		}, integrity.KindDigest, integrity.Invalid, "has been moved from its original location"},
		{"digest fingerprint", "a fingerprint no key has", func(t *testing.T, tr *trailtest.Tree, _ []trailtest.LogObject, d []string) {
			tr.Objects[d[1]] = regzip(t, tr.Objects[d[1]], func(s string) string {
				return strings.Replace(s, `"digestPublicKeyFingerprint":"`, `"digestPublicKeyFingerprint":"ff`, 1)
			})
		}, integrity.KindDigest, integrity.Invalid, "public key not found in region us-east-1 for fingerprint ff"},
		{"digest not gzip", "a digest file overwritten", func(t *testing.T, tr *trailtest.Tree, _ []trailtest.LogObject, d []string) {
			tr.Objects[d[1]] = []byte("not gzip")
		}, integrity.KindDigest, integrity.Invalid, "invalid format"},
		{"signature", "the metadata signature replaced", func(t *testing.T, tr *trailtest.Tree, _ []trailtest.LogObject, d []string) {
			side := d[3] + ".metadata.json"
			tr.Objects[side] = bytes.Replace(tr.Objects[side], []byte(`"signature": "`), []byte(`"signature": "00`), 1)
		}, integrity.KindDigest, integrity.Invalid, "signature verification failed"},
		{"signature metadata", "the metadata without a signature", func(t *testing.T, tr *trailtest.Tree, _ []trailtest.LogObject, d []string) {
			tr.Objects[d[3]+".metadata.json"] = []byte(`{"Metadata":{}}`)
		}, integrity.KindDigest, integrity.Invalid, "signature verification failed"},
		{"public key", "the listed key replaced by another", func(t *testing.T, tr *trailtest.Tree, _ []trailtest.LogObject, d []string) {
			other, err := (&trailtest.Signer{Key: trailtest.TestKey(2), TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/x",
				Bucket: "b", Start: signT0, End: signT0.Add(time.Hour)}).Sign(nil)
			if err != nil {
				t.Fatal(err)
			}
			// Key 2's value under key 1's fingerprint.
			var a, b map[string][]map[string]any
			json.Unmarshal(tr.PublicKeys, &a)
			json.Unmarshal(other.PublicKeys, &b)
			a["PublicKeyList"][0]["Value"] = b["PublicKeyList"][0]["Value"]
			tr.PublicKeys, _ = json.Marshal(a)
		}, integrity.KindDigest, integrity.Invalid, "signature verification failed"},
		{"resigned", "a digest file rewritten and signed again with the key: only the link check finds it", func(t *testing.T, tr *trailtest.Tree, _ []trailtest.LogObject, d []string) {
			err := tr.Rewrite(d[1], trailtest.TestKey(1), func(b []byte) []byte { return bytes.Replace(b, []byte(`"logFiles":[`), []byte(`"logFiles":[ `), 1) })
			if err != nil {
				t.Fatal(err)
			}
		}, integrity.KindDigest, integrity.Invalid, "previousDigestHashValue is not the SHA-256 of"},
		{"swapped", "another hour's digest file copied over one", func(t *testing.T, tr *trailtest.Tree, _ []trailtest.LogObject, d []string) {
			// Swap in the content of another hour's digest under the same
			// name: moved, as the CLI sees it.
			tr.Objects[d[1]] = tr.Objects[d[2]]
			tr.Objects[d[1]+".metadata.json"] = tr.Objects[d[2]+".metadata.json"]
		}, integrity.KindDigest, integrity.Invalid, "has been moved from its original location"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tree, logs := signedRecorderTree(t)
			digests := tree.Digests["111122223333/us-east-1"]
			if len(digests) != 4 {
				t.Fatalf("%d digests", len(digests))
			}
			tc.tamper(t, tree, logs, digests)
			res, sum := verdicts(t, tree)
			if sum.OK() {
				t.Fatalf("%s: tampering not detected", tc.reason)
			}
			found := false
			for _, r := range res {
				if r.Kind == tc.kind && r.Status == tc.status && strings.HasPrefix(r.Message, tc.msg) {
					found = true
				}
			}
			if !found {
				var lines []string
				for _, r := range res {
					lines = append(lines, r.Line())
				}
				t.Errorf("%s: no %v %v %q among\n%s", tc.reason, tc.kind, tc.status, tc.msg, strings.Join(lines, "\n"))
			}
		})
	}
}

func TestRecordLogObjects(t *testing.T) {
	b := trailtest.NewBuilder(1)
	b.SetNow(signT0.Add(time.Minute))
	recs := []*event.Record{
		b.Call("s3.amazonaws.com", "CreateBucket", trailtest.In("us-east-1")),
		b.Call("s3.amazonaws.com", "PutBucketPolicy", trailtest.In("us-east-1")),
		b.Call("ec2.amazonaws.com", "RunInstances", trailtest.In("eu-west-1")),
	}
	logs, err := trailtest.RecordLogObjects("arn:aws:cloudtrail:us-east-1:111122223333:trail/audit", "", "", recs)
	if err != nil {
		t.Fatal(err)
	}
	if len(logs) != 2 {
		t.Fatalf("%d log files, want 2 (one per Region)", len(logs))
	}
	s := &trailtest.Signer{Key: trailtest.TestKey(2), TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit",
		Bucket: "amzn-s3-demo-bucket", Start: signT0, End: signT0.Add(2 * time.Hour), SPKI: true}
	tree, err := s.Sign(logs)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(tree.Digests["111122223333/eu-west-1"]); got != 2 {
		t.Errorf("eu-west-1 chain has %d digests, want 2", got)
	}
	keys, err := integrity.ParsePublicKeys(tree.PublicKeys)
	if err != nil {
		t.Fatal(err)
	}
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		cfg := &integrity.Config{Store: integrity.Store{tree.Bucket: integrity.NewFS(tree.FS())}, Keys: keys,
			Start: signT0, End: signT0.Add(2 * time.Hour)}
		chain := integrity.Chain{Bucket: tree.Bucket, Account: "111122223333", Region: region, TrailName: "audit", HomeRegion: "us-east-1"}
		sum := integrity.Summary{Start: cfg.Start, End: cfg.End}
		for r, err := range integrity.Validate(context.Background(), cfg, chain) {
			if err != nil {
				t.Fatal(err)
			}
			sum.Add(r)
		}
		if !sum.OK() || sum.Digest.Valid != 2 || sum.Log.Valid != 1 {
			t.Errorf("%s: %+v", region, sum)
		}
	}
}
