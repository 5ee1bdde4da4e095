//go:build linux

package resolve

import (
	"net"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// batchReader reads up to len(bufs) datagrams with one recvmmsg(2). It calls
// the system directly rather than through x/net's ReadBatch, which parses
// every sender address into a new net.UDPAddr: the sockets are connected, so
// the kernel has already dropped datagrams from anyone else, and the hot path
// allocates nothing.
type batchReader struct {
	rc   syscall.RawConn
	hdrs []unix.Mmsghdr
	iovs []unix.Iovec
	bufs [][]byte
	n    int
	err  syscall.Errno
	fn   func(fd uintptr) bool
}

func newBatchReader(conn *net.UDPConn, bufs [][]byte) (*batchReader, error) {
	rc, err := conn.SyscallConn()
	if err != nil {
		return nil, err
	}
	r := &batchReader{rc: rc, bufs: bufs, hdrs: make([]unix.Mmsghdr, len(bufs)), iovs: make([]unix.Iovec, len(bufs))}
	for i := range bufs {
		r.iovs[i].Base = &bufs[i][0]
		r.iovs[i].SetLen(len(bufs[i]))
		r.hdrs[i].Hdr.Iov = &r.iovs[i]
		r.hdrs[i].Hdr.SetIovlen(1)
	}
	r.fn = r.recv
	return r, nil
}

func (r *batchReader) recv(fd uintptr) bool {
	n, _, e := unix.Syscall6(unix.SYS_RECVMMSG, fd, uintptr(unsafe.Pointer(&r.hdrs[0])), uintptr(len(r.hdrs)), 0, 0, 0)
	if e == unix.EAGAIN || e == unix.EINTR {
		return false // not ready: the runtime waits for the socket
	}
	r.n, r.err = int(n), e
	return true
}

// read fills the buffers and returns how many datagrams arrived; sizes[i] is
// the length of datagram i (a datagram longer than its buffer is cut to it).
func (r *batchReader) read(sizes []int) (int, error) {
	for i := range r.hdrs {
		r.hdrs[i].Len = 0
		r.hdrs[i].Hdr.Flags = 0
	}
	r.n, r.err = 0, 0
	if err := r.rc.Read(r.fn); err != nil {
		return 0, err
	}
	if r.err != 0 {
		return 0, r.err
	}
	for i := range r.n {
		sizes[i] = int(r.hdrs[i].Len)
	}
	return r.n, nil
}
