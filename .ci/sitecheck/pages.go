package main

import (
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// spread lists n of the site's HTML pages, evenly spread over the sorted
// list of all of them, always with the first and the last: for checks
// too slow to run on every page of a large site.
func spread(site, count string) ([]string, error) {
	n, err := strconv.Atoi(count)
	if err != nil {
		return nil, err
	}
	var all []string
	err = filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			all = append(all, p)
		}
		return err
	})
	sort.Strings(all)
	if n >= len(all) || err != nil {
		return all, err
	}
	out := make([]string, 0, n)
	for i := range n {
		out = append(out, all[i*(len(all)-1)/max(1, n-1)])
	}
	return out, nil
}
