package resolve

import (
	"context"
	"strings"

	"github.com/miekg/dns"
)

// Query asks the resolvers one question and returns the reply's rcode and
// answer section, retrying timeouts and SERVFAIL on the other resolvers as a
// candidate's query would be. It serves callers that read records rather than
// decide registration (audit reads MX, NS, TXT and CNAME). name is a domain
// without the trailing dot. A transport failure after every try is an error;
// an error rcode is not.
func (c *Client) Query(ctx context.Context, name string, qtype uint16) (rcode int, answers []dns.RR, err error) {
	c.ensureProbed(ctx)
	w := c.getWorker()
	defer c.putWorker(w)
	defer w.bind(ctx)()
	fqdn := dns.Fqdn(strings.ToLower(strings.TrimSuffix(name, ".")))
	resp, err := w.askAny(ctx, fqdn, qtype)
	if err != nil {
		return dns.RcodeServerFailure, nil, err
	}
	return resp.Rcode, resp.Answer, nil
}
