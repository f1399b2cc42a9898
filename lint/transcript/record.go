package transcript

import (
	"fmt"
	"strings"
)

// entry is one message of a structured export (a JSON object, a CSV or
// xlsx row) as its fields say it, before roles and times are read: every
// structured reader fills one in and turns it into a Message the same way.
type entry struct {
	text, role, agent, name, id, time string
	hasText                           bool
	// timeField names the time's field or column in messages; for JSON,
	// timeKey is the key instead, named only if the time is wrong.
	timeField, timeKey string
	line               int
}

// toMessage reads a record's role and time. ok is false for a message that
// is not a turn (a system notice) and for a malformed one passed over with
// --skip-bad.
func (rd *reader) toMessage(rec entry) (m Message, ok bool, err error) {
	agent := strings.TrimSpace(rec.agent)
	who := rd.recordSpeaker(rec.role, agent)
	if who.ignored {
		return m, false, nil
	}
	m = Message{ID: rec.id, Role: who.role, Speaker: who.name, Text: rec.text, Line: rec.line, Column: 1}
	m.Speaker = speakerName(m, agent, strings.TrimSpace(rec.name))
	if when := strings.TrimSpace(rec.time); when != "" {
		if m.Time, err = rd.parseTime(when); err != nil {
			where := rec.timeField
			if where == "" {
				where = fmt.Sprintf("field %q", rec.timeKey)
			}
			return m, false, rd.bad(rec.line, "%s: %v", where, err)
		}
	}
	return m, true, nil
}

// speakerName is who a record's message is attributed to: for the agent,
// the agent field (the id a scorecard counts by) before a display name;
// for anyone else, the display name before what the role field said. An
// unresolved speaker keeps its label, which the conversation resolves by.
func speakerName(m Message, agent, name string) string {
	switch {
	case m.Role == unresolved:
		return m.Speaker
	case m.Role == Agent && agent != "":
		return agent
	case name != "":
		return name
	}
	return m.Speaker
}
