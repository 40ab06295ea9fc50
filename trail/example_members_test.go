package trail_test

import (
	"fmt"
	"io"
	"log"
	"strings"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/trail"
)

// A reader that only routes records decodes the members routing reads
// (a trail whose selectors name readOnly adds it) and decodes whole the
// rare record that needs more: here a record older than
// recipientAccountId, whose account is its userIdentity's.
func ExampleRouter_Members() {
	d, err := trail.ParseDeployment([]byte(`{"trails": [
	  {"Name": "writes", "TrailARN": "arn:aws:cloudtrail:us-east-2:123456789012:trail/writes",
	   "HomeRegion": "us-east-2", "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true,
	   "S3BucketName": "amzn-s3-demo-bucket",
	   "EventSelectors": [{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": true}]}]}`))
	if err != nil {
		log.Fatal(err)
	}
	rt, err := trail.NewRouter(d)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rt.Members())
	input := `{"eventVersion":"1.08","eventTime":"2023-05-01T12:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"us-east-2","readOnly":false,"recipientAccountId":"123456789012","userIdentity":{"type":"Root","accountId":"123456789012"}}
{"eventVersion":"1.01","eventTime":"2014-05-01T12:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"TerminateInstances","awsRegion":"us-east-2","readOnly":false,"userIdentity":{"type":"Root","accountId":"123456789012"}}`
	rd := event.NewReader(strings.NewReader(input), event.DecodeOnly(append(rt.Members(), "eventID")...))
	var rec event.Record
	for {
		err := rd.ReadRecord(&rec)
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		whole := rt.NeedsWhole(&rec)
		if whole {
			if err := rec.Decode(rd.Raw()); err != nil {
				log.Fatal(err)
			}
		}
		res := rt.Route(&rec)
		fmt.Println(rec.EventName, "decoded whole:", whole, "delivered:", len(res.Deliveries))
	}
	// Output:
	// [additionalEventData awsRegion eventCategory eventName eventSource eventTime eventType insightDetails managementEvent readOnly recipientAccountId tlsDetails vpcEndpointAccountId]
	// RunInstances decoded whole: false delivered: 1
	// TerminateInstances decoded whole: true delivered: 1
}
