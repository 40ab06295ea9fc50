package archive_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"log"
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
			fmt.Fprintf(zw, `{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::%[1]s:assumed-role/Admin/alice","accountId":"%[1]s"},"eventTime":"%[2]s","eventSource":"s3.amazonaws.com","eventName":"%[3]s","awsRegion":"%[4]s","sourceIPAddress":"192.0.2.7","userAgent":"aws-cli/2.15.0","requestParameters":{"bucketName":"amzn-s3-demo-bucket-%[5]d"},"responseElements":null,"eventID":"%[6]s-%[5]d","eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"%[1]s","eventCategory":"Management"}`,
				account, at, name, region, i, unique)
		}
		fmt.Fprint(zw, `]}`)
		zw.Close()
		key := trail.LogKey("audit", "o-exampleorgid", account, region, delivered, unique).String()
		fsys[key] = &fstest.MapFile{Data: b.Bytes()}
	}
	day := time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC) // a Monday
	add("111122223333", "us-east-1", day.Add(-26*time.Hour), "AAAAAAAAAAAAAAAA", "DeleteBucket")
	add("111122223333", "us-east-1", day.Add(2*time.Hour), "BBBBBBBBBBBBBBBB", "CreateBucket", "DeleteBucket")
	add("111122223333", "eu-west-1", day.Add(50*time.Hour), "CCCCCCCCCCCCCCCC", "DeleteBucket", "PutObject")
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
