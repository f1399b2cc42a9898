// Package rules holds the kinds of rule replylint knows (lexicon, pattern,
// whole-reply and conversation rules) and the Text they run on. A rule in the
// catalogue is data that names one of these kinds; see package dict.
package rules

import (
	"fmt"
	"strings"
)

// Severity orders findings; --fail-on compares against it.
type Severity int

// Severities from least to most serious. Off is a rule switched off.
const (
	Off Severity = iota
	Info
	Warning
	Error
)

// It is read-only: a fixed table, never written after package initialisation.
var severityNames = [...]string{Off: "off", Info: "info", Warning: "warning", Error: "error"}

func (s Severity) String() string {
	if s < Off || s > Error {
		return fmt.Sprintf("Severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity reads "off", "info", "warning" or "error" (any case).
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(s, n) {
			return Severity(i), nil
		}
	}
	return Off, fmt.Errorf("unknown severity %q (want off, info, warning or error)", s)
}

// MarshalText writes the severity's name, as the JSON schema wants.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
