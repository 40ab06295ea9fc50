package selector

// Basic is a basic event selector (the API's EventSelector), as
// get-event-selectors returns it. Members this package does not model
// survive decode then encode.
type Basic struct {
	// ReadWriteType is ReadOnly, WriteOnly or All; absent means All. It
	// applies to the management and the data events of this selector.
	ReadWriteType ReadWriteType `json:"ReadWriteType,omitempty"`
	// IncludeManagementEvents says whether the selector logs management
	// events; nil (absent) means true.
	IncludeManagementEvents *bool `json:"IncludeManagementEvents,omitempty"`
	// DataResources selects data events by resource type and ARN value;
	// at most 250 values across all of a trail's selectors, the
	// all-resources forms ("arn:aws:s3" and the like) not counted.
	DataResources []DataResource `json:"DataResources,omitempty"`
	// ExcludeManagementEventSources lists event sources whose management
	// events are not logged: "kms.amazonaws.com" or
	// "rdsdata.amazonaws.com" (API EventSelector).
	ExcludeManagementEventSources []string `json:"ExcludeManagementEventSources,omitempty"`

	rest members // members not modelled, kept for MarshalJSON
}

// ReadWriteType is a basic selector's ReadWriteType. It is an open enum:
// values AWS rejects are kept so validation can report them.
type ReadWriteType string

// The ReadWriteType values.
const (
	ReadOnly  ReadWriteType = "ReadOnly"
	WriteOnly ReadWriteType = "WriteOnly"
	All       ReadWriteType = "All"
)

// DataResource selects data events of one resource type.
type DataResource struct {
	// Type is the resource type: AWS::S3::Object, AWS::Lambda::Function
	// or AWS::DynamoDB::Table (the only types basic selectors support).
	Type string `json:"Type,omitempty"`
	// Values are ARNs: S3 values are bucket or object-key prefixes
	// ("arn:aws:s3:::bucket/" or "arn:aws:s3:::bucket/prefix"), Lambda and
	// DynamoDB values are matched exactly, and "arn:aws:s3",
	// "arn:aws:lambda" or "arn:aws:dynamodb" select all resources of the
	// type (API DataResource).
	Values []string `json:"Values,omitempty"`

	rest members // members not modelled, kept for MarshalJSON
}

// Advanced is an advanced event selector. Members this package does not
// model survive decode then encode.
type Advanced struct {
	// Name names the selector (0 to 1000 characters); it plays no part
	// in matching.
	Name string `json:"Name,omitempty"`
	// Fields are the field selectors (FieldSelectors), all of which must
	// hold for the selector to select an event.
	Fields []Field `json:"FieldSelectors"`

	rest members // members not modelled, kept for MarshalJSON
}

// Field is one field selector (the API's AdvancedFieldSelector): a field
// and the values of each operator. An event meets it when it matches a
// value of a SELECT operator (Equals, StartsWith, EndsWith; any when none
// is given) and no value of a DESELECT operator (NotEquals,
// NotStartsWith, NotEndsWith). Members this package does not model
// survive decode then encode.
type Field struct {
	// Field is the record field compared, such as "eventCategory",
	// "resources.ARN" or "userIdentity.arn".
	Field string `json:"Field"`
	// Equals selects events whose field equals one of the values.
	Equals []string `json:"Equals,omitempty"`
	// StartsWith selects events whose field starts with one of the
	// values.
	StartsWith []string `json:"StartsWith,omitempty"`
	// EndsWith selects events whose field ends with one of the values.
	EndsWith []string `json:"EndsWith,omitempty"`
	// NotEquals drops events whose field equals any of the values.
	NotEquals []string `json:"NotEquals,omitempty"`
	// NotStartsWith drops events whose field starts with any of the
	// values.
	NotStartsWith []string `json:"NotStartsWith,omitempty"`
	// NotEndsWith drops events whose field ends with any of the values.
	NotEndsWith []string `json:"NotEndsWith,omitempty"`

	rest members // members not modelled, kept for MarshalJSON
}

// Insight is an insight selector. Members this package does not model
// survive decode then encode.
type Insight struct {
	// InsightType is ApiCallRateInsight or ApiErrorRateInsight.
	InsightType InsightType `json:"InsightType"`
	// EventCategories are the categories analyzed, Management and Data;
	// absent means Management (see Categories).
	EventCategories []string `json:"EventCategories,omitempty"`

	rest members // members not modelled, kept for MarshalJSON
}

// InsightType is an insight selector's InsightType (open enum).
type InsightType string

// The Insights types.
const (
	APICallRateInsight  InsightType = "ApiCallRateInsight"
	APIErrorRateInsight InsightType = "ApiErrorRateInsight"
)
