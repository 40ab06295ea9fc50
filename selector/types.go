package selector

// Basic is a basic event selector (the API's EventSelector), as
// get-event-selectors returns it.
type Basic struct {
	// ReadWriteType is ReadOnly, WriteOnly or All; absent means All.
	ReadWriteType ReadWriteType `json:"ReadWriteType,omitempty"`
	// IncludeManagementEvents is absent-means-true.
	IncludeManagementEvents       *bool          `json:"IncludeManagementEvents,omitempty"`
	DataResources                 []DataResource `json:"DataResources,omitempty"`
	ExcludeManagementEventSources []string       `json:"ExcludeManagementEventSources,omitempty"`
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
	Type   string   `json:"Type,omitempty"`
	Values []string `json:"Values,omitempty"`
}

// Advanced is an advanced event selector.
type Advanced struct {
	Name   string  `json:"Name,omitempty"`
	Fields []Field `json:"FieldSelectors"`
}

// Field is one field selector (the API's AdvancedFieldSelector): a field
// and the values of each operator.
type Field struct {
	Field         string   `json:"Field"`
	Equals        []string `json:"Equals,omitempty"`
	StartsWith    []string `json:"StartsWith,omitempty"`
	EndsWith      []string `json:"EndsWith,omitempty"`
	NotEquals     []string `json:"NotEquals,omitempty"`
	NotStartsWith []string `json:"NotStartsWith,omitempty"`
	NotEndsWith   []string `json:"NotEndsWith,omitempty"`
}

// Insight is an insight selector.
type Insight struct {
	InsightType     InsightType `json:"InsightType"`
	EventCategories []string    `json:"EventCategories,omitempty"`
}

// InsightType is an insight selector's InsightType (open enum).
type InsightType string

// The Insights types.
const (
	APICallRateInsight  InsightType = "ApiCallRateInsight"
	APIErrorRateInsight InsightType = "ApiErrorRateInsight"
)
