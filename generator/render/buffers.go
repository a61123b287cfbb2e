package render

import "sync"

// An episode renders some 650 KB into its page and its exports, which the
// build writes to disk and then forgets. Making those bytes anew for every
// episode was a quarter of a cold build's allocation and, at 5,000 episodes
// under the build's memory limit, most of what the collector ran for; so
// the files' bytes are recycled once written.
var buffers sync.Pool // of *[]byte

// minBuffer is the least room a new buffer gets: enough for any file of an
// hour-long episode, so that any recycled buffer serves any of them.
const minBuffer = 256 << 10

// buffer returns an empty slice with room for at least size bytes: a
// recycled one when there is one big enough.
func buffer(size int) []byte {
	if p, ok := buffers.Get().(*[]byte); ok && cap(*p) >= size {
		return (*p)[:0]
	}
	return make([]byte, 0, max(size, minBuffer))
}

// Recycle hands back the bytes of files that the caller has written and
// will not read again, for the next episode to render into. Files whose
// bytes did not come from this package's buffers are fine to pass.
func Recycle(files []File) {
	for _, f := range files {
		recycle(f.Data)
	}
}

func recycle(b []byte) {
	if cap(b) >= minBuffer {
		b = b[:0]
		buffers.Put(&b)
	}
}
