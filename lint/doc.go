/*
Package lint checks Chinese customer-service replies against service
guidelines, as a library for Go programs: a chat tool, a ticket system or an
AI agent can check a draft before it is sent, and fix what is safe to fix.

Build a [Linter] once from a [Config] — the zero Config is the built-in
catalogue — and use it as often as needed. A Linter does not change after
[New] returns, so one Linter serves any number of goroutines at once:

	l, err := lint.New(lint.Config{})
	if err != nil {
		return err // a bad rule pack: the error names its file and line
	}
	for _, f := range l.CheckText("你好，可能一到两天到") {
		fmt.Println(f.Rule, f.Match, f.Suggestions) // honorific.nihao 你好 [您好] …
	}

The calls, from the simplest:

  - [Linter.CheckText] checks one draft reply: the whole text is the
    agent's message.
  - [Linter.CheckConversation] checks a [Conversation]: the agent's
    messages with the word rules (customer messages never), and the whole
    with the conversation rules (greeting, closing, response time, apology),
    which use [Message.Time] where it is set.
  - [Linter.Fix] applies every safe rewrite to a draft (你→您, 你好→您好,
    OK→好的 …) and returns the corrected text with the findings that remain,
    which need a person's or an agent's judgement (可能 → a concrete time).
    Fixing twice changes nothing the second time.
  - [Linter.FixConversation] does the same for the agent's messages of a
    conversation.
  - [Linter.CheckConversationContext] is CheckConversation that gives up
    when a context is done; [Linter.CheckConversationFunc] hands its
    findings to a callback instead of copying them out, for a caller that
    writes them out and forgets them (the HTTP server encodes its answer
    there).

A [Finding] says which rule broke where: Start and End are offsets in
Unicode code points (not bytes) into the message text, End exclusive, valid
when its Scope is ScopeSpan; Suggestions hold the approved phrasing, Edits
the changes a program can apply (the safe one is Fix's). A Finding marshals to the JSON of `replylint
check --format json`.

To change which rules run, set [Config.Severity] by rule id or category
(rules.Off switches one off), [Config.Allow] for words never flagged (a
brand name that contains 你), and [Config.Packs] for a team's own rules.

lint/transcript reads what a program has — drafts, chat logs, JSONL, JSON,
CSV and xlsx exports — into Conversations. The commands' own parts (the HTTP
API of `replylint serve`, the MCP and LSP servers, the formatters, the QA
report) live under internal/: they are the binary's, not this library's.
*/
package lint
