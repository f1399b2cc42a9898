// Command load drives an HTTP JSON endpoint for bench/serve.sh, loopback
// only, for a bounded time: open loop (-rate: requests start at a constant
// rate whatever the answers do, so queueing shows in the latency) or
// closed loop (-c workers, each sending its next request when the last is
// answered). It prints one line: p50, p99, throughput and errors.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"
)

func main() {
	target := flag.String("url", "http://127.0.0.1:7878/v1/check", "endpoint (loopback)")
	rate := flag.Int("rate", 0, "open loop: requests a second (0: closed loop)")
	workers := flag.Int("c", 1, "closed loop: concurrent workers")
	dur := flag.Duration("d", 10*time.Second, "how long to send (at most 2m)")
	body := flag.String("body", `{"text":"您好，这个可能一到两天到，OK的话我帮您登记。"}`, "request body")
	flag.Parse()
	u, err := url.Parse(*target)
	if err != nil || !net.ParseIP(u.Hostname()).IsLoopback() {
		log.Fatalf("load drives loopback only, not %s", *target)
	}
	*dur = min(*dur, 2*time.Minute)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 4096, MaxIdleConns: 4096}}
	var mu sync.Mutex
	var lat []time.Duration
	errs := 0
	one := func() {
		t0 := time.Now()
		resp, err := client.Post(*target, "application/json", bytes.NewReader([]byte(*body)))
		ok := err == nil
		if ok {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			ok = resp.StatusCode == 200
		}
		d := time.Since(t0)
		mu.Lock()
		if ok {
			lat = append(lat, d)
		} else {
			errs++
		}
		mu.Unlock()
	}
	start := time.Now()
	var wg sync.WaitGroup
	if *rate > 0 {
		interval := time.Second / time.Duration(*rate)
		for i := 0; ; i++ {
			next := start.Add(time.Duration(i) * interval)
			if next.Sub(start) >= *dur {
				break
			}
			time.Sleep(time.Until(next))
			wg.Go(one)
		}
	} else {
		for range *workers {
			wg.Go(func() {
				for time.Since(start) < *dur {
					one()
				}
			})
		}
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	q := func(p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000
	}
	fmt.Printf("p50_ms=%.3f p99_ms=%.3f rps=%.0f ok=%d errors=%d\n", q(0.5), q(0.99), float64(len(lat))/elapsed.Seconds(), len(lat), errs)
}
