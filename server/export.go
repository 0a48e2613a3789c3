package server

// DefaultConfigJSON renders the built-in defaults in config.json's format,
// overriding bind as the shipped config.json does (loopback only).
func DefaultConfigJSON() []byte {
	cfg := DefaultConfig()
	cfg.Bind = []string{"127.0.0.1", "-::1"}
	return cfg.renderJSON()
}
