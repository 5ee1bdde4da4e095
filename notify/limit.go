package notify

import (
	"errors"
	"fmt"
	"net"
)

// Caps on what a server may make us read. net/smtp and net/textproto read a
// reply line, and every line of a multi-line reply, to its end however long:
// a server whose greeting never ends would take the process's memory with
// it. RFC 5321 §4.5.3.1.5 bounds a reply line at 512 octets; a whole
// delivery reads a few KB.
const (
	maxSMTPLine  = 4 << 10
	maxSMTPTotal = 1 << 20
	// maxHeaderBytes bounds a webhook's response headers (Go's default is
	// 1 MB and more); a webhook's reply says "ok".
	maxHeaderBytes = 64 << 10
)

// errOversized is wrapped by the error of a server that sent more than the caps allow.
var errOversized = errors.New("oversized reply")

// cappedConn fails a Read once the peer has sent more than total bytes, or,
// while lines is set, a line longer than line bytes.
type cappedConn struct {
	net.Conn
	lines     bool
	line, run int // cap and length of the current line
	left      int // bytes still allowed in all
	err       error
}

func capConn(c net.Conn, lines bool) *cappedConn {
	return &cappedConn{Conn: c, lines: lines, line: maxSMTPLine, left: maxSMTPTotal}
}

func (c *cappedConn) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	if len(p) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.Conn.Read(p)
	c.left -= n
	if c.left < 0 {
		c.err = permanent(fmt.Errorf("%w: the server sent over %d KiB; is it an SMTP server?", errOversized, maxSMTPTotal>>10))
		return 0, c.err
	}
	if c.lines {
		for _, b := range p[:n] {
			if b == '\n' {
				c.run = 0
				continue
			}
			if c.run++; c.run > c.line {
				c.err = permanent(fmt.Errorf("%w: a reply line over %d KiB; is it an SMTP server?", errOversized, maxSMTPLine>>10))
				return 0, c.err
			}
		}
	}
	return n, err
}
