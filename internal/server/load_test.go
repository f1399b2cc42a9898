package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// loadReplies are what the load test sends. Under load every answer must
// equal the one the same request gets alone, so that a mixed-up or
// corrupted answer is caught whatever the catalogue says.
var loadReplies = []struct{ path, body string }{
	{"/v1/check", `{"text": "呵呵，大哥，您这个可能一到两天，但是我不能保证。OK？"}`},
	{"/v1/check", `{"text": "您好，您的订单已经发货了，请注意查收。"}`},
	{"/v1/fix", `{"text": "你好，OK的，可能一到两天到！！"}`},
	{"/v1/check", `{"messages": [{"role": "user", "text": "你好，呵呵"}, {"role": "assistant", "text": "你好，这款迷你音箱有现货。"}]}`},
}

// soloAnswers returns each load reply's answer when sent on its own.
func soloAnswers(t testing.TB, client *http.Client, url string) []string {
	t.Helper()
	want := make([]string, len(loadReplies))
	for i, r := range loadReplies {
		b, err := loadOne(context.Background(), client, url+r.path, r.body)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte(`"rule"`)) && i != 1 {
			t.Fatalf("%s %s: no findings in %s; the load test needs replies with findings", r.path, r.body, b)
		}
		want[i] = string(b)
	}
	return want
}

// TestLoad sends thousands of concurrent requests to a server on loopback
// and requires every one to succeed with the right findings; it logs the
// latency percentiles (the figures, not an assertion: speed is measured,
// correctness is tested). Skipped with -short.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test: skipped with -short")
	}
	const (
		requests = 5000
		workers  = 64
	)
	srv := newTestServer(t, Options{})
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	defer client.CloseIdleConnections()
	want := soloAnswers(t, client, srv.URL)
	// A hang guard: a deadlocked server fails the test instead of stalling
	// the suite; it is not a speed requirement.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	latencies := make([]time.Duration, requests)
	errs := make(chan error, requests)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range jobs {
				r := loadReplies[i%len(loadReplies)]
				start := time.Now()
				got, err := loadOne(ctx, client, srv.URL+r.path, r.body)
				latencies[i] = time.Since(start)
				if err == nil && string(got) != want[i%len(loadReplies)] {
					err = fmt.Errorf("answer differs from the same request sent alone:\n got %s\nwant %s", got, want[i%len(loadReplies)])
				}
				if err != nil {
					errs <- fmt.Errorf("request %d (%s): %w", i, r.path, err)
				}
			}
		})
	}
	began := time.Now()
	for i := range requests {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	took := time.Since(began)
	close(errs)
	n := 0
	for err := range errs {
		if n++; n <= 5 {
			t.Error(err)
		}
	}
	if n > 0 {
		t.Fatalf("%d of %d requests failed", n, requests)
	}
	slices.Sort(latencies)
	pct := func(p float64) time.Duration { return latencies[int(p*float64(requests-1))] }
	t.Logf("%d requests, %d concurrent, in %v (%.0f req/s): p50 %v, p90 %v, p99 %v, max %v",
		requests, workers, took.Round(time.Millisecond), float64(requests)/took.Seconds(),
		pct(0.50), pct(0.90), pct(0.99), latencies[requests-1])
}

// loadOne posts body and returns the answer, which must be a 200.
func loadOne(ctx context.Context, client *http.Client, url, body string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d: %s", resp.StatusCode, b)
	}
	return b, nil
}

// BenchmarkCheckParallel measures POST /v1/check of a typical draft
// through the whole HTTP stack on loopback.
func BenchmarkCheckParallel(b *testing.B) {
	srv := newTestServer(b, Options{})
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	defer client.CloseIdleConnections()
	r := loadReplies[0]
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := loadOne(context.Background(), client, srv.URL+r.path, r.body); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkHandler is one POST /v1/check through the handler alone, no
// network: the JSON path (read, decode, check, summary, encode) whose
// allocations and CPU a request the open loop of bench/serve.sh feels.
// The request is made with http.NewRequest, not httptest.NewRequest,
// whose parsing of a request line (a 4 KB reader each time) is net/http's
// work in a server and was half of what the benchmark allocated.
func BenchmarkHandler(b *testing.B) {
	h := benchHandler(b)
	for _, body := range handlerBodies {
		b.Run(body.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				serveOne(b, h, body.body)
			}
		})
	}
}

// BenchmarkHandlerCold is BenchmarkHandler with the caches a live server's
// handler finds. Between two requests on a loopback server the kernel's
// network path, net/http and the client run on the same cores, so the
// handler starts with little of its code and data in the nearest caches;
// in bench/serve.sh it costs about twice its BenchmarkHandler time. Before
// each request this writes over a buffer the size of a core's L2 (1 MiB
// here: BENCH_EVICT_KB sets another size), and handler-ns/op is the time
// of the requests alone. Work that shrinks what a request touches shows
// here and not in BenchmarkHandler.
func BenchmarkHandlerCold(b *testing.B) {
	h := benchHandler(b)
	evict := make([]byte, evictSize(b))
	for _, body := range handlerBodies[:2] {
		b.Run(body.name, func(b *testing.B) {
			b.ReportAllocs()
			var in time.Duration
			for b.Loop() {
				for i := 0; i < len(evict); i += 64 {
					evict[i]++
				}
				t0 := time.Now()
				serveOne(b, h, body.body)
				in += time.Since(t0)
			}
			b.ReportMetric(float64(in.Nanoseconds())/float64(b.N), "handler-ns/op")
		})
	}
}

// evictSize is BenchmarkHandlerCold's buffer in bytes.
func evictSize(b *testing.B) int {
	kb := 1 << 10
	if s := os.Getenv("BENCH_EVICT_KB"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			b.Fatalf("BENCH_EVICT_KB=%q: want a size in KiB", s)
		}
		kb = n
	}
	return kb << 10
}

// handlerBodies are the handler benchmarks' requests: the load
// generator's (bench/serve/load), and three of the load test's.
var handlerBodies = []struct{ name, body string }{
	{"bench", `{"text":"您好，这个可能一到两天到，OK的话我帮您登记。"}`},
	{"hits", loadReplies[0].body},
	{"clean", loadReplies[1].body},
	{"messages", loadReplies[3].body},
}

// benchHandler is the API handler of the test linter, with its word list
// loaded whole, as a server's is within its first second (Linter.Warm).
func benchHandler(b *testing.B) http.Handler {
	l, err := testLinter()
	if err != nil {
		b.Fatal(err)
	}
	l.Warm()
	return New(l, Options{})
}

// serveOne posts body to /v1/check through h and fails b on an answer
// other than 200.
func serveOne(b *testing.B, h http.Handler, body string) {
	req, err := http.NewRequest(http.MethodPost, "/v1/check", strings.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		b.Fatalf("%d %s", w.Code, w.Body)
	}
}
