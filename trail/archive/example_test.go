package archive_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"log"
	"strings"
	"sync/atomic"
	"testing/fstest"
	"time"

	"github.com/trailmap/trailmap/trail"
	"github.com/trailmap/trailmap/trail/archive"
)

// bucket returns a small bucket: an organization trail's log files of two
// accounts over a few days.
func bucket() fstest.MapFS {
	fsys := fstest.MapFS{}
	add := func(account, region string, delivered time.Time, unique string, names ...string) {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		fmt.Fprint(zw, `{"Records":[`)
		for i, name := range names {
			if i > 0 {
				fmt.Fprint(zw, ",")
			}
			at := delivered.Add(time.Duration(4*i-5) * time.Minute).Format(time.RFC3339)
			fmt.Fprintf(zw, `{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::%[1]s:assumed-role/Admin/alice","accountId":"%[1]s"},"eventTime":"%[2]s","eventSource":"s3.amazonaws.com","eventName":"%[3]s","awsRegion":"%[4]s","sourceIPAddress":"192.0.2.7","userAgent":"aws-cli/2.15.0","requestParameters":{"bucketName":"amzn-s3-demo-bucket-%[5]d"},"responseElements":null,"eventID":"%[6]s-%[5]d","readOnly":%[7]v,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"%[1]s","eventCategory":"Management"}`,
				account, at, name, region, i, unique, strings.HasPrefix(name, "Get"))
		}
		fmt.Fprint(zw, `]}`)
		zw.Close()
		key := trail.LogKey("audit", "o-exampleorgid", account, region, delivered, unique).String()
		fsys[key] = &fstest.MapFile{Data: b.Bytes()}
	}
	day := time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC) // a Monday
	add("111122223333", "us-east-1", day.Add(-26*time.Hour), "AAAAAAAAAAAAAAAA", "DeleteBucket", "GetBucketAcl")
	add("111122223333", "us-east-1", day.Add(2*time.Hour), "BBBBBBBBBBBBBBBB", "CreateBucket", "DeleteBucket")
	add("111122223333", "eu-west-1", day.Add(50*time.Hour), "CCCCCCCCCCCCCCCC", "DeleteBucket", "PutBucketPolicy")
	add("444455556666", "us-east-1", day.Add(3*time.Hour), "DDDDDDDDDDDDDDDD", "DeleteBucket")
	add("111122223333", "us-east-1", day.Add(7*24*time.Hour+3*time.Minute), "EEEEEEEEEEEEEEEE", "DeleteBucket", "DeleteBucket")
	return fsys
}

// All DeleteBucket calls in one account during one week. The filter
// reads only that account's folders and the days of the week (and the
// slack after it); the week's last file, delivered three minutes after
// the week ended, holds one call of the week and one after it.
func ExampleArchive_Records() {
	a := archive.FS(bucket()) // os.DirFS("path/to/bucket/copy") alike
	week := time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)
	o := &archive.Options{Ordered: true, Filter: archive.Filter{
		Accounts: []string{"111122223333"},
		Start:    week,
		End:      week.AddDate(0, 0, 7),
	}}
	for r, err := range a.Records(context.Background(), o) {
		if err != nil {
			log.Fatal(err)
		}
		if r.Event.EventName == "DeleteBucket" {
			fmt.Println(r.Event.EventTime.Format(time.RFC3339), r.Event.AWSRegion, r.Event.EventID)
		}
	}
	// Output:
	// 2024-05-08T01:55:00Z eu-west-1 CCCCCCCCCCCCCCCC-0
	// 2024-05-06T01:59:00Z us-east-1 BBBBBBBBBBBBBBBB-1
	// 2024-05-12T23:58:00Z us-east-1 EEEEEEEEEEEEEEEE-0
}

// Routing every record of a bucket through a deployment's trails, with
// the parallel callback: fn runs in the workers, each keeping its own
// trail.Result and counts (indexed by Record.Worker), so nothing is
// locked per record.
func ExampleArchive_Each() {
	d, err := trail.ParseDeployment([]byte(`{
	  "organization": {"Id": "o-exampleorgid", "MasterAccountId": "111122223333",
	                   "Accounts": ["111122223333", "444455556666"]},
	  "trails": [{"Name": "org-audit", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit",
	    "HomeRegion": "us-east-1", "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true,
	    "IsOrganizationTrail": true, "S3BucketName": "audit-bucket", "S3KeyPrefix": "audit",
	    "EventSelectors": [{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": true}]}]}`))
	if err != nil {
		log.Fatal(err)
	}
	rt, err := trail.NewRouter(d)
	if err != nil {
		log.Fatal(err)
	}
	o := &archive.Options{Workers: 4}
	results := make([]trail.Result, o.Workers)
	delivered := make([]int, o.Workers)
	var read atomic.Int64
	err = archive.FS(bucket()).Each(context.Background(), o, func(r *archive.Record, err error) error {
		if err != nil {
			return err // or log it and return nil to go on
		}
		read.Add(1)
		res := &results[r.Worker]
		rt.RouteInto(r.Event, res)
		if len(res.Deliveries) > 0 {
			delivered[r.Worker]++
		}
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	total := 0
	for _, n := range delivered {
		total += n
	}
	fmt.Printf("the trail delivers %d of %d records\n", total, read.Load())
	// Output:
	// the trail delivers 8 of 9 records
}

// Listing a bucket from its keys (an S3 listing, an SNS notification's
// s3ObjectKey list), filtered by key alone: nothing is opened. The
// window ends at 23:00; files delivered up to an hour later (the default
// slack) may hold its events.
func ExampleKeys() {
	keys := []string{
		"AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/06/111122223333_CloudTrail_us-east-1_20240506T0105Z_AAAAAAAAAAAAAAAA.json.gz",
		"AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/05/06/111122223333_CloudTrail-Digest_us-east-1_management_us-east-1_20240506T010512Z.json.gz",
		"AWSLogs/111122223333/CloudTrail/eu-west-1/2024/05/06/111122223333_CloudTrail_eu-west-1_20240506T0110Z_BBBBBBBBBBBBBBBB.json.gz",
		"AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/06/111122223333_CloudTrail_us-east-1_20240506T2330Z_CCCCCCCCCCCCCCCC.json.gz",
		"AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/07/111122223333_CloudTrail_us-east-1_20240507T0000Z_DDDDDDDDDDDDDDDD.json.gz",
		"AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/06/notes.txt",
	}
	a := archive.Keys(keys, nil) // an Opener is needed only to read
	f := &archive.Filter{
		Regions: []string{"us-east-1"},
		Start:   time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC),
		End:     time.Date(2024, 5, 6, 23, 0, 0, 0, time.UTC),
	}
	for obj, err := range a.Objects(context.Background(), f) {
		if err != nil {
			fmt.Println("not a CloudTrail object:", obj.Key)
			continue
		}
		fmt.Println(obj.Parsed.Kind, obj.Parsed.Time.Format(time.RFC3339))
	}
	// Output:
	// CloudTrail 2024-05-06T01:05:00Z
	// CloudTrail 2024-05-06T23:30:00Z
	// not a CloudTrail object: AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/06/notes.txt
	// CloudTrail-Digest 2024-05-06T01:05:12Z
}
