package smtpbanner_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/netip"
	"strings"

	"github.com/lookalike/lookalike/smtpbanner"
	"github.com/lookalike/lookalike/web"
)

func ExampleGrab() {
	// A mail server on loopback that greets, answers EHLO and QUIT.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		fmt.Fprint(c, "220 mx.acmebnk.com ESMTP\r\n")
		br := bufio.NewReader(c)
		for {
			l, err := br.ReadString('\n')
			if err != nil {
				return
			}
			if strings.HasPrefix(l, "EHLO") {
				fmt.Fprint(c, "250-mx.acmebnk.com\r\n250-SIZE 10240000\r\n250 STARTTLS\r\n")
			} else {
				fmt.Fprint(c, "221 bye\r\n")
				return
			}
		}
	}()
	_, port, _ := net.SplitHostPort(ln.Addr().String())

	// The dialer that reaches it: the MX name resolves to loopback, which
	// only an explicit allowance lets through.
	d := &web.Dialer{
		Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")},
		Lookup: func(context.Context, string) ([]netip.Addr, error) {
			return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
		},
	}
	b := smtpbanner.Grab(context.Background(), "mx.acmebnk.com", smtpbanner.Options{Port: port, Dial: d.DialContext})
	fmt.Println(b.Code, b.Greeting, b.Accepts, b.Capabilities, b.StartTLS())
	// Output: 220 [mx.acmebnk.com ESMTP] true [SIZE 10240000 STARTTLS] true
}
