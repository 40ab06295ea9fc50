package region_test

import (
	"encoding/json"
	"testing"

	"github.com/trailmap/trailmap/internal/corpustest"
	"github.com/trailmap/trailmap/region"
)

// corpusRecord holds the members of a published CloudTrail record this
// package has something to say about.
type corpusRecord struct {
	file        string
	EventSource string `json:"eventSource"`
	AWSRegion   string `json:"awsRegion"`
	TLSDetails  *struct {
		ClientProvidedHostHeader string `json:"clientProvidedHostHeader"`
	} `json:"tlsDetails"`
	AdditionalEventData json.RawMessage `json:"additionalEventData"`
}

func (r *corpusRecord) origin() region.Origin {
	o := region.Origin{EventSource: r.EventSource, AWSRegion: r.AWSRegion}
	if r.TLSDetails != nil {
		o.HostHeader = r.TLSDetails.ClientProvidedHostHeader
	}
	var extra struct {
		RequestDetails struct {
			EndpointType string `json:"endpointType"`
		} `json:"RequestDetails"`
	}
	if json.Unmarshal(r.AdditionalEventData, &extra) == nil {
		o.EndpointType = extra.RequestDetails.EndpointType
	}
	return o
}

// loadCorpus decodes the published records of the real-record corpus
// (the documentation templates left out).
func loadCorpus(t *testing.T) []corpusRecord {
	var recs []corpusRecord
	for _, cr := range corpustest.Records(t, corpustest.Published) {
		var r corpusRecord
		if json.Unmarshal(cr.Raw, &r) == nil {
			r.file = cr.String()
			recs = append(recs, r)
		}
	}
	if len(recs) < 1000 {
		t.Fatalf("read %d records from the corpus, expected over 1000", len(recs))
	}
	return recs
}

// TestCorpus checks the package against published CloudTrail records.
func TestCorpus(t *testing.T) {
	recs := loadCorpus(t)

	// Records whose host header names another Region than awsRegion,
	// as published.
	mismatch := map[[2]string]string{
		{"ebs.us-west-2.amazonaws.com", "us-east-1"}: "EC2 User Guide example: EBS direct API records with awsRegion us-east-1 and a us-west-2 host, as published",
		{"ssm.us-west-2.amazonaws.com", "us-east-1"}: "an iam.amazonaws.com record whose host header is an SSM endpoint, as published",
	}

	var known, hosts, regionalHosts, global int
	for _, r := range recs {
		// Every real-looking Region seen in published logs is in the table.
		if _, ok := region.Infer(r.AWSRegion); ok {
			known++
			if _, inTable := region.Lookup(r.AWSRegion); !inTable {
				t.Errorf("%s: awsRegion %q fits a partition's pattern but is missing from the table", r.file, r.AWSRegion)
			}
		}
		o := r.origin()
		if region.IsGlobalService(r.EventSource) && o.IsGlobal() {
			global++
		}
		switch r.EventSource {
		case "iam.amazonaws.com", "cloudfront.amazonaws.com":
			if !o.IsGlobal() {
				t.Errorf("%s: %s event not global", r.file, r.EventSource)
			}
		}
		if o.HostHeader == "" {
			continue
		}
		hosts++
		e, ok := region.ParseEndpoint(o.HostHeader)
		if !ok || e.Global {
			continue
		}
		regionalHosts++
		if e.Region != r.AWSRegion {
			if reason, listed := mismatch[[2]string{o.HostHeader, r.AWSRegion}]; !listed {
				t.Errorf("%s: host %q parses to Region %q, record says %q", r.file, o.HostHeader, e.Region, r.AWSRegion)
			} else {
				t.Logf("%s: %s in %s: %s", r.file, o.HostHeader, r.AWSRegion, reason)
			}
		}
		if r.EventSource == "sts.amazonaws.com" {
			if o.IsGlobal() && o.EndpointType == "" {
				t.Errorf("%s: %s through Regional host %q taken as global", r.file, r.EventSource, o.HostHeader)
			}
		}
	}
	t.Logf("%d records: %d with a known Region, %d with a host header (%d Regional endpoints), %d global service events",
		len(recs), known, hosts, regionalHosts, global)
	if regionalHosts < 90 || global < 100 {
		t.Errorf("corpus coverage dropped: %d Regional hosts, %d global events", regionalHosts, global)
	}
}
