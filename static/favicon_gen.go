//go:build ignore

// favicon_gen draws favicon.svg's design (a speech bubble holding three lines of
// text) as favicon.ico, PNG images of 16 and 32 pixels in an ICO file, for
// the browsers and crawlers that ask for /favicon.ico whatever a page links:
//
//	go run static/favicon_gen.go static/favicon.ico
package main

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
)

// inBubble reports whether (x, y), in favicon.svg's 32 by 32 units, is
// inside the bubble: a rounded rectangle and its tail.
func inBubble(x, y float64) bool {
	const r = 6.0
	// the tail: from (7,25) down to (7,31), back up to (15,25)
	if y >= 24 && y <= 31 && x >= 7 && x <= 15 && x-7 <= (31-y)*8/6 {
		return true
	}
	cx := math.Max(1+r, math.Min(31-r, x))
	cy := math.Max(1+r, math.Min(25-r, y))
	return x >= 1 && y >= 1 && x <= 31 && y <= 25 && (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r
}

// inLine reports whether (x, y) is on one of the three lines of text.
func inLine(x, y float64) bool {
	for _, l := range [][3]float64{{8, 24, 8.5}, {8, 24, 13}, {8, 18, 17.5}} {
		cx := math.Max(l[0], math.Min(l[1], x))
		if (x-cx)*(x-cx)+(y-l[2])*(y-l[2]) <= 1.3*1.3 {
			return true
		}
	}
	return false
}

// draw renders the icon at size by size pixels, 64 samples a pixel.
func draw(size int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	const ss = 8
	scale := 32.0 / float64(size)
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var in, white float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/ss) * scale
					y := (float64(py) + (float64(sy)+0.5)/ss) * scale
					if inBubble(x, y) {
						in++
						if inLine(x, y) {
							white++
						}
					}
				}
			}
			n := float64(ss * ss)
			if in == 0 {
				continue
			}
			w := white / in
			mix := func(a, b float64) uint8 { return uint8(math.Round(a*(1-w) + b*w)) }
			img.SetNRGBA(px, py, color.NRGBA{mix(0xb3, 0xff), mix(0x47, 0xff), mix(0x0a, 0xff), uint8(math.Round(255 * in / n))})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

func main() {
	sizes := []int{16, 32}
	var pngs [][]byte
	for _, s := range sizes {
		pngs = append(pngs, draw(s))
	}
	var out bytes.Buffer
	binary.Write(&out, binary.LittleEndian, [3]uint16{0, 1, uint16(len(sizes))})
	offset := 6 + 16*len(sizes)
	for i, s := range sizes {
		binary.Write(&out, binary.LittleEndian, struct {
			W, H, Colors, Reserved uint8
			Planes, Bits           uint16
			Size, Offset           uint32
		}{uint8(s), uint8(s), 0, 0, 1, 32, uint32(len(pngs[i])), uint32(offset)})
		offset += len(pngs[i])
	}
	for _, p := range pngs {
		out.Write(p)
	}
	if err := os.WriteFile(os.Args[1], out.Bytes(), 0o644); err != nil {
		panic(err)
	}
}
