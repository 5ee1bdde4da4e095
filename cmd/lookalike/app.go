package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/lookalike/lookalike/history"
	"github.com/lookalike/lookalike/permute"
	"github.com/spf13/cobra"
)

// Exit statuses: the contract cron jobs and CI pipelines branch on.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitChanges     = 3
	exitInterrupted = 130
)

// env is the process's outside world, so that tests run the CLI on buffers with
// the terminal on or off.
type env struct {
	stdin     io.Reader
	stdout    io.Writer
	stderr    io.Writer
	stdoutTTY bool
	stderrTTY bool
}

// errUsage marks errors that blame the command line.
var errUsage = errors.New("usage")

type usageError struct{ err error }

func (u usageError) Error() string   { return u.err.Error() }
func (u usageError) Unwrap() []error { return []error{u.err, errUsage} }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// errChanges is returned after a complete run that found what exit status 3
// reports; the output is already written.
var errChanges = errors.New("changes found")

// errInterrupted is returned when a signal stopped the run; what was done is
// already written.
var errInterrupted = errors.New("interrupted")

// exitCode is the one place that maps an error to an exit status.
func exitCode(err error) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errChanges):
		return exitChanges
	case errors.Is(err, errInterrupted), errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.Is(err, history.ErrLocked):
		return exitLocked
	case errors.Is(err, errUsage), errors.Is(err, permute.ErrBadInput), errors.Is(err, history.ErrUsage):
		return exitUsage
	default:
		return exitFailure
	}
}

func run(ctx context.Context, args []string, e *env) int {
	root := newRoot(e)
	root.SetArgs(fixStateArg(args))
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	err := root.ExecuteContext(ctx)
	if err != nil && !errors.Is(err, errChanges) {
		msg := err.Error()
		if !strings.HasPrefix(msg, "lookalike") {
			msg = "lookalike: " + msg
		}
		if errors.Is(err, history.ErrLocked) {
			msg += "; another lookalike run is using this state, so this one stops (exit status 4)"
		}
		fmt.Fprintln(e.stderr, msg)
		if errors.Is(err, errUsage) && !errors.Is(err, permute.ErrBadInput) {
			fmt.Fprintln(e.stderr, "Run 'lookalike --help' for usage.")
		}
	}
	return exitCode(err)
}

const exitStatusHelp = `
EXIT STATUS
  0    done
  1    runtime error (network, file, a resolver that lies, a failed notification)
  2    bad usage or input (nothing is written to stdout)
  3    done, and --state shows new or changed third-party registrations
       (audit: a referenced domain is unregistered)
  4    another run holds the --state lock; nothing was done
  130  interrupted (what was finished is written)
`

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:           "lookalike",
		Short:         "Find the typosquat and lookalike domains of a brand before someone else does",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.SetHelpTemplate(root.HelpTemplate() + exitStatusHelp)
	root.AddCommand(newGenerateCmd(e), newScanCmd(e), newAuditCmd(e), newHistoryCmd(e), newDiffCmd(e), newNotifyCmd(e), newManCmd(e), newTakedownCmd(e), newVersionCmd(e))
	root.AddCommand(newMatchCmd(e))
	describe(root)
	for _, c := range root.Commands() {
		c.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	}
	return root
}
