package takedown_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/lookalike/lookalike/rdap"
	"github.com/lookalike/lookalike/takedown"
)

func ExamplePrepare() {
	// A registry on loopback stands in for the .com registry's RDAP service.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"objectClassName": "domain", "ldhName": "acmebank-login.com", "entities": [
			{"roles": ["registrar"], "vcardArray": ["vcard", [["fn", {}, "text", "Example Registrar"]]],
			 "entities": [{"roles": ["abuse"], "vcardArray": ["vcard", [["email", {}, "text", "abuse@registrar.example"]]]}]}]}`)
	}))
	defer srv.Close()
	boot, _ := rdap.LoadBootstrap(strings.NewReader(`{"services": [[["com"], ["` + srv.URL + `/"]]]}`))
	dir, _ := os.MkdirTemp("", "takedown-example-")
	defer os.RemoveAll(dir)

	s, err := takedown.Prepare(context.Background(), takedown.Options{
		RDAP:   rdap.New(rdap.Options{Bootstrap: boot}),
		From:   "security@acmebank.com",
		OutDir: dir,
		Now:    time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC),
	}, []takedown.Evidence{{Domain: "acmebank-login.com", Brand: "acmebank.com", Verdict: "third-party", MX: []string{"10 mail.acmebank-login.com"}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range s.Requests[0].Messages {
		fmt.Println(m.File, m.To)
	}
	// Output:
	// acmebank-login.com.registrar.eml abuse@registrar.example
}
