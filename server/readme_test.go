package server

import (
	"os"
	"strings"
	"testing"
)

// configTableMarkers delimit the generated configuration table in README.md.
const (
	configTableBegin = "<!-- config table -->"
	configTableEnd   = "<!-- end config table -->"
)

// configTable renders the option table as Markdown.
func configTable() string {
	var b strings.Builder
	b.WriteString("| option | default | description |\n|---|---|---|\n")
	cfg := DefaultConfig()
	for _, o := range cfg.options() {
		def := o.def
		if def == "" {
			def = `""`
		}
		b.WriteString("| `" + o.name + "` | `" + def + "` | " + strings.ReplaceAll(o.desc, "|", `\|`) + " |\n")
	}
	return b.String()
}

// TestReadmeConfigTable keeps README.md's configuration table equal to the
// option table: run with UPDATE_README=1 to regenerate it.
func TestReadmeConfigTable(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	i := strings.Index(readme, configTableBegin)
	if i < 0 {
		t.Fatal("README.md has no " + configTableBegin + " marker")
	}
	head := readme[:i+len(configTableBegin)]
	rest := readme[i+len(configTableBegin):]
	if j := strings.Index(rest, configTableEnd); j >= 0 {
		rest = rest[j+len(configTableEnd):]
	}
	want := head + "\n" + configTable() + configTableEnd + rest
	if os.Getenv("UPDATE_README") == "1" {
		if err := os.WriteFile("../README.md", []byte(want), 0644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if want != readme {
		t.Fatal("README.md's configuration table is stale; regenerate with UPDATE_README=1 go test ./server -run TestReadmeConfigTable")
	}
}
