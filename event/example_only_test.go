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

// A path into userIdentity decodes those of its members only: the
// record's UserIdentity holds them, and nothing else of the identity, so
// that reading the ARN an event selector's userIdentity.arn matches
// costs little more than skipping the identity.
func ExampleDecodeOnly_identityPaths() {
	const logFile = `{"Records":[
{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:s","arn":"arn:aws:sts::111122223333:assumed-role/Admin/s","accountId":"111122223333","sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::111122223333:role/Admin"}}},"eventName":"GetObject"},
{"eventVersion":"1.0","userIdentity":{"type":"Root","accountId":"444455556666"},"eventName":"CreateUser"},
{"eventVersion":"1.08","eventName":"ConsoleLogin"}
]}`
	only := event.DecodeOnly("eventName", "userIdentity.arn", "userIdentity.accountId")
	for rec, err := range event.Records(strings.NewReader(logFile), only) {
		if err != nil {
			log.Fatal(err)
		}
		if u := rec.UserIdentity; u != nil {
			fmt.Printf("%s %q %q %q %v\n", rec.EventName, u.ARN, u.AccountID, u.Type, u.SessionContext == nil)
		} else {
			fmt.Println(rec.EventName, "no userIdentity")
		}
	}
	// Output:
	// GetObject "arn:aws:sts::111122223333:assumed-role/Admin/s" "111122223333" "" true
	// CreateUser "" "444455556666" "" true
	// ConsoleLogin no userIdentity
}
