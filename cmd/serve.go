package cmd

import (
	"context"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/replylint/replylint/lint/server"
)

// serveOptions are serve's flags; runServe is the behaviour, testable
// with a context of the test's own instead of signals.
type serveOptions struct {
	IO      *IOStreams
	Addr    string
	MaxBody int64
	Grace   time.Duration
	Linter  linterFlags
	// ready, when set, is told the address actually listened on (tests
	// listen on port 0).
	ready func(addr string)
}

func newServeCmd(io *IOStreams) *cobra.Command {
	opts := &serveOptions{IO: io}
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve the HTTP JSON API for chat tools (POST /v1/check, POST /v1/fix)",
		Long: `Serve replylint over HTTP, for chat tools that check a reply before it is sent.

  POST /v1/check  {"text": "…"} or {"messages": [{"role", "text", "id", "time"}]}
                  → {"findings": [...], "summary": {...}}  (the schema of check --format json)
  POST /v1/fix    {"text": "…"} → {"text": "…", "changed": …, "findings": [...remaining]}
  GET  /healthz   → 200

Requests must be application/json and at most --max-body bytes. Errors are JSON
{"error": "…", "status": N}. SIGINT or SIGTERM stops the server gracefully.`,
		Example: `  replylint serve
  replylint serve --addr 0.0.0.0:7878 --config team.toml
  curl -s localhost:7878/v1/check -H 'Content-Type: application/json' -d '{"text":"你好，OK的"}'`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runServe(ctx, opts)
		},
	}
	f := c.Flags()
	f.StringVar(&opts.Addr, "addr", "127.0.0.1:7878", "address to listen on")
	f.Int64Var(&opts.MaxBody, "max-body", server.DefaultMaxBody, "largest request body accepted, in bytes")
	f.DurationVar(&opts.Grace, "shutdown-grace", 10*time.Second, "how long requests in flight may finish after SIGINT/SIGTERM")
	opts.Linter.register(f)
	return c
}

func runServe(ctx context.Context, opts *serveOptions) error {
	if opts.MaxBody <= 0 {
		return fmt.Errorf("--max-body: want a positive number of bytes, not %d", opts.MaxBody)
	}
	// The linter is built once, before listening, so a bad config fails
	// the command rather than every request.
	set, err := opts.Linter.settings()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return err
	}
	srv := server.NewHTTPServer(opts.Addr, server.New(set.Linter, server.Options{MaxBody: opts.MaxBody, Input: set.Input}))
	srv.ErrorLog = log.New(opts.IO.ErrOut, "replylint serve: ", log.LstdFlags)
	fmt.Fprintf(opts.IO.ErrOut, "replylint serve: listening on http://%s\n", ln.Addr())
	if opts.ready != nil {
		opts.ready(ln.Addr().String())
	}
	if err := server.Serve(ctx, srv, ln, opts.Grace); err != nil {
		return err
	}
	fmt.Fprintln(opts.IO.ErrOut, "replylint serve: stopped")
	return nil
}
