package redislimit_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// redisServer is a redis-server the test started on 127.0.0.1.
type redisServer struct {
	Addr string
	proc *os.Process
}

// startRedis starts redis-server on a free loopback port, without
// persistence, and stops it when tb ends. It fails the test when
// redis-server is not installed: the tests need a real one.
func startRedis(tb testing.TB) *redisServer {
	tb.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		tb.Fatalf("redis-server is not installed (Debian: apt-get install -y redis-server; .ci/run installs it): %v", err)
	}
	var lastErr error
	for range 3 { // another process may take the free port first
		port := freePort(tb)
		var out bytes.Buffer
		cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
			"--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning")
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			tb.Fatalf("starting redis-server: %v", err)
		}
		exited := make(chan struct{}) // closed when the process has exited
		go func() { cmd.Wait(); close(exited) }()
		addr := "127.0.0.1:" + strconv.Itoa(port)
		if lastErr = waitReady(addr, exited); lastErr == nil {
			tb.Cleanup(func() {
				cmd.Process.Signal(syscall.SIGTERM)
				select {
				case <-exited:
				case <-time.After(10 * time.Second):
					cmd.Process.Kill()
					<-exited
				}
			})
			return &redisServer{Addr: addr, proc: cmd.Process}
		}
		cmd.Process.Kill()
		<-exited
		lastErr = fmt.Errorf("%w; its output: %s", lastErr, out.Bytes())
	}
	tb.Fatalf("redis-server did not start: %v", lastErr)
	return nil
}

func freePort(tb testing.TB) int {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// waitReady waits up to 10 s for redis-server at addr to answer PING.
func waitReady(addr string, exited <-chan struct{}) error {
	rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
	defer rdb.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case <-exited:
			return fmt.Errorf("redis-server exited")
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := rdb.Ping(ctx).Err()
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no answer to PING: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// client returns a Redis client of s, closed when tb ends.
func (s *redisServer) client(tb testing.TB) *redis.Client {
	rdb := redis.NewClient(&redis.Options{Addr: s.Addr})
	tb.Cleanup(func() { rdb.Close() })
	return rdb
}

// hang stops s with SIGSTOP, as a hung Redis: it keeps its connections
// and answers nothing. It resumes s with SIGCONT when tb ends, before s is
// stopped, or when the returned func is called.
func (s *redisServer) hang(tb testing.TB) (resume func()) {
	tb.Helper()
	if err := s.proc.Signal(syscall.SIGSTOP); err != nil {
		tb.Fatal(err)
	}
	resume = func() { s.proc.Signal(syscall.SIGCONT) }
	tb.Cleanup(resume)
	return resume
}
