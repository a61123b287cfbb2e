//go:build !unix

package main

import "os"

// peakRSS is unknown where the system has no rusage; reports show 0.
func peakRSS(*os.ProcessState) int64 { return 0 }
