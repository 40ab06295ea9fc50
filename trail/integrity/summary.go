package integrity

import "time"

// Counts are the valid and invalid files of one kind.
type Counts struct {
	Valid, Invalid int
}

// Total returns Valid + Invalid.
func (c Counts) Total() int { return c.Valid + c.Invalid }

// Summary totals the results of a validation as the AWS CLI's summary
// does. The zero Summary is ready to use; set Start and End to the range
// requested before adding results.
type Summary struct {
	// Start and End are the range requested.
	Start, End time.Time
	// Digest, Backfill and Log count digest files, backfill digest files
	// and log files; missing files count as invalid.
	Digest, Backfill, Log Counts
	// Beyond counts the findings the AWS CLI does not make
	// (Result.BeyondCLI) that are not already counted: broken
	// previousDigestSignature and previousDigestHashValue links.
	Beyond int
	// Gaps are the gaps reported.
	Gaps []Result
	// FoundStart and FoundEnd are the range the valid digest files cover,
	// clipped to [Start, End]; zero when no digest file is valid.
	FoundStart, FoundEnd time.Time
}

// Add counts r.
func (s *Summary) Add(r Result) {
	if r.Status == Gap {
		s.Gaps = append(s.Gaps, r)
		return
	}
	if r.Reason == ReasonPreviousHash || r.Reason == ReasonPreviousSignature {
		s.Beyond++
		return
	}
	c := &s.Log
	switch r.Kind {
	case KindDigest:
		c = &s.Digest
	case KindBackfillDigest:
		c = &s.Backfill
	}
	if r.Status != Valid {
		c.Invalid++
		return
	}
	c.Valid++
	if r.Kind == KindLog {
		return
	}
	// _track_found_times
	st := r.From
	if st.Before(s.Start) {
		st = s.Start
	}
	if s.FoundStart.IsZero() || st.Before(s.FoundStart) {
		s.FoundStart = st
	}
	en := r.To
	if en.After(s.End) {
		en = s.End
	}
	if s.FoundEnd.IsZero() || en.After(s.FoundEnd) {
		s.FoundEnd = en
	}
}

// OK reports whether no file was invalid or missing (gaps are not
// failures).
func (s *Summary) OK() bool {
	return s.Digest.Invalid == 0 && s.Backfill.Invalid == 0 && s.Log.Invalid == 0 && s.Beyond == 0
}
