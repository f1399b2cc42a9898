// Package cmd holds replylint's cobra commands, one file a command. Commands
// return errors; ExitCode turns them into an exit status.
package cmd

import (
	"github.com/spf13/cobra"
)

// BuildInfo is set by the linker (see .goreleaser.yaml) and shown by
// `replylint version`.
type BuildInfo struct {
	Version, Commit, Date string
}

// NewRoot builds the command tree on the given streams.
func NewRoot(io *IOStreams, build BuildInfo) *cobra.Command {
	root := &cobra.Command{
		Use:   "replylint",
		Short: "Lint Chinese customer-service replies against service guidelines",
		Long: `replylint checks Chinese customer-service replies — a draft, or whole transcripts —
for what service guidelines forbid: 呵呵 and 大哥, 可能 and 大概, 你 for 您, 但是,
我不能, promises such as 保证 and 绝对, OK. It segments the text with gse so that a
banned word counts only in its banned sense (呵护, 保证金 and 尽可能 are fine), and
suggests the approved phrasing for every finding.`,
		Example: `  echo '呵呵，大哥，您这个可能一到两天' | replylint check
  replylint check chats/ --format json
  replylint rules
  replylint explain hedge.maybe`,
		SilenceUsage:  true,
		SilenceErrors: true,
		// --version prints what `replylint version` prints.
		Version: build.Version,
	}
	root.SetVersionTemplate(versionLine(build))
	root.SetFlagErrorFunc(flagError)
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.ErrOut)
	root.AddCommand(
		NewCmdCheck(io, nil),
		NewCmdReport(io, nil),
		NewCmdFix(io, nil),
		NewCmdServe(io, nil),
		NewCmdMCP(io, build, nil),
		newLSPCmd(io, build),
		NewCmdRules(io, nil),
		NewCmdExplain(io, nil),
		NewCmdTokens(io, nil),
		NewCmdVersion(io, build, nil),
		NewCmdInit(io, nil),
		NewCmdTestRules(io, nil),
	)
	completeRules(root)
	return root
}
