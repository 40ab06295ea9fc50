package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"

	"github.com/trailmap/trailmap/awssdk/cloudtrailfake"
	"github.com/trailmap/trailmap/trail"
)

func TestRunRejects(t *testing.T) {
	dir := t.TempDir()
	invalid := filepath.Join(dir, "invalid.json")
	os.WriteFile(invalid, []byte(`{"trails":[{"Name":"ab","TrailARN":"arn:aws:cloudtrail:us-east-1:111122223333:trail/ab","IsMultiRegionTrail":true,"IncludeGlobalServiceEvents":false}]}`), 0o600)
	malformed := filepath.Join(dir, "malformed.json")
	os.WriteFile(malformed, []byte(`{"trails": [`), 0o600)
	tests := []struct {
		name, reason string
		args         []string
		stderr       []string
	}{
		{"invalid deployment", "validation errors are printed, every one", []string{"-deployment", invalid},
			[]string{"InvalidTrailNameException", "Multi-Region trail must include global service events."}},
		{"malformed deployment", "a decode error with its position", []string{"-deployment", malformed}, []string{"malformed.json: trail: 1:"}},
		{"missing file", "the file cannot be read", []string{"-deployment", filepath.Join(dir, "none.json")}, []string{"none.json"}},
		{"bad flag", "usage error", []string{"-nope"}, []string{"usage: trailmap-fake"}},
		{"extra argument", "usage error", []string{"extra"}, []string{"unexpected arguments"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tc.args, &stdout, &stderr); code != 2 {
				t.Errorf("exit %d, want 2 (%s)", code, tc.reason)
			}
			for _, want := range tc.stderr {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr %q lacks %q (%s)", stderr.String(), want, tc.reason)
				}
			}
		})
	}
}

func TestDescribeTrailsSeed(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "describe.json")
	os.WriteFile(bad, []byte(`{"trailList":[{"Name":"m","TrailARN":"arn:aws:cloudtrail:us-east-1:111122223333:trail/m","IsMultiRegionTrail":true,"IncludeGlobalServiceEvents":false}]}`), 0o600)
	var stdout, stderr bytes.Buffer
	// describe-trails output is read, and validated like a deployment.
	if code := run([]string{"-deployment", bad}, &stdout, &stderr); code != 2 ||
		!strings.Contains(stderr.String(), "InvalidTrailNameException") || !strings.Contains(stderr.String(), "Multi-Region trail must include global service events.") {
		t.Errorf("exit %d, stderr %s", code, stderr.String())
	}
}

func TestServe(t *testing.T) {
	d, err := trail.ParseDeployment([]byte(`{"trails":[{"Name":"seeded","TrailARN":"arn:aws:cloudtrail:eu-west-1:111122223333:trail/seeded","S3BucketName":"b"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	fake, err := cloudtrailfake.New(cloudtrailfake.Options{Deployment: d})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr bytes.Buffer
	done := make(chan int)
	go func() { done <- serve(ctx, ln, fake, &stdout, &stderr) }()

	c := cloudtrail.New(cloudtrail.Options{Region: "eu-west-1", BaseEndpoint: aws.String("http://" + ln.Addr().String()),
		Credentials: credentials.NewStaticCredentialsProvider("111122223333", "s", ""), RetryMaxAttempts: 1})
	out, err := c.DescribeTrails(context.Background(), &cloudtrail.DescribeTrailsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.TrailList) != 1 || aws.ToString(out.TrailList[0].Name) != "seeded" {
		t.Errorf("DescribeTrails of the seeded fake: %+v", out.TrailList)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d: %s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(stdout.String(), "serving CloudTrail on http://"+ln.Addr().String()) {
		t.Errorf("stdout %q", stdout.String())
	}
}
