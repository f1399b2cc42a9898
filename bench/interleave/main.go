// Command interleave times whole processes the way bench/latency.sh needs
// on a machine other sessions load: the commands take turns, one run of
// each per round, so that a change of load falls on all of them alike, and
// each run's CPU time (user + sys), minor page faults and peak RSS are
// read from the kernel's accounting of that child (wait4's rusage), not
// sampled. It prints, for each command, the medians over the rounds:
//
//	go run ./bench/interleave -runs 40 -warmup 5 'version=./replylint version' 'clean=./replylint check clean.txt'
//	name	wall_ms	cpu_ms	faults	rss_mb
//	version	11.2	10.9	1160	15.6
//	clean	20.3	19.1	2080	20.8
//
// A command is NAME=ARGS, the arguments split at spaces (no shell: what
// is timed is the command alone). Its standard output is discarded; a
// command that fails stops the run, with its standard error.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	runs := flag.Int("runs", 40, "rounds timed")
	warmup := flag.Int("warmup", 5, "rounds run first and not timed (page cache, CPU frequency)")
	flag.Parse()
	cmds, err := parseCommands(flag.Args())
	if err == nil {
		err = run(cmds, *runs, *warmup, os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "interleave:", err)
		os.Exit(2)
	}
}

type command struct {
	name string
	args []string
}

func parseCommands(specs []string) ([]command, error) {
	if len(specs) == 0 {
		return nil, errors.New("no command (NAME=ARGS …)")
	}
	var cmds []command
	for _, s := range specs {
		name, line, ok := strings.Cut(s, "=")
		args := strings.Fields(line)
		if !ok || name == "" || len(args) == 0 {
			return nil, fmt.Errorf("%q: want NAME=ARGS", s)
		}
		cmds = append(cmds, command{name, args})
	}
	return cmds, nil
}

// sample is one run of a command.
type sample struct {
	wall, cpu time.Duration
	faults    int64
	rssKB     int64
}

func run(cmds []command, runs, warmup int, out io.Writer) error {
	samples := make([][]sample, len(cmds))
	for round := range warmup + runs {
		for i, c := range cmds {
			s, err := once(c)
			if err != nil {
				return err
			}
			if round >= warmup {
				samples[i] = append(samples[i], s)
			}
		}
	}
	fmt.Fprintln(out, "name\twall_ms\tcpu_ms\tfaults\trss_mb")
	for i, c := range cmds {
		ss := samples[i]
		fmt.Fprintf(out, "%s\t%.2f\t%.2f\t%d\t%.1f\n", c.name,
			ms(median(ss, func(s sample) time.Duration { return s.wall })),
			ms(median(ss, func(s sample) time.Duration { return s.cpu })),
			median(ss, func(s sample) int64 { return s.faults }),
			float64(slices.MaxFunc(ss, func(a, b sample) int { return int(a.rssKB - b.rssKB) }).rssKB)/1024)
	}
	return nil
}

// once runs c and reads its rusage.
func once(c command) (sample, error) {
	cmd := exec.Command(c.args[0], c.args[1:]...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return sample{}, fmt.Errorf("%s: %v: %s", c.name, err, stderr.Bytes())
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return sample{}, errors.New("no rusage on this system")
	}
	return sample{
		wall:   wall,
		cpu:    cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(),
		faults: ru.Minflt,
		rssKB:  ru.Maxrss, // KB on Linux
	}, nil
}

func median[T int64 | time.Duration](ss []sample, f func(sample) T) T {
	vs := make([]T, len(ss))
	for i, s := range ss {
		vs[i] = f(s)
	}
	slices.Sort(vs)
	if len(vs) == 0 {
		return 0
	}
	return vs[len(vs)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
