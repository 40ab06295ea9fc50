package lambdatrail_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trailmap/trailmap/awssdk/lambdatrail"
	"github.com/trailmap/trailmap/awssdk/s3fake"
	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/trail/trailtest"
)

// A complete Lambda main. In Lambda (AWS_LAMBDA_RUNTIME_API is set) it
// serves SQS batches of CloudTrail notifications with the function's own
// S3 client (config.LoadDefaultConfig in a real main); here it runs once
// on a local S3 and a sample batch.
func Example() {
	store := s3fake.New()
	store.Put("amzn-s3-demo-bucket", "AWSLogs/111122223333/CloudTrail/us-east-2/2013/12/13/111122223333_CloudTrail_us-east-2_20131213T1920Z_LnPgDQnpkSKEsppV.json.gz",
		trailtest.Gzip([]byte(`{"Records":[{"eventVersion":"1.08","eventID":"e1","eventName":"ConsoleLogin","eventSource":"signin.amazonaws.com","eventTime":"2013-12-13T19:15:00Z"}]}`)), nil)
	srv := httptest.NewServer(store)
	defer srv.Close()
	client := s3.New(s3.Options{Region: "us-east-2", BaseEndpoint: aws.String(srv.URL), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "secret", "")})

	h := &lambdatrail.Handler{
		S3: client,
		Record: func(ctx context.Context, obj lambdatrail.Object, rec *event.Record) error {
			fmt.Printf("%s %s from %s\n", rec.EventSource, rec.EventName, obj.Key[:21])
			return nil
		},
	}
	if os.Getenv("AWS_LAMBDA_RUNTIME_API") != "" {
		lambda.Start(h.HandleSQS)
		return
	}
	resp, err := h.HandleSQS(context.Background(), events.SQSEvent{Records: []events.SQSMessage{
		{MessageId: "m1", Body: `{"s3Bucket":"amzn-s3-demo-bucket","s3ObjectKey":["AWSLogs/111122223333/CloudTrail/us-east-2/2013/12/13/111122223333_CloudTrail_us-east-2_20131213T1920Z_LnPgDQnpkSKEsppV.json.gz"]}`},
		{MessageId: "m2", Body: `{"s3Bucket":"amzn-s3-demo-bucket","s3ObjectKey":["AWSLogs/not-there.json.gz"]}`},
	}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("retry:", resp.BatchItemFailures)
	// Output:
	// signin.amazonaws.com ConsoleLogin from AWSLogs/111122223333/
	// retry: [{m2}]
}
