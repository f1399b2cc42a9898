package lint

import "github.com/replylint/replylint/dict"

// conversationKinds maps the conversation rule kinds a pack may name to
// their builders.
var conversationKinds = map[string]dict.ConversationBuilder{}
