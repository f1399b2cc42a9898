// Package input reads what `replylint check` is given — drafts, chat logs,
// JSONL/JSON/CSV exports — into conversations, streaming, one conversation
// at a time.
package input

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/replylint/replylint/lint"
)

// Options say how to read a file.
type Options struct {
	// Format is auto, text, chat, jsonl, json or csv.
	Format string
}

// Formats lists the names Options.Format accepts.
var Formats = []string{"auto", "text", "chat", "jsonl", "json", "csv"}

// Error is malformed input: it names the file and line.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Read parses r (named name in messages) and calls fn for every
// conversation in order.
func Read(name string, r io.Reader, opts Options, fn func(*lint.Conversation) error) error {
	format := opts.Format
	if format == "" || format == "auto" {
		format = detect(name)
	}
	switch format {
	case "text":
		return readText(name, r, fn)
	case "jsonl":
		return readJSONL(name, r, fn)
	}
	return fmt.Errorf("%s: input format %q is not supported yet", name, format)
}

func detect(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jsonl", ".ndjson":
		return "jsonl"
	case ".json":
		return "json"
	case ".csv":
		return "csv"
	}
	return "text"
}

// readText reads a whole draft as one agent message.
func readText(name string, r io.Reader, fn func(*lint.Conversation) error) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := checkText(name, data); err != nil {
		return err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	return fn(&lint.Conversation{File: name, Messages: []lint.Message{{
		Role: lint.Agent, Text: string(data), Line: 1, Column: 1, Verbatim: true,
	}}})
}

// checkText refuses binary and non-UTF-8 input with the line it fails on.
func checkText(name string, data []byte) error {
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 || r == 0 {
			return &Error{File: name, Line: line, Msg: "not UTF-8 text (a binary file, or another encoding)"}
		}
		if r == '\n' {
			line++
		}
		i += size
	}
	return nil
}

// Expand turns command-line arguments into the files to read: files as
// given, folders walked recursively for the extensions replylint reads,
// globs expanded. "-" is standard input.
func Expand(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		if a == "-" {
			out = append(out, a)
			continue
		}
		matches := []string{a}
		if strings.ContainsAny(a, "*?[") {
			m, err := filepath.Glob(a)
			if err != nil {
				return nil, fmt.Errorf("%s: bad pattern: %w", a, err)
			}
			if len(m) == 0 {
				return nil, fmt.Errorf("%s: no files match", a)
			}
			matches = m
		}
		for _, p := range matches {
			info, err := os.Stat(p)
			if err != nil {
				return nil, err
			}
			if !info.IsDir() {
				out = append(out, p)
				continue
			}
			err = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if !d.IsDir() && Readable(path) {
					out = append(out, path)
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// Readable reports whether a file found in a folder is one replylint reads.
func Readable(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt", ".log", ".chat", ".jsonl", ".ndjson", ".json", ".csv":
		return true
	}
	return false
}
