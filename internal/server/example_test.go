package server_test

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/replylint/replylint/internal/server"
	"github.com/replylint/replylint/lint"
)

// A chat tool embeds the API in its own HTTP server, or runs `replylint
// serve`; both answer the same JSON.
func ExampleNew() {
	l, err := lint.New(lint.Config{})
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(server.New(l, server.Options{}))
	defer srv.Close()

	resp, err := http.Post(srv.URL+"/v1/fix", "application/json", strings.NewReader(`{"text": "你好，可能明天到，OK的"}`))
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	var fixed server.FixResponse
	if err := json.NewDecoder(resp.Body).Decode(&fixed); err != nil {
		log.Fatal(err)
	}
	fmt.Println(*fixed.Text)
	for _, f := range fixed.Findings {
		fmt.Println(f.Rule, f.Match, f.Start, f.End)
	}
	// Output:
	// 您好，可能明天到，好的
	// hedge.maybe 可能 3 5
}
