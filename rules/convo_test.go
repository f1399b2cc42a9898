package rules

import (
	"testing"
	"time"
)

func clock(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse("15:04:05", s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func TestElapsed(t *testing.T) {
	dated := func(s string) time.Time {
		tm, err := time.Parse(time.DateTime, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	cases := []struct {
		name     string
		from, to time.Time
		want     time.Duration
		ok       bool
	}{
		{"same day", clock(t, "10:00:00"), clock(t, "10:00:03"), 3 * time.Second, true},
		{"past midnight without dates", clock(t, "23:59:50"), clock(t, "00:00:10"), 20 * time.Second, true},
		{"seed 003 结束语 第二组, taken as written", clock(t, "13:45:00"), clock(t, "15:45:03"), 2*time.Hour + 3*time.Second, true},
		{"dated, in order across midnight", dated("2024-05-01 23:59:50"), dated("2024-05-02 00:00:10"), 20 * time.Second, true},
		{"dated records out of order are not measured", dated("2024-05-01 10:00:10"), dated("2024-05-01 10:00:00"), 0, false},
		{"no time", time.Time{}, clock(t, "10:00:00"), 0, false},
	}
	for _, c := range cases {
		got, ok := elapsed(c.from, c.to)
		if got != c.want || ok != c.ok {
			t.Errorf("%s: elapsed = %v, %v; want %v, %v", c.name, got, ok, c.want, c.ok)
		}
	}
}

func TestChineseDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		3 * time.Second:                 "3秒",
		90 * time.Second:                "1分30秒",
		2*time.Hour + 3*time.Second:     "2小时3秒",
		time.Hour:                       "1小时",
		0:                               "0秒",
		1500 * time.Millisecond:         "2秒",
		2*time.Hour + 5*time.Minute + 0: "2小时5分钟",
		time.Minute:                     "1分钟",
	} {
		if got := chineseDuration(d); got != want {
			t.Errorf("chineseDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

// TestLateReplies checks which limit applies and where a wait is measured
// from: the agent's first turn gets the first-reply limit, every later one
// the other, and a wait starts at the first unanswered customer turn.
func TestLateReplies(t *testing.T) {
	turn := func(agent bool, at string) Turn {
		tr := Turn{Agent: agent}
		if at != "" {
			tr.Time = clock(t, at)
		}
		return tr
	}
	turns := []Turn{
		turn(false, "10:00:00"),
		turn(true, "10:00:04"), // first reply, 4 s > 3 s
		turn(false, "10:01:00"),
		turn(false, "10:01:50"),
		turn(true, "10:02:10"), // 70 s from 10:01:00, not 20 s from 10:01:50
		turn(false, "10:03:00"),
		turn(true, "10:03:59"), // 59 s: on time
		turn(false, ""),
		turn(true, "10:10:00"), // the question has no time: nothing to measure
	}
	got := lateReplies(turns, 3*time.Second, 60*time.Second)
	want := []lateReply{
		{Agent: 1, Customer: 0, Wait: 4 * time.Second, Limit: 3 * time.Second},
		{Agent: 4, Customer: 2, Wait: 70 * time.Second, Limit: 60 * time.Second},
	}
	if len(got) != len(want) {
		t.Fatalf("late replies %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("late reply %d = %+v, want %+v", i, got[i], want[i])
		}
	}

	// An agent who opens the conversation has spoken: the answer to the
	// customer's first question is a later reply, allowed 60 s.
	opened := []Turn{turn(true, "10:00:00"), turn(false, "10:00:05"), turn(true, "10:00:30")}
	if got := lateReplies(opened, 3*time.Second, 60*time.Second); len(got) != 0 {
		t.Errorf("agent opened, answered in 25 s: got late replies %+v", got)
	}
}
