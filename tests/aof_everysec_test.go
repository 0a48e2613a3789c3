package tests

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// everysecLoss is what appendfsync everysec may lose in a crash: Redis
// postpones an AOF write behind a slow fsync for at most 2 s, while the
// replies go out, so only writes acknowledged in the last 2 s before the
// crash may be missing. everysecSlack is added for a loaded machine (the
// event loop of a busy server with -race runs late).
const (
	everysecLoss  = 2 * time.Second
	everysecSlack = 250 * time.Millisecond
)

// everysecAck is one acknowledged write: the value and when its +OK was
// read.
type everysecAck struct {
	v  int
	at time.Time
}

// TestAOFCrashEverysec kills the server with SIGKILL while clients write
// with appendfsync everysec, restarts it and checks that every write
// acknowledged more than 2 s before the kill is there. Each client owns a
// key and sets it to increasing values, so the value after the restart
// says which writes survived.
func TestAOFCrashEverysec(t *testing.T) {
	_, bin := ownTarget(t)
	rounds := 2
	if os.Getenv("CI") != "" {
		rounds = 3
	}
	dir := t.TempDir()
	seed := uint64(time.Now().UnixNano())
	r := rand.New(rand.NewPCG(seed, 7))
	const clients = 4
	last := make([]int, clients) // value of client i's key after the last restart
	older := 0                   // writes checked that were acknowledged more than 2 s before a kill
	for round := 0; round < rounds; round++ {
		// 1.5 to 3 s; the first round at least 2.5 s so that it has
		// writes older than 2 s to check.
		delay := 1500*time.Millisecond + time.Duration(r.Int64N(int64(1500*time.Millisecond)))
		if round == 0 {
			delay = max(delay, 2500*time.Millisecond)
		}
		a := startAOF(t, bin, "aeon", dir, "--appendfsync", "everysec")
		a.expectExit.Store(true)
		acks := make([][]everysecAck, clients)
		stop := startWriters(a.Addr, "everysec:", last, func(i, v int) {
			acks[i] = append(acks[i], everysecAck{v, time.Now()})
		})
		time.Sleep(delay)
		killAt := time.Now()
		a.cmd.Process.Signal(syscall.SIGKILL)
		stop()
		<-a.done

		b := startAOF(t, bin, "aeon", dir)
		rc := dialRaw(t, b.Addr)
		deadline := killAt.Add(-everysecLoss - everysecSlack)
		for i := 0; i < clients; i++ {
			got := rc.value("GET", fmt.Sprintf("everysec:%d", i))
			n, err := strconv.Atoi(got.Str)
			if got.Str == "" && last[i] == 0 {
				n, err = 0, nil // never written
			}
			if err != nil {
				t.Fatalf("round %d: client %d: GET after restart %q", round, i, got.Str)
			}
			// Must have: the value before this round and every value
			// acknowledged before the deadline.
			must, newest := last[i], last[i]
			for _, ack := range acks[i] {
				if ack.at.Before(deadline) {
					must = ack.v
					older++
				}
				newest = ack.v
			}
			// The value can be any acknowledged one from must on, or the
			// one in flight at the kill, never one not sent.
			if n < must || n > newest+1 {
				t.Fatalf("round %d (kill after %v, seed %d): client %d had %d before the round, %d writes acknowledged (%d more than %v before the kill), newest %d; after restart %d",
					round, delay, seed, i, last[i], len(acks[i]), must-last[i], everysecLoss+everysecSlack, newest, n)
			}
			t.Logf("round %d (kill after %v): client %d: %d acknowledged, %d required, %d after restart", round, delay, i, newest-last[i], must-last[i], n-last[i])
			last[i] = n
		}
		rc.Close()
		if exited, _ := b.sigterm(t, 10*time.Second); !exited {
			t.Fatalf("round %d: server did not exit on SIGTERM", round)
		}
		checkAOF(t, dir)
	}
	if older == 0 {
		t.Error("no write was acknowledged more than 2 s before a kill: nothing was checked")
	}
}
