package server

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkRDBFile loads and saves the RDB file named by $AEON_BENCH_RDB
// (skipped when unset): for profiling load and SAVE on a real data set,
// e.g. one written by redis-server.
//
//	AEON_BENCH_RDB=/tmp/dump.rdb go test ./server -run x -bench RDBFile -cpuprofile /tmp/cpu.out
func BenchmarkRDBFile(b *testing.B) {
	path := os.Getenv("AEON_BENCH_RDB")
	if path == "" {
		b.Skip("AEON_BENCH_RDB not set")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	b.Chdir(dir) // the server's dir option chdirs; this restores the cwd afterwards
	s := newTestServer(b, "--dir", dir)
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			s.emptyData()
			if _, err := s.rdbLoad(abs, false); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("save", func(b *testing.B) {
		for b.Loop() {
			if err := s.rdbSaveSync(filepath.Join(dir, "dump.rdb")); err != nil {
				b.Fatal(err)
			}
		}
	})
}
