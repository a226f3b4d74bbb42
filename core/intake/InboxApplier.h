#pragma once

#include "intake/Intake.h"
#include "intake/WebhookJournal.h"
#include "util/Error.h"

#include <QObject>

#include <array>
#include <functional>

class Ledger;

// How long journaled events waited to be applied (ms, from the journal
// write to the commit of their effects): what `serve` reports when it stops.
// Exact to the millisecond up to a second, to 100 ms up to a minute.
class LagHistogram
{
public:
    void add(qint64 ms);
    qint64 count() const { return m_count; }
    qint64 max() const { return m_max; }
    // The smallest lag at least `p` (0..1) of the events did not exceed.
    qint64 percentile(double p) const;

private:
    static constexpr int kBuckets = 1000 + 590 + 1;
    std::array<qint64, kBuckets> m_buckets{};
    qint64 m_count = 0;
    qint64 m_max = 0;
};

// Applies what the webhook receiver journaled (ARCHITECTURE.md, "Data
// flow"), oldest first, through Intake, so every rule of validation,
// deduplication and quarantine is the one every other door uses. Two
// sources: the receiver's journal file (WebhookJournal), whose applied mark
// is kept in the ledger; and the ledger's inbox table, where a record that
// cannot be applied waits for its retry. A batch is one transaction holding
// the events' effects and their mark (the journal's sequence number, or the
// rows marked applied): a crash at any point leaves each event either
// applied with its effects or waiting without them, and what waits is
// applied at the next start. A poison event is quarantined by Intake and
// counts as applied like any other. A database error rolls the batch back;
// its events are then tried one by one, and one that still fails waits in
// the inbox table, its attempt and error counted, until a backoff has
// passed. Events are never dropped.
//
// It works on the ledger connection it is given, on that connection's
// thread.
class InboxApplier final : public QObject
{
    Q_OBJECT
public:
    // Rows in one transaction at most: large enough to write efficiently,
    // small enough that another connection waiting for the write lock (a
    // payout run's claim) waits a few milliseconds.
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

    // Applies up to `limit` records of the journal named `journalId` after
    // the ledger's mark and up to `uptoSeq`. Returns how many were taken
    // (applied, or moved to the inbox table to be retried there); an error
    // when the journal cannot be read or nothing could be written at all.
    Result<int> applyJournal(WebhookJournal::Reader &reader, const QString &journalId,
                             qint64 uptoSeq, int limit = kBatch);
    // Applies the journal up to `uptoSeq` (at start and at a clean shutdown);
    // returns how many records were taken, or the error that stopped it.
    Result<qint64> drainJournal(WebhookJournal::Reader &reader, const QString &journalId,
                                qint64 uptoSeq);
    // The journal's applied mark as the ledger holds it.
    Result<qint64> journalMark(const QString &journalId);
    // Makes the mark durable and deletes the journal's segments it covers.
    Status dropAppliedJournal(WebhookJournal::Reader &reader, const QString &journalId);
    // When (clock ms) a row held back after a database error is next due;
    // -1 when none is.
    qint64 nextRetryMs();
    // The backoff after the nth failed attempt: 1 s doubling, at most 5 min.
    static qint64 backoffMs(int attempts);

    qint64 appliedCount() const { return m_applied; }
    const LagHistogram &journalLag() const { return m_lag; }
    qint64 failedCount() const { return m_failed; }

Q_SIGNALS:
    void cartPurchaseRecorded(const CartPurchase &purchase);
    void eventQuarantined(const QString &eventId, const QString &reason);
    // Rows applied in one committed transaction.
    void applied(int rows);

private:
    Status applyRows(const QList<InboxRow> &rows, IntakeSource source,
                     const std::function<Status()> &mark);
    Status park(const WebhookJournal::Record &record, const QString &journalId,
                const QString &error);
    Result<int> take(const QList<InboxRow> &rows);

    Ledger &m_ledger;
    Intake m_intake;
    qint64 m_applied = 0;
    LagHistogram m_lag;
    QString m_markId; // the journal whose mark m_mark caches
    qint64 m_mark = -1;
    qint64 m_failed = 0;
};
