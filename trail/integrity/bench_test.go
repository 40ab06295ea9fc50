package integrity_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/trailmap/trailmap/trail/integrity"
	"github.com/trailmap/trailmap/trail/trailtest"
)

// benchTree signs a tree of files log files of about size bytes each
// (uncompressed), records of the shape CloudTrail writes.
func benchTree(b *testing.B, files, size int) (*trailtest.Tree, int64) {
	b.Helper()
	var logs []trailtest.LogObject
	var total int64
	for i := range files {
		var buf bytes.Buffer
		buf.WriteString(`{"Records":[`)
		for n := 0; buf.Len() < size; n++ {
			if n > 0 {
				buf.WriteByte(',')
			}
			fmt.Fprintf(&buf, `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAJ45Q7YFFAREXAMPLE","arn":"arn:aws:iam::111122223333:user/Alice","accountId":"111122223333","accessKeyId":"AKIAIOSFODNN7EXAMPLE","userName":"Alice"},"eventTime":"2014-08-10T0%d:%02d:%02dZ","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.%d","userAgent":"aws-cli/2.13.5","requestParameters":{"bucketName":"amzn-s3-demo-bucket","key":"reports/%d.csv"},"responseElements":null,"requestID":"%016X","eventID":"%08x-0000-4000-8000-%012x","readOnly":true,"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"111122223333","eventCategory":"Data"}`,
				i%10, n%60, (n*7)%60, n%250, n, n*2654435761, i, n)
		}
		buf.WriteString(`]}`)
		total += int64(buf.Len())
		at := t0.Add(time.Duration(i%3)*time.Hour + time.Duration(i%50)*time.Minute)
		k := fmt.Sprintf("AWSLogs/111122223333/CloudTrail/us-east-1/%s/111122223333_CloudTrail_us-east-1_%s_%016d.json.gz",
			at.Format("2006/01/02"), at.Format("20060102T1504Z"), i)
		logs = append(logs, trailtest.LogObject{Key: k, Body: trailtest.Gzip(buf.Bytes())})
	}
	k1, _ := testKeys(b)
	s := &trailtest.Signer{Key: k1, TrailARN: testARN, Bucket: testBucket, Start: t0, End: t0.Add(3 * time.Hour)}
	tree, err := s.Sign(logs)
	if err != nil {
		b.Fatal(err)
	}
	return tree, total
}

// BenchmarkValidate compares validating a tree (digests and log files)
// with hashing its log files the plain way in the same run: one
// goroutine, gzip.Reader into sha256 (what `zcat | sha256sum` does), and,
// when the tools are installed, zcat and sha256sum themselves. MB/s are
// of uncompressed log data.
func BenchmarkValidate(b *testing.B) {
	tree, total := benchTree(b, 48, 1<<20)
	keys, err := integrity.ParsePublicKeys(tree.PublicKeys)
	if err != nil {
		b.Fatal(err)
	}
	var logKeys []string
	for k := range tree.Objects {
		if filepath.Ext(k) == ".gz" && !bytes.Contains([]byte(k), []byte("Digest")) {
			logKeys = append(logKeys, k)
		}
	}
	chain := integrity.Chain{Bucket: testBucket, Account: "111122223333", Region: "us-east-1", TrailName: "audit", HomeRegion: "us-east-1"}
	validate := func(b *testing.B, cfg *integrity.Config) {
		b.SetBytes(total)
		b.ReportAllocs()
		for range b.N {
			n := 0
			for r, err := range integrity.Validate(context.Background(), cfg, chain) {
				if err != nil || r.Status != integrity.Valid {
					b.Fatal(err, r.Line())
				}
				n++
			}
			if n != len(logKeys)+3 {
				b.Fatalf("%d results", n)
			}
		}
	}
	fsys := tree.FS()
	base := integrity.Config{Store: integrity.Store{testBucket: integrity.NewFS(fsys)}, Keys: keys, Start: t0, End: t0.Add(3 * time.Hour)}
	b.Run("baseline=gzip+sha256", func(b *testing.B) {
		b.SetBytes(total)
		b.ReportAllocs()
		for range b.N {
			for _, k := range logKeys {
				zr, err := gzip.NewReader(bytes.NewReader(tree.Objects[k]))
				if err != nil {
					b.Fatal(err)
				}
				h := sha256.New()
				if _, err := io.Copy(h, zr); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	for _, w := range []int{1, 0} {
		for _, pipelined := range []bool{false, true} {
			b.Run(fmt.Sprintf("validate/workers=%d,pipelined=%v", w, pipelined), func(b *testing.B) {
				cfg := base
				cfg.Workers, cfg.Pipelined = w, pipelined
				validate(b, &cfg)
			})
		}
	}
	zcat, err1 := exec.LookPath("zcat")
	sha, err2 := exec.LookPath("sha256sum")
	if err1 != nil || err2 != nil {
		return
	}
	dir := b.TempDir()
	if _, err := tree.WriteDir(dir); err != nil {
		b.Fatal(err)
	}
	// One sha256sum over every file's zcat output: the tools' throughput
	// with little process start-up in it.
	paths := []string{"sh", "-c", `z="$1"; s="$2"; shift 2; for f; do "$z" < "$f"; done | "$s" >/dev/null`, "sh", zcat, sha}
	for _, k := range logKeys {
		paths = append(paths, filepath.Join(dir, testBucket, filepath.FromSlash(k)))
	}
	b.Run("baseline=zcat|sha256sum", func(b *testing.B) {
		b.SetBytes(total)
		for range b.N {
			cmd := exec.Command(paths[0], paths[1:]...)
			cmd.Stderr = os.Stderr
			if err := cmd.Run(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
