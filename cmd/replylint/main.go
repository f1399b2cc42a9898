// Command replylint lints Chinese customer-service replies.
package main

import (
	"os"
	"runtime/debug"
	// --timezone and [input] timezone name IANA zones; the embedded table
	// makes them work where the system has none (Windows, slim images).
	_ "time/tzdata"

	"github.com/replylint/replylint/cmd"
)

// Set by the linker in release builds (see .goreleaser.yaml).
var (
	version = "dev"
	commit  = "none"
	date    = "unknown"
)

func main() {
	os.Exit(run())
}

// gcPercent is the collector's pace for this process unless GOGC says
// otherwise. Most runs are one check of a few replies: the heap only grows
// until exit, and at Go's default of 100 collection was a sixth of a
// one-reply check's CPU. 400 collects a quarter as often; a check paces
// the collector for a steady heap once its input passes 512 KiB (cmd's
// gcPacer), where a heap at 400 would hold up to five times what is live.
// The library never sets it: that is the embedding program's choice.
const gcPercent = 400

func run() int {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	streams := cmd.System()
	root := cmd.NewRoot(streams, buildInfo())
	return cmd.ExitCode(root.Execute(), streams.ErrOut)
}

// buildInfo is what the linker set, filled in where it set nothing from
// what the Go toolchain records in every binary: the module version of a
// `go install …@v1.2.3`, the commit and time of a `go build` in a checkout.
func buildInfo() cmd.BuildInfo {
	b := cmd.BuildInfo{Version: version, Commit: commit, Date: date}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	if b.Version == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
		b.Version = info.Main.Version
	}
	for _, s := range info.Settings {
		switch {
		case s.Key == "vcs.revision" && b.Commit == "none":
			b.Commit = s.Value
		case s.Key == "vcs.time" && b.Date == "unknown":
			b.Date = s.Value
		}
	}
	return b
}
