package archive

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/trail"
)

// The benchmark tree: benchAccounts × benchRegions × benchDays day
// folders of benchFilesPerDay small log files (1 to 50 records, most of
// them few) and a tail of benchBig big ones, generated once per process
// in a temporary folder, or in $TRAILMAP_ARCHIVE_TREE (kept, and reused
// when it exists) so that a run can be repeated on the same tree.
const (
	benchAccounts    = 3
	benchRegions     = 4
	benchDays        = 3
	benchFilesPerDay = 50
	benchBig         = 6
	benchBigRecords  = 12000
)

var benchRegionNames = []string{"us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"}

// The record templates: %[1]s account, %[2]s region, %[3]s event time,
// %[4]s event ID, %[5]d a number.
var benchTemplates = []string{
	// An S3 data event by an assumed role.
	`{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAIDPPEZS35WEXAMPLE:session-%[5]d","arn":"arn:aws:sts::%[1]s:assumed-role/DataPipeline/session-%[5]d","accountId":"%[1]s","accessKeyId":"ASIAIOSFODNN7EXAMPLE","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAIDPPEZS35WEXAMPLE","arn":"arn:aws:iam::%[1]s:role/DataPipeline","accountId":"%[1]s","userName":"DataPipeline"},"attributes":{"creationDate":"2024-05-01T00:00:00Z","mfaAuthenticated":"false"}}},"eventTime":"%[3]s","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"%[2]s","sourceIPAddress":"10.0.%[5]d.12","userAgent":"[aws-sdk-java/2.20.0 Linux/5.10 OpenJDK_64-Bit_Server_VM/17.0.7]","requestParameters":{"bucketName":"amzn-s3-demo-bucket","Host":"amzn-s3-demo-bucket.s3.%[2]s.amazonaws.com","key":"data/part-%[5]d.parquet"},"responseElements":null,"additionalEventData":{"SignatureVersion":"SigV4","CipherSuite":"TLS_AES_128_GCM_SHA256","bytesTransferredIn":0,"AuthenticationMethod":"AuthHeader","x-amz-id-2":"EXAMPLEa9dXXf2mGH8jX1U1bJ1DcdnHq3VlQsQqNnM6Pm8=","bytesTransferredOut":48213},"requestID":"EXAMPLE%[5]dREQ","eventID":"%[4]s","readOnly":true,"resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::amzn-s3-demo-bucket/data/part-%[5]d.parquet"},{"accountId":"%[1]s","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::amzn-s3-demo-bucket"}],"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"%[1]s","eventCategory":"Data","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"amzn-s3-demo-bucket.s3.%[2]s.amazonaws.com"}}`,
	// An EC2 describe call by an IAM user.
	`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDACKCEVSQ6C2EXAMPLE","arn":"arn:aws:iam::%[1]s:user/Alice","accountId":"%[1]s","accessKeyId":"AKIAIOSFODNN7EXAMPLE","userName":"Alice"},"eventTime":"%[3]s","eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"%[2]s","sourceIPAddress":"192.0.2.%[5]d","userAgent":"aws-cli/2.13.5 Python/3.11.4 Linux/4.14.255 exe/x86_64.amzn.2 prompt/off command/ec2.describe-instances","requestParameters":{"instancesSet":{},"filterSet":{"items":[{"name":"instance-state-name","valueSet":{"items":[{"value":"running"}]}}]}},"responseElements":null,"requestID":"%[4]s","eventID":"%[4]s","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"%[1]s","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.2","cipherSuite":"ECDHE-RSA-AES128-GCM-SHA256","clientProvidedHostHeader":"ec2.%[2]s.amazonaws.com"}}`,
	// An STS AssumeRole by a service.
	`{"eventVersion":"1.08","userIdentity":{"type":"AWSService","invokedBy":"lambda.amazonaws.com"},"eventTime":"%[3]s","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"%[2]s","sourceIPAddress":"lambda.amazonaws.com","userAgent":"lambda.amazonaws.com","requestParameters":{"roleArn":"arn:aws:iam::%[1]s:role/service-role/fn-%[5]d-role","roleSessionName":"fn-%[5]d"},"responseElements":{"credentials":{"accessKeyId":"ASIAIOSFODNN7EXAMPLE","sessionToken":"IQoJb3JpZ2luX2VjEXAMPLETOKENEXAMPLETOKENEXAMPLETOKENEXAMPLETOKEN","expiration":"May 1, 2024, 12:00:00 PM"}},"requestID":"%[4]s","eventID":"%[4]s","readOnly":true,"resources":[{"accountId":"%[1]s","type":"AWS::IAM::Role","ARN":"arn:aws:iam::%[1]s:role/service-role/fn-%[5]d-role"}],"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"%[1]s","sharedEventID":"%[4]s","eventCategory":"Management"}`,
	// A failed console call.
	`{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLEID:bob@example.com","arn":"arn:aws:sts::%[1]s:assumed-role/AWSReservedSSO_ReadOnly_0123456789abcdef/bob@example.com","accountId":"%[1]s","accessKeyId":"ASIAEXAMPLEKEY","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLEID","arn":"arn:aws:iam::%[1]s:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_0123456789abcdef","accountId":"%[1]s","userName":"AWSReservedSSO_ReadOnly_0123456789abcdef"},"attributes":{"creationDate":"2024-05-01T08:00:00Z","mfaAuthenticated":"false"}}},"eventTime":"%[3]s","eventSource":"s3.amazonaws.com","eventName":"DeleteBucket","awsRegion":"%[2]s","sourceIPAddress":"AWS Internal","userAgent":"AWS Internal","errorCode":"AccessDenied","errorMessage":"User: arn:aws:sts::%[1]s:assumed-role/AWSReservedSSO_ReadOnly_0123456789abcdef/bob@example.com is not authorized to perform: s3:DeleteBucket","requestParameters":{"bucketName":"amzn-s3-demo-bucket-%[5]d","Host":"s3.amazonaws.com"},"responseElements":null,"requestID":"%[4]s","eventID":"%[4]s","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"%[1]s","eventCategory":"Management","sessionCredentialFromConsole":"true"}`,
}

var (
	benchOnce sync.Once
	benchDir  string
	benchInfo struct {
		files, records int
		plain          int64 // decompressed bytes
		err            error
	}
	benchTemp string // removed by TestMain
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchTemp != "" {
		os.RemoveAll(benchTemp)
	}
	os.Exit(code)
}

// benchTree returns the folder of the benchmark tree, generating it the
// first time.
func benchTree(b *testing.B) string {
	b.Helper()
	benchOnce.Do(func() {
		dir := os.Getenv("TRAILMAP_ARCHIVE_TREE")
		if dir == "" {
			benchTemp, benchInfo.err = os.MkdirTemp("", "archive-bench")
			dir = benchTemp
		}
		benchDir = filepath.Join(dir, "bucket")
		if benchInfo.err == nil {
			benchInfo.err = genBenchTree(dir)
		}
	})
	if benchInfo.err != nil {
		b.Fatal(benchInfo.err)
	}
	return benchDir
}

// genBenchTree writes the tree into dir, or counts it when dir already
// holds it.
func genBenchTree(root string) error {
	done := filepath.Join(root, "tree-complete")
	dir := filepath.Join(root, "bucket")
	if b, err := os.ReadFile(done); err == nil {
		_, err := fmt.Sscan(string(b), &benchInfo.files, &benchInfo.records, &benchInfo.plain)
		return err
	}
	rnd := rand.New(rand.NewSource(1))
	n := 0
	write := func(account, region string, at time.Time, records int) error {
		n++
		key := trail.LogKey("", "o-exampleorgid", account, region, at, fmt.Sprintf("%016X", n)).String()
		p := filepath.Join(dir, filepath.FromSlash(key))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		f, err := os.Create(p)
		if err != nil {
			return err
		}
		zw := gzip.NewWriter(f)
		cw := &countWriter{w: zw}
		bw := bufio.NewWriter(cw)
		bw.WriteString(`{"Records":[`)
		for i := 0; i < records; i++ {
			if i > 0 {
				bw.WriteByte(',')
			}
			t := at.Add(-time.Duration(rnd.Intn(600)) * time.Second).Format(time.RFC3339)
			id := fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", rnd.Uint32(), n%65536, i%4096, rnd.Intn(4096), rnd.Int63n(1<<48))
			fmt.Fprintf(bw, benchTemplates[rnd.Intn(len(benchTemplates))], account, region, t, id, rnd.Intn(250))
		}
		bw.WriteString("]}")
		if err := bw.Flush(); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		benchInfo.files++
		benchInfo.records += records
		benchInfo.plain += cw.n
		return f.Close()
	}
	start := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	for a := 0; a < benchAccounts; a++ {
		account := fmt.Sprintf("%012d", 111122223333+a*111111111)
		for _, region := range benchRegionNames[:benchRegions] {
			for d := 0; d < benchDays; d++ {
				for i := 0; i < benchFilesPerDay; i++ {
					at := start.AddDate(0, 0, d).Add(time.Duration(i*28+rnd.Intn(20)) * time.Minute)
					// Most files hold a few records; some up to 50.
					records := 1 + int(50*rnd.Float64()*rnd.Float64()*rnd.Float64()*rnd.Float64())
					if err := write(account, region, at, records); err != nil {
						return err
					}
				}
			}
		}
	}
	for i := 0; i < benchBig; i++ {
		at := start.Add(time.Duration(i)*7*time.Hour + 5*time.Minute)
		if err := write("111122223333", "us-east-1", at, benchBigRecords/2+rnd.Intn(benchBigRecords)); err != nil {
			return err
		}
	}
	return os.WriteFile(done, []byte(fmt.Sprint(benchInfo.files, benchInfo.records, benchInfo.plain)), 0o644)
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// walkFiles lists the .json.gz files under dir, as every reader does.
func walkFiles(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json.gz") {
			files = append(files, p)
		}
		return err
	})
	return files, err
}

// eachFile walks dir and calls fn for each file from workers
// goroutines; fn gets its worker's index.
func eachFile(b *testing.B, dir string, workers int, fn func(w int, path string) error) {
	files, err := walkFiles(dir)
	if err != nil {
		b.Fatal(err)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	var ferr atomic.Value
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(len(files)) {
					return
				}
				if err := fn(w, files[i]); err != nil {
					ferr.Store(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err, ok := ferr.Load().(error); ok {
		b.Fatal(err)
	}
}

// narrow is what the honest user decodes: the fields a typical audit
// tool needs.
type narrow struct {
	EventName          string `json:"eventName"`
	EventSource        string `json:"eventSource"`
	EventTime          string `json:"eventTime"`
	AWSRegion          string `json:"awsRegion"`
	RecipientAccountID string `json:"recipientAccountId"`
	UserIdentity       struct {
		Type      string `json:"type"`
		ARN       string `json:"arn"`
		AccountID string `json:"accountId"`
	} `json:"userIdentity"`
}

const benchDeployment = `{
  "organization": {"Id": "o-exampleorgid", "MasterAccountId": "111122223333",
                   "Accounts": ["111122223333", "222233334444", "333344445555"]},
  "trails": [
    {"Name": "org-audit", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit",
     "HomeRegion": "us-east-1", "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true,
     "IsOrganizationTrail": true, "S3BucketName": "audit-bucket",
     "AdvancedEventSelectors": [
       {"Name": "management", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]},
       {"Name": "s3 data", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Data"]},
         {"Field": "resources.type", "Equals": ["AWS::S3::Object"]}]}]},
    {"Name": "writes", "TrailARN": "arn:aws:cloudtrail:eu-west-1:222233334444:trail/writes",
     "HomeRegion": "eu-west-1", "S3BucketName": "writes-bucket",
     "EventSelectors": [{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": true}]}
  ]
}`

// benchResults holds the MB/s of each sub-benchmark's last run, for the
// ratios BenchmarkArchive logs at the end.
var benchResults = map[string]float64{}

// BenchmarkArchive reads the generated tree in every way side by side:
// the floors (stdlib gunzip only; zcat when installed), the honest user
// baseline (gunzip and encoding/json into a narrow struct), and this
// package reading every record (Each; and the Records iterator in key
// order), and reading and routing every record through a trail.Router;
// each on one core (GOMAXPROCS 1) and on all.
// MB/s are of decompressed JSON; it logs the ratios at the end, and
// peak-RSS-MiB is the process's peak resident set so far (run one
// sub-benchmark alone with a tree in $TRAILMAP_ARCHIVE_TREE to measure
// it for that reader alone).
func BenchmarkArchive(b *testing.B) {
	dir := benchTree(b)
	b.Logf("tree: %d files, %d records, %.1f MB decompressed", benchInfo.files, benchInfo.records, float64(benchInfo.plain)/1e6)
	all := runtime.GOMAXPROCS(0)
	cores := []int{1}
	if all > 1 {
		cores = append(cores, all)
	}
	d, err := trail.ParseDeployment([]byte(benchDeployment))
	if err != nil {
		b.Fatal(err)
	}
	rt, err := trail.NewRouter(d)
	if err != nil {
		b.Fatal(err)
	}

	type reader struct {
		name string
		n    int
		body func(b *testing.B, n int) int64
	}
	var readers []reader
	run := func(name string, n int, body func(b *testing.B, n int) int64) {
		readers = append(readers, reader{name, n, body})
		b.Run(fmt.Sprintf("%s/cores=%d", name, n), func(b *testing.B) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(n))
			b.SetBytes(benchInfo.plain)
			b.ReportAllocs()
			var records int64
			for i := 0; i < b.N; i++ {
				records = body(b, n)
			}
			if records != 0 && records != int64(benchInfo.records) {
				b.Fatalf("read %d records, want %d", records, benchInfo.records)
			}
			sec := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(benchInfo.files)/sec, "files/s")
			b.ReportMetric(peakRSS(), "peak-RSS-MiB")
			benchResults[fmt.Sprintf("%s/cores=%d", name, n)] = float64(benchInfo.plain) / sec / 1e6
		})
	}

	for _, n := range cores {
		run("floor=gunzip", n, func(b *testing.B, n int) int64 {
			zrs := make([]*gzip.Reader, n)
			bufs := make([][]byte, n)
			brs := make([]*bufio.Reader, n)
			eachFile(b, dir, n, func(w int, p string) error {
				f, err := os.Open(p)
				if err != nil {
					return err
				}
				defer f.Close()
				if brs[w] == nil {
					brs[w], bufs[w] = bufio.NewReaderSize(f, 64<<10), make([]byte, 64<<10)
				} else {
					brs[w].Reset(f)
				}
				if zrs[w] == nil {
					zrs[w], err = gzip.NewReader(brs[w])
				} else {
					err = zrs[w].Reset(brs[w])
				}
				if err != nil {
					return err
				}
				_, err = io.CopyBuffer(io.Discard, struct{ io.Reader }{zrs[w]}, bufs[w])
				return err
			})
			return 0
		})
	}
	if zcat, err := exec.LookPath("zcat"); err == nil {
		b.Run("floor=zcat/cores=1", func(b *testing.B) {
			files, err := walkFiles(dir)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(benchInfo.plain)
			for i := 0; i < b.N; i++ {
				// In batches, as xargs would.
				for j := 0; j < len(files); j += 500 {
					cmd := exec.Command(zcat, files[j:min(j+500, len(files))]...)
					cmd.Stdout = io.Discard
					if err := cmd.Run(); err != nil {
						b.Fatal(err)
					}
				}
			}
			sec := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(benchInfo.files)/sec, "files/s")
			benchResults["floor=zcat/cores=1"] = float64(benchInfo.plain) / sec / 1e6
		})
	} else {
		b.Log("zcat not installed: no zcat floor")
	}
	for _, n := range cores {
		run("baseline=encoding-json", n, func(b *testing.B, n int) int64 {
			var records atomic.Int64
			eachFile(b, dir, n, func(w int, p string) error {
				f, err := os.Open(p)
				if err != nil {
					return err
				}
				defer f.Close()
				zr, err := gzip.NewReader(f)
				if err != nil {
					return err
				}
				var lf struct{ Records []narrow }
				if err := json.NewDecoder(zr).Decode(&lf); err != nil {
					return fmt.Errorf("%s: %w", p, err)
				}
				records.Add(int64(len(lf.Records)))
				return nil
			})
			return records.Load()
		})
	}
	for _, n := range cores {
		// One reused event.Reader per goroutine over the files, without
		// this package: what it adds is the difference.
		run("event.Reader", n, func(b *testing.B, n int) int64 {
			readers := make([]*event.Reader, n)
			recs := make([]event.Record, n)
			var records atomic.Int64
			eachFile(b, dir, n, func(w int, p string) error {
				f, err := os.Open(p)
				if err != nil {
					return err
				}
				defer f.Close()
				if readers[w] == nil {
					readers[w] = event.NewReader(f)
				} else {
					readers[w].Reset(f)
				}
				k := int64(0)
				for {
					err := readers[w].ReadRecord(&recs[w])
					if err == io.EOF {
						break
					}
					if err != nil {
						return err
					}
					k++
				}
				records.Add(k)
				return nil
			})
			return records.Load()
		})
	}
	a := FS(os.DirFS(dir))
	for _, n := range cores {
		run("trailmap=read", n, func(b *testing.B, n int) int64 {
			var p Progress
			err := a.Each(context.Background(), &Options{Workers: n, Progress: &p}, func(r *Record, err error) error {
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
			return p.Records.Load()
		})
	}
	for _, n := range cores {
		run("trailmap=records-ordered", n, func(b *testing.B, n int) int64 {
			var records int64
			for _, err := range a.Records(context.Background(), &Options{Workers: n, Ordered: true}) {
				if err != nil {
					b.Fatal(err)
				}
				records++
			}
			return records
		})
	}
	for _, n := range cores {
		run("trailmap=read+route", n, func(b *testing.B, n int) int64 {
			results := make([]trail.Result, n)
			var deliveries atomic.Int64
			counts := make([]int64, n)
			var p Progress
			err := a.Each(context.Background(), &Options{Workers: n, Progress: &p}, func(r *Record, err error) error {
				if err != nil {
					return err
				}
				res := &results[r.Worker]
				rt.RouteInto(r.Event, res)
				counts[r.Worker] += int64(len(res.Deliveries))
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			for _, c := range counts {
				deliveries.Add(c)
			}
			if deliveries.Load() == 0 {
				b.Fatal("no record routed anywhere")
			}
			return p.Records.Load()
		})
	}

	// Alternating: every reader once per iteration, one after the
	// other, so that the load of a shared machine hits them alike; the
	// ratios are of the total times.
	for _, n := range cores {
		b.Run(fmt.Sprintf("alternating/cores=%d", n), func(b *testing.B) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(n))
			total := map[string]time.Duration{}
			for i := 0; i < b.N; i++ {
				for _, r := range readers {
					if r.n != n {
						continue
					}
					start := time.Now()
					r.body(b, n)
					total[r.name] += time.Since(start)
				}
			}
			mbs := func(name string) float64 {
				return float64(benchInfo.plain) * float64(b.N) / total[name].Seconds() / 1e6
			}
			for _, r := range readers {
				if r.n == n {
					b.ReportMetric(mbs(r.name), r.name+"-MB/s")
				}
			}
			b.ReportMetric(mbs("trailmap=read")/mbs("floor=gunzip"), "read/gunzip")
			b.ReportMetric(mbs("trailmap=read")/mbs("baseline=encoding-json"), "read/json")
			b.ReportMetric(mbs("trailmap=read+route")/mbs("baseline=encoding-json"), "route/json")
			b.ReportMetric(mbs("trailmap=read")/mbs("event.Reader"), "read/event.Reader")
		})
	}

	// The ratios, from this run.
	var names []string
	for k := range benchResults {
		names = append(names, k)
	}
	sort.Strings(names)
	var sb strings.Builder
	for _, k := range names {
		fmt.Fprintf(&sb, "\n%-34s %8.1f MB/s", k, benchResults[k])
	}
	ratio := func(x, y string) {
		if benchResults[x] > 0 && benchResults[y] > 0 {
			fmt.Fprintf(&sb, "\n%s / %s = %.2f", x, y, benchResults[x]/benchResults[y])
		}
	}
	for _, n := range cores {
		c := "/cores=" + strconv.Itoa(n)
		ratio("trailmap=read"+c, "floor=gunzip"+c)
		ratio("trailmap=read"+c, "baseline=encoding-json"+c)
		ratio("trailmap=read+route"+c, "baseline=encoding-json"+c)
	}
	b.Log(sb.String())
}

// BenchmarkSmallRead reads ten objects of one record each: what a read
// costs beyond its records (its workers and their buffers, the memory
// held to pace the garbage collector), which a tool reading a bucket one
// folder or one object at a time pays for each.
func BenchmarkSmallRead(b *testing.B) {
	fsys := fstest.MapFS{}
	one := logFile(rec(acctA, "us-east-1", "GetObject", day0, "a"))
	for i := 0; i < 10; i++ {
		fsys[logAt("", "", acctA, "us-east-1", day0.Add(time.Duration(i)*time.Minute), i)] = file(one)
	}
	a := FS(fsys)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var p Progress
				err := a.Each(context.Background(), &Options{Workers: workers, Progress: &p}, func(r *Record, err error) error {
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
				if p.Records.Load() != 10 {
					b.Fatalf("%d records, want 10", p.Records.Load())
				}
			}
		})
	}
}

// BenchmarkManyObjects reads 3,000 objects of one record each from
// memory: what each object costs beyond its record (the walk, handing it
// to a worker, opening it, the reader's reset), with one worker and two,
// and with Records in key order.
func BenchmarkManyObjects(b *testing.B) {
	const n = 3000
	fsys := fstest.MapFS{}
	one := logFile(rec(acctA, "us-east-1", "GetObject", day0, "a"))
	for i := 0; i < n; i++ {
		fsys[logAt("", "", acctA, "us-east-1", day0.Add(time.Duration(i)*time.Minute), i)] = file(one)
	}
	a := FS(fsys)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var p Progress
				err := a.Each(context.Background(), &Options{Workers: workers, Progress: &p}, func(r *Record, err error) error {
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
				if p.Records.Load() != n {
					b.Fatalf("%d records, want %d", p.Records.Load(), n)
				}
			}
			b.ReportMetric(n*float64(b.N)/b.Elapsed().Seconds(), "objects/s")
		})
	}
	for _, ordered := range []bool{false, true} {
		name := "records/workers=2"
		if ordered {
			name = "records-ordered/workers=2"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				records := 0
				for _, err := range a.Records(context.Background(), &Options{Workers: 2, Ordered: ordered}) {
					if err != nil {
						b.Fatal(err)
					}
					records++
				}
				if records != n {
					b.Fatalf("%d records, want %d", records, n)
				}
			}
			b.ReportMetric(n*float64(b.N)/b.Elapsed().Seconds(), "objects/s")
		})
	}
}

// peakRSS returns the process's peak resident set size in MiB, or 0
// where /proc does not tell.
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}
