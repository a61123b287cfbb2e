package output

import (
	"cmp"
	"hash/maphash"
	"iter"
	"slices"
	"strings"

	"github.com/cespare/xxhash/v2"
)

// fileList is a set of output files held compactly: a build of 5,000
// episodes produces about 160,000 files, and a map of strings to File
// cost about three times what this does (a string header, a separately
// allocated name and a map slot's slack for each). Names are appended to
// one arena; an entry says where its name lies there.
//
// A build adds files in any order, then sorts the list once; only a
// sorted list can be looked up or walked in name order.
type fileList struct {
	arena   strings.Builder // every name, one after another; never rewritten
	names   string          // arena's bytes once sorted, which names point into
	entries []entry
	stamps  map[string]int64 // the few files that have a Stamp (copies)

	// slots is a hash table of the sorted entries, numbered from 1 (0 is
	// an empty slot), with open addressing: a rebuild looks up every file
	// of the last build, and a binary search of 160,000 names, most of
	// them alike for their first 30 bytes, made a rebuild twice as slow
	// in this package. It costs 8 to 16 bytes a file.
	slots []uint32
	seed  maphash.Seed
}

// entry is a File but its Stamp, where most files have none.
type entry struct {
	start, end uint32 // the name is arena[start:end]
	sum        Sum
	size       int64
	mtime      int64
}

// add appends name as f; the list is unsorted until sort.
func (l *fileList) add(name string, f File) {
	l.arena.WriteString(name)
	l.added(len(name), f)
}

// addBytes is add for a name in a buffer the caller reuses: a manifest is
// read a name at a time into one buffer.
func (l *fileList) addBytes(name []byte, f File) {
	l.arena.Write(name)
	l.added(len(name), f)
}

// added adds the entry of the name of n bytes last written to the arena.
func (l *fileList) added(n int, f File) {
	end := l.arena.Len()
	l.entries = append(l.entries, entry{start: uint32(end - n), end: uint32(end), sum: f.Sum, size: f.Size, mtime: f.Mtime})
	if f.Stamp == 0 && l.stamps == nil {
		return
	}
	name := strings.Clone(l.arena.String()[end-n:]) // not the arena's bytes: a key would keep them
	if f.Stamp != 0 || l.stamps[name] != 0 {
		if l.stamps == nil {
			l.stamps = make(map[string]int64)
		}
		l.stamps[name] = f.Stamp // the last added wins, as in sort
	}
}

// file returns entry i's File.
func (l *fileList) file(i int) File {
	e := l.entries[i]
	f := File{Sum: e.sum, Size: e.size, Mtime: e.mtime}
	if l.stamps != nil {
		f.Stamp = l.stamps[l.name(i)]
	}
	return f
}

// name returns the name of entry i; the list must be sorted, or name
// must not be called before the last add (it reads the arena as it is).
func (l *fileList) name(i int) string {
	if len(l.names) < l.arena.Len() {
		l.names = l.arena.String()
	}
	e := l.entries[i]
	return l.names[e.start:e.end]
}

// sort orders the entries by name and keeps, of a name added more than
// once, the last one added.
func (l *fileList) sort() {
	l.names = l.arena.String()
	slices.SortFunc(l.entries, func(a, b entry) int {
		// Of equal names, the one added first has its name first in the arena.
		return cmp.Or(strings.Compare(l.names[a.start:a.end], l.names[b.start:b.end]), cmp.Compare(a.start, b.start))
	})
	// Keep the last of each run of equal names.
	out := l.entries[:0]
	for i, e := range l.entries {
		if i+1 < len(l.entries) && l.names[e.start:e.end] == l.names[l.entries[i+1].start:l.entries[i+1].end] {
			continue
		}
		out = append(out, e)
	}
	l.entries = slices.Clip(out)
	l.index()
}

// sorted makes a list whose names were added in order, each once,
// ready for lookups, without sorting it again.
func (l *fileList) sorted() {
	l.names = l.arena.String()
	l.index()
}

// index fills slots from the sorted entries: a power of two at least
// twice their number, so probes are short.
func (l *fileList) index() {
	size := 1
	for size < 2*len(l.entries) {
		size *= 2
	}
	l.slots = make([]uint32, size)
	l.seed = maphash.MakeSeed()
	for i := range l.entries {
		h := l.hash(l.name(i))
		for l.slots[h] != 0 {
			h = (h + 1) & uint64(size-1)
		}
		l.slots[h] = uint32(i + 1)
	}
}

func (l *fileList) hash(name string) uint64 {
	return maphash.String(l.seed, name) & uint64(len(l.slots)-1)
}

// Len returns the number of files.
func (l *fileList) Len() int { return len(l.entries) }

// lookup finds name in a sorted list.
func (l *fileList) lookup(name string) (File, bool) {
	if i, ok := l.find(name); ok {
		return l.file(i), true
	}
	return File{}, false
}

// find returns the entry of name in a sorted list.
func (l *fileList) find(name string) (int, bool) {
	if len(l.slots) == 0 {
		return 0, false
	}
	for h := l.hash(name); l.slots[h] != 0; h = (h + 1) & uint64(len(l.slots)-1) {
		i := int(l.slots[h] - 1)
		if l.name(i) == name {
			return i, true
		}
	}
	return 0, false
}

// all yields the files of a sorted list in name order.
func (l *fileList) all() iter.Seq2[string, File] {
	return func(yield func(string, File) bool) {
		for i := range l.entries {
			if !yield(l.name(i), l.file(i)) {
				return
			}
		}
	}
}

// nameSet is a set of file names held as 64-bit hashes, 8 bytes a name,
// where a fileList holds each name whole: it tells which files in the
// folder a build produced, and two names in a build sharing a hash (about
// one chance in 10^8 at 640,000 files) would only leave a stale file.
type nameSet []uint64

func (s *nameSet) add(name string) { *s = append(*s, xxhash.Sum64String(name)) }

// sorted readies the set for has.
func (s nameSet) sorted() nameSet {
	slices.Sort(s)
	return s
}

func (s nameSet) has(name string) bool {
	_, ok := slices.BinarySearch(s, xxhash.Sum64String(name))
	return ok
}
