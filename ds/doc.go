// Package ds holds aeon's data structures.
package ds
