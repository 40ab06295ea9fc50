package awssdk

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/trail"
)

// Collect gathers the trails of the account cfg's credentials belong to
// into a deployment: in each Region named (cfg.Region when none is), the
// trails homed there (DescribeTrails without shadow trails, so each trail
// is listed once, from its home Region), each with its event selectors
// (GetEventSelectors), insight selectors (GetInsightSelectors; a trail
// without Insights answers InsightNotEnabledException, which means none),
// logging state (GetTrailStatus) and aggregation (GetEventConfiguration,
// when the Region answers it). When the account belongs to an
// organization (Organizations DescribeOrganization), the organization and
// its accounts (ListAccounts, when permitted: only the management account
// and delegated administrators may list them) are filled in too.
//
// The deployment is returned as collected, not validated: call Validate
// or trail.NewRouter. Errors name the Region and the call.
func Collect(ctx context.Context, cfg aws.Config, regions ...string) (*trail.Deployment, error) {
	if len(regions) == 0 {
		if cfg.Region == "" {
			return nil, errors.New("awssdk: collect: no Region given and cfg.Region is empty")
		}
		regions = []string{cfg.Region}
	}
	d := &trail.Deployment{Trails: []trail.Trail{}}
	for _, r := range regions {
		c := cloudtrail.NewFromConfig(cfg, func(o *cloudtrail.Options) { o.Region = r })
		ts, err := collectRegion(ctx, c)
		if err != nil {
			return nil, fmt.Errorf("awssdk: collect %s: %w", r, err)
		}
		d.Trails = append(d.Trails, ts...)
	}
	org, err := collectOrganization(ctx, organizations.NewFromConfig(cfg))
	if err != nil {
		return nil, fmt.Errorf("awssdk: collect organization: %w", err)
	}
	d.Organization = org
	return d, nil
}

func collectRegion(ctx context.Context, c *cloudtrail.Client) ([]trail.Trail, error) {
	out, err := c.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(false)})
	if err != nil {
		return nil, fmt.Errorf("DescribeTrails: %w", err)
	}
	ts := Trails(out)
	for i := range ts {
		t := &ts[i]
		name := aws.String(t.TrailARN)
		if t.TrailARN == "" {
			name = aws.String(t.Name)
		}
		sel, err := c.GetEventSelectors(ctx, &cloudtrail.GetEventSelectorsInput{TrailName: name})
		if err != nil {
			return nil, fmt.Errorf("GetEventSelectors %s: %w", *name, err)
		}
		if err := SetEventSelectors(t, sel); err != nil {
			return nil, err
		}
		ins, err := c.GetInsightSelectors(ctx, &cloudtrail.GetInsightSelectorsInput{TrailName: name})
		var notEnabled *cttypes.InsightNotEnabledException
		switch {
		case errors.As(err, &notEnabled):
		case err != nil:
			return nil, fmt.Errorf("GetInsightSelectors %s: %w", *name, err)
		default:
			if err := SetInsightSelectors(t, ins); err != nil {
				return nil, err
			}
		}
		st, err := c.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: name})
		if err != nil {
			return nil, fmt.Errorf("GetTrailStatus %s: %w", *name, err)
		}
		SetStatus(t, st)
		ec, err := c.GetEventConfiguration(ctx, &cloudtrail.GetEventConfigurationInput{TrailName: name})
		if err == nil {
			if err := SetEventConfiguration(t, ec); err != nil {
				return nil, err
			}
		}
		// GetEventConfiguration is newer than trails: a Region or
		// partition without it (or a caller not allowed it) leaves the
		// trail without aggregation rather than failing the collection.
	}
	return ts, nil
}

// collectOrganization returns the organization of the caller's account,
// nil when it belongs to none.
func collectOrganization(ctx context.Context, c *organizations.Client) (*trail.Organization, error) {
	out, err := c.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	var notInUse *orgtypes.AWSOrganizationsNotInUseException
	if errors.As(err, &notInUse) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("DescribeOrganization: %w", err)
	}
	if out.Organization == nil {
		return nil, nil
	}
	org := &trail.Organization{ID: aws.ToString(out.Organization.Id), MasterAccountID: aws.ToString(out.Organization.MasterAccountId)}
	p := organizations.NewListAccountsPaginator(c, &organizations.ListAccountsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		var denied *orgtypes.AccessDeniedException
		if errors.As(err, &denied) {
			// A member account may not list the organization's
			// accounts: the organization is known, its members are not.
			return org, nil
		}
		if err != nil {
			return nil, fmt.Errorf("ListAccounts: %w", err)
		}
		for _, a := range page.Accounts {
			if id := aws.ToString(a.Id); id != "" && id != org.MasterAccountID {
				org.Accounts = append(org.Accounts, id)
			}
		}
	}
	return org, nil
}

// LookupRecords yields the records of every event a LookupEvents request
// answers, page after page (NextToken), each CloudTrailEvent decoded as a
// record; in is not changed. A page that fails ends the sequence with its
// error; a CloudTrailEvent that does not decode yields its error and the
// sequence goes on.
func LookupRecords(ctx context.Context, c *cloudtrail.Client, in *cloudtrail.LookupEventsInput) iter.Seq2[*event.Record, error] {
	return func(yield func(*event.Record, error) bool) {
		req := cloudtrail.LookupEventsInput{}
		if in != nil {
			req = *in
		}
		for {
			out, err := c.LookupEvents(ctx, &req)
			if err != nil {
				yield(nil, fmt.Errorf("awssdk: LookupEvents: %w", err))
				return
			}
			for _, e := range out.Events {
				rec, err := event.ParseRecord([]byte(aws.ToString(e.CloudTrailEvent)))
				if err != nil {
					if !yield(nil, fmt.Errorf("awssdk: LookupEvents: event %s: %w", aws.ToString(e.EventId), err)) {
						return
					}
					continue
				}
				if !yield(rec, nil) {
					return
				}
			}
			if aws.ToString(out.NextToken) == "" {
				return
			}
			req.NextToken = out.NextToken
		}
	}
}
