package trail

import (
	"testing"
	"time"
)

// TestDayFolderBounds: the Unix times Router.facts tells dated days by
// are the first instants of the years 0000 and 10000, and agree with
// HasDayFolder on either side of them.
func TestDayFolderBounds(t *testing.T) {
	if got := time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC).Unix(); got != dayFoldersFrom {
		t.Errorf("0000-01-01: %d, want dayFoldersFrom %d", got, dayFoldersFrom)
	}
	if got := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC).Unix(); got != dayFoldersUntil {
		t.Errorf("10000-01-01: %d, want dayFoldersUntil %d", got, dayFoldersUntil)
	}
	for _, u := range []int64{dayFoldersFrom - 1, dayFoldersFrom, dayFoldersUntil - 1, dayFoldersUntil} {
		tm := time.Unix(u, 0)
		if want, got := HasDayFolder(tm), u >= dayFoldersFrom && u < dayFoldersUntil; got != want {
			t.Errorf("%s: in bounds %v, HasDayFolder %v", tm.UTC(), got, want)
		}
	}
}
