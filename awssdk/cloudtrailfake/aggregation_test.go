package cloudtrailfake_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/trailmap/trailmap/awssdk/cloudtrailfake"
	"github.com/trailmap/trailmap/selector"
)

// TestEventConfigurationAgreesWithSelector checks that PutEventConfiguration
// answers every bad aggregation configuration with the exception and the
// message of selector.ValidateAggregation (its first problem), so the fake
// and the library cannot disagree.
func TestEventConfigurationAgreesWithSelector(t *testing.T) {
	e := newEnv(t, cloudtrailfake.Options{})
	ctx := context.Background()
	c := e.client(acct, "us-east-1")
	mustCreate(t, c, &cloudtrail.CreateTrailInput{Name: aws.String("data"), S3BucketName: aws.String("b")})
	mustCreate(t, c, &cloudtrail.CreateTrailInput{Name: aws.String("mgmt"), S3BucketName: aws.String("b")})
	dataSel := []selector.Advanced{{Fields: []selector.Field{
		{Field: selector.FieldEventCategory, Equals: []string{"Data"}},
		{Field: selector.FieldResourcesType, Equals: []string{selector.S3Object}}}}}
	if _, err := c.PutEventSelectors(ctx, &cloudtrail.PutEventSelectorsInput{TrailName: aws.String("data"),
		AdvancedEventSelectors: []types.AdvancedEventSelector{{FieldSelectors: []types.AdvancedFieldSelector{
			{Field: aws.String("eventCategory"), Equals: []string{"Data"}}, {Field: aws.String("resources.type"), Equals: []string{selector.S3Object}}}}}}); err != nil {
		t.Fatal(err)
	}
	// A new trail logs management events only (CreateTrail's default).
	yes := true
	mgmtSel := []selector.Basic{{ReadWriteType: selector.All, IncludeManagementEvents: &yes}}
	many := make([]types.Template, selector.MaxAggregationTemplates+1)
	for i := range many {
		many[i] = types.TemplateApiActivity
	}
	for _, tc := range []struct {
		reason string
		trail  string
		aggs   []types.AggregationConfiguration
	}{
		{"a template outside the documented set", "data", []types.AggregationConfiguration{{EventCategory: "Data", Templates: []types.Template{"EVERYTHING"}}}},
		{"a template given twice", "data", []types.AggregationConfiguration{{EventCategory: "Data", Templates: []types.Template{types.TemplateApiActivity, types.TemplateApiActivity}}}},
		{"an EventCategory other than Data", "data", []types.AggregationConfiguration{{EventCategory: "Management", Templates: []types.Template{types.TemplateApiActivity}}}},
		{"no templates", "data", []types.AggregationConfiguration{{EventCategory: "Data", Templates: []types.Template{}}}},
		{"more templates than the maximum", "data", []types.AggregationConfiguration{{EventCategory: "Data", Templates: many}}},
		{"two configurations", "data", []types.AggregationConfiguration{
			{EventCategory: "Data", Templates: []types.Template{types.TemplateApiActivity}},
			{EventCategory: "Data", Templates: []types.Template{types.TemplateUserActions}}}},
		{"a trail that logs no data events", "mgmt", []types.AggregationConfiguration{{EventCategory: "Data", Templates: []types.Template{types.TemplateApiActivity}}}},
	} {
		var aggs []selector.Aggregation
		for _, a := range tc.aggs {
			ts := make([]string, len(a.Templates))
			for i, tm := range a.Templates {
				ts[i] = string(tm)
			}
			aggs = append(aggs, selector.Aggregation{EventCategory: string(a.EventCategory), Templates: ts})
		}
		var lib error
		if tc.trail == "data" {
			lib = selector.ValidateAggregation(aggs, nil, dataSel)
		} else {
			lib = selector.ValidateAggregation(aggs, mgmtSel, nil)
		}
		var es selector.Errors
		if !errors.As(lib, &es) || len(es) == 0 {
			t.Fatalf("%s: selector.ValidateAggregation: %v, want problems", tc.reason, lib)
		}
		_, err := c.PutEventConfiguration(ctx, &cloudtrail.PutEventConfigurationInput{TrailName: aws.String(tc.trail), AggregationConfigurations: tc.aggs})
		t.Run(tc.reason, func(t *testing.T) {
			wantAPIError(t, err, func(error) bool { return true }, es[0].Code, es[0].Msg)
		})
	}
}
