package history

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// NotificationID names one kept notification.
type NotificationID int64

// Notification is the changes of one run, kept until they were delivered: a
// webhook that was down tonight gets them with tomorrow's, or from
// `lookalike notify`.
type Notification struct {
	ID      NotificationID `json:"id"`
	Run     RunID          `json:"run"`
	Created time.Time      `json:"created"`
	Changes []Change       `json:"changes"`
}

// AddNotification keeps the changes of run as a notification to deliver.
// Call it before sending, and MarkDelivered after: a process killed between
// the two sends them again rather than never. No changes, no notification
// (it returns 0).
func (s *DB) AddNotification(run RunID, changes []Change) (NotificationID, error) {
	if len(changes) == 0 {
		return 0, nil
	}
	if err := s.writable("keep notification"); err != nil {
		return 0, err
	}
	js, err := json.Marshal(changes)
	if err != nil {
		return 0, err
	}
	var id NotificationID
	if err := s.db.QueryRow(s.q(`INSERT INTO notifications (run, created, changes) VALUES (?, ?, ?) RETURNING id`),
		run, stamp(time.Now()), string(js)).Scan(&id); err != nil {
		return 0, fmt.Errorf("keep notification of run %d in %s: %w", run, s.path, err)
	}
	return id, nil
}

// PendingNotifications lists the notifications not yet delivered, oldest
// first.
func (s *DB) PendingNotifications() ([]Notification, error) {
	rows, err := s.db.Query(`SELECT id, run, created, changes FROM notifications WHERE delivered IS NULL ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("read notifications in %s: %w", s.path, err)
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var (
			n                Notification
			created, changes string
		)
		if err := rows.Scan(&n.ID, &n.Run, &created, &changes); err != nil {
			return nil, fmt.Errorf("read notifications in %s: %w", s.path, err)
		}
		n.Created, _ = time.Parse(time.RFC3339Nano, created)
		if err := json.Unmarshal([]byte(changes), &n.Changes); err != nil {
			return nil, fmt.Errorf("read notification %d in %s: %w", n.ID, s.path, err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read notifications in %s: %w", s.path, err)
	}
	return out, nil
}

// MarkDelivered records that the notifications reached their destination;
// they are no longer pending.
func (s *DB) MarkDelivered(ids ...NotificationID) error {
	if len(ids) == 0 {
		return nil
	}
	if err := s.writable("mark notification delivered"); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(context.Background(), nil)
	if err != nil {
		return fmt.Errorf("mark notifications delivered in %s: %w", s.path, err)
	}
	defer tx.Rollback()
	now := stamp(time.Now())
	for _, id := range ids {
		res, err := tx.Exec(s.q(`UPDATE notifications SET delivered = ? WHERE id = ? AND delivered IS NULL`), now, id)
		if err != nil {
			return fmt.Errorf("mark notification %d delivered in %s: %w", id, s.path, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("mark notification %d delivered in %s: none pending by that id: %w", id, s.path, sql.ErrNoRows)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("mark notifications delivered in %s: %w", s.path, err)
	}
	return nil
}

// DeliverPending sends every pending notification of s with send, oldest
// first, and marks each one delivered as soon as send accepts it. It stops at
// the first failure: that notification and the later ones stay pending, in
// order, for the next run or `lookalike notify`. It returns how many were
// delivered.
func DeliverPending(s Store, send func(Notification) error) (int, error) {
	pending, err := s.PendingNotifications()
	if err != nil {
		return 0, err
	}
	for i, n := range pending {
		if err := send(n); err != nil {
			return i, fmt.Errorf("notification of run %d (%d changes, kept since %s): %w",
				n.Run, len(n.Changes), n.Created.UTC().Format(time.RFC3339), err)
		}
		if err := s.MarkDelivered(n.ID); err != nil {
			return i, err
		}
	}
	return len(pending), nil
}
