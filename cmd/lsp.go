package cmd

import (
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/replylint/replylint/internal/lsp"
)

func newLSPCmd(streams *IOStreams, build BuildInfo) *cobra.Command {
	var lf linterFlags
	c := &cobra.Command{
		Use:   "lsp",
		Short: "Language server for reply templates (diagnostics and quick fixes in an editor, stdio)",
		Long: `Run a Language Server Protocol server on standard input and output, for the people
who write a team's canned replies (快捷短语, 话术库) in an editor: plain text, Markdown, and
reply lists exported as CSV or TSV (a reply a line; elsewhere a reply a paragraph).
Findings are diagnostics with the rule id, severity, message and suggestions; a finding's
edits are quick fixes, and one action applies every safe edit in the file. Inline
directives (replylint-disable-next-line …) work as in check. Each file is checked with the
.replylint.toml found from its folder upwards, re-read when it changes; --config names one
for every file. Configure your editor to start "replylint lsp" (see the README).`,
		Example: `  # Neovim (0.11+):
  vim.lsp.config('replylint', { cmd = { 'replylint', 'lsp' }, filetypes = { 'text', 'markdown', 'csv' } })
  vim.lsp.enable('replylint')`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			srv := lsp.New(lsp.Options{Version: build.Version, Linter: lsp.Linters(lf.Config, lf.linter)})
			return sessionEnd(srv.Serve(ctx, stdio{streams.In, streams.Out}))
		},
	}
	lf.register(c.Flags())
	return c
}

// stdio is standard input and output as one connection. Closing it leaves
// both open: they are the process's, and it is about to end.
type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return nil }
