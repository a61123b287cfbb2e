package browsertest

import (
	"bytes"
	"encoding/binary"
	"testing"
	"time"
)

func TestSilentWAVHeaderDescribesTheSamples(t *testing.T) {
	tests := []struct {
		name    string
		d       time.Duration
		rate    int
		samples int
	}{
		{"TwentySecondsAt8kHz", 20 * time.Second, 8000, 160000},
		{"FractionOfASecond", 1500 * time.Millisecond, 8000, 12000},
		{"Empty", 0, 8000, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := SilentWAV(tc.d, tc.rate)
			if len(b) != 44+tc.samples {
				t.Fatalf("%d bytes, want a 44-byte header and %d samples", len(b), tc.samples)
			}
			u32 := func(at int) int { return int(binary.LittleEndian.Uint32(b[at:])) }
			u16 := func(at int) int { return int(binary.LittleEndian.Uint16(b[at:])) }
			for at, want := range map[int]string{0: "RIFF", 8: "WAVE", 12: "fmt ", 36: "data"} {
				if got := string(b[at : at+4]); got != want {
					t.Errorf("bytes %d-%d are %q, want %q", at, at+3, got, want)
				}
			}
			fields := []struct {
				name      string
				got, want int
			}{
				{"RIFF size", u32(4), len(b) - 8},
				{"fmt size", u32(16), 16},
				{"format (PCM)", u16(20), 1},
				{"channels", u16(22), 1},
				{"sample rate", u32(24), tc.rate},
				{"byte rate", u32(28), tc.rate},
				{"block align", u16(32), 1},
				{"bits per sample", u16(34), 8},
				{"data size", u32(40), tc.samples},
			}
			for _, f := range fields {
				if f.got != f.want {
					t.Errorf("%s = %d, want %d", f.name, f.got, f.want)
				}
			}
			if !bytes.Equal(b[44:], bytes.Repeat([]byte{128}, tc.samples)) {
				t.Error("samples are not all 128, the silent level of unsigned 8-bit PCM")
			}
		})
	}
}

func TestChromiumPathErrorSaysHowToInstall(t *testing.T) {
	t.Setenv(ChromiumEnv, "/nonexistent/chromium")
	_, err := ChromiumPath()
	if err == nil {
		t.Fatal("a missing binary was accepted")
	}
	for _, want := range []string{"/nonexistent/chromium", "apt-get install -y chromium"} {
		if !bytes.Contains([]byte(err.Error()), []byte(want)) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}
