package transcript

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseTimestamp reads a clock time as transcripts write it:
//
//	timestamp = [hours ":"] minutes ":" seconds [fraction] / plain
//	hours     = 1*2DIGIT
//	minutes   = 1*2DIGIT        ; more than 59 only without hours
//	seconds   = 2DIGIT          ; 00 to 59
//	fraction  = ("." / ",") 1*3DIGIT
//	plain     = 1*7DIGIT "." 1*3DIGIT   ; seconds alone: "0.860", "125.5"
//
// Plain seconds are what Whisper and some WebVTT writers put in cue
// timings ("0.860 --> 7.380"); the fraction is required so that a bare
// number is never taken for a time.
//
// The error, if any, is worded for a person and says what to write instead.
func ParseTimestamp(s string) (time.Duration, error) {
	if d, ok := plainSeconds(s); ok {
		return d, nil
	}
	clock, frac := s, ""
	for i := 0; i < len(s); i++ { // not strings.IndexAny, slow on a few bytes
		if s[i] == '.' || s[i] == ',' {
			clock, frac = s[:i], s[i+1:]
			break
		}
	}
	colons := strings.Count(clock, ":")
	if colons < 1 || colons > 2 {
		return 0, fmt.Errorf("timestamp %q is not m:ss or h:mm:ss", s)
	}
	var split [3]string // not strings.Split, which allocates: this runs for every turn
	parts, rest := split[:colons+1], clock
	for i := range colons {
		parts[i], rest, _ = strings.Cut(rest, ":")
	}
	parts[colons] = rest
	var n [3]int
	for i, p := range parts {
		if p == "" || len(p) > 2 || !allDigits(p) {
			return 0, fmt.Errorf("timestamp %q is not m:ss or h:mm:ss", s)
		}
		n[i], _ = strconv.Atoi(p)
	}
	h, m, sec := 0, n[0], n[1]
	if len(parts) == 3 {
		h, m, sec = n[0], n[1], n[2]
		if m > 59 {
			return 0, fmt.Errorf("timestamp %q has %d minutes", s, m)
		}
		if len(parts[1]) != 2 {
			return 0, fmt.Errorf("timestamp %q needs two digits of minutes", s)
		}
	}
	if len(parts[len(parts)-1]) != 2 {
		return 0, fmt.Errorf("timestamp %q needs two digits of seconds", s)
	}
	if sec > 59 {
		return 0, fmt.Errorf("timestamp %q has %d seconds", s, sec)
	}
	d := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second
	if frac != "" {
		if len(frac) > 3 || !allDigits(frac) {
			return 0, fmt.Errorf("timestamp %q has a fraction that is not 1 to 3 digits", s)
		}
		ms, _ := strconv.Atoi((frac + "00")[:3])
		d += time.Duration(ms) * time.Millisecond
	}
	return d, nil
}

// plainSeconds reads the plain form of a timestamp, seconds with a
// fraction of one to three digits.
func plainSeconds(s string) (time.Duration, bool) {
	whole, frac, ok := strings.Cut(s, ".")
	if !ok || whole == "" || len(whole) > 7 || frac == "" || len(frac) > 3 || !allDigits(whole) || !allDigits(frac) {
		return 0, false
	}
	sec, _ := strconv.Atoi(whole)
	ms, _ := strconv.Atoi((frac + "00")[:3])
	return time.Duration(sec)*time.Second + time.Duration(ms)*time.Millisecond, true
}

// TimestampHint is the hint shown under a timestamp error.
const TimestampHint = "write times as m:ss or h:mm:ss, such as 4:05 or 1:02:03"

// FormatTimestamp writes d as m:ss, or h:mm:ss from the first hour on,
// dropping any fraction of a second.
func FormatTimestamp(d time.Duration) string {
	if d < 0 {
		return ""
	}
	s := int64(d / time.Second)
	var buf [24]byte
	b := buf[:0]
	if s >= 3600 {
		b = append(strconv.AppendInt(b, s/3600, 10), ':')
		b = append(b, byte('0'+s/600%6), byte('0'+s/60%10))
	} else {
		b = strconv.AppendInt(b, s/60, 10)
	}
	return string(append(b, ':', byte('0'+s%60/10), byte('0'+s%10)))
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
