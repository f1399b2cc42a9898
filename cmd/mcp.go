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

// MCPOptions are mcp's flags; runMCP is the behaviour, testable with
// streams and a context of the test's own.
type MCPOptions struct {
	IO *IOStreams
	// Version is replylint's, told to the client when it connects.
	Version string
	Linter  linterFlags
}

// NewCmdMCP builds `replylint mcp`. runF, when set, receives the parsed
// options instead of runMCP, so that tests of the flags need not start a
// session.
func NewCmdMCP(io *IOStreams, build BuildInfo, runF func(*MCPOptions) error) *cobra.Command {
	opts := &MCPOptions{IO: io, Version: build.Version}
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
			if runF != nil {
				return runF(opts)
			}
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runMCP(ctx, opts)
		},
	}
	opts.Linter.register(c.Flags())
	return c
}

// runMCP serves one session on opts.IO until the client closes its input
// or ctx ends.
func runMCP(ctx context.Context, opts *MCPOptions) error {
	l, err := opts.Linter.load()
	if err != nil {
		return err
	}
	go l.Warm() // a session checks reply after reply (see lint.Linter.Warm)
	t := &mcpserver.StdioTransport{In: opts.IO.In, Out: opts.IO.Out}
	return sessionEnd(mcpserver.New(l, opts.Version).Run(ctx, t))
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
