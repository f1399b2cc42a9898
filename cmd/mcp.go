package cmd

import (
	"context"
	"errors"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/replylint/replylint/internal/mcpserver"
)

func newMCPCmd(streams *IOStreams, build BuildInfo) *cobra.Command {
	var lf linterFlags
	c := &cobra.Command{
		Use:   "mcp",
		Short: "Serve check_reply and fix_reply to AI agents over MCP (stdio)",
		Long: `Run a Model Context Protocol server on standard input and output, for AI
customer-service agents: check_reply reports what a draft reply breaks, with suggested
phrasing; fix_reply applies the safe rewrites (你→您, OK→好的 …) and lists what the agent
must rephrase itself. Configure it in an MCP client as the command "replylint mcp".`,
		Example: `  # Claude Desktop / any MCP client configuration:
  {"mcpServers": {"replylint": {"command": "replylint", "args": ["mcp"]}}}`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			l, err := lf.load()
			if err != nil {
				return err
			}
			t := &mcpserver.StdioTransport{In: streams.In, Out: streams.Out}
			return sessionEnd(mcpserver.New(l, build.Version).Run(ctx, t))
		},
	}
	lf.register(c.Flags())
	return c
}

// sessionEnd is the error of a stdio server's session (mcp, lsp): the
// client closing it, or a signal, is how such a server's life ends, and
// neither is a failure.
func sessionEnd(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, io.EOF) {
		return nil
	}
	return err
}
