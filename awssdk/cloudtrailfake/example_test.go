package cloudtrailfake_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/trailmap/trailmap/awssdk/cloudtrailfake"
	"github.com/trailmap/trailmap/trail/trailtest"
)

// A test sets up a trail through the real SDK, reports what its workflow
// did, and asserts what CloudTrail would have logged where.
func Example() {
	fake, err := cloudtrailfake.New(cloudtrailfake.Options{Now: func() time.Time { return time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC) }})
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	ctx := context.Background()
	ct := cloudtrail.New(cloudtrail.Options{Region: "eu-west-1", BaseEndpoint: aws.String(srv.URL),
		Credentials: credentials.NewStaticCredentialsProvider("111122223333", "secret", ""), RetryMaxAttempts: 1})

	out, err := ct.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String("audit"), S3BucketName: aws.String("audit-bucket")})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := ct.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: out.TrailARN}); err != nil {
		log.Fatal(err)
	}
	// The trail cannot be created twice: AWS's exception and message.
	_, err = ct.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String("audit"), S3BucketName: aws.String("audit-bucket")})
	var exists *types.TrailAlreadyExistsException
	if errors.As(err, &exists) {
		fmt.Println(exists.ErrorMessage())
	}

	// The workflow under test deletes a bucket.
	fake.Call("s3.amazonaws.com", "DeleteBucket", trailtest.As(trailtest.NewIAMUser("111122223333", "alice")), trailtest.In("eu-west-1"),
		trailtest.Resource("AWS::S3::Bucket", "arn:aws:s3:::amzn-s3-demo-bucket", "111122223333"))
	for _, e := range fake.Log(aws.ToString(out.TrailARN)) {
		fmt.Println(e.Record.EventSource, e.Record.EventName, "->", e.Delivery.Bucket+"/"+e.Delivery.KeyPrefix)
	}
	// Output:
	// Trail audit already exists for customer: 111122223333
	// cloudtrail.amazonaws.com StartLogging -> audit-bucket/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/03/02/
	// cloudtrail.amazonaws.com CreateTrail -> audit-bucket/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/03/02/
	// s3.amazonaws.com DeleteBucket -> audit-bucket/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/03/02/
}
