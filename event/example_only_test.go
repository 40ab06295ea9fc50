package event_test

import (
	"fmt"
	"io"
	"log"
	"strings"

	"github.com/trailmap/trailmap/event"
)

// A reader that needs a few members of each record decodes only those:
// the others are skipped (their syntax still checked), and unknown
// members are not kept.
func ExampleDecodeOnly() {
	const logFile = `{"Records":[
{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","userName":"Mary"},"eventTime":"2023-07-19T21:44:40Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","requestParameters":{"bucketName":"b"},"recipientAccountId":"111122223333"},
{"eventVersion":"1.08","userIdentity":{"type":"Root"},"eventTime":"2023-07-19T21:45:02Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1","recipientAccountId":"111122223333","x":{"y":[1,2,3]}}
]}`
	rd := event.NewReader(strings.NewReader(logFile), event.DecodeOnly("eventSource", "eventName", "awsRegion"))
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(rec.EventSource, rec.EventName, rec.AWSRegion, rec.UserIdentity == nil, rec.EventTime.IsZero())
	}
	// Output:
	// s3.amazonaws.com GetObject us-east-1 true true
	// iam.amazonaws.com CreateUser us-east-1 true true
}
