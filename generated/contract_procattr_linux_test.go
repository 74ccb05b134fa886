package generated_test

import "syscall"

// prismProcAttr puts Prism in its own process group and has the kernel kill
// it if the test binary dies first.
func prismProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
