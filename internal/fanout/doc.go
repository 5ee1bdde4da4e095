// Package fanout runs a function over a stream with a fixed pool of workers
// and yields the results in input order through a bounded window, so that
// memory stays flat however long the stream and however slow one item is.
//
// It owns the ordering, the window and the shutdown rules: when the context
// ends or the consumer stops, every goroutine it started has exited before
// the iteration returns, and results already finished are yielded in order
// first. It never decides what a result means.
package fanout
