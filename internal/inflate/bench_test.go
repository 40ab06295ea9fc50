package inflate

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// cloudTrailLike returns n records of CloudTrail-like JSON.
func cloudTrailLike(n int) []byte {
	rng := rand.New(rand.NewSource(1))
	var b bytes.Buffer
	b.WriteString(`{"Records":[`)
	names := []string{"GetObject", "DescribeInstances", "AssumeRole", "PutObject", "ListBuckets"}
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROAIDPPEZS35WEXAMPLE:session-%d","arn":"arn:aws:sts::%012d:assumed-role/DataPipeline/session-%d","accountId":"%012d","accessKeyId":"ASIA%016X"},"eventTime":"2024-05-01T%02d:%02d:%02dZ","eventSource":"s3.amazonaws.com","eventName":"%s","awsRegion":"us-east-1","sourceIPAddress":"10.0.%d.%d","userAgent":"[aws-sdk-java/2.20.0 Linux/5.10]","requestParameters":{"bucketName":"amzn-s3-demo-bucket","key":"data/part-%d.parquet"},"responseElements":null,"requestID":"%016X","eventID":"%08x-%04x-%04x-%04x-%012x","readOnly":true,"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"%012d"}`,
			rng.Intn(1000), rng.Int63n(1e12), rng.Intn(1000), rng.Int63n(1e12), rng.Uint64(), rng.Intn(24), rng.Intn(60), rng.Intn(60),
			names[rng.Intn(len(names))], rng.Intn(256), rng.Intn(256), rng.Intn(100000), rng.Uint64(),
			rng.Uint32(), rng.Intn(1<<16), rng.Intn(1<<16), rng.Intn(1<<16), rng.Int63n(1<<48), rng.Int63n(1e12))
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

func gzipped(tb testing.TB, data []byte, level int) []byte {
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, level)
	if err != nil {
		tb.Fatal(err)
	}
	zw.Write(data)
	zw.Close()
	return b.Bytes()
}

// BenchmarkGunzip compares Gzip with compress/gzip on gzipped
// CloudTrail-like JSON, small files and a big one.
func BenchmarkGunzip(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"small", 20}, {"big", 5000}} {
		plain := cloudTrailLike(size.n)
		comp := gzipped(b, plain, gzip.DefaultCompression)
		buf := make([]byte, 64<<10)
		b.Run(size.name+"/stdlib", func(b *testing.B) {
			b.SetBytes(int64(len(plain)))
			var zr *gzip.Reader
			br := bytes.NewReader(comp)
			for i := 0; i < b.N; i++ {
				br.Reset(comp)
				if zr == nil {
					zr, _ = gzip.NewReader(br)
				} else {
					zr.Reset(br)
				}
				zr.Multistream(false)
				if _, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{zr}, buf); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(size.name+"/inflate", func(b *testing.B) {
			b.SetBytes(int64(len(plain)))
			var z Gzip
			in := NewBytesInput(nil)
			for i := 0; i < b.N; i++ {
				in.b = comp
				if err := z.Reset(in); err != nil {
					b.Fatal(err)
				}
				if _, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{&z}, buf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGunzipTree compares Gzip with compress/gzip on the .gz files
// of the tree trail/archive's benchmarks generate, read into memory
// first, when $TRAILMAP_ARCHIVE_TREE names it (run
// `TRAILMAP_ARCHIVE_TREE=dir go test -run '^$' -bench Archive/floor -benchtime 1x ./trail/archive`
// once to make it). MB/s are of decompressed data. The alternating
// sub-benchmark runs both once per iteration and reports their ratio,
// so that the load of a shared machine hits them alike.
func BenchmarkGunzipTree(b *testing.B) {
	root := os.Getenv("TRAILMAP_ARCHIVE_TREE")
	if root == "" {
		b.Skip("$TRAILMAP_ARCHIVE_TREE is not set")
	}
	var files [][]byte
	err := filepath.WalkDir(filepath.Join(root, "bucket"), func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(p, ".gz") {
			return err
		}
		data, err := os.ReadFile(p)
		files = append(files, data)
		return err
	})
	if err != nil || len(files) == 0 {
		b.Fatalf("reading the tree: %v (%d files)", err, len(files))
	}
	buf := make([]byte, 64<<10)
	var zr *gzip.Reader
	br := bytes.NewReader(nil)
	std := func() int64 {
		var n int64
		for _, f := range files {
			br.Reset(f)
			var err error
			if zr == nil {
				zr, err = gzip.NewReader(br)
			} else {
				err = zr.Reset(br)
			}
			if err != nil {
				b.Fatal(err)
			}
			zr.Multistream(false)
			m, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{zr}, buf)
			if err != nil {
				b.Fatal(err)
			}
			n += m
		}
		return n
	}
	var z Gzip
	in := NewBytesInput(nil)
	ours := func() int64 {
		var n int64
		for _, f := range files {
			in.b = f
			if err := z.Reset(in); err != nil {
				b.Fatal(err)
			}
			m, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{&z}, buf)
			if err != nil {
				b.Fatal(err)
			}
			n += m
		}
		return n
	}
	plain := std()
	if got := ours(); got != plain {
		b.Fatalf("inflate gives %d bytes, compress/gzip %d", got, plain)
	}
	b.Run("stdlib", func(b *testing.B) {
		b.SetBytes(plain)
		for i := 0; i < b.N; i++ {
			std()
		}
	})
	b.Run("inflate", func(b *testing.B) {
		b.SetBytes(plain)
		for i := 0; i < b.N; i++ {
			ours()
		}
	})
	b.Run("alternating", func(b *testing.B) {
		var ts, to time.Duration
		for i := 0; i < b.N; i++ {
			t0 := time.Now()
			std()
			t1 := time.Now()
			ours()
			ts += t1.Sub(t0)
			to += time.Since(t1)
		}
		b.ReportMetric(ts.Seconds()/to.Seconds(), "speedup")
	})
}
