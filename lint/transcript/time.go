package transcript

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// timeLayouts are the times exports write, most specific first.
// It is read-only: a fixed table, never written after package initialisation.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006/1/2 15:04:05",
	"2006/1/2 15:04",
	"2006.1.2 15:04:05",
	"2006-1-2 15:04:05",
	"2006年1月2日 15:04:05",
	"2006年1月2日15:04:05",
	"2006年1月2日 15:04",
	"15:04:05",
	"15:04",
}

// Unix times are read between these (1970 to the end of 9999): a number
// past them is no time an export writes, and would wrap.
const (
	maxUnixSeconds = 253402300799
	maxUnixMillis  = maxUnixSeconds*1000 + 999
)

// ParseTime reads a time as exports write it. Times without a zone are
// taken as UTC (see ParseTimeIn).
func ParseTime(s string) (time.Time, error) { return ParseTimeIn(s, time.UTC) }

// ParseTimeIn reads a time as exports write it; a time written without a
// zone is in loc (nil: the machine's local zone), and keeps that offset. A
// time of day alone is in year 0. Unix times in seconds or milliseconds are
// read as well; numbers no export writes (Inf, 1e300) are an error, not a
// wrapped date.
func ParseTimeIn(s string, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.Local
	}
	s = strings.TrimSpace(s)
	// The seed's transcripts write 15:30 :00.
	s = strings.ReplaceAll(s, " :", ":")
	s = strings.ReplaceAll(s, "：", ":")
	for _, l := range timeLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, nil
		}
	}
	if t, ok, err := unixTime(s, loc); ok {
		return t, err
	}
	return time.Time{}, fmt.Errorf("time %q is not one replylint reads (such as 2024-05-01 10:00:03, 2024-05-01T10:00:03+08:00 or 10:00:03)", s)
}

// unixTime reads s as a Unix time in seconds (with a fraction) or
// milliseconds. ok is false when s is no number at all.
func unixTime(s string, loc *time.Location) (t time.Time, ok bool, err error) {
	if s == "" || !strings.ContainsAny(s[:1], "0123456789+-.") {
		return t, false, nil // Inf, NaN: ParseFloat's words, no export's
	}
	n, perr := strconv.ParseFloat(s, 64)
	if perr != nil && !strings.Contains(perr.Error(), "range") {
		return t, false, nil
	}
	if perr != nil || math.IsInf(n, 0) || math.IsNaN(n) || n <= 0 || n > maxUnixMillis {
		return t, true, fmt.Errorf("time %q is out of range (Unix seconds or milliseconds from 1970 to 9999)", s)
	}
	if n > 1e12 {
		return time.UnixMilli(int64(n)).In(loc), true, nil
	}
	if n > maxUnixSeconds {
		return t, true, fmt.Errorf("time %q is out of range (Unix seconds or milliseconds from 1970 to 9999)", s)
	}
	sec := int64(n)
	return time.Unix(sec, int64((n-float64(sec))*1e9)).In(loc), true, nil
}
