package jsonwire

import "time"

// ParseUTC reads the two timestamp layouts CloudTrail writes without
// calling time.Parse: ISO 8601 extended "2006-01-02T15:04:05Z" and, with
// basic set, ISO 8601 basic "20060102T150405Z". It returns ok == false for
// any other text (fractions of a second, offsets, other layouts), which
// the caller hands to time.Parse. The result is in UTC.
func ParseUTC(s string) (t time.Time, basic, ok bool) {
	var year, month, day, hour, minute, sec int
	switch len(s) {
	case 20: // 2006-01-02T15:04:05Z
		if s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' {
			return time.Time{}, false, false
		}
		year, ok = digits4(s[0:4])
		month, day, hour, minute, sec = digits2(s[5:7]), digits2(s[8:10]), digits2(s[11:13]), digits2(s[14:16]), digits2(s[17:19])
	case 16: // 20060102T150405Z
		if s[8] != 'T' || s[15] != 'Z' {
			return time.Time{}, false, false
		}
		year, ok = digits4(s[0:4])
		month, day, hour, minute, sec = digits2(s[4:6]), digits2(s[6:8]), digits2(s[9:11]), digits2(s[11:13]), digits2(s[13:15])
		basic = true
	default:
		return time.Time{}, false, false
	}
	// digits2 returns -1 for a non-digit, which every range check rejects.
	if !ok || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) ||
		hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return time.Time{}, false, false
	}
	// The fields are in range, so the instant is plain arithmetic, which
	// costs less than time.Date's normalisation; the Time is the one
	// time.Date would return (TestParseUTCAgreesWithDate).
	unix := daysSinceEpoch(year, month, day)*86400 + int64(hour*3600+minute*60+sec)
	return time.Unix(unix, 0).UTC(), basic, true
}

// daysSinceEpoch returns the number of days from 1970-01-01 to the given
// date of the proleptic Gregorian calendar, for years 0 to 9999. It counts
// days from a year that starts in March (so that the leap day ends it),
// shifted by 400 years to stay unsigned, which makes the divisions cheap.
func daysSinceEpoch(year, month, day int) int64 {
	y := uint(year) + 400
	m := uint(month) - 3 // March is 0
	if month <= 2 {
		y--
		m += 12
	}
	days := 365*y + y/4 - y/100 + y/400 + (153*m+2)/5 + uint(day) - 1
	return int64(days) - epochDays
}

// epochDays is daysSinceEpoch's count for 1970-01-01.
const epochDays = 365*2369 + 2369/4 - 2369/100 + 2369/400 + (153*10+2)/5

func digits4(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i] - '0'
		if c > 9 {
			return 0, false
		}
		n = n*10 + int(c)
	}
	return n, true
}

// digits2 reads two decimal digits, or returns -1.
func digits2(s string) int {
	a, b := s[0]-'0', s[1]-'0'
	if a > 9 || b > 9 {
		return -1
	}
	return int(a)*10 + int(b)
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
