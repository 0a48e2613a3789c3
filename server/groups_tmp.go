package server

func keyCommands() []*Command           { return nil }
func stringCommands() []*Command        { return nil }
func bitmapCommands() []*Command        { return nil }
func serverCommands() []*Command        { return nil }
func introspectionCommands() []*Command { return nil }
