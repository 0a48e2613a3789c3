// Command aeon is a Redis-compatible in-memory data server.
//
// Usage, as redis-server:
//
//	aeon [config.json] [--name value ...]
//
// Options on the command line override the file; see config.json for every
// option, its default and what it does.
package main

import (
	"fmt"
	"os"

	"aeon/server"
)

func main() {
	args := os.Args[1:]
	if len(args) == 1 && (args[0] == "-v" || args[0] == "--version") {
		fmt.Printf("aeon v=%s redis=%s\n", server.AeonVersion, server.Version)
		return
	}
	if len(args) == 0 {
		// `go run .` from the repository serves with its default config.
		if _, err := os.Stat("config.json"); err == nil {
			args = []string{"config.json"}
		}
	}
	cfg, file, err := server.LoadConfig(args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "*** FATAL CONFIG FILE ERROR ***\n%v\n", err)
		os.Exit(1)
	}
	s, err := server.New(cfg, file)
	if err != nil {
		fmt.Fprintf(os.Stderr, "aeon: %v\n", err)
		os.Exit(1)
	}
	os.Exit(s.Run())
}
