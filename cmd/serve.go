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

	"github.com/replylint/replylint/internal/server"
)

// ServeOptions are serve's flags; runServe is the behaviour, testable
// with a context of the test's own instead of signals.
type ServeOptions struct {
	IO          *IOStreams
	Addr        string
	MaxBody     int64
	Grace       time.Duration
	Timeout     time.Duration
	MaxInFlight int
	MaxConns    int
	Linter      linterFlags
	// ready, when set, is told the address actually listened on (tests
	// listen on port 0).
	ready func(addr string)
}

// NewCmdServe builds `replylint serve`. runF, when set, receives the parsed
// options instead of runServe, so that tests of the flags need not listen.
func NewCmdServe(io *IOStreams, runF func(*ServeOptions) error) *cobra.Command {
	opts := &ServeOptions{IO: io}
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve the HTTP JSON API for chat tools (POST /v1/check, POST /v1/fix)",
		Long: `Serve replylint over HTTP, for chat tools that check a reply before it is sent.

  POST /v1/check  {"text": "…"} or {"messages": [{"role", "text", "id", "time"}]}
                  → {"findings": [...], "summary": {...}}  (the schema of check --format json)
  POST /v1/fix    {"text": "…"} → {"text": "…", "changed": …, "findings": [...remaining]}
  GET  /healthz   → 200

Requests must be application/json in UTF-8 and at most --max-body bytes, each
message at most 1 MiB. Errors are JSON {"error": "…", "status": N}, also those of
a malformed request. A request past its --timeout, or beyond --max-in-flight
requests or --max-conns connections, is answered 503 (with Retry-After when busy).
SIGINT or SIGTERM stops the server gracefully. There is no authentication: the
default address is loopback, and any other gets a warning.`,
		Example: `  replylint serve
  replylint serve --addr 0.0.0.0:7878 --config team.toml
  curl -s localhost:7878/v1/check -H 'Content-Type: application/json' -d '{"text":"你好，OK的"}'`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(opts)
			}
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runServe(ctx, opts)
		},
	}
	f := c.Flags()
	f.StringVar(&opts.Addr, "addr", "127.0.0.1:7878", "address to listen on")
	f.Int64Var(&opts.MaxBody, "max-body", server.DefaultMaxBody, "largest request body accepted, in bytes")
	f.DurationVar(&opts.Grace, "shutdown-grace", 10*time.Second, "how long requests in flight may finish after SIGINT/SIGTERM")
	f.DurationVar(&opts.Timeout, "timeout", server.DefaultTimeout, "time budget of one request; past it the answer is 503")
	f.IntVar(&opts.MaxInFlight, "max-in-flight", server.DefaultMaxInFlight, "requests checked at once; more are answered 503 with Retry-After")
	f.IntVar(&opts.MaxConns, "max-conns", server.DefaultMaxConns, "connections open at once; more are answered 503 and closed")
	opts.Linter.register(f)
	return c
}

func runServe(ctx context.Context, opts *ServeOptions) error {
	if err := opts.check(); err != nil {
		return err
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
	// A server will cut thousands of clauses: its whole dictionary loads
	// now, in the background, not on the way of its first requests.
	go set.Linter.Warm()
	h := server.New(set.Linter, server.Options{MaxBody: opts.MaxBody, Input: set.Input, Timeout: opts.Timeout, MaxInFlight: opts.MaxInFlight})
	srv := server.NewHTTPServer(opts.Addr, h)
	srv.ErrorLog = log.New(opts.IO.ErrOut, "replylint serve: ", log.LstdFlags)
	fmt.Fprintf(opts.IO.ErrOut, "replylint serve: listening on http://%s\n", ln.Addr())
	if a, ok := ln.Addr().(*net.TCPAddr); ok && !a.IP.IsLoopback() {
		fmt.Fprintf(opts.IO.ErrOut, "replylint serve: warning: %s is reachable from other machines, and the API has no authentication; listen on 127.0.0.1 unless a proxy in front guards it\n", ln.Addr())
	}
	ln = server.Listen(ln, opts.MaxConns)
	if opts.ready != nil {
		opts.ready(ln.Addr().String())
	}
	if err := server.Serve(ctx, srv, ln, opts.Grace); err != nil {
		return err
	}
	fmt.Fprintln(opts.IO.ErrOut, "replylint serve: stopped")
	return nil
}

// check refuses limits that make no sense before anything is started.
func (opts *ServeOptions) check() error {
	for _, f := range []struct {
		name string
		v    int64
	}{{"--max-body", opts.MaxBody}, {"--timeout", int64(opts.Timeout)}, {"--max-in-flight", int64(opts.MaxInFlight)}, {"--max-conns", int64(opts.MaxConns)}} {
		if f.v <= 0 {
			return fmt.Errorf("%s: want a positive value, not %d", f.name, f.v)
		}
	}
	return nil
}
