// Command load drives an HTTP JSON endpoint for bench/serve.sh, loopback
// only, for a bounded time, over a fixed pool of keep-alive connections
// that is the same whichever server it drives:
//
//   - open loop (-rate): request i is due at start + i/rate whatever the
//     answers do. Each of -conns workers owns one connection and takes the
//     next due request when its last one is answered; a request sent after
//     its due time (every connection was busy) is late, and its latency is
//     counted from the due time, not from when it could be sent, so that a
//     server that falls behind is charged for the queue it causes
//     (coordinated omission, as wrk2 measures it).
//   - closed loop (-c): c workers, one connection each, each sending its
//     next request when the last is answered; this is the capacity.
//
// It prints one line of key=value figures: p50, p99, p999 and max latency,
// throughput, answered, errors (not 200, by status), late requests, the
// connections used, and its own CPU time per answered request (on a
// machine the generator shares with the server, the closed loop's
// throughput follows the two's CPU a request together).
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
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// lateAfter is how far past its due time a request may be sent and still
// count as on time: the scheduler's own jitter (a sleep's wake-up on Linux),
// not the server's doing.
const lateAfter = time.Millisecond

type config struct {
	target string
	rate   int
	conns  int
	dur    time.Duration
	body   []byte
}

func main() {
	cfg, err := parseFlags()
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(2)
	}
	// net/http's client logs, through the standard logger, every 503 that
	// a server over its --max-conns sends on a connection before reading
	// a request; those answers are counted as errors, not printed.
	log.SetOutput(io.Discard)
	client := newClient(cfg.conns)
	rec := &recorder{errs: map[string]int{}}
	start, cpu0 := time.Now(), cpuSeconds()
	if cfg.rate > 0 {
		openLoop(cfg, client, rec, start)
	} else {
		closedLoop(cfg, client, rec, start)
	}
	fmt.Println(rec.report(time.Since(start), cfg.conns, cpuSeconds()-cpu0))
}

func parseFlags() (*config, error) {
	target := flag.String("url", "http://127.0.0.1:7878/v1/check", "endpoint (loopback)")
	rate := flag.Int("rate", 0, "open loop: requests a second (0: closed loop)")
	workers := flag.Int("c", 1, "closed loop: concurrent workers, one connection each")
	conns := flag.Int("conns", 0, "open loop: keep-alive connections (0: rate/100, within 4…64)")
	dur := flag.Duration("d", 10*time.Second, "how long to send (at most 2m)")
	body := flag.String("body", `{"text":"您好，这个可能一到两天到，OK的话我帮您登记。"}`, "request body")
	flag.Parse()
	u, err := url.Parse(*target)
	if err != nil || !net.ParseIP(u.Hostname()).IsLoopback() {
		return nil, fmt.Errorf("load drives loopback only, not %s", *target)
	}
	cfg := &config{target: *target, rate: *rate, conns: *workers, dur: min(*dur, 2*time.Minute), body: []byte(*body)}
	if cfg.rate > 0 {
		cfg.conns = openConns(cfg.rate, *conns)
	}
	if cfg.conns <= 0 {
		return nil, fmt.Errorf("-c %d: want at least one worker", cfg.conns)
	}
	return cfg, nil
}

// openConns sizes the open loop's pool: enough connections that a
// request of up to 10 ms on each keeps up with the rate, and no more than
// replylint serve's default --max-in-flight (64), so that a burst after a
// stall queues here, in the client, rather than being refused there.
func openConns(rate, asked int) int {
	if asked > 0 {
		return asked
	}
	return min(max(rate/100, 4), 64)
}

// newClient keeps exactly conns connections: a request that finds all
// of them busy waits for one instead of dialling another.
func newClient(conns int) *http.Client {
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		MaxConnsPerHost:     conns,
		MaxIdleConnsPerHost: conns,
		MaxIdleConns:        conns,
		IdleConnTimeout:     5 * time.Minute,
		DisableCompression:  true,
	}}
}

func openLoop(cfg *config, client *http.Client, rec *recorder, start time.Time) {
	interval := time.Second / time.Duration(cfg.rate)
	total := int64(cfg.dur / interval)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range cfg.conns {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < total; i = next.Add(1) - 1 {
				due := start.Add(time.Duration(i) * interval)
				time.Sleep(time.Until(due))
				late := time.Since(due) > lateAfter
				rec.add(send(client, cfg.target, cfg.body), time.Since(due), late)
			}
		})
	}
	wg.Wait()
}

func closedLoop(cfg *config, client *http.Client, rec *recorder, start time.Time) {
	var wg sync.WaitGroup
	for range cfg.conns {
		wg.Go(func() {
			for time.Since(start) < cfg.dur {
				t0 := time.Now()
				rec.add(send(client, cfg.target, cfg.body), time.Since(t0), false)
			}
		})
	}
	wg.Wait()
}

// send posts body and reads the whole answer, so that the connection is
// reused; it returns "" for a 200, otherwise what went wrong.
func send(client *http.Client, target string, body []byte) string {
	resp, err := client.Post(target, "application/json", bytes.NewReader(body))
	if err != nil {
		return "transport"
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	switch {
	case err != nil:
		return "body"
	case resp.StatusCode != http.StatusOK:
		return fmt.Sprint(resp.StatusCode)
	}
	return ""
}

// recorder collects the latencies of the answered requests and counts the
// rest by what went wrong.
type recorder struct {
	mu   sync.Mutex
	lat  []time.Duration
	errs map[string]int
	late int
}

func (r *recorder) add(failure string, d time.Duration, late bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if late {
		r.late++
	}
	if failure != "" {
		r.errs[failure]++
		return
	}
	r.lat = append(r.lat, d)
}

func (r *recorder) report(elapsed time.Duration, conns int, cpu float64) string {
	slices.Sort(r.lat)
	q := func(p float64) float64 {
		if len(r.lat) == 0 {
			return 0
		}
		return float64(r.lat[int(p*float64(len(r.lat)-1))].Microseconds()) / 1000
	}
	errs, kinds := 0, []string{}
	for k, n := range r.errs {
		errs += n
		kinds = append(kinds, fmt.Sprintf("%s:%d", k, n))
	}
	slices.Sort(kinds)
	if len(kinds) == 0 {
		kinds = append(kinds, "none")
	}
	perReq := 0.0
	if len(r.lat) > 0 {
		perReq = cpu * 1000 / float64(len(r.lat))
	}
	return fmt.Sprintf("p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f rps=%.0f ok=%d errors=%d late=%d conns=%d errors_by=%s client_cpu_ms_per_req=%.3f",
		q(0.5), q(0.99), q(0.999), q(1), float64(len(r.lat))/elapsed.Seconds(), len(r.lat), errs, r.late, conns, strings.Join(kinds, ","), perReq)
}
