// Package golden compares test output with files under testdata, and
// rewrites them when the tests run with -update. It owns the one -update flag
// every package's tests share.
package golden
