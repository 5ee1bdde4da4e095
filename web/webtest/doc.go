// Package webtest serves the web sites that lookalike's page tests meet: the
// brand's own page, an exact clone, a phishing kit (new words, the same login
// form), a for-sale parking lander, an affiliate redirect to the brand, an
// unrelated shop, a server that never answers, one with a 50 MB body and one
// that redirects to a private address, plus a test certificate authority for
// HTTPS hosts.
//
// It owns the pages and the CA, for the unit tests of package web (on
// httptest's loopback ports) and the e2e tests (on a world's 127.53.X.Y:80
// and :443). It never listens anywhere but on the listeners a test hands it
// and never fetches anything.
package webtest
