package main

import "syscall"

var errBrokenPipe error = syscall.EPIPE
