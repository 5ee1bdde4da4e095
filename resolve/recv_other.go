//go:build !linux

package resolve

import "net"

// batchReader reads one datagram at a time where recvmmsg(2) does not exist.
type batchReader struct {
	conn *net.UDPConn
	bufs [][]byte
}

func newBatchReader(conn *net.UDPConn, bufs [][]byte) (*batchReader, error) {
	return &batchReader{conn: conn, bufs: bufs}, nil
}

func (r *batchReader) read(sizes []int) (int, error) {
	n, err := r.conn.Read(r.bufs[0])
	if err != nil {
		return 0, err
	}
	sizes[0] = n
	return 1, nil
}
