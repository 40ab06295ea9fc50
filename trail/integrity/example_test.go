package integrity_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/trailmap/trailmap/trail/integrity"
	"github.com/trailmap/trailmap/trail/trailtest"
)

// Validate a signed bucket tree in which one log file was changed and
// one digest file deleted.
func ExampleValidate() {
	start := time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)
	logKey := "AWSLogs/111122223333/CloudTrail/us-east-1/2023/05/01/111122223333_CloudTrail_us-east-1_20230501T0005Z_EXAMPLE0EXAMPLE0.json.gz"
	s := &trailtest.Signer{Key: trailtest.TestKey(1), TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit",
		Bucket: "amzn-s3-demo-bucket", Start: start, End: start.Add(4 * time.Hour)}
	tree, err := s.Sign([]trailtest.LogObject{{Key: logKey, Body: trailtest.Gzip([]byte(`{"Records":[]}`))}})
	if err != nil {
		log.Fatal(err)
	}
	tree.Objects[logKey] = trailtest.Gzip([]byte(`{"Records":[{"eventName":"Added"}]}`))
	delete(tree.Objects, tree.Digests["111122223333/us-east-1"][2])

	keys, err := integrity.ParsePublicKeys(tree.PublicKeys) // aws cloudtrail list-public-keys output
	if err != nil {
		log.Fatal(err)
	}
	cfg := &integrity.Config{
		Store: integrity.Store{"amzn-s3-demo-bucket": integrity.NewFS(tree.FS())}, // or os.DirFS(dir)
		Keys:  keys, Start: start, End: start.Add(24 * time.Hour),
	}
	chain := integrity.Chain{Bucket: "amzn-s3-demo-bucket", Account: "111122223333", Region: "us-east-1",
		TrailName: "audit", HomeRegion: "us-east-1"}
	sum := integrity.Summary{Start: cfg.Start, End: cfg.End}
	for r, err := range integrity.Validate(context.Background(), cfg, chain) {
		if err != nil {
			log.Fatal(err)
		}
		sum.Add(r)
		if r.Status != integrity.Valid {
			fmt.Printf("%s %s: %s\n", r.Kind, r.Reason, r.Message)
		}
	}
	fmt.Printf("digests %d/%d valid, logs %d/%d valid\n", sum.Digest.Valid, sum.Digest.Total(), sum.Log.Valid, sum.Log.Total())
	// Output:
	// digest not-found: not found
	// log hash: hash value doesn't match
	// digests 3/4 valid, logs 0/1 valid
}
