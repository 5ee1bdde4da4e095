package resolve

import (
	"encoding/binary"

	"github.com/miekg/dns"
)

// Reading replies on the wire, without miekg/dns's Unpack, for the two things
// the hot path needs at the rate of the network: the receive loop's match of
// a datagram to the query waiting for it (ID and question), and the negative
// reply (NXDOMAIN or NODATA: no answer, a SOA in authority, at most an OPT)
// that most candidates get, decoded into a message the worker reuses. Anything
// else goes through Unpack as before; these functions only ever say "not
// mine" or "not the simple case", never decide on their own.

const headerLen = 12

// wireID is a datagram's message ID; b holds at least the header.
func wireID(b []byte) uint16 { return binary.BigEndian.Uint16(b) }

// wireQuestionEnd checks that b is a reply (QR set, opcode QUERY) whose
// question is name (an FQDN, compared case-insensitively, RFC 4343) and
// qtype in class IN, and returns the offset just past the question. A reply
// with no question at all is taken only with an error rcode other than
// NXDOMAIN, as answers does. ok is false for anything else.
func wireQuestionEnd(b []byte, name string, qtype uint16) (end int, ok bool) {
	if len(b) < headerLen || b[2]&0x80 == 0 || (b[2]>>3)&0xf != dns.OpcodeQuery {
		return 0, false
	}
	qd := binary.BigEndian.Uint16(b[4:])
	if qd == 0 {
		rcode := int(b[3] & 0xf)
		return headerLen, rcode != dns.RcodeSuccess && rcode != dns.RcodeNameError
	}
	if qd != 1 {
		return 0, false
	}
	off := headerLen
	pos := 0 // in name
	if name == "." {
		name = ""
	}
	for {
		if off >= len(b) {
			return 0, false
		}
		l := int(b[off])
		off++
		if l == 0 {
			break
		}
		if l&0xc0 != 0 || off+l > len(b) || pos+l > len(name) {
			return 0, false // a pointer in the question, or longer than the name
		}
		for i := range l {
			if lower(b[off+i]) != lower(name[pos+i]) {
				return 0, false
			}
		}
		off += l
		pos += l
		if pos >= len(name) || name[pos] != '.' {
			return 0, false
		}
		pos++
	}
	if pos != len(name) || off+4 > len(b) {
		return 0, false
	}
	if binary.BigEndian.Uint16(b[off:]) != qtype || binary.BigEndian.Uint16(b[off+2:]) != dns.ClassINET {
		return 0, false
	}
	return off + 4, true
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// wireQuestionName writes the question name of datagram b, lower case, in
// presentation form, into dst (reused) and returns it; nil if it cannot be
// read. The receive loop uses it to tie a reply with a wrong ID to the query
// it imitates.
func wireQuestionName(b, dst []byte) []byte {
	if len(b) < headerLen || binary.BigEndian.Uint16(b[4:]) != 1 {
		return nil
	}
	dst = dst[:0]
	off := headerLen
	for {
		if off >= len(b) {
			return nil
		}
		l := int(b[off])
		off++
		if l == 0 {
			break
		}
		if l&0xc0 != 0 || off+l > len(b) {
			return nil
		}
		for _, c := range b[off : off+l] {
			dst = append(dst, lower(c))
		}
		dst = append(dst, '.')
		off += l
	}
	if len(dst) == 0 {
		dst = append(dst, '.')
	}
	return dst
}

// negMsg is a reused home for one decoded negative reply.
type negMsg struct {
	msg   dns.Msg
	q     [1]dns.Question
	soa   [2]dns.SOA
	ns    [2]dns.RR
	opt   dns.OPT
	extra [1]dns.RR
}

// nameTable interns the few names negative replies carry (a TLD's SOA owner,
// its primary server and mailbox), so decoding them allocates nothing once
// they have been seen. Bounded: past maxInterned names it starts over.
type nameTable struct {
	m       map[string]string
	scratch []byte
	// last holds the name last read at each place of a SOA (owner, server,
	// mailbox): a run of names under one suffix then skips the map.
	last [3]string
}

const maxInterned = 1024

func (t *nameTable) intern(b []byte, place int) string {
	if t.last[place] == string(b) {
		return t.last[place]
	}
	if s, ok := t.m[string(b)]; ok {
		t.last[place] = s
		return s
	}
	if t.m == nil || len(t.m) >= maxInterned {
		t.m = make(map[string]string)
	}
	s := string(b)
	t.m[s] = s
	t.last[place] = s
	return s
}

// readName decodes the (possibly compressed) name at off in b into t.scratch
// in miekg/dns's presentation form (place: see nameTable.last), for names whose labels need no escaping
// (letters, digits, '-', '_'); anything else is left to Unpack (ok false).
func (t *nameTable) readName(b []byte, off, place int) (name string, next int, ok bool) {
	dst := t.scratch[:0]
	next = -1
	for hops := 0; ; {
		if off >= len(b) {
			return "", 0, false
		}
		l := int(b[off])
		switch {
		case l == 0:
			if next < 0 {
				next = off + 1
			}
			if len(dst) == 0 {
				dst = append(dst, '.')
			}
			t.scratch = dst
			if len(dst) > 255 {
				return "", 0, false
			}
			return t.intern(dst, place), next, true
		case l&0xc0 == 0xc0:
			if off+1 >= len(b) || hops > 16 {
				return "", 0, false
			}
			if next < 0 {
				next = off + 2
			}
			off = int(binary.BigEndian.Uint16(b[off:]) & 0x3fff)
			hops++
		case l&0xc0 != 0:
			return "", 0, false
		default:
			off++
			if off+l > len(b) {
				return "", 0, false
			}
			for _, c := range b[off : off+l] {
				if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
					return "", 0, false
				}
			}
			dst = append(dst, b[off:off+l]...)
			dst = append(dst, '.')
			off += l
		}
	}
}

// decodeNegative decodes b, already matched to name/qtype with its question
// ending at qend, into m when it is a plain negative reply: no answer, only
// SOA records in authority (at most two), at most an OPT without options or
// extended rcode in additional. The message and its records belong to m and
// are overwritten when m is used again. ok false: not that case; Unpack it.
func decodeNegative(b []byte, qend int, name string, qtype uint16, m *negMsg, t *nameTable) (*dns.Msg, bool) {
	an := binary.BigEndian.Uint16(b[6:])
	ns := int(binary.BigEndian.Uint16(b[8:]))
	ar := int(binary.BigEndian.Uint16(b[10:]))
	if an != 0 || ns > len(m.soa) || ar > 1 || binary.BigEndian.Uint16(b[4:]) != 1 {
		return nil, false
	}
	off := qend
	for i := range ns {
		owner, o, ok := t.readName(b, off, 0)
		if !ok || o+10 > len(b) {
			return nil, false
		}
		rrtype := binary.BigEndian.Uint16(b[o:])
		class := binary.BigEndian.Uint16(b[o+2:])
		ttl := binary.BigEndian.Uint32(b[o+4:])
		rdlen := int(binary.BigEndian.Uint16(b[o+8:]))
		o += 10
		end := o + rdlen
		if rrtype != dns.TypeSOA || class != dns.ClassINET || end > len(b) {
			return nil, false
		}
		mname, o2, ok := t.readName(b[:end], o, 1)
		if !ok {
			return nil, false
		}
		rname, o3, ok := t.readName(b[:end], o2, 2)
		if !ok || o3+20 != end {
			return nil, false
		}
		s := &m.soa[i]
		*s = dns.SOA{
			Hdr:     dns.RR_Header{Name: owner, Rrtype: rrtype, Class: class, Ttl: ttl, Rdlength: uint16(rdlen)},
			Ns:      mname,
			Mbox:    rname,
			Serial:  binary.BigEndian.Uint32(b[o3:]),
			Refresh: binary.BigEndian.Uint32(b[o3+4:]),
			Retry:   binary.BigEndian.Uint32(b[o3+8:]),
			Expire:  binary.BigEndian.Uint32(b[o3+12:]),
			Minttl:  binary.BigEndian.Uint32(b[o3+16:]),
		}
		m.ns[i] = s
		off = end
	}
	hasOpt := false
	if ar == 1 {
		// An OPT is owned by the root: one zero octet.
		if off+11 > len(b) || b[off] != 0 || binary.BigEndian.Uint16(b[off+1:]) != dns.TypeOPT {
			return nil, false
		}
		size := binary.BigEndian.Uint16(b[off+3:])
		ext := binary.BigEndian.Uint32(b[off+5:])
		if ext>>24 != 0 || binary.BigEndian.Uint16(b[off+9:]) != 0 {
			return nil, false // an extended rcode or options: Unpack knows them
		}
		m.opt = dns.OPT{Hdr: dns.RR_Header{Name: ".", Rrtype: dns.TypeOPT, Class: size, Ttl: ext}}
		m.extra[0] = &m.opt
		hasOpt = true
		off += 11
	}
	if off != len(b) {
		return nil, false
	}
	f := b[2]
	g := b[3]
	m.msg = dns.Msg{MsgHdr: dns.MsgHdr{
		Id:                 wireID(b),
		Response:           true,
		Opcode:             int(f>>3) & 0xf,
		Authoritative:      f&0x04 != 0,
		Truncated:          f&0x02 != 0,
		RecursionDesired:   f&0x01 != 0,
		RecursionAvailable: g&0x80 != 0,
		Zero:               g&0x40 != 0,
		AuthenticatedData:  g&0x20 != 0,
		CheckingDisabled:   g&0x10 != 0,
		Rcode:              int(g & 0xf),
	}}
	m.q[0] = dns.Question{Name: name, Qtype: qtype, Qclass: dns.ClassINET}
	m.msg.Question = m.q[:]
	m.msg.Ns = m.ns[:ns]
	if hasOpt {
		m.msg.Extra = m.extra[:]
	}
	return &m.msg, true
}

// appendQuery appends the query the lean client sends (what w.q packs to):
// ID 0 (the caller sets it once registered), opcode QUERY, RD as asked, one
// question of class IN, and an OPT record advertising ednsSize. fqdn is a
// lower-case name ending in a dot, of LDH labels; false for anything else,
// which the caller then packs through miekg/dns.
func appendQuery(b []byte, fqdn string, qtype uint16, rd bool) ([]byte, bool) {
	if len(fqdn) == 0 || fqdn[len(fqdn)-1] != '.' || len(fqdn) > 254 {
		return b, false
	}
	flags := byte(0)
	if rd {
		flags = 1
	}
	b = append(b, 0, 0, flags, 0, 0, 1, 0, 0, 0, 0, 0, 1)
	if fqdn != "." {
		start := 0
		for i := 0; i < len(fqdn); i++ {
			c := fqdn[i]
			if c != '.' {
				if c == '\\' || c == '"' || c == '(' || c == ')' || c == ';' || c == '@' || c == '$' || (c >= 'A' && c <= 'Z') {
					return b, false // an escape or upper case: miekg/dns packs it
				}
				continue
			}
			n := i - start
			if n == 0 || n > 63 {
				return b, false
			}
			b = append(b, byte(n))
			b = append(b, fqdn[start:i]...)
			start = i + 1
		}
	}
	b = append(b, 0, byte(qtype>>8), byte(qtype), 0, byte(dns.ClassINET))
	// OPT: root owner, type 41, class = UDP payload size, TTL 0, no data.
	return append(b, 0, 0, byte(dns.TypeOPT), byte(ednsSize>>8), byte(ednsSize&0xff), 0, 0, 0, 0, 0, 0), true
}
