//go:build !unix

package main

// cpuSeconds is not measured here: client_cpu_ms_per_req reads 0.
func cpuSeconds() float64 { return 0 }
