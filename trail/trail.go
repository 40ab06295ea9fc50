package trail

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/trailmap/trailmap/internal/arn"
	"github.com/trailmap/trailmap/region"
	"github.com/trailmap/trailmap/selector"
)

// Trail is a trail's configuration in the shape the CloudTrail API returns it
// (describe-trails, with get-event-selectors and get-insight-selectors
// merged in). Member names are AWS's, so CLI output decodes as is.
//
// Optional members whose absence differs from their zero value are pointers;
// Resolved values come from the methods of Trail, never from the zero value.
//
// Decoding keeps members Trail does not know, and encoding writes them back
// after the known ones, so a trail read from newer CLI output survives a
// decode→encode round trip.
type Trail struct {
	// Name is the trail's name (3 to 128 characters; see Validate).
	Name string `json:"Name"`
	// TrailARN is arn:<partition>:cloudtrail:<home Region>:<account>:trail/<name>;
	// the owning account and partition come from it. An organization
	// trail's copies in member accounts carry the management account's ARN.
	TrailARN string `json:"TrailARN,omitempty"`
	// HomeRegion is the Region the trail was created in, where it is
	// updated and, for a single-Region trail, the only Region it logs.
	HomeRegion string `json:"HomeRegion,omitempty"`
	// S3BucketName is the bucket log files are delivered to.
	S3BucketName string `json:"S3BucketName,omitempty"`
	// S3KeyPrefix is the key prefix before AWSLogs/ (at most 200
	// characters); empty for none.
	S3KeyPrefix string `json:"S3KeyPrefix,omitempty"`
	// SnsTopicName is the SNS topic notified of each delivered log file
	// (deprecated by AWS in favour of SnsTopicARN).
	SnsTopicName string `json:"SnsTopicName,omitempty"`
	// SnsTopicARN is the ARN of the SNS topic notified of each delivered
	// log file.
	SnsTopicARN string `json:"SnsTopicARN,omitempty"`
	// IncludeGlobalServiceEvents says whether the trail receives events
	// of global services (IAM, STS global endpoint, CloudFront, console
	// sign-in); absent means true, CreateTrail's default. Multi-Region
	// trails must include them.
	IncludeGlobalServiceEvents *bool `json:"IncludeGlobalServiceEvents,omitempty"`
	// IsMultiRegionTrail says whether the trail logs every Region
	// enabled in the account rather than its home Region only.
	IsMultiRegionTrail bool `json:"IsMultiRegionTrail,omitempty"`
	// IsOrganizationTrail says whether the trail, created by the
	// organization's management account, also logs every member account.
	IsOrganizationTrail bool `json:"IsOrganizationTrail,omitempty"`
	// IsLogging is from get-trail-status; absent means logging.
	IsLogging *bool `json:"IsLogging,omitempty"`
	// LogFileValidationEnabled says whether CloudTrail writes signed
	// digest files (CloudTrail-Digest) for log file integrity validation.
	LogFileValidationEnabled bool `json:"LogFileValidationEnabled,omitempty"`
	// CloudWatchLogsLogGroupArn is the log group the trail also sends
	// events to; empty for none.
	CloudWatchLogsLogGroupArn string `json:"CloudWatchLogsLogGroupArn,omitempty"`
	// CloudWatchLogsRoleArn is the role CloudTrail assumes to write to
	// the log group.
	CloudWatchLogsRoleArn string `json:"CloudWatchLogsRoleArn,omitempty"`
	// KmsKeyID is the KMS key (ARN or alias) that encrypts the log
	// files; empty for SSE-S3.
	KmsKeyID string `json:"KmsKeyId,omitempty"`
	// HasCustomEventSelectors is describe-trails' report that the trail
	// has event selectors other than the default; informational only.
	HasCustomEventSelectors bool `json:"HasCustomEventSelectors,omitempty"`
	// HasInsightSelectors is describe-trails' report that Insights is
	// enabled; informational only (InsightSelectors decide).
	HasInsightSelectors bool `json:"HasInsightSelectors,omitempty"`
	// EventSelectors are the basic event selectors (get-event-selectors).
	// A trail has these or AdvancedEventSelectors, never both; with
	// neither it logs all management events.
	EventSelectors []selector.Basic `json:"EventSelectors,omitempty"`
	// AdvancedEventSelectors are the advanced event selectors
	// (get-event-selectors).
	AdvancedEventSelectors []selector.Advanced `json:"AdvancedEventSelectors,omitempty"`
	// InsightSelectors are the Insights types the trail logs
	// (get-insight-selectors); empty means Insights is off.
	InsightSelectors []selector.Insight `json:"InsightSelectors,omitempty"`
	// AggregationConfigurations asks for five-minute summaries of the
	// trail's data events, delivered under CloudTrail-Aggregated
	// (get-event-configuration; CloudTrail User Guide, "Aggregating data
	// events"); empty means aggregation is off.
	AggregationConfigurations []selector.Aggregation `json:"AggregationConfigurations,omitempty"`

	// unknown holds members this version does not model, by name, as
	// their JSON text.
	unknown map[string]json.RawMessage
}

// Account returns the ID of the account that owns the trail, taken from
// TrailARN, or "" when TrailARN is not a trail ARN. An organization trail's
// copies in member accounts carry the management account's ID in their
// ARN, so Account is the management account for them too.
func (t *Trail) Account() string {
	a, err := splitTrailARN(t.TrailARN)
	if err != nil {
		return ""
	}
	return a.account
}

// Partition returns the AWS partition of the trail ("aws", "aws-cn",
// "aws-us-gov", ...), taken from TrailARN, or from the home Region when the
// ARN is absent or malformed; "" when neither says.
func (t *Trail) Partition() string {
	if a, err := splitTrailARN(t.TrailARN); err == nil {
		return a.partition
	}
	return partitionOfRegion(t.Home())
}

// Home returns the trail's home Region: HomeRegion, or the Region of
// TrailARN when HomeRegion is absent.
func (t *Trail) Home() string {
	if t.HomeRegion != "" {
		return t.HomeRegion
	}
	if a, err := splitTrailARN(t.TrailARN); err == nil {
		return a.region
	}
	return ""
}

// IncludesGlobalServiceEvents reports whether the trail includes global
// service events. Absent means true: CreateTrail's default (CloudTrail
// User Guide, create-trail output; API CreateTrail).
func (t *Trail) IncludesGlobalServiceEvents() bool {
	return t.IncludeGlobalServiceEvents == nil || *t.IncludeGlobalServiceEvents
}

// Logging reports whether the trail is logging. Absent means true: trails
// in a deployment are taken to be logging unless get-trail-status said
// otherwise.
func (t *Trail) Logging() bool {
	return t.IsLogging == nil || *t.IsLogging
}

// trailFields lists the JSON member names Trail models.
var trailFields = []string{
	"Name", "TrailARN", "HomeRegion", "S3BucketName", "S3KeyPrefix", "SnsTopicName",
	"SnsTopicARN", "IncludeGlobalServiceEvents", "IsMultiRegionTrail", "IsOrganizationTrail",
	"IsLogging", "LogFileValidationEnabled", "CloudWatchLogsLogGroupArn", "CloudWatchLogsRoleArn",
	"KmsKeyId", "HasCustomEventSelectors", "HasInsightSelectors", "EventSelectors",
	"AdvancedEventSelectors", "InsightSelectors", "AggregationConfigurations",
}

func knownTrailField(name string) bool {
	// encoding/json matches member names case-insensitively, so a member
	// it fills is not unknown whatever its case.
	for _, f := range trailFields {
		if strings.EqualFold(f, name) {
			return true
		}
	}
	return false
}

// trailWire is Trail without its methods, for encoding/json.
type trailWire Trail

// UnmarshalJSON decodes a trail object, keeping unknown members.
func (t *Trail) UnmarshalJSON(b []byte) error {
	var w trailWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return err
	}
	for k, v := range all {
		if knownTrailField(k) {
			continue
		}
		if w.unknown == nil {
			w.unknown = make(map[string]json.RawMessage)
		}
		// Kept compact, so that decode→encode→decode gives equal values.
		var c bytes.Buffer
		if err := json.Compact(&c, v); err != nil {
			return err
		}
		w.unknown[k] = c.Bytes()
	}
	*t = Trail(w)
	return nil
}

// MarshalJSON encodes the trail with AWS's member names, unknown members
// last in name order.
func (t Trail) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(trailWire(t))
	if err != nil || len(t.unknown) == 0 {
		return b, err
	}
	keys := make([]string, 0, len(t.unknown))
	for k := range t.unknown {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = b[:len(b)-1] // drop '}'
	for _, k := range keys {
		if b[len(b)-1] != '{' {
			b = append(b, ',')
		}
		kb, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		var v bytes.Buffer
		if err := json.Compact(&v, t.unknown[k]); err != nil {
			return nil, fmt.Errorf("trail: member %q: %w", k, err)
		}
		b = append(b, kb...)
		b = append(b, ':')
		b = append(b, v.Bytes()...)
	}
	return append(b, '}'), nil
}

// Unknown returns the JSON text of a member Trail does not model
// (compacted) and whether it was present.
func (t *Trail) Unknown(name string) (json.RawMessage, bool) {
	v, ok := t.unknown[name]
	return v, ok
}

// ParseTrails decodes trails from the output of `aws cloudtrail
// describe-trails` ({"trailList": [...]}), of `aws cloudtrail get-trail`
// ({"Trail": {...}}), or from a JSON array of trail objects. Several such
// outputs may follow one another, as a loop over the Regions prints
// describe-trails (each lists its Region's trails and the multi-Region
// trails of the others: API Reference, DescribeTrails); a trail listed
// again, identical, is kept once.
func ParseTrails(b []byte) ([]Trail, error) {
	b = trimBOM(b)
	err := checkSyntax(b)
	if err == nil {
		return parseTrailsValue(b, 0, len(b))
	}
	var first json.RawMessage
	if json.NewDecoder(bytes.NewReader(b)).Decode(&first) != nil {
		return nil, err // the first value is broken: checkSyntax says where
	}
	// Several JSON values: each in turn, with positions in the whole
	// input.
	var trails []Trail
	dec := json.NewDecoder(bytes.NewReader(b))
	for n := 0; ; n++ {
		vs := skipSpace(b, int(dec.InputOffset()), "")
		if vs == len(b) && n > 0 {
			break
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			d := json.NewDecoder(bytes.NewReader(b[vs:]))
			if err := d.Decode(&raw); err != nil {
				return nil, jsonErr(b, vs, "", err, d.InputOffset())
			}
			return nil, jsonErr(b, vs, "", err, 0)
		}
		ve := int(dec.InputOffset())
		ts, err := parseTrailsValue(b, vs, ve)
		if err != nil {
			return nil, err
		}
	next:
		for _, t := range ts {
			for i := range trails {
				if trails[i].TrailARN != "" && trails[i].TrailARN == t.TrailARN && reflect.DeepEqual(trails[i], t) {
					continue next
				}
			}
			trails = append(trails, t)
		}
	}
	return trails, nil
}

// parseTrailsValue decodes the trails of the one JSON value b[vs:ve].
func parseTrailsValue(b []byte, vs, ve int) ([]Trail, error) {
	trails := []Trail{}
	list := func(vs, ve int, path string) error {
		return walkArray(b, vs, ve, path, func(i, vs, ve int) error {
			var t Trail
			if err := decodeAt(b[:ve], vs, &t, false, path+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
			trails = append(trails, t)
			return nil
		})
	}
	if i := skipSpace(b, vs, ""); i < ve && b[i] == '[' {
		if err := list(vs, ve, ""); err != nil {
			return nil, err
		}
		return trails, nil
	}
	found := ""
	err := walkObject(b, vs, ve, "", func(key string, keyOff, vs, ve int) error {
		switch key {
		case "trailList", "Trail":
		default:
			return nil // other members of the CLI output carry nothing about trails
		}
		if found != "" {
			return posErr(b, keyOff, "", fmt.Sprintf("member %q after %q: want one list of trails", key, found), nil)
		}
		found = key
		if key == "trailList" {
			return list(vs, ve, "trailList")
		}
		var t Trail
		if err := decodeAt(b[:ve], vs, &t, false, "Trail"); err != nil {
			return err
		}
		trails = append(trails, t)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if found == "" {
		return nil, errors.New(`trail: parse trails: want describe-trails output {"trailList": [...]}, get-trail output {"Trail": {...}} or an array of trails`)
	}
	return trails, nil
}

// MergeEventSelectors sets the trail's selectors from the output of `aws
// cloudtrail get-event-selectors` ({"TrailARN": ..., "EventSelectors":
// [...]} or {"TrailARN": ..., "AdvancedEventSelectors": [...]}), decoded
// as a selector.Config. As on AWS, the kind the output carries replaces
// both kinds on the trail (API PutEventSelectors: each kind overwrites
// the other). When the output and the trail both name a TrailARN they
// must agree; a trail without one takes the output's.
func (t *Trail) MergeEventSelectors(b []byte) error {
	if err := checkSyntax(b); err != nil {
		return err
	}
	var c selector.Config
	if err := decodeAt(b, 0, &c, false); err != nil {
		return err
	}
	return t.SetEventSelectors(c)
}

// SetEventSelectors sets the trail's selectors from c, as
// MergeEventSelectors does.
func (t *Trail) SetEventSelectors(c selector.Config) error {
	if c.TrailARN != "" && t.TrailARN != "" && c.TrailARN != t.TrailARN {
		return fmt.Errorf("trail: get-event-selectors output is for %s, not %s", c.TrailARN, t.TrailARN)
	}
	t.EventSelectors = c.EventSelectors
	t.AdvancedEventSelectors = c.AdvancedEventSelectors
	if t.TrailARN == "" {
		t.TrailARN = c.TrailARN
	}
	return nil
}

// MergeInsightSelectors sets the trail's insight selectors from the output
// of `aws cloudtrail get-insight-selectors` ({"TrailARN": ...,
// "InsightSelectors": [...]}), decoded as a selector.InsightConfig, and
// sets HasInsightSelectors to whether there are any. When the output and
// the trail both name a TrailARN they must agree; output for an event
// data store is an error.
func (t *Trail) MergeInsightSelectors(b []byte) error {
	if err := checkSyntax(b); err != nil {
		return err
	}
	var c selector.InsightConfig
	if err := decodeAt(b, 0, &c, false); err != nil {
		return err
	}
	return t.SetInsightSelectors(c)
}

// SetInsightSelectors sets the trail's insight selectors from c, as
// MergeInsightSelectors does.
func (t *Trail) SetInsightSelectors(c selector.InsightConfig) error {
	if c.EventDataStoreARN != "" {
		return fmt.Errorf("trail: get-insight-selectors output is for event data store %s, not a trail", c.EventDataStoreARN)
	}
	if c.TrailARN != "" && t.TrailARN != "" && c.TrailARN != t.TrailARN {
		return fmt.Errorf("trail: get-insight-selectors output is for %s, not %s", c.TrailARN, t.TrailARN)
	}
	t.InsightSelectors = c.InsightSelectors
	t.HasInsightSelectors = len(c.InsightSelectors) > 0
	if t.TrailARN == "" {
		t.TrailARN = c.TrailARN
	}
	return nil
}

// EventConfiguration is the output of `aws cloudtrail
// get-event-configuration` for a trail (API GetEventConfiguration): its
// aggregation settings. Event data store members are not modelled.
type EventConfiguration struct {
	// TrailARN is the trail the configuration belongs to.
	TrailARN string `json:"TrailARN,omitempty"`
	// AggregationConfigurations are the trail's aggregation settings (at
	// most one).
	AggregationConfigurations []selector.Aggregation `json:"AggregationConfigurations,omitempty"`
	// EventDataStoreArn is set when the output is an event data store's.
	EventDataStoreArn string `json:"EventDataStoreArn,omitempty"`
}

// MergeEventConfiguration sets the trail's AggregationConfigurations from
// the output of `aws cloudtrail get-event-configuration` ({"TrailARN":
// ..., "AggregationConfigurations": [...]}). When the output and the trail
// both name a TrailARN they must agree; output for an event data store is
// an error.
func (t *Trail) MergeEventConfiguration(b []byte) error {
	if err := checkSyntax(b); err != nil {
		return err
	}
	var c EventConfiguration
	if err := decodeAt(b, 0, &c, false); err != nil {
		return err
	}
	if c.EventDataStoreArn != "" {
		return fmt.Errorf("trail: get-event-configuration output is for event data store %s, not a trail", c.EventDataStoreArn)
	}
	if c.TrailARN != "" && t.TrailARN != "" && c.TrailARN != t.TrailARN {
		return fmt.Errorf("trail: get-event-configuration output is for %s, not %s", c.TrailARN, t.TrailARN)
	}
	t.AggregationConfigurations = c.AggregationConfigurations
	if t.TrailARN == "" {
		t.TrailARN = c.TrailARN
	}
	return nil
}

// trailARN is a parsed trail ARN:
// arn:<partition>:cloudtrail:<region>:<account>:trail/<name>.
type trailARN struct {
	partition, region, account, name string
}

// splitTrailARN parses a trail ARN. Its error says what is wrong, without
// the package prefix.
func splitTrailARN(s string) (trailARN, error) {
	var parts [5]string
	rest := s
	for i := range parts {
		var ok bool
		parts[i], rest, ok = strings.Cut(rest, ":")
		if !ok {
			return trailARN{}, fmt.Errorf("%q is not an ARN (want arn:<partition>:cloudtrail:<region>:<account>:trail/<name>)", s)
		}
	}
	if parts[0] != "arn" {
		return trailARN{}, fmt.Errorf("%q is not an ARN (want arn:<partition>:cloudtrail:<region>:<account>:trail/<name>)", s)
	}
	a := trailARN{partition: parts[1], region: parts[3], account: parts[4]}
	switch {
	case a.partition == "":
		return trailARN{}, fmt.Errorf("ARN %q has no partition", s)
	case parts[2] != "cloudtrail":
		return trailARN{}, fmt.Errorf("ARN %q is not a CloudTrail ARN (service %q)", s, parts[2])
	case a.region == "":
		return trailARN{}, fmt.Errorf("ARN %q has no Region", s)
	case !arn.IsAccountID(a.account):
		return trailARN{}, fmt.Errorf("ARN %q: account %q is not 12 digits", s, a.account)
	}
	name, ok := strings.CutPrefix(rest, "trail/")
	switch {
	case !ok:
		return trailARN{}, fmt.Errorf("ARN %q is not a trail ARN (resource %q)", s, rest)
	case name == "":
		return trailARN{}, fmt.Errorf("ARN %q has no trail name", s)
	}
	a.name = name
	return a, nil
}

// partitionOfRegion returns the partition ID of a Region, or "" when the
// name fits no partition.
func partitionOfRegion(r string) string {
	p, _ := region.PartitionOf(r)
	return p.ID
}
