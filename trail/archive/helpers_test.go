package archive

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strings"
	"testing/fstest"
	"time"

	"github.com/trailmap/trailmap/trail"
)

// rec returns the JSON text of a management event record.
func rec(account, region, name string, t time.Time, id string) string {
	return fmt.Sprintf(`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDACKCEVSQ6C2EXAMPLE","arn":"arn:aws:iam::%[1]s:user/Alice","accountId":"%[1]s","accessKeyId":"AKIAIOSFODNN7EXAMPLE","userName":"Alice"},"eventTime":"%[2]s","eventSource":"s3.amazonaws.com","eventName":"%[3]s","awsRegion":"%[4]s","sourceIPAddress":"192.0.2.10","userAgent":"aws-cli/2.13.5","requestParameters":{"bucketName":"amzn-s3-demo-bucket","Host":"s3.amazonaws.com"},"responseElements":null,"requestID":"%[5]s","eventID":"%[5]s","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"%[1]s","eventCategory":"Management"}`,
		account, t.UTC().Format(time.RFC3339), name, region, id)
}

// logFile returns a gzip-compressed log file of the records.
func logFile(records ...string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	fmt.Fprintf(zw, `{"Records":[%s]}`, strings.Join(records, ","))
	zw.Close()
	return b.Bytes()
}

func gz(text string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(text))
	zw.Close()
	return b.Bytes()
}

func file(data []byte) *fstest.MapFile { return &fstest.MapFile{Data: data} }

const (
	acctA = "111122223333"
	acctB = "444455556666"
	org   = "o-exampleorgid"
)

var day0 = time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)

// unique returns a 16-character unique string for n.
func unique(n int) string { return fmt.Sprintf("EXAMPLE%09d", n) }

// logAt returns the key of a log file of account in region delivered at t.
func logAt(prefix, orgID, account, region string, t time.Time, n int) string {
	return trail.LogKey(prefix, orgID, account, region, t, unique(n)).String()
}

func gzipReader(b []byte) (io.Reader, error) { return gzip.NewReader(bytes.NewReader(b)) }
