package cmd

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/replylint/replylint/internal/batch"
	"github.com/replylint/replylint/internal/config"
	"github.com/replylint/replylint/internal/output"
	"github.com/replylint/replylint/lint"
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
	// StdinFilename is the name standard input stands for.
	StdinFilename string
	// AgentNames are the agents' own names (nicknames, 店铺名:子账号).
	AgentNames []string
	// Others is "customer" or "": see transcript.Options.Others.
	Others string
	// Timezone is the zone of times written without one; "" is the
	// config's [input] timezone, else the machine's zone.
	Timezone string
	Paths    pathFlags
}

// pathFlags choose the files a command reads; check, report and fix
// register them alike.
type pathFlags struct {
	Exclude []string
}

func (p *pathFlags) register(fs *pflag.FlagSet) {
	fs.StringArrayVar(&p.Exclude, "exclude", nil, "leave out files and folders that match GLOB: a pattern without / matches a name at any depth (meta.json, *.bak), one with / the path (exports/**/old); repeatable, added to exclude = [...] in the config")
}

// files is argFiles with the config's exclude patterns and the flags'.
func (p *pathFlags) files(streams *IOStreams, args []string, nothing string, cfg *config.Config) (*fileSet, error) {
	return argFiles(streams, args, nothing, slices.Concat(cfg.Exclude, p.Exclude))
}

func (f *inputFlags) register(c *cobra.Command) {
	fs := c.Flags()
	enumVarP(c, &f.Format, "input-format", "", "auto", transcript.Formats, "input format")
	fs.StringVar(&f.Columns.Text, "text-col", "", "CSV column with the message text (header name or 1-based number)")
	fs.StringVar(&f.Columns.Role, "role-col", "", "CSV column with the speaker's role")
	fs.StringVar(&f.Columns.Conversation, "conversation-col", "", "CSV column with the conversation id")
	fs.StringVar(&f.Columns.Time, "time-col", "", "CSV column with the message time")
	fs.StringVar(&f.Columns.Agent, "agent-col", "", "CSV column with the agent's name or id")
	fs.StringSliceVar(&f.AgentRoles, "agent-role", nil, "more words that name the agent in chat logs and role fields (客服, 坐席, assistant … are known)")
	fs.StringSliceVar(&f.CustomerRoles, "customer-role", nil, "more words that name the customer (客户, 买家, user … are known)")
	fs.StringSliceVar(&f.AgentNames, "agent-name", nil, "the agents' own names as the export writes them (小妮, 旗舰店:小妮): a speaker named so is the agent (repeatable, comma-separated)")
	enumVarP(c, &f.Others, "others", "", "", []string{"customer"}, "who every speaker is that is not known as the agent or a bot (nicknames): %v; also [roles] others in the config")
	fs.StringVar(&f.Timezone, "timezone", "", "the zone of times written without one, and of the report's days: an IANA name such as Asia/Shanghai (default: [input] timezone in the config, else the machine's zone)")
	fs.StringVar(&f.StdinFilename, "stdin-filename", "", "the file name standard input stands for: its extension picks the input format, and every finding names it")
	f.Paths.register(fs)
}

// options checks the flags and returns the input options: the settings'
// (the defaults, then the config's), then the flags'.
func (f *inputFlags) options(set *settings) (transcript.Options, error) {
	in := set.Input
	in.Format, in.Columns = f.Format, f.Columns
	in.Roles.Agent = slices.Concat(in.Roles.Agent, f.AgentRoles)
	in.Roles.Customer = slices.Concat(in.Roles.Customer, f.CustomerRoles)
	in.AgentNames = slices.Concat(in.AgentNames, f.AgentNames)
	if f.Others == "customer" {
		in.Others = transcript.Customer
	}
	if f.Timezone != "" {
		loc, err := time.LoadLocation(f.Timezone)
		if err != nil {
			return in, fmt.Errorf("--timezone: unknown time zone %q (want an IANA name such as Asia/Shanghai, or Local)", f.Timezone)
		}
		in.Location = loc
	}
	return in, nil
}

// zone is where times without a zone are read and days are counted: the
// options' Location, else the machine's zone.
func zone(in transcript.Options) *time.Location {
	if in.Location != nil {
		return in.Location
	}
	return time.Local
}

// Why a file found in a folder or by a glob is left out; the summary
// counts them under these names.
const (
	skipExtension  = "extension"  // not a kind of file replylint reads
	skipSpecial    = "special"    // a FIFO, socket or device: opening it could block
	skipUnreadable = "unreadable" // a folder or link that cannot be read
	skipExcluded   = "excluded"   // matched by --exclude or the config's exclude
	// An .xls workbook (transcript.Refusal): likely an export the user
	// meant to check, so each is also named on standard error with what
	// to do.
	skipXLS = "xls"
)

// fileSet is what a command's arguments name: the files to read, in order,
// and the files left out, counted by reason.
type fileSet struct {
	Files   []string
	Skipped map[string]int
	// examples holds the first path left out for each reason, for the
	// message when nothing is left to read.
	examples map[string]string
	exts     map[string]bool // the extensions skipped
	exclude  []string
	// refused are the files skipped for skipXLS, with what to do.
	refused []*transcript.Error
}

// argFiles turns a command's arguments into the files to read. With none,
// it reads standard input when something is piped in, and otherwise says
// what to give (nothing: the command's own words for that). Nothing to read
// is an error: an empty standard input, a folder with no file replylint
// reads, a glob that matches nothing.
func argFiles(streams *IOStreams, args []string, nothing string, exclude []string) (*fileSet, error) {
	if len(args) == 0 {
		if streams.InTTY {
			return nil, errors.New(nothing)
		}
		args = []string{"-"}
	}
	for _, p := range exclude {
		if _, err := path.Match(p, ""); err != nil {
			return nil, fmt.Errorf("--exclude: bad pattern %q", p)
		}
	}
	set := &fileSet{Skipped: map[string]int{}, examples: map[string]string{}, exts: map[string]bool{}, exclude: exclude}
	for _, a := range args {
		if err := set.arg(a); err != nil {
			return nil, err
		}
	}
	if len(set.Files) == 0 {
		return nil, set.nothing(args)
	}
	set.noteRefused(streams.ErrOut)
	if slices.Contains(set.Files, "-") {
		empty, err := streams.inEmpty()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", batch.StdinName, err)
		}
		if empty {
			return nil, errors.New("nothing to check: standard input is empty")
		}
	}
	return set, nil
}

// arg adds what one argument names. A path that exists is taken as it is,
// before any reading as a glob, so that 客服记录[2024-05-01].txt is that
// file. A file named outright is read whatever it is (a pipe given as
// <(command) included); only files found by a walk or a glob are judged
// by kind.
func (s *fileSet) arg(a string) error {
	if a == "-" {
		s.Files = append(s.Files, a)
		return nil
	}
	if s.excluded(a) {
		s.skip(skipExcluded, a)
		return nil
	}
	info, err := os.Stat(a)
	switch {
	case err == nil && info.IsDir():
		return s.walk(a)
	case err == nil:
		s.Files = append(s.Files, a)
		return nil
	case !errors.Is(err, fs.ErrNotExist):
		return &transcript.Error{File: a, Msg: pathError(err)}
	case !hasMeta(a):
		return &transcript.Error{File: a, Msg: "no such file or folder"}
	}
	matches, err := glob(a)
	if err != nil {
		return err
	}
	if len(matches) == 0 {
		return &transcript.Error{File: a, Msg: "no files match"}
	}
	for _, m := range matches {
		if err := s.found(m, true); err != nil {
			return err
		}
	}
	return nil
}

// found adds a path a glob matched or a walk met; named says it was
// matched by a glob, which picks files whatever their extension.
func (s *fileSet) found(p string, named bool) error {
	if s.excluded(p) {
		s.skip(skipExcluded, p)
		return nil
	}
	// Stat follows links, so a link is judged by what it points to.
	info, err := os.Stat(p)
	switch {
	case err != nil:
		s.skip(skipUnreadable, p)
	case info.IsDir():
		if named {
			return s.walk(p)
		}
		// A link to a folder met in a walk is not followed: it could
		// loop, or lead out of the folder given.
	case !info.Mode().IsRegular():
		s.skip(skipSpecial, p)
	case named || transcript.Readable(p):
		s.Files = append(s.Files, p)
	case transcript.Refusal(p) != "":
		s.skip(skipXLS, p)
		s.refused = append(s.refused, &transcript.Error{File: p, Msg: transcript.Refusal(p)})
	default:
		s.skip(skipExtension, p)
	}
	return nil
}

// walk adds the files replylint reads under root, recursively in lexical
// order; hidden folders (.git, .idea) are left out.
func (s *fileSet) walk(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil && p == root:
			return &transcript.Error{File: root, Msg: pathError(err)}
		case err != nil:
			s.skip(skipUnreadable, p)
			return nil // WalkDir goes on with the next entry
		case p == root:
			return nil
		case d.IsDir() && strings.HasPrefix(d.Name(), "."):
			return filepath.SkipDir
		case d.IsDir() && s.excluded(p):
			s.skip(skipExcluded, p)
			return filepath.SkipDir
		case d.IsDir():
			return nil
		}
		return s.found(p, false)
	})
}

func (s *fileSet) skip(reason, p string) {
	s.Skipped[reason]++
	if reason == skipExtension {
		ext := strings.ToLower(filepath.Ext(p))
		if ext == "" {
			ext = "no extension"
		}
		s.exts[ext] = true
	}
	if _, ok := s.examples[reason]; !ok {
		s.examples[reason] = p
	}
}

// excluded says whether an --exclude pattern matches p: a pattern with no
// slash matches a file's or folder's own name at any depth (meta.json,
// *.bak, node_modules), one with a slash the path as walked (exports/**/old).
func (s *fileSet) excluded(p string) bool {
	slashed := strings.TrimPrefix(filepath.ToSlash(filepath.Clean(p)), "./")
	for _, pat := range s.exclude {
		pat = strings.TrimPrefix(pat, "./")
		target := slashed
		if !strings.Contains(pat, "/") {
			target = path.Base(slashed)
		}
		if matchPath(pat, target) {
			return true
		}
	}
	return false
}

// nothing is the error for arguments that name no file to read: it says
// what was left out and why, so a wrong extension or pattern shows.
func (s *fileSet) nothing(args []string) error {
	var why []string
	if n := s.Skipped[skipExtension]; n > 0 {
		exts := slices.Sorted(maps.Keys(s.exts))
		why = append(why, fmt.Sprintf("%s of a kind replylint does not read (%s)", output.Plural(n, "file"), strings.Join(exts, ", ")))
	}
	for _, r := range []struct{ reason, noun string }{
		{skipSpecial, "special file (a pipe, socket or device)"},
		{skipUnreadable, "unreadable path"},
		{skipExcluded, "excluded path"},
	} {
		if n := s.Skipped[r.reason]; n > 0 {
			why = append(why, fmt.Sprintf("%s, e.g. %s", output.Plural(n, r.noun), s.examples[r.reason]))
		}
	}
	if n := s.Skipped[skipXLS]; n > 0 {
		why = append(why, fmt.Sprintf("%s, e.g. %v", output.Plural(n, ".xls workbook"), s.refused[0]))
	}
	msg := "nothing to check in " + strings.Join(args, ", ")
	if len(why) == 0 {
		return errors.New(msg + ": no files")
	}
	return fmt.Errorf("%s: skipped %s", msg, strings.Join(why, "; "))
}

// noteRefused names on standard error the files a walk skipped though
// they look like exports (the first few), with what to do, so that none
// is left out silently; the summary counts them all.
func (s *fileSet) noteRefused(errOut io.Writer) {
	for i, e := range s.refused {
		if i == maxSkipNotes {
			fmt.Fprintf(errOut, "replylint: %s skipped\n", output.Plural(len(s.refused)-i, "more .xls workbook"))
			return
		}
		fmt.Fprintf(errOut, "replylint: skipped %v\n", e)
	}
}

// summary starts a run's summary with the files left out.
func (s *fileSet) summary() *lint.Summary {
	sum := lint.NewSummary()
	if len(s.Skipped) > 0 {
		sum.SkippedFiles = s.Skipped
	}
	return sum
}

// noMessages is the error for files that were read but held nothing to
// check: an empty export, a file of system prompts, every record bad.
func (s *fileSet) noMessages() error {
	names := slices.Clone(s.Files)
	for i, f := range names {
		if f == "-" {
			names[i] = batch.StdinName
		}
	}
	if len(names) > 3 {
		names = append(names[:3], "…")
	}
	return fmt.Errorf("nothing to check: no messages in %s", strings.Join(names, ", "))
}

// pathError words a file-system error without the path, which the caller
// puts in front.
func pathError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// hasMeta says whether a path has glob characters.
func hasMeta(p string) bool { return strings.ContainsAny(p, "*?[") }

// glob expands a pattern like filepath.Glob, and ** as any number of
// folders (none included): chats/**/*.jsonl. Hidden folders are left out of
// what ** crosses, as out of a walk.
func glob(pattern string) ([]string, error) {
	slashed := filepath.ToSlash(pattern)
	if _, err := path.Match(strings.ReplaceAll(slashed, "**", "*"), ""); err != nil {
		return nil, &transcript.Error{File: pattern, Msg: "bad pattern"}
	}
	if !strings.Contains(slashed, "**") {
		return filepath.Glob(pattern)
	}
	// Walk from the longest leading part without glob characters.
	parts := strings.Split(slashed, "/")
	n := 0
	for n < len(parts) && !hasMeta(parts[n]) {
		n++
	}
	base := strings.Join(parts[:n], "/")
	rest := strings.Join(parts[n:], "/")
	root := filepath.FromSlash(base)
	if base == "" {
		root = "."
	}
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // an unreadable folder matches nothing
		}
		if p == root {
			return nil
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		rel, _ := filepath.Rel(root, p)
		if matchPath(rest, filepath.ToSlash(rel)) {
			out = append(out, p)
			if d.IsDir() {
				return filepath.SkipDir // found() walks it
			}
		}
		return nil
	})
	return out, err
}

// matchPath matches a slash-separated path against a pattern whose
// segments are path.Match patterns or **, any number of segments. It keeps
// a row of which pattern prefixes match the name so far, so a pattern of
// many ** costs its length times the name's, never more.
func matchPath(pattern, name string) bool {
	pat, segs := strings.Split(pattern, "/"), strings.Split(name, "/")
	// ok[i]: pat[:i] matches the segments read so far.
	ok := make([]bool, len(pat)+1)
	ok[0] = true
	for i := 1; i <= len(pat) && pat[i-1] == "**"; i++ {
		ok[i] = true
	}
	next := make([]bool, len(pat)+1)
	for _, seg := range segs {
		clear(next)
		for i, p := range pat {
			switch {
			case p == "**":
				// ** takes this segment too, or pat[:i] ended before it.
				next[i+1] = ok[i+1] || ok[i] || next[i]
			case ok[i]:
				m, _ := path.Match(p, seg)
				next[i+1] = m
			}
		}
		ok, next = next, ok
	}
	return ok[len(pat)]
}
