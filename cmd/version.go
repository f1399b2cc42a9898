package cmd

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// VersionOptions are what version prints.
type VersionOptions struct {
	IO    *IOStreams
	Build BuildInfo
}

// NewCmdVersion builds `replylint version`; runF, when set, receives the
// options instead of runVersion.
func NewCmdVersion(io *IOStreams, build BuildInfo, runF func(*VersionOptions) error) *cobra.Command {
	opts := &VersionOptions{IO: io, Build: build}
	return &cobra.Command{
		Use:   "version",
		Short: "Print version, commit and build date",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runVersion(opts)
		},
	}
}

func runVersion(opts *VersionOptions) error {
	_, err := io.WriteString(opts.IO.Out, versionLine(opts.Build))
	return err
}

// versionLine is what both `replylint version` and `replylint --version`
// print. It becomes cobra's version template, so braces are defused.
func versionLine(build BuildInfo) string {
	line := fmt.Sprintf("replylint %s (commit %s, built %s)\n", build.Version, build.Commit, build.Date)
	return strings.ReplaceAll(line, "{{", "{ {")
}
