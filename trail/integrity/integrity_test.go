package integrity_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trailmap/trailmap/trail/integrity"
	"github.com/trailmap/trailmap/trail/trailtest"
)

var (
	keyOnce    sync.Once
	key1, key2 *rsa.PrivateKey
	keyErr     error
)

// testKeys returns two RSA keys made once per test binary.
func testKeys(t testing.TB) (*rsa.PrivateKey, *rsa.PrivateKey) {
	t.Helper()
	keyOnce.Do(func() {
		if key1, keyErr = rsa.GenerateKey(rand.Reader, 2048); keyErr != nil {
			return
		}
		key2, keyErr = rsa.GenerateKey(rand.Reader, 2048)
	})
	if keyErr != nil {
		t.Fatal(keyErr)
	}
	return key1, key2
}

const (
	testARN    = "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit"
	testBucket = "amzn-s3-demo-bucket"
)

var t0 = time.Date(2014, 8, 10, 0, 0, 0, 0, time.UTC)

// logObject returns a log file delivered at t holding body.
func logObject(t time.Time, n int, body string) trailtest.LogObject {
	k := fmt.Sprintf("AWSLogs/111122223333/CloudTrail/us-east-1/%s/111122223333_CloudTrail_us-east-1_%s_%016d.json.gz",
		t.Format("2006/01/02"), t.Format("20060102T1504Z"), n)
	return trailtest.LogObject{Key: k, Body: trailtest.Gzip([]byte(body))}
}

// signedTree returns a tree of hours digests from t0 with one log file
// in each hour listed in logHours.
func signedTree(t testing.TB, hours int, logHours ...int) (*trailtest.Tree, *trailtest.Signer) {
	t.Helper()
	k1, _ := testKeys(t)
	s := &trailtest.Signer{Key: k1, TrailARN: testARN, Bucket: testBucket, Start: t0, End: t0.Add(time.Duration(hours) * time.Hour)}
	var logs []trailtest.LogObject
	for i, h := range logHours {
		logs = append(logs, logObject(t0.Add(time.Duration(h)*time.Hour+5*time.Minute), i, fmt.Sprintf(`{"Records":[{"eventID":"%d"}]}`, i)))
	}
	tree, err := s.Sign(logs)
	if err != nil {
		t.Fatal(err)
	}
	return tree, s
}

// run validates the tree's home-Region chain and returns the CLI lines
// and the summary.
func run(t testing.TB, tree *trailtest.Tree, mod func(*integrity.Config)) ([]string, integrity.Summary, error) {
	t.Helper()
	keys, err := integrity.ParsePublicKeys(tree.PublicKeys)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &integrity.Config{
		Store: integrity.Store{testBucket: integrity.NewFS(tree.FS())},
		Keys:  keys, Start: t0, End: t0.Add(48 * time.Hour),
	}
	if mod != nil {
		mod(cfg)
	}
	chain := integrity.Chain{Bucket: testBucket, Account: "111122223333", Region: "us-east-1", TrailName: "audit", HomeRegion: "us-east-1"}
	sum := integrity.Summary{Start: cfg.Start, End: cfg.End}
	var lines []string
	for r, err := range integrity.Validate(context.Background(), cfg, chain) {
		if err != nil {
			return lines, sum, err
		}
		sum.Add(r)
		lines = append(lines, r.Line())
	}
	return lines, sum, nil
}

func TestSignedTreeIsValid(t *testing.T) {
	tree, _ := signedTree(t, 5, 0, 2, 2, 4)
	lines, sum, err := run(t, tree, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Digest != (integrity.Counts{Valid: 5}) || sum.Log != (integrity.Counts{Valid: 4}) || !sum.OK() {
		t.Errorf("summary %+v\n%s", sum, strings.Join(lines, "\n"))
	}
	if !sum.FoundStart.Equal(t0) || !sum.FoundEnd.Equal(t0.Add(5*time.Hour)) {
		t.Errorf("found %v to %v", sum.FoundStart, sum.FoundEnd)
	}
}

func TestMalformedLogEntry(t *testing.T) {
	tree, _ := signedTree(t, 2, 0)
	key := tree.Digests["111122223333/us-east-1"][1]
	k1, _ := testKeys(t)
	// A signed digest whose logFiles holds an entry without s3Object and
	// one that is not an object: each an invalid log file (the AWS CLI
	// would stop with a KeyError).
	err := tree.Rewrite(key, k1, func(b []byte) []byte {
		return []byte(strings.Replace(string(b), `"logFiles":[]`, `"logFiles":[{"s3Bucket":"b"},7]`, 1))
	})
	if err != nil {
		t.Fatal(err)
	}
	lines, sum, err := run(t, tree, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Log.Invalid != 2 || sum.Digest.Valid != 2 {
		t.Errorf("summary %+v\n%s", sum, strings.Join(lines, "\n"))
	}
}

func TestValidateStopsEarly(t *testing.T) {
	tree, _ := signedTree(t, 6, 0, 1, 2, 3, 4, 5)
	keys, _ := integrity.ParsePublicKeys(tree.PublicKeys)
	cfg := &integrity.Config{Store: integrity.Store{testBucket: integrity.NewFS(tree.FS())}, Keys: keys, Start: t0, End: t0.Add(6 * time.Hour), Workers: 1}
	chain := integrity.Chain{Bucket: testBucket, Account: "111122223333", Region: "us-east-1", TrailName: "audit", HomeRegion: "us-east-1"}
	n := 0
	for range integrity.Validate(context.Background(), cfg, chain) {
		n++
		if n == 2 {
			break // the producer and hashers must end
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var last error
	for _, err := range integrity.Validate(ctx, cfg, chain) {
		last = err
	}
	if !errors.Is(last, context.Canceled) {
		t.Errorf("cancelled validation ended with %v", last)
	}
}
