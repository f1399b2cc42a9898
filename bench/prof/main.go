// Command prof runs one replylint command in process under the CPU (and
// optionally heap) profiler, to find where a whole run spends its time:
//
//	go run -tags ne ./bench/prof -cpu cpu.prof -- check --format jsonl --fail-on never corpus.jsonl >/dev/null
//	go tool pprof -top cpu.prof
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/replylint/replylint/cmd"
)

func main() {
	cpu := flag.String("cpu", "cpu.prof", "CPU profile to write")
	mem := flag.String("mem", "", "heap profile to write at the end, if set")
	flag.Parse()
	f, err := os.Create(*cpu)
	if err != nil {
		fmt.Fprintln(os.Stderr, "prof:", err)
		os.Exit(2)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, "prof:", err)
		os.Exit(2)
	}
	streams := cmd.System()
	root := cmd.NewRoot(streams, cmd.BuildInfo{Version: "prof"})
	root.SetArgs(flag.Args())
	code := cmd.ExitCode(root.Execute(), streams.ErrOut)
	pprof.StopCPUProfile()
	f.Close()
	if *mem != "" {
		runtime.GC()
		m, err := os.Create(*mem)
		if err == nil {
			_ = pprof.WriteHeapProfile(m)
			m.Close()
		}
	}
	os.Exit(code)
}
