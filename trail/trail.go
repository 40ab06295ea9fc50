package trail

import "github.com/trailmap/trailmap/selector"

// Trail is a trail's configuration in the shape the CloudTrail API returns it
// (describe-trails, with get-event-selectors and get-insight-selectors
// merged in). Member names are AWS's, so CLI output decodes as is.
//
// Optional members whose absence differs from their zero value are pointers;
// Resolved values come from the methods of Trail, never from the zero value.
type Trail struct {
	Name                       string `json:"Name"`
	TrailARN                   string `json:"TrailARN,omitempty"`
	HomeRegion                 string `json:"HomeRegion,omitempty"`
	S3BucketName               string `json:"S3BucketName,omitempty"`
	S3KeyPrefix                string `json:"S3KeyPrefix,omitempty"`
	SnsTopicName               string `json:"SnsTopicName,omitempty"`
	SnsTopicARN                string `json:"SnsTopicARN,omitempty"`
	IncludeGlobalServiceEvents *bool  `json:"IncludeGlobalServiceEvents,omitempty"`
	IsMultiRegionTrail         bool   `json:"IsMultiRegionTrail,omitempty"`
	IsOrganizationTrail        bool   `json:"IsOrganizationTrail,omitempty"`
	// IsLogging is from get-trail-status; absent means logging.
	IsLogging                 *bool               `json:"IsLogging,omitempty"`
	LogFileValidationEnabled  bool                `json:"LogFileValidationEnabled,omitempty"`
	CloudWatchLogsLogGroupArn string              `json:"CloudWatchLogsLogGroupArn,omitempty"`
	CloudWatchLogsRoleArn     string              `json:"CloudWatchLogsRoleArn,omitempty"`
	KmsKeyID                  string              `json:"KmsKeyId,omitempty"`
	HasCustomEventSelectors   bool                `json:"HasCustomEventSelectors,omitempty"`
	HasInsightSelectors       bool                `json:"HasInsightSelectors,omitempty"`
	EventSelectors            []selector.Basic    `json:"EventSelectors,omitempty"`
	AdvancedEventSelectors    []selector.Advanced `json:"AdvancedEventSelectors,omitempty"`
	InsightSelectors          []selector.Insight  `json:"InsightSelectors,omitempty"`
}
