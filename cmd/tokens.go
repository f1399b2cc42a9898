package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/replylint/replylint/lint"
)

// TokensOptions are tokens' argument; runTokens is the behaviour.
type TokensOptions struct {
	IO   *IOStreams
	Text string
}

// NewCmdTokens builds `replylint tokens`; runF, when set, receives the
// parsed options instead of runTokens.
func NewCmdTokens(streams *IOStreams, runF func(*TokensOptions) error) *cobra.Command {
	opts := &TokensOptions{IO: streams}
	return &cobra.Command{
		Use:   "tokens TEXT",
		Short: "Show how replylint segments a text (for writing rule exceptions)",
		Long: `Show the words replylint's segmenter finds in a text, each with its part of speech,
after normalisation (half-width, lower case, simplified). A term with boundary = "token"
counts only where it starts and ends on these word boundaries.`,
		Example: `  replylint tokens 办理这张卡需要先缴纳一笔保证金`,
		Args:    cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Text = args[0]
			if runF != nil {
				return runF(opts)
			}
			return runTokens(opts)
		},
	}
}

func runTokens(opts *TokensOptions) error {
	l, err := lint.New(lint.Config{})
	if err != nil {
		return err
	}
	t := l.Prepare(opts.Text)
	var out []string
	for i := 0; i < t.Len(); {
		c := t.ClauseAt(i)
		if c.End <= i {
			// Punctuation and spaces end clauses; they are never segmented.
			out = append(out, string(t.Norm[i]))
			i++
			continue
		}
		for _, tk := range t.Tokens(i) {
			out = append(out, string(t.Norm[tk.Start:tk.End])+"/"+tk.POS)
		}
		i = c.End
	}
	_, err = fmt.Fprintln(opts.IO.Out, strings.Join(out, " "))
	return err
}
