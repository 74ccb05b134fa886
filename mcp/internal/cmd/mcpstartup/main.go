// Command mcpstartup measures the altegio-mcp binary's startup over stdio,
// as an MCP client sees it (issue 17; scripts/bench-mcp.sh runs it):
//
//   - startup: from spawning the process to reading its complete answer
//     to initialize (the request is written at once, so it waits in the
//     pipe while the process starts);
//   - tools/list: the round trip of the first tools/list after it, and
//     the size in bytes of its JSON-RPC response on the wire (one line,
//     without the newline), with protocol version 2025-11-25 (2026-07-28
//     adds resultType and the server's info to every result);
//   - peak RSS: the process's VmHWM from /proc after that tools/list
//     (Linux; "-" elsewhere).
//
// Each run spawns every mode once, in an order that rotates from run to
// run, so the modes interleave: the server as it starts by default, with
// --tools=all --allow-writes, and a baseline, this program itself as a
// null server (a Go process that answers initialize with a fixed line),
// for the cost of spawning a Go binary and one round trip on this
// machine. The report, a markdown table, goes to stdout.
//
// Usage:
//
//	go build -o /tmp/mcpstartup ./internal/cmd/mcpstartup
//	/tmp/mcpstartup -bin /tmp/altegio-mcp [-n 20]
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

// nullEnv, set in the environment, makes the program a null server.
const nullEnv = "MCPSTARTUP_NULL_SERVER"

// The requests, one JSON-RPC message a line as the stdio transport has them.
const (
	initialize  = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"mcpstartup","version":"1"}}}`
	initialized = `{"jsonrpc":"2.0","method":"notifications/initialized"}`
	toolsList   = `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`
	nullAnswer  = `{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-11-25","capabilities":{},"serverInfo":{"name":"null","version":"1"}}}`
)

// mode is one way of starting a server.
type mode struct {
	name string
	args []string
	null bool // the baseline: no tools/list
}

// sample is what one run of a mode measured.
type sample struct {
	startup, list time.Duration
	listBytes     int
	tools         int
	rssKiB        int // -1 when unknown
}

func main() {
	if os.Getenv(nullEnv) != "" {
		nullServer()
		return
	}
	bin := flag.String("bin", "", "the altegio-mcp binary")
	n := flag.Int("n", 20, "runs of each mode")
	baseURL := flag.String("base-url", "http://127.0.0.1:9", "--base-url for the server (initialize and tools/list call nothing)")
	flag.Parse()
	if *bin == "" || *n < 1 || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	self, err := os.Executable()
	if err != nil {
		fail(err)
	}
	modes := []mode{
		{name: "baseline: a null Go server (spawn + one round trip)", args: []string{self}, null: true},
		{name: "altegio-mcp (default)", args: []string{*bin, "--base-url", *baseURL}},
		{name: "altegio-mcp --tools=all --allow-writes", args: []string{*bin, "--base-url", *baseURL, "--tools=all", "--allow-writes"}},
	}
	samples := make([][]sample, len(modes))
	for i := range *n {
		for k := range modes {
			m := (i + k) % len(modes)
			s, err := run(modes[m])
			if err != nil {
				fail(fmt.Errorf("%s, run %d: %w", modes[m].name, i+1, err))
			}
			samples[m] = append(samples[m], s)
		}
	}
	report(os.Stdout, *n, modes, samples)
}

// run starts m's process, initializes it and, unless it is the null
// server, lists its tools; then closes its stdin and waits for it to exit.
func run(m mode) (s sample, err error) {
	cmd := exec.Command(m.args[0], m.args[1:]...)
	cmd.Env = append(os.Environ(), "ALTEGIO_PARTNER_TOKEN=bench-partner", "ALTEGIO_USER_TOKEN=bench-user")
	if m.null {
		cmd.Env = append(cmd.Env, nullEnv+"=1")
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return s, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return s, err
	}
	out := bufio.NewReaderSize(stdout, 1<<20)

	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return s, err
	}
	defer func() {
		stdin.Close()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case werr := <-done:
			if werr != nil && err == nil {
				err = fmt.Errorf("exit: %v (stderr: %s)", werr, strings.TrimSpace(stderr.String()))
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
			if err == nil {
				err = errors.New("the process did not exit within 10 s of its stdin closing")
			}
		}
	}()
	if _, err := io.WriteString(stdin, initialize+"\n"); err != nil {
		return s, err
	}
	line, err := out.ReadBytes('\n')
	s.startup = time.Since(t0)
	if err != nil {
		return s, fmt.Errorf("reading the answer to initialize: %v (stderr: %s)", err, strings.TrimSpace(stderr.String()))
	}
	var init struct {
		Result *struct {
			ServerInfo struct{ Name string } `json:"serverInfo"`
		} `json:"result"`
	}
	if err := json.Unmarshal(line, &init); err != nil || init.Result == nil || init.Result.ServerInfo.Name == "" {
		return s, fmt.Errorf("answer to initialize: %v: %.300s", err, line)
	}
	s.rssKiB = -1
	if m.null {
		return s, nil
	}

	t1 := time.Now()
	if _, err := io.WriteString(stdin, initialized+"\n"+toolsList+"\n"); err != nil {
		return s, err
	}
	line, err = out.ReadBytes('\n')
	s.list = time.Since(t1)
	if err != nil {
		return s, fmt.Errorf("reading the answer to tools/list: %v", err)
	}
	line = bytes.TrimRight(line, "\r\n")
	var list struct {
		ID     int `json:"id"`
		Result *struct {
			Tools      []json.RawMessage `json:"tools"`
			NextCursor string            `json:"nextCursor"`
		} `json:"result"`
	}
	if err := json.Unmarshal(line, &list); err != nil || list.ID != 2 || list.Result == nil || list.Result.NextCursor != "" {
		return s, fmt.Errorf("answer to tools/list (a single page expected): %v: %.300s", err, line)
	}
	s.listBytes, s.tools = len(line), len(list.Result.Tools)
	s.rssKiB = peakRSS(cmd.Process.Pid)
	return s, nil
}

// peakRSS returns the VmHWM of process pid in KiB, or -1.
func peakRSS(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for l := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			var kib int
			if _, err := fmt.Sscanf(strings.TrimSpace(v), "%d kB", &kib); err == nil {
				return kib
			}
		}
	}
	return -1
}

// nullServer answers one initialize with a fixed line, then waits for
// its stdin to close.
func nullServer() {
	in := bufio.NewReader(os.Stdin)
	if _, err := in.ReadBytes('\n'); err != nil {
		os.Exit(1)
	}
	os.Stdout.WriteString(nullAnswer + "\n")
	io.Copy(io.Discard, in)
}

func report(w io.Writer, n int, modes []mode, samples [][]sample) {
	fmt.Fprintf(w, "%d runs of each mode, interleaved.\n\n", n)
	fmt.Fprintln(w, "| server | startup median | p90 | min – max | first tools/list, median | tools/list on the wire | tools | peak RSS, median |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|")
	for i, m := range modes {
		ss := samples[i]
		startup := durations(ss, func(s sample) time.Duration { return s.startup })
		list, size, tools, rss := "—", "—", "—", "—"
		if !m.null {
			l := durations(ss, func(s sample) time.Duration { return s.list })
			list = ms(median(l))
			size = fmt.Sprintf("%d bytes", ss[0].listBytes)
			tools = fmt.Sprint(ss[0].tools)
			for _, s := range ss[1:] {
				if s.listBytes != ss[0].listBytes || s.tools != ss[0].tools {
					size += " (varies)"
					break
				}
			}
			var kib []int
			for _, s := range ss {
				if s.rssKiB >= 0 {
					kib = append(kib, s.rssKiB)
				}
			}
			if len(kib) > 0 {
				slices.Sort(kib)
				rss = fmt.Sprintf("%.1f MiB", float64(kib[len(kib)/2])/1024)
			}
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s – %s | %s | %s | %s | %s |\n", m.name,
			ms(median(startup)), ms(percentile(startup, 0.9)), ms(startup[0]), ms(startup[len(startup)-1]), list, size, tools, rss)
	}
}

// durations returns what f picks of each sample, sorted.
func durations(ss []sample, f func(sample) time.Duration) []time.Duration {
	d := make([]time.Duration, len(ss))
	for i, s := range ss {
		d[i] = f(s)
	}
	slices.Sort(d)
	return d
}

// median of sorted d.
func median(d []time.Duration) time.Duration {
	if len(d)%2 == 1 {
		return d[len(d)/2]
	}
	return (d[len(d)/2-1] + d[len(d)/2]) / 2
}

// percentile of sorted d, nearest rank.
func percentile(d []time.Duration, p float64) time.Duration {
	i := int(math.Ceil(p*float64(len(d)))) - 1
	return d[max(i, 0)]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

func fail(err error) {
	fmt.Fprintln(os.Stderr, "mcpstartup:", err)
	os.Exit(1)
}
