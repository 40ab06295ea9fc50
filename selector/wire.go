package selector

import "encoding/json"

// The MarshalJSON methods below keep the difference between an absent
// list and an empty one: get-event-selectors prints "DataResources": []
// and "ExcludeManagementEventSources": [], and decode then encode gives
// them back.

// listOf returns a pointer to s when s is non-nil (present, possibly
// empty), so omitempty drops only absent lists.
func listOf[T any](s []T) *[]T {
	if s == nil {
		return nil
	}
	return &s
}

// MarshalJSON encodes b in the API's shape, keeping empty lists.
func (b Basic) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ReadWriteType                 ReadWriteType   `json:"ReadWriteType,omitempty"`
		IncludeManagementEvents       *bool           `json:"IncludeManagementEvents,omitempty"`
		DataResources                 *[]DataResource `json:"DataResources,omitempty"`
		ExcludeManagementEventSources *[]string       `json:"ExcludeManagementEventSources,omitempty"`
	}{b.ReadWriteType, b.IncludeManagementEvents, listOf(b.DataResources), listOf(b.ExcludeManagementEventSources)})
}

// MarshalJSON encodes d in the API's shape, keeping an empty Values.
func (d DataResource) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Type   string    `json:"Type,omitempty"`
		Values *[]string `json:"Values,omitempty"`
	}{d.Type, listOf(d.Values)})
}

// MarshalJSON encodes f in the API's shape, keeping empty operator lists.
func (f Field) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Field         string    `json:"Field"`
		Equals        *[]string `json:"Equals,omitempty"`
		StartsWith    *[]string `json:"StartsWith,omitempty"`
		EndsWith      *[]string `json:"EndsWith,omitempty"`
		NotEquals     *[]string `json:"NotEquals,omitempty"`
		NotStartsWith *[]string `json:"NotStartsWith,omitempty"`
		NotEndsWith   *[]string `json:"NotEndsWith,omitempty"`
	}{f.Field, listOf(f.Equals), listOf(f.StartsWith), listOf(f.EndsWith), listOf(f.NotEquals), listOf(f.NotStartsWith), listOf(f.NotEndsWith)})
}

// MarshalJSON encodes in in the API's shape, keeping an empty
// EventCategories.
func (in Insight) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		InsightType     InsightType `json:"InsightType"`
		EventCategories *[]string   `json:"EventCategories,omitempty"`
	}{in.InsightType, listOf(in.EventCategories)})
}
