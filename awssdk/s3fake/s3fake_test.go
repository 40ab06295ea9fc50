package s3fake_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/trailmap/trailmap/awssdk/s3fake"
)

func client(srv *httptest.Server) *s3.Client {
	return s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "secret", ""), HTTPClient: srv.Client(), RetryMaxAttempts: 1})
}

func TestPutGetList(t *testing.T) {
	store := s3fake.New()
	srv := httptest.NewServer(store)
	defer srv.Close()
	c := client(srv)
	ctx := context.Background()
	// The SDK's PutObject (with its flexible checksums) round-trips body
	// and metadata.
	_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("b"), Key: aws.String("d/x.json.gz"),
		Body: bytes.NewReader([]byte("hello")), Metadata: map[string]string{"Signature": "abc"}})
	if err != nil {
		t.Fatal(err)
	}
	if o, ok := store.Object("b", "d/x.json.gz"); !ok || string(o.Body) != "hello" || o.Metadata["signature"] != "abc" {
		t.Fatalf("stored %+v %v", o, ok)
	}
	out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("b"), Key: aws.String("d/x.json.gz")})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(out.Body)
	if string(body) != "hello" || out.Metadata["signature"] != "abc" {
		t.Errorf("GetObject: %q %v", body, out.Metadata)
	}
	_, err = c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("b"), Key: aws.String("nope")})
	var nsk *types.NoSuchKey
	if !errors.As(err, &nsk) {
		t.Errorf("missing key: %v", err)
	}

	for _, k := range []string{"d/a-b", "d/a/1", "d/a/2", "d/b/1", "d/c", "e"} {
		store.Put("b", k, []byte(k), nil)
	}
	// A delimited listing, one entry per page: files and folders in key
	// order, each folder once.
	var got []string
	p := s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: aws.String("b"), Prefix: aws.String("d/"), Delimiter: aws.String("/"), MaxKeys: aws.Int32(1)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range page.Contents {
			got = append(got, aws.ToString(o.Key))
		}
		for _, cp := range page.CommonPrefixes {
			got = append(got, aws.ToString(cp.Prefix))
		}
	}
	if want := "d/a-b d/a/ d/b/ d/c d/x.json.gz"; strings.Join(got, " ") != want {
		t.Errorf("listing %v, want %s", got, want)
	}
	res, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("b"), StartAfter: aws.String("d/c")})
	if err != nil || len(res.Contents) != 2 || aws.ToString(res.Contents[0].Key) != "d/x.json.gz" {
		t.Errorf("StartAfter: %+v %v", res.Contents, err)
	}
	if _, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("none")}); err == nil {
		t.Error("listing a missing bucket succeeded")
	}
}
