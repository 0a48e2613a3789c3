package server

import (
	"bytes"
	"os"
	"testing"
)

// TestConfigJSONUpToDate keeps the repository's config.json equal to the
// option table: run with UPDATE_CONFIG=1 to regenerate it.
func TestConfigJSONUpToDate(t *testing.T) {
	want := DefaultConfigJSON()
	if os.Getenv("UPDATE_CONFIG") == "1" {
		if err := os.WriteFile("../config.json", want, 0644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("../config.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("config.json differs from the option table; regenerate with UPDATE_CONFIG=1 go test ./server -run TestConfigJSONUpToDate")
	}
}

func TestLoadConfigArgs(t *testing.T) {
	tests := []struct {
		args    []string
		check   func(*Config) bool
		wantErr bool
	}{
		{[]string{"--port", "6380", "--save", "", "--appendonly", "no", "--dir", "/tmp"},
			func(c *Config) bool { return c.Port == 6380 && c.Save == "" && !c.AppendOnly && c.Dir == "/tmp" }, false},
		{[]string{"--save", "900", "1", "300", "10"}, func(c *Config) bool { return c.Save == "900 1 300 10" }, false},
		{[]string{"--bind", "127.0.0.1", "::1"}, func(c *Config) bool { return len(c.Bind) == 2 }, false},
		{[]string{"--client-query-buffer-limit", "2mb"}, func(c *Config) bool { return c.ClientQueryBufferLimit == 2<<20 }, false},
		{[]string{"--port", "70000"}, nil, true},
		{[]string{"--nosuch", "1"}, nil, true},
		{[]string{"--protected-mode", "maybe"}, nil, true},
	}
	for _, tt := range tests {
		cfg, _, err := LoadConfig(tt.args)
		if (err != nil) != tt.wantErr {
			t.Fatalf("%v: err = %v, wantErr %v", tt.args, err, tt.wantErr)
		}
		if err == nil && !tt.check(cfg) {
			t.Fatalf("%v: unexpected config %+v", tt.args, cfg)
		}
	}
}

func TestLoadConfigFile(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/c.json"
	os.WriteFile(path, []byte(`{"port": 7000, "protected-mode": {"value": false, "description": "x"}, "save": ""}`), 0644)
	cfg, file, err := LoadConfig([]string{path, "--port", "7001"})
	if err != nil {
		t.Fatal(err)
	}
	if file != path || cfg.Port != 7001 || cfg.ProtectedMode || cfg.Save != "" {
		t.Fatalf("got %+v", cfg)
	}
	// A rendered config loads back to the same values.
	os.WriteFile(path, cfg.renderJSON(), 0644)
	again, _, err := LoadConfig([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	if string(again.renderJSON()) != string(cfg.renderJSON()) {
		t.Fatal("render/load round trip changed the config")
	}
}
