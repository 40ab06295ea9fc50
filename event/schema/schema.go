package schema

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"
	"github.com/trailmap/trailmap/event"
)

//go:embed record.schema.json
var schemaText string

const schemaURL = "https://github.com/trailmap/trailmap/event/schema/record.schema.json"

// JSON returns the JSON Schema (draft 2020-12) of a CloudTrail record that
// Validate checks against. It documents every member of eventVersion 1.0
// through 1.11 with its JSON type; the returned slice is a copy.
func JSON() []byte { return []byte(schemaText) }

// compiledSchema compiles the embedded schema once, on first use.
var compiledSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	if err := c.AddResource(schemaURL, strings.NewReader(schemaText)); err != nil {
		return nil, err
	}
	return c.Compile(schemaURL)
})

// Problem is one way a record breaks the record schema.
type Problem struct {
	// Pointer is the JSON pointer (RFC 6901) of the offending value: "" is
	// the record itself, "/userIdentity/type" a nested member. A missing
	// required member is pointed at where it should be.
	Pointer string
	// Keyword is the schema rule broken: "required", "type", "enum",
	// "pattern", "format", "additionalProperties", "maxItems", ...
	Keyword string
	// Message says what is wrong. Its text may change; Pointer and Keyword
	// do not.
	Message string
}

// String returns "pointer: keyword: message".
func (p Problem) String() string {
	ptr := p.Pointer
	if ptr == "" {
		ptr = "(record)"
	}
	return ptr + ": " + p.Keyword + ": " + p.Message
}

// ValidationError lists every problem Validate found in a record, sorted
// by Pointer then Keyword.
type ValidationError struct {
	Problems []Problem // one per schema rule the record breaks
}

// Has reports whether some problem breaks the rule keyword, such as
// "required" or "additionalProperties".
func (e *ValidationError) Has(keyword string) bool {
	for _, p := range e.Problems {
		if p.Keyword == keyword {
			return true
		}
	}
	return false
}

// Error returns "schema: record does not match the schema: " followed by
// the problems separated by "; ".
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("schema: record does not match the schema: ")
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// Validate checks one record, given as JSON, against the record schema
// (see JSON). It is strict where decoding is lenient: it flags
// top-level members CloudTrail does not document (such as "@timestamp"
// added by log pipelines), an eventTime missing or in another layout than
// YYYY-MM-DDTHH:MM:SSZ, booleans carried as strings and the reverse, and
// members required for the record's eventVersion and eventType.
//
// Malformed JSON yields an *event.SyntaxError locating the problem; a record that breaks the schema a
// *ValidationError listing every problem. Validate is safe for concurrent
// use; the schema is compiled once, on first use.
func Validate(b []byte) error {
	if !json.Valid(b) {
		return syntaxError(b)
	}
	sch, err := compiledSchema()
	if err != nil {
		return fmt.Errorf("schema: compiling the record schema: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("schema: %w", err)
	}
	err = sch.Validate(v)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return fmt.Errorf("schema: validating record: %w", err)
	}
	out := &ValidationError{}
	collectProblems(ve, &out.Problems)
	sort.SliceStable(out.Problems, func(i, j int) bool {
		a, b := out.Problems[i], out.Problems[j]
		if a.Pointer != b.Pointer {
			return a.Pointer < b.Pointer
		}
		return a.Keyword < b.Keyword
	})
	return out
}

// collectProblems flattens the validator's tree of causes into its leaves.
func collectProblems(ve *jsonschema.ValidationError, dst *[]Problem) {
	if len(ve.Causes) > 0 {
		for _, c := range ve.Causes {
			collectProblems(c, dst)
		}
		return
	}
	kw := ve.KeywordLocation
	if i := strings.LastIndexByte(kw, '/'); i >= 0 {
		kw = kw[i+1:]
	}
	ptr := ve.InstanceLocation
	msg := ve.Message
	if kw == "additionalProperties" || kw == "required" {
		// Point at each member that is not allowed, or missing.
		if names, ok := quotedNames(msg); ok {
			for _, n := range names {
				m := "member " + strconv.Quote(n) + " is not part of the record format"
				if kw == "required" {
					m = "required member " + strconv.Quote(n) + " is missing"
				}
				*dst = append(*dst, Problem{Pointer: ptr + "/" + escapePointer(n), Keyword: kw, Message: m})
			}
			return
		}
	}
	*dst = append(*dst, Problem{Pointer: ptr, Keyword: kw, Message: msg})
}

// quotedNames extracts the names from a message such as
// "additionalProperties 'a', 'b' not allowed".
func quotedNames(msg string) ([]string, bool) {
	var names []string
	for {
		i := strings.IndexByte(msg, '\'')
		if i < 0 {
			break
		}
		j := strings.IndexByte(msg[i+1:], '\'')
		if j < 0 {
			break
		}
		names = append(names, msg[i+1:i+1+j])
		msg = msg[i+j+2:]
	}
	return names, len(names) > 0
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// syntaxError locates the syntax error in b, which json.Valid refused, as
// the event package's decoder reports it: an *event.SyntaxError with the
// line and column.
func syntaxError(b []byte) error {
	_, err := event.ParseRecord(b)
	var se *event.SyntaxError
	if errors.As(err, &se) {
		return se
	}
	// The record decoder is more lenient than encoding/json in a few
	// places (such as invalid UTF-8 in strings); report what the strict
	// reader found then.
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("schema: %w", err)
	}
	return errors.New("schema: not valid JSON")
}
