package cloudtrailfake_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/awssdk/cloudtrailfake"
)

// TestAWSCLI drives the fake with the AWS CLI (botocore's long
// X-Amz-Target spelling, its own serializers and error parsing) through
// --endpoint-url, when the aws command is installed.
func TestAWSCLI(t *testing.T) {
	aws, err := exec.LookPath("aws")
	if err != nil {
		t.Skip("the aws command is not installed (Debian: apt-get install awscli); skipping the AWS CLI checks")
	}
	if testing.Short() {
		t.Skip("-short: the AWS CLI starts slowly")
	}
	e := newEnv(t, cloudtrailfake.Options{})
	home := t.TempDir()
	run := func(args ...string) (map[string]any, string, error) {
		t.Helper()
		cmd := exec.Command(aws, append([]string{"--endpoint-url", e.srv.URL, "--region", "us-east-2", "--output", "json", "cloudtrail"}, args...)...)
		var env []string
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "AWS_") {
				env = append(env, kv)
			}
		}
		cmd.Env = append(env,
			"HOME="+home, "AWS_CONFIG_FILE="+home+"/config", "AWS_SHARED_CREDENTIALS_FILE="+home+"/credentials",
			"AWS_ACCESS_KEY_ID="+acct, "AWS_SECRET_ACCESS_KEY=secret", "AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var out map[string]any
		if err == nil && stdout.Len() > 0 {
			if jerr := json.Unmarshal(stdout.Bytes(), &out); jerr != nil {
				t.Fatalf("aws %s printed %s: %v", strings.Join(args, " "), stdout.String(), jerr)
			}
		}
		return out, stderr.String(), err
	}

	out, stderr, err := run("create-trail", "--name", "cli-trail", "--s3-bucket-name", "cli-bucket", "--is-multi-region-trail")
	if err != nil {
		t.Fatalf("create-trail: %v\n%s", err, stderr)
	}
	if out["TrailARN"] != "arn:aws:cloudtrail:us-east-2:"+acct+":trail/cli-trail" || out["IsMultiRegionTrail"] != true {
		t.Errorf("create-trail printed %v", out)
	}
	if out, stderr, err = run("get-trail-status", "--name", "cli-trail"); err != nil || out["IsLogging"] != false {
		t.Errorf("get-trail-status of a new trail: %v %v\n%s", out, err, stderr)
	}
	if _, stderr, err = run("start-logging", "--name", "cli-trail"); err != nil {
		t.Fatalf("start-logging: %v\n%s", err, stderr)
	}
	if _, stderr, err = run("put-event-selectors", "--trail-name", "cli-trail", "--advanced-event-selectors",
		`[{"Name":"mgmt","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]}]`); err != nil {
		t.Fatalf("put-event-selectors: %v\n%s", err, stderr)
	}
	out, stderr, err = run("describe-trails")
	if err != nil {
		t.Fatalf("describe-trails: %v\n%s", err, stderr)
	}
	list, _ := out["trailList"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["HasCustomEventSelectors"] != true || list[0].(map[string]any)["HomeRegion"] != "us-east-2" {
		t.Errorf("describe-trails printed %v", out)
	}

	// An error: the CLI exits non-zero and prints the code and AWS's message.
	_, stderr, err = run("get-trail-status", "--name", "missing")
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("get-trail-status of a missing trail: %v", err)
	}
	if want := "(TrailNotFoundException) when calling the GetTrailStatus operation: Unknown trail: arn:aws:cloudtrail:us-east-2:" + acct + ":trail/missing for the user: " + acct; !strings.Contains(stderr, want) {
		t.Errorf("stderr %q does not contain %q", stderr, want)
	}

	// Event history holds the CLI's own calls.
	out, stderr, err = run("lookup-events", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=CreateTrail")
	if err != nil {
		t.Fatalf("lookup-events: %v\n%s", err, stderr)
	}
	events, _ := out["Events"].([]any)
	if len(events) != 1 || events[0].(map[string]any)["EventName"] != "CreateTrail" || !strings.Contains(events[0].(map[string]any)["CloudTrailEvent"].(string), `"eventSource":"cloudtrail.amazonaws.com"`) {
		t.Errorf("lookup-events printed %v", out)
	}
}
