package trail

import (
	"fmt"
	"sort"
	"strconv"
)

// The codes of the findings of BestPractices.
const (
	// FindingNoMultiRegionTrail: no logging multi-Region trail (its own
	// or an organization trail) covers the account.
	FindingNoMultiRegionTrail = "NoMultiRegionTrail"
	// FindingNoLogFileValidation: the trail writes no digest files, so
	// its log files cannot be validated.
	FindingNoLogFileValidation = "NoLogFileValidation"
	// FindingNoCloudWatchLogs: the trail sends its events to no
	// CloudWatch Logs log group, where they could be monitored.
	FindingNoCloudWatchLogs = "NoCloudWatchLogs"
	// FindingNoKMSEncryption: the trail's log files are encrypted with
	// SSE-S3, not with a KMS key.
	FindingNoKMSEncryption = "NoKMSEncryption"
)

const factPractices = "CloudTrail User Guide, \"Security best practices in AWS CloudTrail\" (checked by AWS Security Hub controls CloudTrail.1, CloudTrail.2, CloudTrail.4 and CloudTrail.5); AWS calls them helpful considerations rather than prescriptions"

// BestPractices returns the security best practices of the CloudTrail
// User Guide that d does not follow, in the order and form of [Check]'s
// findings, all warnings: accounts without a logging multi-Region trail
// (NoMultiRegionTrail), and logging trails without log file validation
// (NoLogFileValidation), without CloudWatch Logs (NoCloudWatchLogs) or
// without SSE-KMS (NoKMSEncryption). AWS presents them as considerations,
// not prescriptions, so Check leaves them out; ask for them.
func BestPractices(d *Deployment) []Finding {
	if d == nil {
		return nil
	}
	var out []Finding
	x := newDeploymentIndex(d)
	var without []string
	for _, acct := range x.accounts {
		multi := false
		for _, i := range x.candidates(acct) {
			t := &d.Trails[i]
			if t.Logging() && t.IsMultiRegionTrail && x.coversAccount(t, acct) {
				multi = true
				break
			}
		}
		if !multi {
			without = append(without, acct)
		}
	}
	if len(without) > 0 {
		out = append(out, Finding{Code: FindingNoMultiRegionTrail, Accounts: without,
			Message: fmt.Sprintf("No logging multi-Region trail covers %s: a multi-Region trail logs every enabled Region, including the global service events.", listText(without, "account", "accounts")),
			Fact:    factPractices})
	}
	for i := range d.Trails {
		t := &d.Trails[i]
		if !t.Logging() {
			continue // NotLogging says more
		}
		id, path := trailID(t), "trails["+strconv.Itoa(i)+"]"
		if !t.LogFileValidationEnabled {
			out = append(out, Finding{Code: FindingNoLogFileValidation, Trails: []string{id}, Path: path + ".LogFileValidationEnabled",
				Message: fmt.Sprintf("Trail %s does not enable log file integrity validation: no digest files are delivered, so a changed or deleted log file cannot be detected.", id),
				Fact:    factPractices})
		}
		if t.CloudWatchLogsLogGroupArn == "" {
			out = append(out, Finding{Code: FindingNoCloudWatchLogs, Trails: []string{id}, Path: path + ".CloudWatchLogsLogGroupArn",
				Message: fmt.Sprintf("Trail %s sends its events to no CloudWatch Logs log group, where metric filters and alarms could watch them.", id),
				Fact:    factPractices})
		}
		if t.KmsKeyID == "" {
			out = append(out, Finding{Code: FindingNoKMSEncryption, Trails: []string{id}, Path: path + ".KmsKeyId",
				Message: fmt.Sprintf("Trail %s encrypts its log files with SSE-S3, not with a KMS key (SSE-KMS), whose key policy would control who can read them.", id),
				Fact:    factPractices})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}
