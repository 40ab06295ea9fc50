package event

import (
	"strings"
	"time"

	"github.com/trailmap/trailmap/internal/jsonwire"
)

// parseTime reads an eventTime. The canonical layout
// "2006-01-02T15:04:05Z" is read without time.Parse.
func parseTime(s string) (time.Time, bool) {
	if t, _, ok := jsonwire.ParseUTC(s); ok {
		return t, true
	}
	if len(s) < 19 || len(s) > 40 || s[0] < '0' || s[0] > '9' {
		return time.Time{}, false
	}
	// Other layouts seen: pipelines rewrite eventTime (Panther writes
	// "2023-05-01 12:00:00.000000000"); a layout without a zone is UTC.
	// The separator and whether a zone follows the time pick the one
	// layout that can match, so that text in these layouts costs one
	// time.Parse and no failed attempts (each allocates its error).
	zone := s[len(s)-1] == 'Z' || strings.ContainsAny(s[11:], "+-")
	var layout string
	switch {
	case s[10] == 'T' && zone:
		layout = time.RFC3339Nano
	case s[10] == 'T':
		layout = "2006-01-02T15:04:05.999999999"
	case s[10] == ' ' && zone:
		layout = "2006-01-02 15:04:05.999999999Z07:00"
	case s[10] == ' ':
		layout = "2006-01-02 15:04:05.999999999"
	default:
		return time.Time{}, false
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}
