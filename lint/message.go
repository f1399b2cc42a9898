package lint

import "github.com/replylint/replylint/lint/transcript"

// The transcript types live in lint/transcript, a leaf package that the
// readers, the engine and the example runner all share; these aliases keep
// lint.Message and friends the same types under their old names.
type (
	// Role says who wrote a message.
	Role = transcript.Role
	// Message is one turn of a conversation, or a whole draft.
	Message = transcript.Message
	// Conversation is a run of messages between an agent and a customer.
	Conversation = transcript.Conversation
)

// The roles replylint tells apart.
const (
	Agent    = transcript.Agent
	Customer = transcript.Customer
	Bot      = transcript.Bot
)
