#pragma once

#include "intake/Intake.h"
#include "util/Error.h"

#include <QObject>

class Ledger;

// Applies what the webhook receiver journaled in the inbox (ARCHITECTURE.md,
// "Data flow"): waiting rows, oldest first, through Intake, so every rule of
// validation, deduplication and quarantine is the one every other door uses.
// A batch is one transaction holding the events' effects and their rows
// marked applied: a crash at any point leaves each row either applied with
// its effects or waiting without them, and a waiting row is applied at the
// next start. A poison event is quarantined by Intake and its row is marked
// applied like any other. A database error rolls the batch back; its rows
// are then tried one by one, and a row that still fails keeps waiting, its
// attempt and error counted, until a backoff has passed. Rows are never
// dropped.
//
// It works on the ledger connection it is given, on that connection's
// thread.
class InboxApplier final : public QObject
{
    Q_OBJECT
public:
    // Rows in one transaction at most: large enough to write efficiently,
    // small enough that a journal commit behind it waits a few milliseconds.
    static constexpr int kBatch = 128;

    explicit InboxApplier(Ledger &ledger, QObject *parent = nullptr);

    // Applies up to maxRows waiting rows whose next attempt is due, in one
    // transaction where possible. Returns how many rows were taken (applied,
    // or failed and held back); 0 means nothing is due. An error only when
    // the inbox itself cannot be read.
    Result<int> applyDue(int maxRows = kBatch);
    // Applies every waiting row, backoffs ignored (at start and at a clean
    // shutdown). Returns how many were applied; rows that fail stay waiting.
    qint64 drain();
    // When (clock ms) a row held back after a database error is next due;
    // -1 when none is.
    qint64 nextRetryMs();
    // The backoff after the nth failed attempt: 1 s doubling, at most 5 min.
    static qint64 backoffMs(int attempts);

    qint64 appliedCount() const { return m_applied; }
    qint64 failedCount() const { return m_failed; }

Q_SIGNALS:
    void cartPurchaseRecorded(const CartPurchase &purchase);
    void eventQuarantined(const QString &eventId, const QString &reason);
    // Rows applied in one committed transaction.
    void applied(int rows);

private:
    Status applyRows(const QList<InboxRow> &rows, IntakeSource source);
    Result<int> take(const QList<InboxRow> &rows);

    Ledger &m_ledger;
    Intake m_intake;
    qint64 m_applied = 0;
    qint64 m_failed = 0;
};
