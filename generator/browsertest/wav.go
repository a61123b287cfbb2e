package browsertest

import (
	"bytes"
	"encoding/binary"
	"time"
)

// SilentWAV returns a WAV file of silence: PCM, mono, 8-bit samples at rate samples per second,
// lasting d. At 8 kHz, 20 seconds weigh about 160 KB: small to generate, long enough to seek in.
func SilentWAV(d time.Duration, rate int) []byte {
	samples := int(int64(d) * int64(rate) / int64(time.Second))
	var b bytes.Buffer
	le := func(v any) { _ = binary.Write(&b, binary.LittleEndian, v) } // a bytes.Buffer never fails
	b.WriteString("RIFF")
	le(uint32(36 + samples)) // the size of everything after this field
	b.WriteString("WAVE")
	b.WriteString("fmt ")
	le(uint32(16))   // fmt chunk size for PCM
	le(uint16(1))    // PCM
	le(uint16(1))    // mono
	le(uint32(rate)) // samples per second
	le(uint32(rate)) // bytes per second: one byte per sample
	le(uint16(1))    // block align
	le(uint16(8))    // bits per sample
	b.WriteString("data")
	le(uint32(samples))
	// 8-bit PCM is unsigned: 128 is the zero line.
	b.Write(bytes.Repeat([]byte{128}, samples))
	return b.Bytes()
}
