package cmd

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newVersionCmd(io *IOStreams, build BuildInfo) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print version, commit and build date",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintf(io.Out, "replylint %s (commit %s, built %s)\n", build.Version, build.Commit, build.Date)
			return err
		},
	}
}
