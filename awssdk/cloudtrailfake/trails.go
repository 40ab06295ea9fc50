package cloudtrailfake

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trailmap/trailmap/internal/arn"
	"github.com/trailmap/trailmap/region"
	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
)

// The exception names the fake answers with beyond those of trailmap's
// validation (CloudTrail API Reference, the Errors section of each
// operation).
const (
	codeTrailNotFound        = "TrailNotFoundException"
	codeTrailAlreadyExists   = "TrailAlreadyExistsException"
	codeInvalidHomeRegion    = "InvalidHomeRegionException"
	codeARNInvalid           = "CloudTrailARNInvalidException"
	codeInvalidTrailName     = "InvalidTrailNameException"
	codeParamCombination     = "InvalidParameterCombinationException"
	codeInvalidParameter     = "InvalidParameterException"
	codeInsightNotEnabled    = "InsightNotEnabledException"
	codeInvalidEventSel      = "InvalidEventSelectorsException"
	codeTagsLimit            = "TagsLimitExceededException"
	codeInvalidTag           = "InvalidTagParameterException"
	codeResourceNotFound     = "ResourceNotFoundException"
	codeUnsupported          = "UnsupportedOperationException"
	codeNotMaster            = "NotOrganizationMasterAccountException"
	codeSerialization        = "SerializationException"
	codeS3BucketDoesNotExist = "S3BucketDoesNotExistException"
	codeInvalidTimeRange     = "InvalidTimeRangeException"
)

// maxTags is the number of tags a trail can have (API AddTags: "up to
// 50"; TagsLimitExceededException).
const maxTags = 50

// trailState is one trail of the fake.
type trailState struct {
	t            trail.Trail // IsLogging nil: logging is below
	logging      bool
	created      time.Time
	startTime    time.Time
	stopTime     time.Time
	lastDelivery time.Time
	customSel    bool
	tags         []tag
}

func (st *trailState) account() string { return st.t.Account() }
func (st *trailState) home() string    { return st.t.HomeRegion }

type handler func(s *Server, c caller, body []byte) (any, error)

var operations map[string]handler

func init() {
	operations = map[string]handler{
		"CreateTrail":           (*Server).createTrail,
		"GetTrail":              (*Server).getTrail,
		"DescribeTrails":        (*Server).describeTrails,
		"ListTrails":            (*Server).listTrails,
		"UpdateTrail":           (*Server).updateTrail,
		"DeleteTrail":           (*Server).deleteTrail,
		"StartLogging":          (*Server).startLogging,
		"StopLogging":           (*Server).stopLogging,
		"GetTrailStatus":        (*Server).getTrailStatus,
		"PutEventSelectors":     (*Server).putEventSelectors,
		"GetEventSelectors":     (*Server).getEventSelectors,
		"PutInsightSelectors":   (*Server).putInsightSelectors,
		"GetInsightSelectors":   (*Server).getInsightSelectors,
		"PutEventConfiguration": (*Server).putEventConfiguration,
		"GetEventConfiguration": (*Server).getEventConfiguration,
		"AddTags":               (*Server).addTags,
		"RemoveTags":            (*Server).removeTags,
		"ListTags":              (*Server).listTags,
		"LookupEvents":          (*Server).lookupEvents,
		"ListPublicKeys":        (*Server).listPublicKeys,
	}
}

// decode decodes a request body; a body that is not the operation's
// JSON is SerializationException, as AWS answers.
func decode(body []byte, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		// The member by its JSON name and the JSON types, not the
		// fake's Go types.
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return errf(codeSerialization, "The request body could not be read: %s is a JSON %s where %s is expected.", te.Field, te.Value, jsonTypeName(te.Type))
		}
		return errf(codeSerialization, "The request body could not be read: %v", err)
	}
	return nil
}

// jsonTypeName names the JSON type a Go type decodes from.
func jsonTypeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Pointer:
		return jsonTypeName(t.Elem())
	}
	return "an object"
}

func partitionOf(r string) string {
	if p, ok := region.PartitionOf(r); ok {
		return p.ID
	}
	return "aws"
}

func trailARNOf(account, home, name string) string {
	return "arn:" + partitionOf(home) + ":cloudtrail:" + home + ":" + account + ":trail/" + name
}

// view reports whether st is visible to c (its account and Region), and
// whether as a shadow: a copy outside its home Region (multi-Region
// trails) or outside its account (organization trails in member
// accounts). Shadows are seen and read; only the home copy is changed.
func (s *Server) view(st *trailState, c caller) (visible, shadow bool) {
	owner, home := st.account(), st.home()
	reaches := home == c.region ||
		st.t.IsMultiRegionTrail && partitionOf(home) == partitionOf(c.region) && s.regionEnabled(c.account, c.region)
	switch {
	case owner == c.account:
		if home == c.region {
			return true, false
		}
		return reaches, true
	case st.t.IsOrganizationTrail && s.org != nil && s.org.MasterAccountID == owner && s.org.Member(c.account):
		return reaches, true
	}
	return false, false
}

// regionEnabled reports whether account has the Region enabled, as
// trail.Deployment.RegionEnabled says: enabled by default, listed in the
// account's EnabledRegions, or home to one of its trails. A multi-Region
// trail has no shadow in an opt-in Region its account has not enabled.
func (s *Server) regionEnabled(account, r string) bool {
	if region.IsEnabledByDefault(r) || slices.Contains(s.accounts[account].EnabledRegions, r) {
		return true
	}
	for _, st := range s.trails {
		if st.account() == account && st.home() == r {
			return true
		}
	}
	return false
}

// nameProblem returns trailmap's verdict on a trail name: "" or the
// message of InvalidTrailNameException.
func nameProblem(name string) string {
	d := &trail.Deployment{Trails: []trail.Trail{{Name: name, TrailARN: trailARNOf(defaultAccount, defaultRegion, "name")}}}
	var es trail.Errors
	if err := d.Validate(); errors.As(err, &es) {
		for _, e := range es {
			if e.Path == "trails[0].Name" {
				return e.Msg
			}
		}
	}
	return ""
}

// notFound is TrailNotFoundException as AWS words it: "Unknown trail:
// <ARN, built from the calling Region for a name> for the user:
// <account>" (aws/aws-sdk-go-v2#1957, elastic/cloudbeat#1750).
func notFound(c caller, nameOrARN string) error {
	arn := nameOrARN
	if !strings.HasPrefix(arn, "arn:") {
		arn = trailARNOf(c.account, c.region, nameOrARN)
	}
	return errf(codeTrailNotFound, "Unknown trail: %s for the user: %s", arn, c.account)
}

// find resolves a trail name or ARN as CloudTrail does: a name names a
// trail of the caller's account homed in the caller's Region; an ARN any
// trail visible there (a shadow included).
func (s *Server) find(c caller, nameOrARN string) (*trailState, bool, error) {
	if nameOrARN == "" {
		return nil, false, errf(codeInvalidTrailName, "Trail name cannot be blank!")
	}
	if strings.HasPrefix(nameOrARN, "arn:") {
		a, err := arn.Parse(nameOrARN)
		if err != nil || a.Service != "cloudtrail" || !strings.HasPrefix(a.Resource, "trail/") || !arn.IsAccountID(a.Account) {
			return nil, false, errf(codeARNInvalid, "Invalid trail ARN: %s", nameOrARN)
		}
		for _, st := range s.trails {
			if st.t.TrailARN != nameOrARN {
				continue
			}
			if ok, shadow := s.view(st, c); ok {
				return st, shadow, nil
			}
		}
		return nil, false, notFound(c, nameOrARN)
	}
	// A name of the characters trail names have is looked up, and not
	// found when no trail has it, even one too short to be a name (AWS
	// answers TrailNotFoundException for "t"). A name with other
	// characters is InvalidTrailNameException with the message of the
	// first rule it breaks, length first ("?" is too short: moto's
	// tests, checked against AWS).
	if strings.IndexFunc(nameOrARN, notNameRune) >= 0 {
		if msg := nameProblem(nameOrARN); msg != "" {
			return nil, false, errf(codeInvalidTrailName, "%s", msg)
		}
	}
	for _, st := range s.trails {
		if st.t.Name == nameOrARN && st.account() == c.account && st.home() == c.region {
			return st, false, nil
		}
	}
	return nil, false, notFound(c, nameOrARN)
}

// notNameRune reports whether r cannot appear in a trail name.
func notNameRune(r rune) bool {
	return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '.' || r == '_' || r == '-')
}

// findHome resolves a trail to be changed: only its home copy may be.
func (s *Server) findHome(c caller, nameOrARN string) (*trailState, error) {
	st, shadow, err := s.find(c, nameOrARN)
	if err != nil {
		return nil, err
	}
	if shadow {
		if st.account() != c.account && st.home() == c.region {
			return nil, errf(codeNotMaster, "%s", msgNotMaster)
		}
		// API Reference, InvalidHomeRegionException.
		return nil, errf(codeInvalidHomeRegion, "This operation is called on a trail from a Region other than the Region in which the trail was created. Call it in %s.", st.home())
	}
	return st, nil
}

// deployment returns the fake's state as a trail.Deployment, its trails
// in creation order except that with is put last (replacing skip, when
// it is not nil). Logging is as the fake's state says.
func (s *Server) deployment(with, skip *trailState) *trail.Deployment {
	d := &trail.Deployment{Organization: s.org, Trails: make([]trail.Trail, 0, len(s.trails)+1)}
	if len(s.accounts) > 0 {
		d.Accounts = s.accounts
	}
	add := func(st *trailState) {
		t := st.t
		t.IsLogging = boolPtr(st.logging)
		t.HasCustomEventSelectors = st.customSel || len(t.EventSelectors) > 0 || len(t.AdvancedEventSelectors) > 0
		t.HasInsightSelectors = len(t.InsightSelectors) > 0
		d.Trails = append(d.Trails, t)
	}
	for _, st := range s.trails {
		if st != skip {
			add(st)
		}
	}
	if with != nil {
		add(with)
	}
	return d
}

// codeOrder is the order in which a trail's problems are reported, one
// per call as AWS does: the first found in this order.
var codeOrder = []string{
	trail.CodeInvalidTrailName, trail.CodeCloudTrailARNInvalid, trail.CodeInvalidHomeRegion,
	trail.CodeInvalidS3Prefix, trail.CodeInvalidParameterCombination, trail.CodeOrganizationsNotInUse,
	trail.CodeNotOrganizationMaster, trail.CodeTrailAlreadyExists, selector.CodeInvalidEventSelectors,
	selector.CodeInvalidInsightSelectors, trail.CodeMaximumNumberOfTrails,
}

// check validates the state with candidate in place of old (nil when it
// is new) with trailmap's Deployment.Validate, and answers the first
// problem of the candidate as its AWS exception.
func (s *Server) check(candidate, old *trailState) error {
	err := s.deployment(candidate, old).Validate()
	if err == nil {
		return nil
	}
	var es trail.Errors
	if !errors.As(err, &es) {
		return err
	}
	last := "trails[" + strconv.Itoa(len(s.trails)-boolInt(old != nil)) + "]"
	var mine []*trail.Error
	for _, e := range es {
		if e.Path == last || strings.HasPrefix(e.Path, last+".") {
			mine = append(mine, e)
		}
	}
	if len(mine) == 0 {
		mine = es
	}
	best := mine[0]
	rank := func(code string) int {
		if i := slices.Index(codeOrder, code); i >= 0 {
			return i
		}
		return len(codeOrder)
	}
	for _, e := range mine[1:] {
		if rank(e.Code) < rank(best.Code) {
			best = e
		}
	}
	msg := best.Msg
	switch best.Code {
	case trail.CodeOrganizationsNotInUse:
		// trailmap's message advises on deployment files; the fake
		// answers as the API does.
		msg = msgOrganizationsNotInUse
	case trail.CodeNotOrganizationMaster:
		msg = msgNotMaster
	}
	return errf(best.Code, "%s", msg)
}

// Messages of the organization exceptions. msgNotMaster is AWS's, as
// CloudFormation relayed it (aws/aws-cdk#21824); no answer of AWS's with
// OrganizationsNotInUseException is published, so the API Reference's
// description of it (CreateTrail, Errors) stands in.
const (
	msgNotMaster             = "You cannot configure or manage trails for an organization because this action requires being signed in with the management account."
	msgOrganizationsNotInUse = "This exception is thrown when the request is made from an AWS account that is not a member of an organization. To make this request, sign in using the credentials of an account that belongs to an organization."
)

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func snsARN(c caller, topic string) string {
	if topic == "" || strings.HasPrefix(topic, "arn:") {
		return topic
	}
	return "arn:" + partitionOf(c.region) + ":sns:" + c.region + ":" + c.account + ":" + topic
}

func (st *trailState) change() trailChange {
	t := &st.t
	return trailChange{
		Name: t.Name, S3BucketName: t.S3BucketName, S3KeyPrefix: t.S3KeyPrefix, SnsTopicName: t.SnsTopicName,
		SnsTopicARN: t.SnsTopicARN, IncludeGlobalServiceEvents: t.IncludesGlobalServiceEvents(),
		IsMultiRegionTrail: t.IsMultiRegionTrail, TrailARN: t.TrailARN, LogFileValidationEnabled: t.LogFileValidationEnabled,
		CloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn, CloudWatchLogsRoleArn: t.CloudWatchLogsRoleArn,
		KmsKeyID: t.KmsKeyID, IsOrganizationTrail: t.IsOrganizationTrail,
	}
}

func (st *trailState) out() trailOut {
	t := &st.t
	return trailOut{
		Name: t.Name, S3BucketName: t.S3BucketName, S3KeyPrefix: t.S3KeyPrefix, SnsTopicName: t.SnsTopicName,
		SnsTopicARN: t.SnsTopicARN, IncludeGlobalServiceEvents: t.IncludesGlobalServiceEvents(),
		IsMultiRegionTrail: t.IsMultiRegionTrail, HomeRegion: t.HomeRegion, TrailARN: t.TrailARN,
		LogFileValidationEnabled: t.LogFileValidationEnabled, CloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn,
		CloudWatchLogsRoleArn: t.CloudWatchLogsRoleArn, KmsKeyID: t.KmsKeyID,
		HasCustomEventSelectors: st.customSel || len(t.EventSelectors) > 0 || len(t.AdvancedEventSelectors) > 0,
		HasInsightSelectors:     len(t.InsightSelectors) > 0, IsOrganizationTrail: t.IsOrganizationTrail,
	}
}

// apply sets the members in of a trail; with create, absent members take
// CreateTrail's defaults.
func (st *trailState) apply(c caller, in *trailIn) {
	t := &st.t
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&t.S3BucketName, in.S3BucketName)
	set(&t.S3KeyPrefix, in.S3KeyPrefix)
	if in.SnsTopicName != nil {
		t.SnsTopicName = *in.SnsTopicName
		t.SnsTopicARN = snsARN(caller{account: st.account(), region: st.home()}, *in.SnsTopicName)
	}
	set(&t.CloudWatchLogsLogGroupArn, in.CloudWatchLogsLogGroupArn)
	set(&t.CloudWatchLogsRoleArn, in.CloudWatchLogsRoleArn)
	set(&t.KmsKeyID, in.KmsKeyID)
	if in.IncludeGlobalServiceEvents != nil {
		t.IncludeGlobalServiceEvents = boolPtr(*in.IncludeGlobalServiceEvents)
	}
	if in.IsMultiRegionTrail != nil {
		t.IsMultiRegionTrail = *in.IsMultiRegionTrail
	}
	if in.EnableLogFileValidation != nil {
		t.LogFileValidationEnabled = *in.EnableLogFileValidation
	}
	if in.IsOrganizationTrail != nil {
		t.IsOrganizationTrail = *in.IsOrganizationTrail
	}
}

func (s *Server) createTrail(c caller, body []byte) (any, error) {
	var in trailIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	name := ""
	if in.Name != nil {
		name = *in.Name
	}
	if msg := nameProblem(name); msg != "" {
		return nil, errf(codeInvalidTrailName, "%s", msg)
	}
	// Names are unique among the trails an account sees in a Region,
	// shadows included.
	for _, st := range s.trails {
		if ok, _ := s.view(st, c); ok && st.t.Name == name {
			return nil, errf(codeTrailAlreadyExists, "Trail %s already exists for customer: %s", name, c.account)
		}
	}
	if err := checkTags(in.TagsList, nil); err != nil {
		return nil, err
	}
	st := &trailState{created: s.now()}
	st.t = trail.Trail{Name: name, TrailARN: trailARNOf(c.account, c.region, name), HomeRegion: c.region,
		IncludeGlobalServiceEvents: boolPtr(true)}
	st.apply(c, &in)
	if err := s.check(st, nil); err != nil {
		return nil, err
	}
	st.tags = append(st.tags, in.TagsList...)
	// A trail created with the API is not logging until StartLogging
	// (CloudTrail User Guide, "Creating a trail with the AWS CLI").
	s.trails = append(s.trails, st)
	s.router = nil
	return st.change(), nil
}

func (s *Server) getTrail(c caller, body []byte) (any, error) {
	var in nameIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	st, _, err := s.find(c, in.Name)
	if err != nil {
		var ae *apiError
		if errors.As(err, &ae) && ae.code == codeTrailNotFound {
			// GetTrail names the trail as given (moto, checked against AWS).
			return nil, errf(codeTrailNotFound, "Unknown trail: %s for the user: %s", in.Name, c.account)
		}
		return nil, err
	}
	return struct {
		Trail trailOut `json:"Trail"`
	}{st.out()}, nil
}

func (s *Server) describeTrails(c caller, body []byte) (any, error) {
	var in describeIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	shadows := in.IncludeShadowTrails == nil || *in.IncludeShadowTrails
	list := []trailOut{}
	if len(in.TrailNameList) == 0 {
		for _, st := range s.trails {
			if ok, shadow := s.view(st, c); ok && (shadows || !shadow) {
				list = append(list, st.out())
			}
		}
		return struct {
			TrailList []trailOut `json:"trailList"`
		}{list}, nil
	}
	// Names match the trails of the caller's Region and account only;
	// ARNs any trail visible here (API Reference, DescribeTrails). Names
	// of no trail are left out.
	seen := map[*trailState]bool{}
	for _, n := range in.TrailNameList {
		st, shadow, err := s.find(c, n)
		if err != nil {
			var ae *apiError
			if errors.As(err, &ae) && ae.code == codeTrailNotFound {
				continue
			}
			return nil, err
		}
		if seen[st] || shadow && !shadows && !strings.HasPrefix(n, "arn:") {
			continue
		}
		seen[st] = true
		list = append(list, st.out())
	}
	return struct {
		TrailList []trailOut `json:"trailList"`
	}{list}, nil
}

func (s *Server) listTrails(c caller, body []byte) (any, error) {
	var in struct{ NextToken string }
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	list := []trailInfo{}
	for _, st := range s.trails {
		if ok, _ := s.view(st, c); ok {
			list = append(list, trailInfo{TrailARN: st.t.TrailARN, Name: st.t.Name, HomeRegion: st.home()})
		}
	}
	return struct {
		Trails []trailInfo `json:"Trails"`
	}{list}, nil
}

func (s *Server) updateTrail(c caller, body []byte) (any, error) {
	var in trailIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	name := ""
	if in.Name != nil {
		name = *in.Name
	}
	st, err := s.findHome(c, name)
	if err != nil {
		return nil, err
	}
	next := *st
	next.t.EventSelectors = slices.Clone(st.t.EventSelectors)
	next.apply(c, &in)
	if err := s.check(&next, st); err != nil {
		return nil, err
	}
	*st = next
	s.router = nil
	return st.change(), nil
}

func (s *Server) deleteTrail(c caller, body []byte) (any, error) {
	var in nameIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	st, err := s.findHome(c, in.Name)
	if err != nil {
		return nil, err
	}
	s.trails = slices.DeleteFunc(s.trails, func(x *trailState) bool { return x == st })
	s.router = nil
	return empty{}, nil
}

func (s *Server) startLogging(c caller, body []byte) (any, error) {
	return s.setLogging(c, body, true)
}

func (s *Server) stopLogging(c caller, body []byte) (any, error) {
	return s.setLogging(c, body, false)
}

func (s *Server) setLogging(c caller, body []byte, on bool) (any, error) {
	var in nameIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	st, err := s.findHome(c, in.Name)
	if err != nil {
		return nil, err
	}
	if st.logging != on {
		st.logging = on
		if on {
			st.startTime = s.now()
		} else {
			st.stopTime = s.now()
		}
		s.router = nil
	}
	return empty{}, nil
}

// statusTime is how GetTrailStatus writes its deprecated string times.
const statusTime = "2006-01-02T15:04:05Z"

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(statusTime)
}

func (s *Server) getTrailStatus(c caller, body []byte) (any, error) {
	var in nameIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	// A shadow's status is available by ARN only (API Reference,
	// GetTrailStatus); find gives names the home Region's trails only.
	st, _, err := s.find(c, in.Name)
	if err != nil {
		return nil, err
	}
	out := trailStatusOut{
		IsLogging:          st.logging,
		StartLoggingTime:   epochOf(st.startTime),
		StopLoggingTime:    epochOf(st.stopTime),
		TimeLoggingStarted: fmtTime(st.startTime),
		TimeLoggingStopped: fmtTime(st.stopTime),
	}
	if !st.lastDelivery.IsZero() {
		out.LatestDeliveryTime = epochOf(st.lastDelivery)
		out.LatestDeliveryAttemptTime = fmtTime(st.lastDelivery)
		out.LatestDeliveryAttemptSucceeded = fmtTime(st.lastDelivery)
	}
	return out, nil
}

// selectorErr answers the first problem a selector validation found.
func selectorErr(err error) error {
	var es selector.Errors
	if errors.As(err, &es) && len(es) > 0 {
		return errf(es[0].Code, "%s", es[0].Msg)
	}
	return errf(codeInvalidEventSel, "%v", err)
}

func (s *Server) putEventSelectors(c caller, body []byte) (any, error) {
	var in eventSelectorsIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	st, err := s.findHome(c, in.TrailName)
	if err != nil {
		return nil, err
	}
	var basic []selector.Basic
	var adv []selector.Advanced
	switch {
	case in.EventSelectors != nil && in.AdvancedEventSelectors != nil:
		// Both members given, even empty: trailmap's rule and message.
		basic, adv = *in.EventSelectors, *in.AdvancedEventSelectors
		if len(basic) == 0 || len(adv) == 0 {
			return nil, errf(codeInvalidEventSel, "You can use either EventSelectors or AdvancedEventSelectors, but not both.")
		}
	case in.EventSelectors != nil:
		basic = *in.EventSelectors
		if err := selector.ValidateBasic(basic); err != nil {
			return nil, selectorErr(err)
		}
	case in.AdvancedEventSelectors != nil:
		adv = *in.AdvancedEventSelectors
		if len(adv) == 0 {
			return nil, errf(codeInvalidEventSel, "Specify at least one advanced event selector; AdvancedEventSelectors is empty.")
		}
	default:
		return nil, errf(codeInvalidEventSel, "Specify EventSelectors or AdvancedEventSelectors.")
	}
	if err := selector.Validate(basic, adv); err != nil {
		return nil, selectorErr(err)
	}
	// Each kind replaces both (API Reference, PutEventSelectors).
	st.t.EventSelectors, st.t.AdvancedEventSelectors = basic, adv
	st.customSel = true
	s.router = nil
	return eventSelectorsOut{TrailARN: st.t.TrailARN, EventSelectors: basicOut(basic), AdvancedEventSelectors: adv}, nil
}

// basicOut fills the defaults AWS writes out: ReadWriteType All and
// IncludeManagementEvents true when absent, empty lists.
func basicOut(sels []selector.Basic) []selector.Basic {
	if sels == nil {
		return nil
	}
	out := slices.Clone(sels)
	for i := range out {
		if out[i].ReadWriteType == "" {
			out[i].ReadWriteType = selector.All
		}
		if out[i].IncludeManagementEvents == nil {
			out[i].IncludeManagementEvents = boolPtr(true)
		}
		if out[i].DataResources == nil {
			out[i].DataResources = []selector.DataResource{}
		}
		if out[i].ExcludeManagementEventSources == nil {
			out[i].ExcludeManagementEventSources = []string{}
		}
	}
	return out
}

func (s *Server) getEventSelectors(c caller, body []byte) (any, error) {
	var in trailNameIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	st, _, err := s.find(c, in.TrailName)
	if err != nil {
		return nil, err
	}
	out := eventSelectorsOut{TrailARN: st.t.TrailARN, AdvancedEventSelectors: st.t.AdvancedEventSelectors}
	switch {
	case len(st.t.AdvancedEventSelectors) > 0:
	case len(st.t.EventSelectors) > 0:
		out.EventSelectors = basicOut(st.t.EventSelectors)
	default:
		// A new trail logs all management events: one basic selector
		// (CloudTrail User Guide, "Creating a trail").
		out.EventSelectors = basicOut([]selector.Basic{{}})
	}
	return out, nil
}

func (s *Server) putInsightSelectors(c caller, body []byte) (any, error) {
	var in insightSelectorsIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if in.TrailName != "" && (in.EventDataStore != "" || in.InsightsDestination != "") {
		return nil, errf(codeParamCombination, "Specify either TrailName, or EventDataStore and InsightsDestination.")
	}
	if in.TrailName == "" {
		return nil, errEventDataStore()
	}
	st, err := s.findHome(c, in.TrailName)
	if err != nil {
		return nil, err
	}
	if len(in.InsightSelectors) > 0 {
		if err := selector.ValidateInsight(in.InsightSelectors, st.t.EventSelectors, st.t.AdvancedEventSelectors); err != nil {
			return nil, selectorErr(err)
		}
	}
	// An empty list turns Insights off (API Reference, PutInsightSelectors).
	st.t.InsightSelectors = slices.Clone(in.InsightSelectors)
	st.t.HasInsightSelectors = len(in.InsightSelectors) > 0
	s.router = nil
	sels := in.InsightSelectors
	if sels == nil {
		sels = []selector.Insight{}
	}
	return insightSelectorsOut{TrailARN: st.t.TrailARN, InsightSelectors: sels}, nil
}

func (s *Server) getInsightSelectors(c caller, body []byte) (any, error) {
	st, err := s.namedTrail(c, body)
	if err != nil {
		return nil, err
	}
	if len(st.t.InsightSelectors) == 0 {
		// API Reference, GetInsightSelectors: InsightNotEnabledException
		// when the trail does not have Insights enabled.
		return nil, errf(codeInsightNotEnabled, "Trail %s does not have Insights enabled.", st.t.TrailARN)
	}
	return insightSelectorsOut{TrailARN: st.t.TrailARN, InsightSelectors: st.t.InsightSelectors}, nil
}

func aggregationsOut(aggs []selector.Aggregation) []aggregation {
	out := make([]aggregation, 0, len(aggs))
	for _, a := range aggs {
		out = append(out, aggregation{EventCategory: a.EventCategory, Templates: nonNil(a.Templates)})
	}
	return out
}

func (s *Server) putEventConfiguration(c caller, body []byte) (any, error) {
	var in eventConfigIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if in.TrailName != "" && in.EventDataStore != "" {
		return nil, errf(codeParamCombination, "Specify either TrailName or EventDataStore, not both.")
	}
	if in.TrailName == "" {
		return nil, errEventDataStore()
	}
	// MaxEventSize and context key selectors configure event data stores;
	// aggregation configures trails (API Reference, PutEventConfiguration).
	if in.MaxEventSize != "" || len(in.ContextKeySelectors) > 0 {
		return nil, errf(codeParamCombination, "MaxEventSize and ContextKeySelectors apply to event data stores, not trails.")
	}
	st, err := s.findHome(c, in.TrailName)
	if err != nil {
		return nil, err
	}
	var aggs []selector.Aggregation
	if in.AggregationConfigurations != nil {
		for _, a := range *in.AggregationConfigurations {
			aggs = append(aggs, selector.Aggregation{EventCategory: a.EventCategory, Templates: a.Templates})
		}
	}
	if err := selector.ValidateAggregation(aggs, st.t.EventSelectors, st.t.AdvancedEventSelectors); err != nil {
		return nil, selectorErr(err)
	}
	st.t.AggregationConfigurations = aggs
	s.router = nil
	return eventConfigOut{TrailARN: st.t.TrailARN, AggregationConfigurations: aggregationsOut(st.t.AggregationConfigurations)}, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (s *Server) getEventConfiguration(c caller, body []byte) (any, error) {
	st, err := s.namedTrail(c, body)
	if err != nil {
		return nil, err
	}
	return eventConfigOut{TrailARN: st.t.TrailARN, AggregationConfigurations: aggregationsOut(st.t.AggregationConfigurations)}, nil
}

// checkTags checks tags to be added to existing ones (API Tag: keys 1 to
// 128 characters, values at most 256; at most 50 per resource).
func checkTags(add, have []tag) error {
	keys := map[string]bool{}
	for _, t := range have {
		keys[t.Key] = true
	}
	for _, t := range add {
		if n := len([]rune(t.Key)); n < 1 || n > 128 {
			return errf(codeInvalidTag, "Tag key must be 1 to 128 characters long, not %d.", n)
		}
		if n := len([]rune(t.Value)); n > 256 {
			return errf(codeInvalidTag, "Tag value must be at most 256 characters long, not %d.", n)
		}
		if strings.HasPrefix(t.Key, "aws:") {
			return errf(codeInvalidTag, "Tag keys starting with aws: are reserved.")
		}
		keys[t.Key] = true
	}
	if len(keys) > maxTags {
		// The model's description of TagsLimitExceededException.
		return errf(codeTagsLimit, "The number of tags per trail, event data store, dashboard, or channel has exceeded the permitted amount. Currently, the limit is %d.", maxTags)
	}
	return nil
}

// tagged resolves the ResourceId of a tagging call: a trail ARN.
func (s *Server) tagged(c caller, id string) (*trailState, error) {
	if !strings.HasPrefix(id, "arn:") {
		return nil, errf(codeARNInvalid, "ResourceId %q is not an ARN; tag a trail by its ARN.", id)
	}
	// Tags are reached in the ARN's own Region only: a multi-Region
	// trail's ARN from another Region is refused with AWS's words
	// (cloudquery/cq-provider-aws#236, ListTags; aws/aws-sdk-java#1309).
	if a, err := arn.Parse(id); err == nil && a.Service == "cloudtrail" && a.Region != c.region {
		return nil, errf(codeARNInvalid, "Region in ARN is wrong, you can only access resources in region %s.", c.region)
	}
	st, _, err := s.find(c, id)
	if err != nil {
		var ae *apiError
		if errors.As(err, &ae) && ae.code == codeTrailNotFound {
			return nil, errf(codeResourceNotFound, "Resource %s not found.", id)
		}
		return nil, err
	}
	return st, nil
}

func (s *Server) addTags(c caller, body []byte) (any, error) {
	in, st, err := s.tagRequest(c, body)
	if err != nil {
		return nil, err
	}
	if err := checkTags(in.TagsList, st.tags); err != nil {
		return nil, err
	}
	for _, t := range in.TagsList {
		if i := slices.IndexFunc(st.tags, func(x tag) bool { return x.Key == t.Key }); i >= 0 {
			st.tags[i] = t
		} else {
			st.tags = append(st.tags, t)
		}
	}
	return empty{}, nil
}

func (s *Server) removeTags(c caller, body []byte) (any, error) {
	in, st, err := s.tagRequest(c, body)
	if err != nil {
		return nil, err
	}
	st.tags = slices.DeleteFunc(st.tags, func(x tag) bool {
		return slices.ContainsFunc(in.TagsList, func(r tag) bool { return r.Key == x.Key && (r.Value == "" || r.Value == x.Value) })
	})
	return empty{}, nil
}

func (s *Server) listTags(c caller, body []byte) (any, error) {
	var in listTagsIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if len(in.ResourceIDList) == 0 {
		return nil, errf(codeInvalidParameter, "ResourceIdList must name at least one resource.")
	}
	out := []resourceTag{}
	for _, id := range in.ResourceIDList {
		st, err := s.tagged(c, id)
		if err != nil {
			return nil, err
		}
		out = append(out, resourceTag{ResourceID: id, TagsList: nonNil(slices.Clone(st.tags))})
	}
	return struct {
		ResourceTagList []resourceTag `json:"ResourceTagList"`
	}{out}, nil
}

// Trails returns the fake's trails as a deployment: its organization and
// accounts, and every trail from its home Region with its selectors and
// logging state. It is a copy; changing it changes nothing in the fake.
func (s *Server) Trails() *trail.Deployment {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.deployment(nil, nil)
	if d.Organization != nil {
		o := *d.Organization
		o.Accounts = slices.Clone(o.Accounts)
		d.Organization = &o
	}
	if d.Accounts != nil {
		acc := make(map[string]trail.Account, len(d.Accounts))
		for k, v := range d.Accounts {
			acc[k] = v
		}
		d.Accounts = acc
	}
	return d
}

// String names the fake for logs.
func (s *Server) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fmt.Sprintf("cloudtrailfake.Server(%d trails)", len(s.trails))
}

// namedTrail decodes a request that names a trail or an event data store
// (GetInsightSelectors, GetEventConfiguration) and finds the trail.
func (s *Server) namedTrail(c caller, body []byte) (*trailState, error) {
	var in trailNameIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if in.TrailName == "" {
		return nil, errEventDataStore()
	}
	st, _, err := s.find(c, in.TrailName)
	return st, err
}

// errEventDataStore refuses a request for an event data store, which the
// fake does not model.
func errEventDataStore() error {
	return errf(codeUnsupported, "Event data stores are not supported by this CloudTrail fake; specify TrailName.")
}

// tagRequest decodes an AddTags or RemoveTags request and finds the trail
// it names, which the caller's account must own.
func (s *Server) tagRequest(c caller, body []byte) (tagsIn, *trailState, error) {
	var in tagsIn
	if err := decode(body, &in); err != nil {
		return in, nil, err
	}
	st, err := s.tagged(c, in.ResourceID)
	if err != nil {
		return in, nil, err
	}
	if st.account() != c.account {
		return in, nil, errf(codeNotMaster, "Only the management account %s can tag organization trail %s.", st.account(), st.t.TrailARN)
	}
	return in, st, nil
}
