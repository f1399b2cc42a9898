package cmd

import (
	"errors"
	"fmt"
	"slices"

	"github.com/spf13/pflag"

	"github.com/replylint/replylint/lint/transcript"
)

// inputFlags say how transcripts are read. check and report register the
// same ones, so an export that one reads the other reads alike.
type inputFlags struct {
	Format  string
	Columns transcript.Columns
	// AgentRoles and CustomerRoles are role words added to the defaults
	// and to the config's [roles].
	AgentRoles, CustomerRoles []string
}

func (f *inputFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.Format, "input-format", "auto", "input format: auto, text, chat, jsonl, json, csv")
	fs.StringVar(&f.Columns.Text, "text-col", "", "CSV column with the message text (header name or 1-based number)")
	fs.StringVar(&f.Columns.Role, "role-col", "", "CSV column with the speaker's role")
	fs.StringVar(&f.Columns.Conversation, "conversation-col", "", "CSV column with the conversation id")
	fs.StringVar(&f.Columns.Time, "time-col", "", "CSV column with the message time")
	fs.StringVar(&f.Columns.Agent, "agent-col", "", "CSV column with the agent's name or id")
	fs.StringSliceVar(&f.AgentRoles, "agent-role", nil, "more words that name the agent in chat logs and role fields (客服, 坐席, assistant … are known)")
	fs.StringSliceVar(&f.CustomerRoles, "customer-role", nil, "more words that name the customer (客户, 买家, user … are known)")
}

// options checks the flags and returns the input options: the settings'
// (the defaults, then the config's), then the flags'.
func (f *inputFlags) options(set *settings) (transcript.Options, error) {
	if !slices.Contains(transcript.Formats, f.Format) {
		return transcript.Options{}, fmt.Errorf("--input-format: want one of %v, not %q", transcript.Formats, f.Format)
	}
	in := set.Input
	in.Format, in.Columns = f.Format, f.Columns
	in.Roles.Agent = slices.Concat(in.Roles.Agent, f.AgentRoles)
	in.Roles.Customer = slices.Concat(in.Roles.Customer, f.CustomerRoles)
	return in, nil
}

// argFiles turns a command's arguments into the files to read. With none,
// it reads standard input when something is piped in, and otherwise says
// what to give (nothing: the command's own words for that).
func argFiles(streams *IOStreams, args []string, nothing string) ([]string, error) {
	if len(args) == 0 {
		if streams.InTTY {
			return nil, errors.New(nothing)
		}
		args = []string{"-"}
	}
	return transcript.Expand(args)
}
