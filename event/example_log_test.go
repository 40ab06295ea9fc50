package event_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"log"
	"strings"

	"github.com/trailmap/trailmap/event"
)

func ExampleRecords() {
	// A CloudTrail log file, as delivered to S3 (gzip-compressed).
	var file bytes.Buffer
	zw := gzip.NewWriter(&file)
	zw.Write([]byte(`{"Records":[
  {"eventVersion":"1.08","eventTime":"2023-05-01T12:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1"},
  {"eventVersion":"1.08","eventTime":"2023-05-01T12:00:05Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"eu-west-1"}
]}`))
	zw.Close()

	for rec, err := range event.Records(&file) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(rec.EventTime.Format("15:04:05"), rec.EventSource, rec.EventName)
	}
	// Output:
	// 12:00:00 iam.amazonaws.com CreateUser
	// 12:00:05 s3.amazonaws.com GetObject
}

func ExampleRecords_continueOnError() {
	// JSON Lines with a broken second line.
	lines := `{"eventName":"CreateUser"}
{"eventName":"DeleteUser" "awsRegion":"us-east-1"}
{"eventName":"AttachUserPolicy"}
`
	for rec, err := range event.Records(strings.NewReader(lines), event.ContinueOnError()) {
		var re *event.RecordError
		if errors.As(err, &re) {
			fmt.Println(err)
			continue
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(rec.EventName)
	}
	// Output:
	// CreateUser
	// event: record 1 (line 2, column 27): expected ',' or '}' after object member, found '"'
	// AttachUserPolicy
}

func ExampleReadLogFile() {
	in := `{"Records":[{"eventVersion":"1.05","eventName":"ConsoleLogin","readOnly":false}],"digest":"kept"}`
	lf, err := event.ReadLogFile(strings.NewReader(in))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(lf.Records), lf.Records[0].EventName, lf.Extra[0].Name)
	out, err := lf.MarshalJSON()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(out) == in)

	_, err = event.ReadLogFile(strings.NewReader(`{"eventName":"ConsoleLogin"}`))
	fmt.Println(errors.Is(err, event.ErrNotLogFile))
	// Output:
	// 1 ConsoleLogin digest
	// true
	// true
}

func ExampleParseDigest() {
	d, err := event.ParseDigest([]byte(`{
  "awsAccountId": "111122223333",
  "digestStartTime": "2015-08-17T14:01:31Z",
  "digestEndTime": "2015-08-17T15:01:31Z",
  "digestSignatureAlgorithm": "SHA256withRSA",
  "previousDigestS3Object": null,
  "previousDigestSignature": null,
  "logFiles": [
    {"s3Object": "AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/17/111122223333_CloudTrail_us-east-2_20150817T1445Z_9nYN7gp2eWAJHIfT.json.gz",
     "hashValue": "9bb6196fc6b84d6f075a56548feca262bd99ba3c2de41b618e5b6e22c1fc71f6", "hashAlgorithm": "SHA-256"}
  ]
}`))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.DigestEndTime.Sub(d.DigestStartTime), d.Starting())
	for _, f := range d.LogFiles {
		fmt.Println(f.HashAlgorithm, f.HashValue[:12])
	}
	// Output:
	// 1h0m0s true
	// SHA-256 9bb6196fc6b8
}

func ExampleReader() {
	// Reuse one Record across a stream, and read raw bytes where needed.
	in := "[{\"eventName\":\"PutObject\"},\n {\"eventName\":\"GetObject\"}]"
	r := event.NewReader(strings.NewReader(in))
	var rec event.Record
	for {
		err := r.ReadRecord(&rec)
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s at offset %d: %s\n", rec.EventName, r.Offset(), r.Raw())
	}
	fmt.Println(r.Format())
	// Output:
	// PutObject at offset 1: {"eventName":"PutObject"}
	// GetObject at offset 29: {"eventName":"GetObject"}
	// array
}
