package trailtest_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"log"
	"sort"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/trail/trailtest"
)

// Sign two hours of a trail's log files and look at the tree: log files,
// one digest file per hour, their metadata files and the public keys.
func ExampleSigner_Sign() {
	start := time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)
	b := trailtest.NewBuilder(1)
	b.SetNow(start.Add(3 * time.Minute))
	rec := b.Call("s3.amazonaws.com", "CreateBucket", trailtest.In("us-east-1"))
	const arn = "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit"
	logs, err := trailtest.RecordLogObjects(arn, "", "", []*event.Record{rec})
	if err != nil {
		log.Fatal(err)
	}
	s := &trailtest.Signer{Key: trailtest.TestKey(1), TrailARN: arn, Bucket: "amzn-s3-demo-bucket",
		Start: start, End: start.Add(2 * time.Hour)}
	tree, err := s.Sign(logs)
	if err != nil {
		log.Fatal(err)
	}
	var keys []string
	for k := range tree.Objects {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Println(k)
	}
	zr, err := gzip.NewReader(bytes.NewReader(tree.Objects[tree.Digests["111122223333/us-east-1"][1]]))
	if err != nil {
		log.Fatal(err)
	}
	second, err := io.ReadAll(zr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(bytes.Contains(second, []byte(`"previousDigestS3Object":"AWSLogs/`)), bytes.Contains(second, []byte(`"logFiles":[]`)))
	// Output:
	// AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2023/05/01/111122223333_CloudTrail-Digest_us-east-1_audit_us-east-1_20230501T010000Z.json.gz
	// AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2023/05/01/111122223333_CloudTrail-Digest_us-east-1_audit_us-east-1_20230501T010000Z.json.gz.metadata.json
	// AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2023/05/01/111122223333_CloudTrail-Digest_us-east-1_audit_us-east-1_20230501T020000Z.json.gz
	// AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2023/05/01/111122223333_CloudTrail-Digest_us-east-1_audit_us-east-1_20230501T020000Z.json.gz.metadata.json
	// AWSLogs/111122223333/CloudTrail/us-east-1/2023/05/01/111122223333_CloudTrail_us-east-1_20230501T0005Z_pxS7VA8CKKOoE1W9.json.gz
	// true true
}
