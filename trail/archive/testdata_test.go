package archive

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trailmap/trailmap/trail"
)

var update = flag.Bool("update", false, "rewrite testdata/bucket and testdata/bucket.golden")

// testdataBucket is the content of testdata/bucket: every kind, an
// organization trail under a prefix and a trail without, an object that
// is not in the layout and a truncated one.
func testdataBucket() map[string][]byte {
	at := time.Date(2024, 5, 1, 0, 5, 0, 0, time.UTC)
	insight := `{"eventVersion":"1.08","eventTime":"2024-05-01T00:00:00Z","awsRegion":"us-east-1","eventID":"a9edc959-9488-4790-be0f-05d60e56b547","eventType":"AwsCloudTrailInsight","recipientAccountId":"111122223333","sharedEventID":"12edc982-3348-4794-83d3-a3db26525049","insightDetails":{"state":"Start","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","insightType":"ApiCallRateInsight","insightContext":{"statistics":{"baseline":{"average":0.0020833333},"insight":{"average":6}}}},"eventCategory":"Insight"}`
	network := `{"eventVersion":"1.09","userIdentity":{"type":"AWSAccount","principalId":"","accountId":"anonymous"},"eventTime":"2024-05-01T00:02:10Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"us-east-1","sourceIPAddress":"10.0.0.11","userAgent":"aws-cli/2","errorCode":"VpceAccessDenied","errorMessage":"The request was denied due to a VPC endpoint policy","requestParameters":null,"responseElements":null,"requestID":"7ZA2BQFJ0TXA1J8S","eventID":"14da7b5c-fd2b-4d48-91b2-4b4c6bd66b2a","readOnly":true,"eventType":"AwsVpceEvent","recipientAccountId":"111122223333","sharedEventID":"6f1f7e6a-4f7b-4c1f-9c1b-5b7f2f1f0e8b","vpcEndpointId":"vpce-EXAMPLE08c1b6b9b7","vpcEndpointAccountId":"111122223333","eventCategory":"NetworkActivity"}`
	digest := `{"awsAccountId":"111122223333","digestStartTime":"2024-04-30T23:05:20Z","digestEndTime":"2024-05-01T00:05:20Z","digestS3Bucket":"amzn-s3-demo-bucket","digestS3Object":"AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/05/01/111122223333_CloudTrail-Digest_us-east-1_management_us-east-1_20240501T000520Z.json.gz","digestPublicKeyFingerprint":"00000000000000000000000000000000","digestSignatureAlgorithm":"SHA256withRSA","newestEventTime":"2024-05-01T00:03:00Z","oldestEventTime":"2024-04-30T23:59:00Z","previousDigestS3Bucket":null,"previousDigestS3Object":null,"previousDigestHashValue":null,"previousDigestHashAlgorithm":null,"previousDigestSignature":null,"logFiles":[]}`
	full := logFile(rec(acctA, "us-east-1", "PutObject", at.Add(-4*time.Minute), "c4b1e3f2-7a6d-4e55-9d0b-1f0e2d3c4b5a"),
		rec(acctA, "us-east-1", "PutObject", at.Add(-3*time.Minute), "d5c2f403-8b7e-4f66-ae1c-201f3e4d5c6b"))
	return map[string][]byte{
		logAt("", "", acctA, "us-east-1", at, 1): logFile(
			rec(acctA, "us-east-1", "CreateBucket", at.Add(-5*time.Minute), "1f4a2b3c-5d6e-4f70-8192-a3b4c5d6e7f8"),
			rec(acctA, "us-east-1", "DeleteBucket", at.Add(-2*time.Minute), "2a5b3c4d-6e7f-4081-92a3-b4c5d6e7f809")),
		logAt("audit/trails", org, acctB, "eu-west-1", at.Add(time.Minute), 2): logFile(
			rec(acctB, "eu-west-1", "PutBucketPolicy", at.Add(-4*time.Minute), "3b6c4d5e-7f80-4192-a3b4-c5d6e7f8091a"),
			`{"eventVersion":"1.08","eventTime":"2024-05-01T00:03:00Z","eventName":}`,
			rec(acctB, "eu-west-1", "DeleteBucket", at.Add(-1*time.Minute), "4c7d5e6f-8091-42a3-b4c5-d6e7f8091a2b")),
		trail.InsightKey("", "", acctA, "us-east-1", at.Add(25*time.Minute), unique(3)).String():                logFile(insight),
		trail.FileKey(trail.NetworkActivityFiles, "", "", acctA, "us-east-1", at, unique(4)).String():           logFile(network),
		trail.DigestKey("", "", acctA, "us-east-1", "management", "us-east-1", at.Add(20*time.Second)).String(): gz(digest),
		logAt("", "", acctA, "us-east-1", at.Add(2*time.Minute), 5):                                             full[:len(full)*2/3],
		"AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/unexpected.txt":                                   []byte("not a CloudTrail object\n"),
	}
}

// TestTestdataBucket reads testdata/bucket and compares what it finds
// with testdata/bucket.golden; -update rewrites both.
func TestTestdataBucket(t *testing.T) {
	root := filepath.Join("testdata", "bucket")
	if *update {
		os.RemoveAll(root)
		for key, data := range testdataBucket() {
			p := filepath.Join(root, filepath.FromSlash(key))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	var b strings.Builder
	for _, o := range []*Options{{Workers: 1}, {Workers: 3, Ordered: true}} {
		b.Reset()
		for r, err := range FS(os.DirFS(root)).Records(context.Background(), o) {
			if err != nil {
				fmt.Fprintf(&b, "error: %v\n", err)
				continue
			}
			fmt.Fprintf(&b, "%s #%d @%d %s %s %s\n", r.Object.Key, r.Index, r.Offset, r.Object.Parsed.Kind,
				r.Event.EventTime.Format(time.RFC3339), r.Event.EventName)
		}
		golden := filepath.Join("testdata", "bucket.golden")
		if *update {
			if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if b.String() != string(want) {
			t.Errorf("workers %d: got\n%s\nwant (%s)\n%s", o.Workers, b.String(), golden, want)
		}
	}
}
