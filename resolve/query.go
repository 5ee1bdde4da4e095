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
// an error rcode is not. An NXDOMAIN without the SOA of a zone above the
// name (a DNS firewall's) is asked of the other resolvers, and is an error
// when nobody else answers: a filtered CNAME target must not read as
// dangling.
func (c *Client) Query(ctx context.Context, name string, qtype uint16) (rcode int, answers []dns.RR, err error) {
	c.ensureProbed(ctx)
	w := c.getWorker()
	defer c.putWorker(w)
	defer w.bind(ctx)()
	fqdn := dns.Fqdn(strings.ToLower(strings.TrimSuffix(name, ".")))
	resp, err := w.askPastFilters(ctx, fqdn, qtype)
	if err != nil {
		return dns.RcodeServerFailure, nil, err
	}
	return resp.Rcode, resp.Answer, nil
}
