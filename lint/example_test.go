package lint_test

import (
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/replylint/replylint/lint"
)

func ExampleLinter_CheckText() {
	// Build the linter once: it loads the catalogue and the segmenter's
	// dictionary. Then check as many replies as needed, from any goroutine.
	l, err := lint.New(lint.Config{})
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range l.CheckText("你好，这款可能一到两天到，OK的。") {
		fmt.Printf("%s %s [%d,%d) → %s\n", f.Rule, f.Match, f.Start, f.End, strings.Join(f.Suggestions, " / "))
	}
	// Output:
	// honorific.nihao 你好 [0,2) → 您好
	// hedge.maybe 可能 [5,7) → 预计… / 正常情况下… / 我帮您核实一下
	// english.ok OK [13,15) → 好的
}

func ExampleLinter_Fix() {
	l, err := lint.New(lint.Config{})
	if err != nil {
		log.Fatal(err)
	}
	fixed, remaining := l.Fix("你好，这款可能一到两天到，OK的！！")
	fmt.Println(fixed)
	// What is left needs judgement; its offsets point into fixed.
	for _, f := range remaining {
		fmt.Printf("%s %s at %d: %s\n", f.Rule, f.Match, f.Start, f.Message)
	}
	// Output:
	// 您好，这款可能一到两天到，好的！
	// hedge.maybe 可能 at 5: 避免模糊用语“可能”：请给出确定的答复
}

func ExampleLinter_CheckConversation() {
	l, err := lint.New(lint.Config{})
	if err != nil {
		log.Fatal(err)
	}
	at := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339, "2024-05-01T"+s+"+08:00")
		if err != nil {
			log.Fatal(err)
		}
		return t
	}
	c := &lint.Conversation{ID: "c1", Messages: []lint.Message{
		// The customer's words are never flagged.
		{Role: lint.Customer, Text: "你好，OK吗？", Time: at("10:00:00")},
		{Role: lint.Agent, Text: "您好，OK的，已经为您改好了。感谢您的耐心，祝您生活愉快！", Time: at("10:00:02")},
	}}
	for _, f := range l.CheckConversation(c) {
		fmt.Printf("turn %d: %s %s\n", f.Turn, f.Rule, f.Match)
	}
	// Output:
	// turn 2: english.ok OK
}
