// Command echo is the baseline of bench/serve.sh: a bare net/http server
// that decodes a JSON body and encodes it back, on loopback only, for a
// bounded time.
package main

import (
	"encoding/json"
	"flag"
	"log"
	"net"
	"net/http"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:7879", "loopback address")
	life := flag.Duration("for", 10*time.Minute, "exit after this long")
	flag.Parse()
	if h, _, err := net.SplitHostPort(*addr); err != nil || !net.ParseIP(h).IsLoopback() {
		log.Fatalf("echo listens on loopback only, not %s", *addr)
	}
	time.AfterFunc(*life, func() { log.Fatal("time is up") })
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		var v any
		if err := json.NewDecoder(r.Body).Decode(&v); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(v)
	})
	log.Fatal(http.ListenAndServe(*addr, nil))
}
