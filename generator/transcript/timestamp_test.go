package transcript

import (
	"fmt"
	"testing"
	"time"
)

func TestFormatTimestamp(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0:00"},
		{21 * time.Second, "0:21"},
		{59*time.Minute + 59*time.Second + 999*time.Millisecond, "59:59"},
		{time.Hour, "1:00:00"},
		{12*time.Hour + 34*time.Minute + 5*time.Second, "12:34:05"},
		{123 * time.Hour, "123:00:00"},
		{-time.Second, ""},
	} {
		if got := FormatTimestamp(c.d); got != c.want {
			t.Errorf("FormatTimestamp(%v) = %q, want %q", c.d, got, c.want)
		}
	}
	// Every second of the first ten hours, against the formatting it replaced.
	for s := int64(0); s < 10*3600; s++ {
		want := fmt.Sprintf("%d:%02d", s/60, s%60)
		if s >= 3600 {
			want = fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
		}
		if got := FormatTimestamp(time.Duration(s) * time.Second); got != want {
			t.Fatalf("FormatTimestamp(%ds) = %q, want %q", s, got, want)
		}
	}
}
