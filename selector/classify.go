package selector

import "github.com/trailmap/trailmap/event"

// categoryOf returns the category a record is matched as, and whether it
// was derived rather than recorded. It is event.Record.Category: the
// record's eventCategory, or for records written before eventCategory
// existed (eventVersion < 1.07) the category derived from eventType,
// managementEvent and the table of early data-event APIs.
func categoryOf(rec *event.Record) (cat event.Category, derived bool) {
	c, how := rec.Category()
	return c, how != event.Recorded
}
