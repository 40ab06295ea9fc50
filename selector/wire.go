package selector

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
)

// The MarshalJSON and UnmarshalJSON methods below make decode then encode
// lossless at every level: they keep the difference between an absent
// list and an empty one (get-event-selectors prints "DataResources": []
// and "ExcludeManagementEventSources": []), and they keep members this
// package does not model, in Config and InsightConfig as in every
// selector, data resource and field selector inside them.

// members holds the members of a JSON object that its Go type does not
// model, by name.
type members map[string]json.RawMessage

// listOf returns a pointer to s when s is non-nil (present, possibly
// empty), so omitempty drops only absent lists.
func listOf[T any](s []T) *[]T {
	if s == nil {
		return nil
	}
	return &s
}

// decodeKeeping decodes b into v, the value of the type called name seen
// through a local type without its methods, as encoding/json decodes into
// a struct (members absent from b leave their fields as they are), and
// sets *rest to the members of b whose names are not among known
// (compared as encoding/json does, ignoring case). JSON null changes
// nothing. A type error names the type name, not the local type.
func decodeKeeping(b []byte, v any, rest *members, name string, known ...string) error {
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	if err := json.Unmarshal(b, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			te.Struct = name
		}
		return err
	}
	var all members
	if err := json.Unmarshal(b, &all); err != nil {
		return err
	}
	for k := range all {
		for _, n := range known {
			if strings.EqualFold(k, n) {
				delete(all, k)
				break
			}
		}
	}
	if len(all) == 0 {
		all = nil
	}
	*rest = all
	return nil
}

// encodeKeeping encodes v, a struct, and appends the members of rest after
// its own, sorted by name. The modelled members keep their order.
func encodeKeeping(v any, rest members) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || len(rest) == 0 {
		return b, err
	}
	b = bytes.TrimSuffix(b, []byte("}"))
	names := make([]string, 0, len(rest))
	for k := range rest {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		key, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		val, err := json.Marshal(rest[k]) // validated and compacted
		if err != nil {
			return nil, err
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(b, key...)
		b = append(b, ':')
		b = append(b, val...)
	}
	return append(b, '}'), nil
}

// UnmarshalJSON decodes a basic event selector. Members this package does
// not model are kept and written back by MarshalJSON.
func (b *Basic) UnmarshalJSON(data []byte) error {
	type plain Basic
	return decodeKeeping(data, (*plain)(b), &b.rest, "Basic", "ReadWriteType", "IncludeManagementEvents", "DataResources", "ExcludeManagementEventSources")
}

// MarshalJSON encodes b in the API's shape, keeping empty lists and the
// members it did not model.
func (b Basic) MarshalJSON() ([]byte, error) {
	return encodeKeeping(struct {
		ReadWriteType                 ReadWriteType   `json:"ReadWriteType,omitempty"`
		IncludeManagementEvents       *bool           `json:"IncludeManagementEvents,omitempty"`
		DataResources                 *[]DataResource `json:"DataResources,omitempty"`
		ExcludeManagementEventSources *[]string       `json:"ExcludeManagementEventSources,omitempty"`
	}{b.ReadWriteType, b.IncludeManagementEvents, listOf(b.DataResources), listOf(b.ExcludeManagementEventSources)}, b.rest)
}

// UnmarshalJSON decodes a data resource. Members this package does not
// model are kept and written back by MarshalJSON.
func (d *DataResource) UnmarshalJSON(data []byte) error {
	type plain DataResource
	return decodeKeeping(data, (*plain)(d), &d.rest, "DataResource", "Type", "Values")
}

// MarshalJSON encodes d in the API's shape, keeping an empty Values and
// the members it did not model.
func (d DataResource) MarshalJSON() ([]byte, error) {
	return encodeKeeping(struct {
		Type   string    `json:"Type,omitempty"`
		Values *[]string `json:"Values,omitempty"`
	}{d.Type, listOf(d.Values)}, d.rest)
}

// UnmarshalJSON decodes an advanced event selector. Members this package
// does not model are kept and written back by MarshalJSON.
func (a *Advanced) UnmarshalJSON(data []byte) error {
	type plain Advanced
	return decodeKeeping(data, (*plain)(a), &a.rest, "Advanced", "Name", "FieldSelectors")
}

// MarshalJSON encodes a in the API's shape, with the members it did not
// model. FieldSelectors is always written, null when absent, as before.
func (a Advanced) MarshalJSON() ([]byte, error) {
	return encodeKeeping(struct {
		Name   string  `json:"Name,omitempty"`
		Fields []Field `json:"FieldSelectors"`
	}{a.Name, a.Fields}, a.rest)
}

// UnmarshalJSON decodes a field selector. Members this package does not
// model are kept and written back by MarshalJSON.
func (f *Field) UnmarshalJSON(data []byte) error {
	type plain Field
	return decodeKeeping(data, (*plain)(f), &f.rest, "Field", "Field", "Equals", "StartsWith", "EndsWith", "NotEquals", "NotStartsWith", "NotEndsWith")
}

// MarshalJSON encodes f in the API's shape, keeping empty operator lists
// and the members it did not model.
func (f Field) MarshalJSON() ([]byte, error) {
	return encodeKeeping(struct {
		Field         string    `json:"Field"`
		Equals        *[]string `json:"Equals,omitempty"`
		StartsWith    *[]string `json:"StartsWith,omitempty"`
		EndsWith      *[]string `json:"EndsWith,omitempty"`
		NotEquals     *[]string `json:"NotEquals,omitempty"`
		NotStartsWith *[]string `json:"NotStartsWith,omitempty"`
		NotEndsWith   *[]string `json:"NotEndsWith,omitempty"`
	}{f.Field, listOf(f.Equals), listOf(f.StartsWith), listOf(f.EndsWith), listOf(f.NotEquals), listOf(f.NotStartsWith), listOf(f.NotEndsWith)}, f.rest)
}

// UnmarshalJSON decodes an insight selector. Members this package does not
// model are kept and written back by MarshalJSON.
func (in *Insight) UnmarshalJSON(data []byte) error {
	type plain Insight
	return decodeKeeping(data, (*plain)(in), &in.rest, "Insight", "InsightType", "EventCategories")
}

// MarshalJSON encodes in in the API's shape, keeping an empty
// EventCategories and the members it did not model.
func (in Insight) MarshalJSON() ([]byte, error) {
	return encodeKeeping(struct {
		InsightType     InsightType `json:"InsightType"`
		EventCategories *[]string   `json:"EventCategories,omitempty"`
	}{in.InsightType, listOf(in.EventCategories)}, in.rest)
}
