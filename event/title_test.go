package event_test

import (
	"testing"

	"github.com/trailmap/trailmap/event"
)

func TestTitle(t *testing.T) {
	tests := []struct {
		name, rec, want string
	}{
		{"an API call is its eventName",
			`{"eventSource":"iam.amazonaws.com","eventName":"CreateUser"}`, "CreateUser"},
		{"an Insights record names the API, the Insight type and the state (insightDetails)",
			`{"eventType":"AwsCloudTrailInsight","insightDetails":{"state":"Start","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","insightType":"ApiCallRateInsight"}}`,
			"ec2.amazonaws.com:RunInstances ApiCallRateInsight Start"},
		{"an error rate Insight adds its error code",
			`{"eventType":"AwsCloudTrailInsight","insightDetails":{"state":"End","eventSource":"s3.amazonaws.com","eventName":"GetObject","insightType":"ApiErrorRateInsight","errorCode":"AccessDenied"}}`,
			"s3.amazonaws.com:GetObject ApiErrorRateInsight AccessDenied End"},
		{"an event data store's Insights record names the same from its flat insight* members (record contents for Insights events for event data stores)",
			`{"eventCategory":"Insight","eventType":"AwsCloudTrailInsight","insightSource":"arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/EXAMPLE","insightState":"Start","insightEventSource":"ec2.amazonaws.com","insightEventName":"RunInstances","insightErrorCode":"AccessDenied","insightType":"ApiErrorRateInsight","insightContext":{"baselineAverage":0.1,"insightAverage":5,"baselineDuration":10080,"insightDuration":3}}`,
			"ec2.amazonaws.com:RunInstances ApiErrorRateInsight AccessDenied Start"},
		{"an aggregated event names its source and primary dimension",
			`{"eventCategory":"Aggregated","eventType":"AwsAggregatedEvent","eventSource":"s3.amazonaws.com","summary":{"primaryDimension":"eventName"}}`,
			"s3.amazonaws.com aggregated by eventName"},
		{"an aggregated event whose primary dimension is an object of one string member",
			`{"eventType":"AwsAggregatedEvent","eventSource":"s3.amazonaws.com","summary":{"primaryDimension":{"eventName":"GetObject"}}}`,
			"s3.amazonaws.com aggregated by eventName=GetObject"},
		{"an aggregated event of the documented shape names the dimension of its primaryDimension (record contents for aggregated events)",
			`{"eventCategory":"Aggregated","eventType":"AwsAggregatedEvent","eventSource":"s3.amazonaws.com","summary":{"primaryDimension":{"dimension":"resourceARN","statistics":[{"name":"arn:aws:s3:::bucket-1","value":800}],"aggregationType":"Count"}}}`,
			"s3.amazonaws.com aggregated by resourceARN"},
		{"an aggregated event without a summary",
			`{"eventCategory":"Aggregated","eventSource":"lambda.amazonaws.com"}`, "lambda.amazonaws.com aggregated"},
		{"a record without eventName falls back to its eventSource",
			`{"eventSource":"s3.amazonaws.com"}`, "s3.amazonaws.com"},
		{"an empty record has no title", `{}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := event.ParseRecord([]byte(tt.rec))
			if err != nil {
				t.Fatal(err)
			}
			if got := rec.Title(); got != tt.want {
				t.Errorf("Title() = %q, want %q", got, tt.want)
			}
		})
	}
}
