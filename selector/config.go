package selector

import "fmt"

// Config is the event selector configuration of a trail or event data
// store, in the shape `aws cloudtrail get-event-selectors` prints (and
// PutEventSelectors accepts), so CLI output decodes as is. A trail uses
// either EventSelectors or AdvancedEventSelectors, never both.
type Config struct {
	// TrailARN is the ARN of the trail the selectors belong to.
	TrailARN string `json:"TrailARN,omitempty"`
	// EventSelectors are the trail's basic event selectors (at most 5).
	EventSelectors []Basic `json:"EventSelectors,omitempty"`
	// AdvancedEventSelectors are the advanced event selectors of a trail
	// or event data store (at most 500 values in all).
	AdvancedEventSelectors []Advanced `json:"AdvancedEventSelectors,omitempty"`

	rest members // members not modelled, kept for MarshalJSON
}

// Validate checks c as PutEventSelectors would for a trail: basic and
// advanced selectors never together, then the kind present. A Config with
// neither is valid; a trail without selectors logs all management events
// (see DefaultManagement).
func (c Config) Validate() error { return Validate(c.EventSelectors, c.AdvancedEventSelectors) }

// Validate checks the insight selectors for a trail whose event selectors
// are events (see ValidateInsight).
func (c InsightConfig) Validate(events Config) error {
	return ValidateInsight(c.InsightSelectors, events.EventSelectors, events.AdvancedEventSelectors)
}

// Compile validates c and compiles the kind of selectors it holds. A
// Config with no selectors compiles to the trail default,
// DefaultManagement.
func (c Config) Compile() (*Matcher, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	switch {
	case len(c.EventSelectors) > 0:
		return CompileBasic(c.EventSelectors)
	case len(c.AdvancedEventSelectors) > 0:
		return Compile(c.AdvancedEventSelectors)
	}
	// Not AdvancedEventSelectors[0]: the trail has no selectors, and
	// Explain should say so.
	return build(DefaultManagement(), []string{"the default selector of a trail without event selectors"}), nil
}

// InsightConfig is the Insights configuration of a trail or event data
// store, in the shape `aws cloudtrail get-insight-selectors` prints.
type InsightConfig struct {
	// TrailARN is the ARN of the trail, for a trail's Insights.
	TrailARN string `json:"TrailARN,omitempty"`
	// EventDataStoreARN is the ARN of the source event data store, for
	// CloudTrail Lake Insights.
	EventDataStoreARN string `json:"EventDataStoreArn,omitempty"`
	// InsightsDestination is the ARN of the event data store that
	// receives the Insights events of EventDataStoreARN.
	InsightsDestination string `json:"InsightsDestination,omitempty"`
	// InsightSelectors are the Insights types enabled; empty means
	// Insights are off.
	InsightSelectors []Insight `json:"InsightSelectors"`

	rest members // members not modelled, kept for MarshalJSON
}

// UnmarshalJSON decodes CLI or API output. Members this package does not
// model are kept and written back by MarshalJSON.
func (c *Config) UnmarshalJSON(b []byte) error {
	type plain Config
	if err := decodeKeeping(b, (*plain)(c), &c.rest, "Config", "TrailARN", "EventSelectors", "AdvancedEventSelectors"); err != nil {
		return fmt.Errorf("selector: event selector configuration: %w", err)
	}
	return nil
}

// MarshalJSON encodes c in the API's shape, with any members it did not
// model.
func (c Config) MarshalJSON() ([]byte, error) {
	return encodeKeeping(struct {
		TrailARN               string      `json:"TrailARN,omitempty"`
		EventSelectors         *[]Basic    `json:"EventSelectors,omitempty"`
		AdvancedEventSelectors *[]Advanced `json:"AdvancedEventSelectors,omitempty"`
	}{c.TrailARN, listOf(c.EventSelectors), listOf(c.AdvancedEventSelectors)}, c.rest)
}

// UnmarshalJSON decodes CLI or API output. Members this package does not
// model are kept and written back by MarshalJSON.
func (c *InsightConfig) UnmarshalJSON(b []byte) error {
	type plain InsightConfig
	if err := decodeKeeping(b, (*plain)(c), &c.rest, "InsightConfig", "TrailARN", "EventDataStoreArn", "InsightsDestination", "InsightSelectors"); err != nil {
		return fmt.Errorf("selector: insight selector configuration: %w", err)
	}
	return nil
}

// MarshalJSON encodes c in the API's shape, with any members it did not
// model.
func (c InsightConfig) MarshalJSON() ([]byte, error) {
	return encodeKeeping(struct {
		TrailARN            string     `json:"TrailARN,omitempty"`
		EventDataStoreARN   string     `json:"EventDataStoreArn,omitempty"`
		InsightsDestination string     `json:"InsightsDestination,omitempty"`
		InsightSelectors    *[]Insight `json:"InsightSelectors,omitempty"`
	}{c.TrailARN, c.EventDataStoreARN, c.InsightsDestination, listOf(c.InsightSelectors)}, c.rest)
}
