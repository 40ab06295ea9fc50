package selector

// Config is the event selector configuration of a trail or event data
// store, in the shape `aws cloudtrail get-event-selectors` prints (and
// PutEventSelectors accepts), so CLI output decodes as is. A trail uses
// either EventSelectors or AdvancedEventSelectors, never both.
type Config struct {
	TrailARN               string     `json:"TrailARN,omitempty"`
	EventSelectors         []Basic    `json:"EventSelectors,omitempty"`
	AdvancedEventSelectors []Advanced `json:"AdvancedEventSelectors,omitempty"`
}

// Validate checks c as PutEventSelectors would for a trail: basic and
// advanced selectors never together, then the kind present. A Config with
// neither is valid; a trail without selectors logs all management events
// (see DefaultManagement).
func (c Config) Validate() error { return Validate(c.EventSelectors, c.AdvancedEventSelectors) }

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
	return Compile(DefaultManagement())
}

// InsightConfig is the Insights configuration of a trail or event data
// store, in the shape `aws cloudtrail get-insight-selectors` prints.
type InsightConfig struct {
	TrailARN            string    `json:"TrailARN,omitempty"`
	EventDataStoreARN   string    `json:"EventDataStoreArn,omitempty"`
	InsightsDestination string    `json:"InsightsDestination,omitempty"`
	InsightSelectors    []Insight `json:"InsightSelectors"`
}
