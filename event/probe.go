package event

import (
	"encoding/json"
	"time"

	"github.com/trailmap/trailmap/identity"
)

// BoolOf returns a present Bool holding v.
func BoolOf(v bool) Bool { return Bool{Set: true, Value: v} }

// Probe names the members of a record that decide whether and where
// CloudTrail logs it: who received it, where and when it was recorded,
// and the members event selectors test. Probe.Record builds the record,
// so a probe never lacks recipientAccountId, readOnly or eventCategory by
// accident.
type Probe struct {
	// Account is the account that receives the copy: recipientAccountId,
	// and the account of userIdentity (and, for network activity, of the
	// VPC endpoint).
	Account string
	// Region is awsRegion, the Region the event is recorded in.
	Region string
	// Time is eventTime (it decides the global service event rule).
	Time time.Time
	// Category is eventCategory: Management, Data, NetworkActivity.
	Category Category
	// Source and Name are eventSource and eventName.
	Source, Name string
	// Type is eventType; empty means AwsApiCall (AwsVpceEvent for network
	// activity).
	Type EventType
	// ReadOnly is readOnly; network activity records have none.
	ReadOnly Bool
	// UserARN is userIdentity.arn; empty means the account's root.
	UserARN string
	// ErrorCode, VPCEndpointID and SessionCredentialFromConsole are the
	// members of those names.
	ErrorCode, VPCEndpointID     string
	SessionCredentialFromConsole Bool
	// Resources are the record's resources.
	Resources []Resource
	// Endpoint, when "global" or "regional", is written as
	// additionalEventData.RequestDetails.endpointType, which tells an STS
	// or sign-in call through the global endpoint (a global service event)
	// from a Regional one.
	Endpoint string
}

// Record returns a record of eventVersion 1.11 with the probe's members,
// managementEvent consistent with the category, an eventID, and a
// userIdentity of the account (type Root unless UserARN is set, then
// IAMUser). Network activity records get vpcEndpointAccountId.
func (p Probe) Record() *Record {
	typ := p.Type
	if typ == "" {
		typ = AwsAPICall
		if p.Category == CategoryNetworkActivity {
			typ = AwsVpceEvent
		}
	}
	rec := &Record{
		EventVersion:                 "1.11",
		EventTime:                    p.Time.UTC(),
		EventSource:                  p.Source,
		EventName:                    p.Name,
		AWSRegion:                    p.Region,
		EventType:                    typ,
		EventCategory:                p.Category,
		ReadOnly:                     p.ReadOnly,
		RecipientAccountID:           p.Account,
		ErrorCode:                    p.ErrorCode,
		VPCEndpointID:                p.VPCEndpointID,
		SessionCredentialFromConsole: p.SessionCredentialFromConsole,
		EventID:                      "00000000-0000-4000-8000-000000000000",
		SourceIPAddress:              "192.0.2.1",
	}
	switch p.Category {
	case CategoryManagement:
		rec.ManagementEvent = BoolOf(true)
	case CategoryData:
		rec.ManagementEvent = BoolOf(false)
	case CategoryNetworkActivity:
		rec.VPCEndpointAccountID = p.Account
	}
	u := &identity.UserIdentity{Type: identity.Root, AccountID: p.Account, PrincipalID: p.Account}
	if p.Account != "" {
		u.ARN = "arn:aws:iam::" + p.Account + ":root"
	}
	if p.UserARN != "" {
		u.Type, u.ARN = identity.IAMUser, p.UserARN
	}
	rec.UserIdentity = u
	if len(p.Resources) > 0 {
		rec.Resources = make([]Resource, len(p.Resources))
		for i, r := range p.Resources {
			rec.Resources[i] = Resource{ARN: r.ARN, AccountID: r.AccountID, Type: r.Type}
		}
	}
	if p.Endpoint != "" {
		b, _ := json.Marshal(map[string]any{"RequestDetails": map[string]string{"endpointType": p.Endpoint}})
		rec.AdditionalEventData = b
	}
	return rec
}
