package transcript

import "strings"

// field is one thing a structured record (a JSON object, a CSV or xlsx
// row) can say about a message.
type field int

const (
	fText field = iota
	fRole
	fConv
	fTime
	fAgent // the conversation's agent: who the agent is, across nicknames
	fName  // the speaker's display name, whatever the role
	fID
	nFields
)

// fieldNames is the one table of the names exports give each field, for
// every structured reader alike: a JSON key and a CSV or xlsx header are
// matched after normKey, so "Session-ID", "session_id" and "sessionid" are
// one name. The first match in this order wins where a record has several.
// It is read-only: a fixed table, never written after package initialisation.
var fieldNames = [nFields][]string{
	fText:  {"text", "content", "message", "内容", "消息内容", "聊天内容", "消息", "文本", "回复内容", "对话内容", "回复", "body", "reply", "msg"},
	fRole:  {"role", "speaker", "sender", "from", "author", "角色", "发送方", "发送者", "发送人", "身份", "发言人", "说话人", "发送方身份", "角色类型", "sender_type"},
	fConv:  {"conversation", "conversation_id", "session_id", "session", "chat_id", "dialog_id", "thread", "thread_id", "会话id", "会话编号", "会话", "会话号", "对话id", "对话编号"},
	fTime:  {"time", "timestamp", "created_at", "datetime", "sent_at", "date", "时间", "发送时间", "消息时间", "日期时间"},
	fAgent: {"agent", "agent_id", "agent_name", "客服", "客服昵称", "客服名称", "客服账号", "客服id", "客服工号", "坐席", "坐席工号", "子账号"},
	fName:  {"name", "nickname", "昵称", "发送者昵称", "用户昵称"},
	fID:    {"id", "message_id", "msg_id", "消息id", "消息编号"},
}

// fieldFlags are the command-line flags that name a CSV or xlsx column.
// It is read-only: a fixed table, never written after package initialisation.
var fieldFlags = [nFields]string{
	fText: "--text-col", fRole: "--role-col", fConv: "--conversation-col",
	fTime: "--time-col", fAgent: "--agent-col",
}

// normKey folds the differences between exports' spellings of a name:
// case, spaces, _, - and dots.
func normKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if !strings.ContainsAny(s, " _-.\u3000") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(" _-.\u3000", r) {
			return -1
		}
		return r
	}, s)
}

// normNames is fieldNames after normKey, for matching.
// It is read-only: a fixed table, never written after package initialisation.
var normNames = func() (t [nFields][]string) {
	for f, names := range fieldNames {
		for _, n := range names {
			t[f] = append(t[f], normKey(n))
		}
	}
	return t
}()

// Keys the JSON readers read besides the fields.
const (
	keyMessages  = "messages"
	keyToolCalls = "toolcalls"
	keyType      = "type"
)

// keyInfo is what the JSON readers know of a key: its normalised form,
// the field it names (-1: none) and its place among the field's names, and
// its bit in object.seen (-1 for a key no reader reads).
type keyInfo struct {
	norm      string
	field     field
	rank, bit int
}

// knownBits is the most keys knownKeys can number (object.seen).
const knownBits = 128

// knownKeys maps a key as written (and as normalised) to what the readers
// know of it, so the JSON fast path reads the usual keys without
// allocating or normalising.
// It is read-only: a fixed table, never written after package initialisation.
var knownKeys = func() map[string]keyInfo {
	ks := map[string]keyInfo{}
	bits := 0
	add := func(n string, f field, rank int) {
		k := normKey(n)
		info, ok := ks[k]
		if !ok {
			if bits == knownBits {
				panic("transcript: more known keys than object.seen holds")
			}
			info = keyInfo{norm: k, field: f, rank: rank, bit: bits}
			bits++
		}
		ks[n], ks[k] = info, info
		if n[0] < 0x80 {
			ks[strings.ToUpper(n[:1])+n[1:]] = info // Text, Role …
		}
	}
	for f, names := range fieldNames {
		for rank, n := range names {
			add(n, field(f), rank)
		}
	}
	for _, n := range []string{"messages", "tool_calls", "type"} {
		add(n, -1, 0)
	}
	return ks
}()

// keyInfoOf is knownKeys' entry for a normalised key, or one that names
// no field.
func keyInfoOf(k string) keyInfo {
	if info, ok := knownKeys[k]; ok {
		return info
	}
	return keyInfo{norm: k, field: -1, bit: -1}
}
