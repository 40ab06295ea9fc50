//go:build !linux

package main

// adviseHugePages does nothing here (see its Linux version).
func adviseHugePages() {}
