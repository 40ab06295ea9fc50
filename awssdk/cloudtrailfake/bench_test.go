package cloudtrailfake_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"

	"github.com/trailmap/trailmap/awssdk/cloudtrailfake"
)

// BenchmarkDescribeTrails measures a DescribeTrails call through the real
// SDK client against the fake (five trails, records of every call
// routed) and, as the baseline, against a handler answering a fixed body
// of the same trails: the difference is the fake's own cost.
func BenchmarkDescribeTrails(b *testing.B) {
	fake, err := cloudtrailfake.New(cloudtrailfake.Options{})
	if err != nil {
		b.Fatal(err)
	}
	fakeSrv := httptest.NewServer(fake)
	defer fakeSrv.Close()
	client := func(url string) *cloudtrail.Client {
		return cloudtrail.New(cloudtrail.Options{Region: "us-east-1", BaseEndpoint: aws.String(url),
			Credentials: credentials.NewStaticCredentialsProvider(acct, "s", ""), RetryMaxAttempts: 1})
	}
	ctx := context.Background()
	c := client(fakeSrv.URL)
	for i := 0; i < 5; i++ {
		if _, err := c.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String(fmt.Sprintf("trail-%d", i)), S3BucketName: aws.String("b")}); err != nil {
			b.Fatal(err)
		}
		if _, err := c.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String(fmt.Sprintf("trail-%d", i))}); err != nil {
			b.Fatal(err)
		}
	}
	req, _ := http.NewRequest("POST", fakeSrv.URL, nil)
	req.Header.Set("X-Amz-Target", "CloudTrail_20131101.DescribeTrails")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+acct+"/20260101/us-east-1/cloudtrail/aws4_request")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	fixed, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Write(fixed)
	}))
	defer echo.Close()

	for _, bc := range []struct {
		name string
		c    *cloudtrail.Client
	}{{"baseline=fixed-answer", client(echo.URL)}, {"fake", c}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				out, err := bc.c.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{})
				if err != nil || len(out.TrailList) != 5 {
					b.Fatalf("%v %v", out, err)
				}
			}
		})
	}
}
