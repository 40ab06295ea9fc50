package event

import (
	"time"

	"github.com/trailmap/trailmap/internal/jsonwire"
)

// parseTime reads an eventTime. The canonical layout
// "2006-01-02T15:04:05Z" is read without time.Parse.
func parseTime(s string) (time.Time, bool) {
	if t, _, ok := jsonwire.ParseUTC(s); ok {
		return t, true
	}
	if len(s) < 15 || len(s) > 40 || s[0] < '0' || s[0] > '9' {
		return time.Time{}, false
	}
	// Other layouts seen: pipelines rewrite eventTime (Panther writes
	// "2023-05-01 12:00:00.000000000"); a layout without a zone is UTC.
	for _, layout := range [...]string{
		time.RFC3339Nano,
		"2006-01-02 15:04:05.999999999",
		"2006-01-02 15:04:05.999999999Z07:00",
		"2006-01-02T15:04:05.999999999",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
