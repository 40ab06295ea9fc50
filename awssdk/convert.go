package awssdk

import (
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
	"github.com/trailmap/trailmap/trail/integrity"
)

// Trail converts a trail of DescribeTrails or GetTrail to trailmap's
// trail. Every member the SDK type has is carried over; absent (nil)
// members stay absent, so IncludeGlobalServiceEvents keeps trailmap's
// default (true) only when the answer did not say.
func Trail(t types.Trail) trail.Trail {
	return trail.Trail{
		Name:                       aws.ToString(t.Name),
		TrailARN:                   aws.ToString(t.TrailARN),
		HomeRegion:                 aws.ToString(t.HomeRegion),
		S3BucketName:               aws.ToString(t.S3BucketName),
		S3KeyPrefix:                aws.ToString(t.S3KeyPrefix),
		SnsTopicName:               aws.ToString(t.SnsTopicName),
		SnsTopicARN:                aws.ToString(t.SnsTopicARN),
		IncludeGlobalServiceEvents: copyBool(t.IncludeGlobalServiceEvents),
		IsMultiRegionTrail:         aws.ToBool(t.IsMultiRegionTrail),
		IsOrganizationTrail:        aws.ToBool(t.IsOrganizationTrail),
		LogFileValidationEnabled:   aws.ToBool(t.LogFileValidationEnabled),
		CloudWatchLogsLogGroupArn:  aws.ToString(t.CloudWatchLogsLogGroupArn),
		CloudWatchLogsRoleArn:      aws.ToString(t.CloudWatchLogsRoleArn),
		KmsKeyID:                   aws.ToString(t.KmsKeyId),
		HasCustomEventSelectors:    aws.ToBool(t.HasCustomEventSelectors),
		HasInsightSelectors:        aws.ToBool(t.HasInsightSelectors),
	}
}

func copyBool(b *bool) *bool {
	if b == nil {
		return nil
	}
	v := *b
	return &v
}

// Trails converts the answer of DescribeTrails.
func Trails(out *cloudtrail.DescribeTrailsOutput) []trail.Trail {
	if out == nil {
		return nil
	}
	ts := make([]trail.Trail, len(out.TrailList))
	for i, t := range out.TrailList {
		ts[i] = Trail(t)
	}
	return ts
}

// BasicSelectors converts basic event selectors (EventSelectors).
func BasicSelectors(in []types.EventSelector) []selector.Basic {
	if in == nil {
		return nil
	}
	out := make([]selector.Basic, len(in))
	for i, s := range in {
		b := selector.Basic{
			ReadWriteType:                 selector.ReadWriteType(s.ReadWriteType),
			IncludeManagementEvents:       copyBool(s.IncludeManagementEvents),
			ExcludeManagementEventSources: clone(s.ExcludeManagementEventSources),
		}
		if s.DataResources != nil {
			b.DataResources = make([]selector.DataResource, len(s.DataResources))
			for j, d := range s.DataResources {
				b.DataResources[j] = selector.DataResource{Type: aws.ToString(d.Type), Values: clone(d.Values)}
			}
		}
		out[i] = b
	}
	return out
}

// AdvancedSelectors converts advanced event selectors.
func AdvancedSelectors(in []types.AdvancedEventSelector) []selector.Advanced {
	if in == nil {
		return nil
	}
	out := make([]selector.Advanced, len(in))
	for i, s := range in {
		a := selector.Advanced{Name: aws.ToString(s.Name), Fields: make([]selector.Field, len(s.FieldSelectors))}
		for j, f := range s.FieldSelectors {
			a.Fields[j] = selector.Field{
				Field: aws.ToString(f.Field), Equals: clone(f.Equals), StartsWith: clone(f.StartsWith),
				EndsWith: clone(f.EndsWith), NotEquals: clone(f.NotEquals), NotStartsWith: clone(f.NotStartsWith),
				NotEndsWith: clone(f.NotEndsWith),
			}
		}
		out[i] = a
	}
	return out
}

// InsightSelectors converts insight selectors.
func InsightSelectors(in []types.InsightSelector) []selector.Insight {
	if in == nil {
		return nil
	}
	out := make([]selector.Insight, len(in))
	for i, s := range in {
		ins := selector.Insight{InsightType: selector.InsightType(s.InsightType)}
		if s.EventCategories != nil {
			ins.EventCategories = make([]string, len(s.EventCategories))
			for j, c := range s.EventCategories {
				ins.EventCategories[j] = string(c)
			}
		}
		out[i] = ins
	}
	return out
}

func clone(s []string) []string {
	if s == nil {
		return nil
	}
	return append([]string{}, s...)
}

// SetEventSelectors sets t's selectors from a GetEventSelectors answer, as
// trail.Trail.SetEventSelectors does (the kind the answer carries
// replaces both kinds; the answer's TrailARN must be t's).
func SetEventSelectors(t *trail.Trail, out *cloudtrail.GetEventSelectorsOutput) error {
	if out == nil {
		return nil
	}
	return t.SetEventSelectors(selector.Config{
		TrailARN:               aws.ToString(out.TrailARN),
		EventSelectors:         BasicSelectors(out.EventSelectors),
		AdvancedEventSelectors: AdvancedSelectors(out.AdvancedEventSelectors),
	})
}

// SetInsightSelectors sets t's insight selectors from a
// GetInsightSelectors answer (see trail.Trail.SetInsightSelectors).
func SetInsightSelectors(t *trail.Trail, out *cloudtrail.GetInsightSelectorsOutput) error {
	if out == nil {
		return nil
	}
	return t.SetInsightSelectors(selector.InsightConfig{
		TrailARN:          aws.ToString(out.TrailARN),
		EventDataStoreARN: aws.ToString(out.EventDataStoreArn),
		InsightSelectors:  InsightSelectors(out.InsightSelectors),
	})
}

// SetStatus sets t's IsLogging from a GetTrailStatus answer.
func SetStatus(t *trail.Trail, out *cloudtrail.GetTrailStatusOutput) {
	if out == nil || out.IsLogging == nil {
		return
	}
	t.IsLogging = copyBool(out.IsLogging)
}

// SetEventConfiguration sets t's AggregationConfigurations from a
// GetEventConfiguration answer. An answer for another trail is an error;
// an answer without aggregation changes nothing.
func SetEventConfiguration(t *trail.Trail, out *cloudtrail.GetEventConfigurationOutput) error {
	if out == nil || len(out.AggregationConfigurations) == 0 {
		return nil
	}
	if arn := aws.ToString(out.TrailARN); arn != "" && t.TrailARN != "" && arn != t.TrailARN {
		return fmt.Errorf("awssdk: get-event-configuration answer is for %s, not %s", arn, t.TrailARN)
	}
	aggs := make([]selector.Aggregation, len(out.AggregationConfigurations))
	for i, a := range out.AggregationConfigurations {
		aggs[i].EventCategory = string(a.EventCategory)
		aggs[i].Templates = make([]string, len(a.Templates))
		for j, tp := range a.Templates {
			aggs[i].Templates[j] = string(tp)
		}
	}
	t.AggregationConfigurations = aggs
	return nil
}

// PublicKeys converts a ListPublicKeys answer to the keys log file
// integrity validation takes (integrity.Config.Keys); a key without a
// fingerprint gets the MD5 of its value, as ParsePublicKeys does.
func PublicKeys(out *cloudtrail.ListPublicKeysOutput) integrity.Keys {
	if out == nil {
		return nil
	}
	ks := make(integrity.Keys, 0, len(out.PublicKeyList))
	for _, k := range out.PublicKeyList {
		fp := aws.ToString(k.Fingerprint)
		if fp == "" {
			fp = integrity.Fingerprint(k.Value)
		}
		ks = append(ks, integrity.PublicKey{Value: append([]byte(nil), k.Value...), ValidityStart: aws.ToTime(k.ValidityStartTime),
			ValidityEnd: aws.ToTime(k.ValidityEndTime), Fingerprint: fp})
	}
	return ks
}
