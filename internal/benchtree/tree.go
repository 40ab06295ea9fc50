// Package benchtree makes the benchmark tree that the benchmarks of
// reading a whole bucket share (trail/archive's, cmd/trailmap's and
// tools/bucketbench), and reads it the two ways every reader is measured
// against: the floor (walk and gunzip only, with compress/gzip) and the
// honest user's baseline (walk, gunzip and encoding/json into a narrow
// struct). It uses the standard library only, so that a program built on
// it alone is a standard-library program.
package benchtree

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The tree: Accounts × Regions × Days day folders of FilesPerDay small
// log files (1 to 50 records, most of them few) under an organization
// trail's AWSLogs layout, and a tail of Big big ones of BigRecords/2 to
// 3*BigRecords/2 records. The same seed makes the same tree, byte for
// byte.
const (
	Accounts    = 3
	Regions     = 4
	Days        = 3
	FilesPerDay = 50
	Big         = 6
	BigRecords  = 12000

	// OrgID is the organization of the tree's keys.
	OrgID = "o-exampleorgid"
)

// RegionNames are the Regions of the tree, in the order used.
var RegionNames = []string{"us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"}

// Info counts what a tree holds.
type Info struct {
	Files   int   // log files
	Records int   // records in them
	Plain   int64 // bytes of JSON, decompressed
}

// completeFile, in the folder given to Make, records the tree's Info once
// the tree is whole.
const completeFile = "tree-complete"

// Make writes the tree into root/bucket, or counts it when root already
// holds a whole one (one that Make finished), and returns what it holds.
func Make(root string) (Info, error) {
	var info Info
	done := filepath.Join(root, completeFile)
	if b, err := os.ReadFile(done); err == nil {
		_, err := fmt.Sscan(string(b), &info.Files, &info.Records, &info.Plain)
		if err != nil {
			return info, fmt.Errorf("benchtree: %s: %w", done, err)
		}
		return info, nil
	}
	dir := filepath.Join(root, "bucket")
	rnd := rand.New(rand.NewSource(1))
	n := 0
	write := func(account, region string, at time.Time, records int) error {
		n++
		p := filepath.Join(dir, filepath.FromSlash(logKey(account, region, at, fmt.Sprintf("%016X", n))))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		f, err := os.Create(p)
		if err != nil {
			return err
		}
		defer f.Close()
		zw := gzip.NewWriter(f)
		cw := &countWriter{w: zw}
		bw := bufio.NewWriter(cw)
		bw.WriteString(`{"Records":[`)
		for i := 0; i < records; i++ {
			if i > 0 {
				bw.WriteByte(',')
			}
			t := at.Add(-time.Duration(rnd.Intn(600)) * time.Second).Format(time.RFC3339)
			id := fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", rnd.Uint32(), n%65536, i%4096, rnd.Intn(4096), rnd.Int63n(1<<48))
			fmt.Fprintf(bw, templates[rnd.Intn(len(templates))], account, region, t, id, rnd.Intn(250))
		}
		bw.WriteString("]}")
		if err := bw.Flush(); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		info.Files++
		info.Records += records
		info.Plain += cw.n
		return f.Close()
	}
	start := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	for a := 0; a < Accounts; a++ {
		account := fmt.Sprintf("%012d", 111122223333+a*111111111)
		for _, region := range RegionNames[:Regions] {
			for d := 0; d < Days; d++ {
				for i := 0; i < FilesPerDay; i++ {
					at := start.AddDate(0, 0, d).Add(time.Duration(i*28+rnd.Intn(20)) * time.Minute)
					// Most files hold a few records; some up to 50.
					records := 1 + int(50*rnd.Float64()*rnd.Float64()*rnd.Float64()*rnd.Float64())
					if err := write(account, region, at, records); err != nil {
						return info, fmt.Errorf("benchtree: %w", err)
					}
				}
			}
		}
	}
	for i := 0; i < Big; i++ {
		at := start.Add(time.Duration(i)*7*time.Hour + 5*time.Minute)
		if err := write("111122223333", "us-east-1", at, BigRecords/2+rnd.Intn(BigRecords)); err != nil {
			return info, fmt.Errorf("benchtree: %w", err)
		}
	}
	err := os.WriteFile(done, []byte(fmt.Sprint(info.Files, info.Records, info.Plain)), 0o644)
	return info, err
}

// logKey is the key CloudTrail gives a log file of the organization trail
// (trail.LogKey with no prefix, which this package may not import):
// AWSLogs/OrgID/account/CloudTrail/region/YYYY/MM/DD/account_CloudTrail_region_YYYYMMDDTHHmmZ_unique.json.gz.
func logKey(account, region string, at time.Time, unique string) string {
	at = at.UTC()
	return fmt.Sprintf("AWSLogs/%s/%s/CloudTrail/%s/%s/%s_CloudTrail_%s_%s_%s.json.gz",
		OrgID, account, region, at.Format("2006/01/02"), account, region, at.Format("20060102T1504Z"), unique)
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Files lists the .json.gz files under dir, in lexical order, as every
// reader of the tree finds them.
func Files(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json.gz") {
			files = append(files, p)
		}
		return err
	})
	return files, err
}

// The record templates: %[1]s account, %[2]s region, %[3]s event time,
// %[4]s event ID, %[5]d a number.
var templates = []string{
	// An S3 data event by an assumed role.
	`{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAIDPPEZS35WEXAMPLE:session-%[5]d","arn":"arn:aws:sts::%[1]s:assumed-role/DataPipeline/session-%[5]d","accountId":"%[1]s","accessKeyId":"ASIAIOSFODNN7EXAMPLE","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAIDPPEZS35WEXAMPLE","arn":"arn:aws:iam::%[1]s:role/DataPipeline","accountId":"%[1]s","userName":"DataPipeline"},"attributes":{"creationDate":"2024-05-01T00:00:00Z","mfaAuthenticated":"false"}}},"eventTime":"%[3]s","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"%[2]s","sourceIPAddress":"10.0.%[5]d.12","userAgent":"[aws-sdk-java/2.20.0 Linux/5.10 OpenJDK_64-Bit_Server_VM/17.0.7]","requestParameters":{"bucketName":"amzn-s3-demo-bucket","Host":"amzn-s3-demo-bucket.s3.%[2]s.amazonaws.com","key":"data/part-%[5]d.parquet"},"responseElements":null,"additionalEventData":{"SignatureVersion":"SigV4","CipherSuite":"TLS_AES_128_GCM_SHA256","bytesTransferredIn":0,"AuthenticationMethod":"AuthHeader","x-amz-id-2":"EXAMPLEa9dXXf2mGH8jX1U1bJ1DcdnHq3VlQsQqNnM6Pm8=","bytesTransferredOut":48213},"requestID":"EXAMPLE%[5]dREQ","eventID":"%[4]s","readOnly":true,"resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::amzn-s3-demo-bucket/data/part-%[5]d.parquet"},{"accountId":"%[1]s","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::amzn-s3-demo-bucket"}],"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"%[1]s","eventCategory":"Data","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"amzn-s3-demo-bucket.s3.%[2]s.amazonaws.com"}}`,
	// An EC2 describe call by an IAM user.
	`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDACKCEVSQ6C2EXAMPLE","arn":"arn:aws:iam::%[1]s:user/Alice","accountId":"%[1]s","accessKeyId":"AKIAIOSFODNN7EXAMPLE","userName":"Alice"},"eventTime":"%[3]s","eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"%[2]s","sourceIPAddress":"192.0.2.%[5]d","userAgent":"aws-cli/2.13.5 Python/3.11.4 Linux/4.14.255 exe/x86_64.amzn.2 prompt/off command/ec2.describe-instances","requestParameters":{"instancesSet":{},"filterSet":{"items":[{"name":"instance-state-name","valueSet":{"items":[{"value":"running"}]}}]}},"responseElements":null,"requestID":"%[4]s","eventID":"%[4]s","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"%[1]s","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.2","cipherSuite":"ECDHE-RSA-AES128-GCM-SHA256","clientProvidedHostHeader":"ec2.%[2]s.amazonaws.com"}}`,
	// An STS AssumeRole by a service.
	`{"eventVersion":"1.08","userIdentity":{"type":"AWSService","invokedBy":"lambda.amazonaws.com"},"eventTime":"%[3]s","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"%[2]s","sourceIPAddress":"lambda.amazonaws.com","userAgent":"lambda.amazonaws.com","requestParameters":{"roleArn":"arn:aws:iam::%[1]s:role/service-role/fn-%[5]d-role","roleSessionName":"fn-%[5]d"},"responseElements":{"credentials":{"accessKeyId":"ASIAIOSFODNN7EXAMPLE","sessionToken":"IQoJb3JpZ2luX2VjEXAMPLETOKENEXAMPLETOKENEXAMPLETOKENEXAMPLETOKEN","expiration":"May 1, 2024, 12:00:00 PM"}},"requestID":"%[4]s","eventID":"%[4]s","readOnly":true,"resources":[{"accountId":"%[1]s","type":"AWS::IAM::Role","ARN":"arn:aws:iam::%[1]s:role/service-role/fn-%[5]d-role"}],"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"%[1]s","sharedEventID":"%[4]s","eventCategory":"Management"}`,
	// A failed console call.
	`{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLEID:bob@example.com","arn":"arn:aws:sts::%[1]s:assumed-role/AWSReservedSSO_ReadOnly_0123456789abcdef/bob@example.com","accountId":"%[1]s","accessKeyId":"ASIAEXAMPLEKEY","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLEID","arn":"arn:aws:iam::%[1]s:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_0123456789abcdef","accountId":"%[1]s","userName":"AWSReservedSSO_ReadOnly_0123456789abcdef"},"attributes":{"creationDate":"2024-05-01T08:00:00Z","mfaAuthenticated":"false"}}},"eventTime":"%[3]s","eventSource":"s3.amazonaws.com","eventName":"DeleteBucket","awsRegion":"%[2]s","sourceIPAddress":"AWS Internal","userAgent":"AWS Internal","errorCode":"AccessDenied","errorMessage":"User: arn:aws:sts::%[1]s:assumed-role/AWSReservedSSO_ReadOnly_0123456789abcdef/bob@example.com is not authorized to perform: s3:DeleteBucket","requestParameters":{"bucketName":"amzn-s3-demo-bucket-%[5]d","Host":"s3.amazonaws.com"},"responseElements":null,"requestID":"%[4]s","eventID":"%[4]s","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"%[1]s","eventCategory":"Management","sessionCredentialFromConsole":"true"}`,
}
