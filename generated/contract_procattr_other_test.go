//go:build unix && !linux

package generated_test

import "syscall"

// prismProcAttr puts Prism in its own process group.
func prismProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
