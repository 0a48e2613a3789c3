package server

func listCommands() []*Command { return nil }
func hashCommands() []*Command { return nil }
func setCommands() []*Command  { return nil }
func zsetCommands() []*Command { return nil }
func hllCommands() []*Command  { return nil }
func sortCommands() []*Command { return nil }
