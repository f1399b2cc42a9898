package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"
)

// loadReplies are what the load test sends, with the rules each must
// report, so that a mixed-up or corrupted answer under load is caught.
var loadReplies = []struct {
	path, body string
	want       []string
}{
	{"/v1/check", `{"text": "呵呵，大哥，您这个可能一到两天，但是我不能保证。OK？"}`,
		[]string{"interjection.laugh", "address.familiar", "hedge.maybe", "contrast.but", "negative.cannot", "overpromise.guarantee", "english.ok"}},
	{"/v1/check", `{"text": "您好，您的订单已经发货了，请注意查收。"}`, nil},
	{"/v1/fix", `{"text": "你好，OK的，可能一到两天到！！"}`, []string{"hedge.maybe"}},
	{"/v1/check", `{"messages": [{"role": "user", "text": "你好，呵呵"}, {"role": "assistant", "text": "你好，这款迷你音箱有现货。"}]}`,
		[]string{"honorific.nihao"}},
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
				err := loadOne(ctx, client, srv.URL+r.path, r.body, r.want)
				latencies[i] = time.Since(start)
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

func loadOne(ctx context.Context, client *http.Client, url, body string, want []string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader([]byte(body)))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %s", resp.StatusCode, b)
	}
	var got struct{ Findings []wireFinding }
	if err := json.Unmarshal(b, &got); err != nil {
		return err
	}
	var rules []string
	for _, f := range got.Findings {
		if f.Start != nil {
			rules = append(rules, f.Rule)
		}
	}
	if !slices.Equal(rules, want) {
		return fmt.Errorf("word findings %v, want %v", rules, want)
	}
	return nil
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
			if err := loadOne(context.Background(), client, srv.URL+r.path, r.body, r.want); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
