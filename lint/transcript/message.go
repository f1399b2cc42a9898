package transcript

import "time"

// Role says who wrote a message. Only the agent's words are checked by word rules.
type Role string

// The roles replylint tells apart. A bot speaks for the company, so the
// word rules check its turns as they check the agent's; but its turns are
// no agent's in scorecards and are not the agent's greeting or closing.
const (
	Agent    Role = "agent"
	Customer Role = "customer"
	Bot      Role = "bot"
)

// DefaultRoleWords are the words that name the agent and the customer in
// transcripts, as INTERFACE.md lists them. The input readers and the
// catalogue's conversation examples both read roles with them.
func DefaultRoleWords() (agent, customer []string) {
	// 客户经理, 客户专员 and 客户顾问 are staff titles that begin with the
	// customer's word: as longer role words they win over 客户.
	return []string{"客服", "客服代表", "坐席", "卖家", "商家", "客户经理", "客户专员", "客户顾问", "agent", "assistant"},
		[]string{"客户", "顾客", "买家", "用户", "访客", "游客", "customer", "user", "visitor", "guest"}
}

// DefaultBotWords are the words that name a bot or the platform speaking
// for the company in transcripts.
func DefaultBotWords() []string {
	return []string{"机器人", "智能客服", "智能助手", "自动回复", "系统", "bot", "robot", "chatbot"}
}

// Message is one turn of a conversation, or a whole draft.
type Message struct {
	ID      string
	Role    Role
	Speaker string // who wrote it as the input names them (客服小妮, an agent id)
	Text    string
	Time    time.Time // zero when the input has no time
	// Line and Column (1-based, column in code points) are where Text starts
	// in the input file; zero when unknown.
	Line, Column int
	// Verbatim is true when Text stands in the file exactly as written from
	// Line:Column, so the position of any offset in it can be computed. JSON
	// and CSV fields with escapes are not verbatim: their findings point at
	// the record.
	Verbatim bool
}

// Conversation is a run of messages between an agent and a customer. A
// draft is a conversation of one agent message.
type Conversation struct {
	File     string
	ID       string
	Messages []Message
	// Draft is true when the text is its author's own — a draft reply or
	// a template file, not a transcript of what an agent and a customer
	// said — so inline directives in it apply (see lint.Config.NoInline).
	Draft bool
	// InProgress marks a conversation that has not ended: the history plus
	// a draft, checked before sending. Rules that judge the end (a missing
	// closing) skip it.
	InProgress bool
}

// Position returns the file line and column of rune offset off in m.Text.
func (m *Message) Position(off int) (line, col int) {
	if !m.Verbatim || m.Line == 0 {
		return m.Line, m.Column
	}
	line, col = m.Line, m.Column
	i := 0
	for _, r := range m.Text {
		if i == off {
			break
		}
		i++
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}
