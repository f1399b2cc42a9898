// Command replylint lints Chinese customer-service replies.
package main

import (
	"os"

	"github.com/replylint/replylint/cmd"
)

// Set by the linker in release builds.
var (
	version = "dev"
	commit  = "none"
	date    = "unknown"
)

func main() {
	os.Exit(run())
}

func run() int {
	streams := cmd.System()
	root := cmd.NewRoot(streams, cmd.BuildInfo{Version: version, Commit: commit, Date: date})
	return cmd.ExitCode(root.Execute(), streams.ErrOut)
}
