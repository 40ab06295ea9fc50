package cloudtrailfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/trailmap/trailmap/selector"
)

// epoch is a timestamp as awsJson1_1 carries it: seconds since the Unix
// epoch as a JSON number, possibly fractional (1441139757.497).
type epoch struct{ time.Time }

func epochOf(t time.Time) *epoch {
	if t.IsZero() {
		return nil
	}
	return &epoch{t}
}

// MarshalJSON writes seconds with millisecond precision.
func (e epoch) MarshalJSON() ([]byte, error) {
	ms := e.UnixMilli()
	return strconv.AppendFloat(nil, float64(ms)/1000, 'f', -1, 64), nil
}

// UnmarshalJSON reads epoch seconds; an RFC 3339 string is accepted too.
func (e *epoch) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return err
		}
		e.Time = t.UTC()
		return nil
	}
	f, err := strconv.ParseFloat(string(bytes.TrimSpace(b)), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e11 {
		return fmt.Errorf("timestamp %s is not epoch seconds", b)
	}
	sec, frac := math.Modf(f)
	e.Time = time.Unix(int64(sec), int64(math.Round(frac*1e3))*1e6).UTC()
	return nil
}

// tag is a resource tag (API Tag).
type tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value,omitempty"`
}

// trailOut is a trail as DescribeTrails and GetTrail answer it (API Trail).
type trailOut struct {
	Name                       string `json:"Name"`
	S3BucketName               string `json:"S3BucketName,omitempty"`
	S3KeyPrefix                string `json:"S3KeyPrefix,omitempty"`
	SnsTopicName               string `json:"SnsTopicName,omitempty"`
	SnsTopicARN                string `json:"SnsTopicARN,omitempty"`
	IncludeGlobalServiceEvents bool   `json:"IncludeGlobalServiceEvents"`
	IsMultiRegionTrail         bool   `json:"IsMultiRegionTrail"`
	HomeRegion                 string `json:"HomeRegion"`
	TrailARN                   string `json:"TrailARN"`
	LogFileValidationEnabled   bool   `json:"LogFileValidationEnabled"`
	CloudWatchLogsLogGroupArn  string `json:"CloudWatchLogsLogGroupArn,omitempty"`
	CloudWatchLogsRoleArn      string `json:"CloudWatchLogsRoleArn,omitempty"`
	KmsKeyID                   string `json:"KmsKeyId,omitempty"`
	HasCustomEventSelectors    bool   `json:"HasCustomEventSelectors"`
	HasInsightSelectors        bool   `json:"HasInsightSelectors"`
	IsOrganizationTrail        bool   `json:"IsOrganizationTrail"`
}

// trailChange is what CreateTrail and UpdateTrail answer.
type trailChange struct {
	Name                       string `json:"Name"`
	S3BucketName               string `json:"S3BucketName,omitempty"`
	S3KeyPrefix                string `json:"S3KeyPrefix,omitempty"`
	SnsTopicName               string `json:"SnsTopicName,omitempty"`
	SnsTopicARN                string `json:"SnsTopicARN,omitempty"`
	IncludeGlobalServiceEvents bool   `json:"IncludeGlobalServiceEvents"`
	IsMultiRegionTrail         bool   `json:"IsMultiRegionTrail"`
	TrailARN                   string `json:"TrailARN"`
	LogFileValidationEnabled   bool   `json:"LogFileValidationEnabled"`
	CloudWatchLogsLogGroupArn  string `json:"CloudWatchLogsLogGroupArn,omitempty"`
	CloudWatchLogsRoleArn      string `json:"CloudWatchLogsRoleArn,omitempty"`
	KmsKeyID                   string `json:"KmsKeyId,omitempty"`
	IsOrganizationTrail        bool   `json:"IsOrganizationTrail"`
}

// trailIn is the request of CreateTrail and UpdateTrail; nil members are
// absent.
type trailIn struct {
	Name                       *string `json:"Name"`
	S3BucketName               *string `json:"S3BucketName"`
	S3KeyPrefix                *string `json:"S3KeyPrefix"`
	SnsTopicName               *string `json:"SnsTopicName"`
	IncludeGlobalServiceEvents *bool   `json:"IncludeGlobalServiceEvents"`
	IsMultiRegionTrail         *bool   `json:"IsMultiRegionTrail"`
	EnableLogFileValidation    *bool   `json:"EnableLogFileValidation"`
	CloudWatchLogsLogGroupArn  *string `json:"CloudWatchLogsLogGroupArn"`
	CloudWatchLogsRoleArn      *string `json:"CloudWatchLogsRoleArn"`
	KmsKeyID                   *string `json:"KmsKeyId"`
	IsOrganizationTrail        *bool   `json:"IsOrganizationTrail"`
	TagsList                   []tag   `json:"TagsList"`
}

type nameIn struct {
	Name string `json:"Name"`
}

type trailNameIn struct {
	TrailName      string `json:"TrailName"`
	EventDataStore string `json:"EventDataStore"`
}

type eventSelectorsIn struct {
	TrailName              string               `json:"TrailName"`
	EventSelectors         *[]selector.Basic    `json:"EventSelectors"`
	AdvancedEventSelectors *[]selector.Advanced `json:"AdvancedEventSelectors"`
}

type eventSelectorsOut struct {
	TrailARN               string              `json:"TrailARN"`
	EventSelectors         []selector.Basic    `json:"EventSelectors,omitempty"`
	AdvancedEventSelectors []selector.Advanced `json:"AdvancedEventSelectors,omitempty"`
}

type insightSelectorsIn struct {
	TrailName           string             `json:"TrailName"`
	EventDataStore      string             `json:"EventDataStore"`
	InsightsDestination string             `json:"InsightsDestination"`
	InsightSelectors    []selector.Insight `json:"InsightSelectors"`
}

type insightSelectorsOut struct {
	TrailARN         string             `json:"TrailARN"`
	InsightSelectors []selector.Insight `json:"InsightSelectors"`
}

// aggregation is an AggregationConfiguration (API).
type aggregation struct {
	EventCategory string   `json:"EventCategory"`
	Templates     []string `json:"Templates"`
}

type eventConfigIn struct {
	TrailName                 string            `json:"TrailName"`
	EventDataStore            string            `json:"EventDataStore"`
	MaxEventSize              string            `json:"MaxEventSize"`
	ContextKeySelectors       []json.RawMessage `json:"ContextKeySelectors"`
	AggregationConfigurations *[]aggregation    `json:"AggregationConfigurations"`
}

type eventConfigOut struct {
	TrailARN                  string        `json:"TrailARN"`
	AggregationConfigurations []aggregation `json:"AggregationConfigurations"`
}

type trailStatusOut struct {
	IsLogging                          bool   `json:"IsLogging"`
	LatestDeliveryError                string `json:"LatestDeliveryError,omitempty"`
	LatestNotificationError            string `json:"LatestNotificationError,omitempty"`
	LatestDeliveryTime                 *epoch `json:"LatestDeliveryTime,omitempty"`
	LatestNotificationTime             *epoch `json:"LatestNotificationTime,omitempty"`
	StartLoggingTime                   *epoch `json:"StartLoggingTime,omitempty"`
	StopLoggingTime                    *epoch `json:"StopLoggingTime,omitempty"`
	LatestCloudWatchLogsDeliveryError  string `json:"LatestCloudWatchLogsDeliveryError,omitempty"`
	LatestCloudWatchLogsDeliveryTime   *epoch `json:"LatestCloudWatchLogsDeliveryTime,omitempty"`
	LatestDigestDeliveryTime           *epoch `json:"LatestDigestDeliveryTime,omitempty"`
	LatestDigestDeliveryError          string `json:"LatestDigestDeliveryError,omitempty"`
	LatestDeliveryAttemptTime          string `json:"LatestDeliveryAttemptTime"`
	LatestNotificationAttemptTime      string `json:"LatestNotificationAttemptTime"`
	LatestNotificationAttemptSucceeded string `json:"LatestNotificationAttemptSucceeded"`
	LatestDeliveryAttemptSucceeded     string `json:"LatestDeliveryAttemptSucceeded"`
	TimeLoggingStarted                 string `json:"TimeLoggingStarted"`
	TimeLoggingStopped                 string `json:"TimeLoggingStopped"`
}

type tagsIn struct {
	ResourceID string `json:"ResourceId"`
	TagsList   []tag  `json:"TagsList"`
}

type listTagsIn struct {
	ResourceIDList []string `json:"ResourceIdList"`
	NextToken      string   `json:"NextToken"`
}

type resourceTag struct {
	ResourceID string `json:"ResourceId"`
	TagsList   []tag  `json:"TagsList"`
}

type describeIn struct {
	TrailNameList       []string `json:"trailNameList"`
	IncludeShadowTrails *bool    `json:"includeShadowTrails"`
}

type trailInfo struct {
	TrailARN   string `json:"TrailARN"`
	Name       string `json:"Name"`
	HomeRegion string `json:"HomeRegion"`
}

type lookupAttr struct {
	AttributeKey   string `json:"AttributeKey"`
	AttributeValue string `json:"AttributeValue"`
}

type lookupIn struct {
	LookupAttributes []lookupAttr `json:"LookupAttributes"`
	StartTime        *epoch       `json:"StartTime"`
	EndTime          *epoch       `json:"EndTime"`
	EventCategory    string       `json:"EventCategory"`
	MaxResults       *int         `json:"MaxResults"`
	NextToken        string       `json:"NextToken"`
}

type lookupResource struct {
	ResourceType string `json:"ResourceType,omitempty"`
	ResourceName string `json:"ResourceName,omitempty"`
}

type lookupEvent struct {
	EventID         string           `json:"EventId"`
	EventName       string           `json:"EventName"`
	ReadOnly        string           `json:"ReadOnly,omitempty"`
	AccessKeyID     string           `json:"AccessKeyId,omitempty"`
	EventTime       *epoch           `json:"EventTime,omitempty"`
	EventSource     string           `json:"EventSource"`
	Username        string           `json:"Username,omitempty"`
	Resources       []lookupResource `json:"Resources"`
	CloudTrailEvent string           `json:"CloudTrailEvent"`
}

type lookupOut struct {
	Events    []lookupEvent `json:"Events"`
	NextToken string        `json:"NextToken,omitempty"`
}

type publicKeysIn struct {
	StartTime *epoch `json:"StartTime"`
	EndTime   *epoch `json:"EndTime"`
	NextToken string `json:"NextToken"`
}

type publicKeyOut struct {
	Value             []byte `json:"Value"`
	ValidityStartTime *epoch `json:"ValidityStartTime"`
	ValidityEndTime   *epoch `json:"ValidityEndTime"`
	Fingerprint       string `json:"Fingerprint"`
}

type publicKeysOut struct {
	PublicKeyList []publicKeyOut `json:"PublicKeyList"`
}

// empty is the answer of operations that answer nothing.
type empty struct{}
