package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

func newVersionCmd(io *IOStreams, build BuildInfo) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print version, commit and build date",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := io.Out.Write([]byte(versionLine(build)))
			return err
		},
	}
}

// versionLine is what both `replylint version` and `replylint --version`
// print. It becomes cobra's version template, so braces are defused.
func versionLine(build BuildInfo) string {
	line := fmt.Sprintf("replylint %s (commit %s, built %s)\n", build.Version, build.Commit, build.Date)
	return strings.ReplaceAll(line, "{{", "{ {")
}
