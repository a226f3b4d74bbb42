#pragma once

#include "ledger/LedgerTypes.h"
#include "util/Error.h"

#include <QByteArray>
#include <QList>
#include <QString>

// The webhook inbox table (ARCHITECTURE.md, "Data flow"): raw, verified
// event bodies kept durably in the ledger until applied. The receiver's
// 2xx rests on its journal file (intake/WebhookJournal); what waits here is
// what the applier could not apply (a database error), retried with a
// backoff, and what a store journals directly.
class InboxStore
{
public:
    virtual ~InboxStore() = default;

    // Appends the bodies in one durable transaction (whatever durability
    // the applier relaxed) and returns their row ids in order.
    virtual Result<QList<qint64>> journal(const QList<QByteArray> &bodies,
                                          const QString &source) = 0;
    // Up to `limit` waiting rows after `afterId`, oldest first; rows held
    // back after a database error only once their next attempt is due at
    // `nowMs` (pass a huge value to take every waiting row).
    virtual Result<QList<InboxRow>> due(int limit, qint64 nowMs, qint64 afterId = 0) = 0;
    // Marks rows applied at `atMs`; only inside Ledger::write(), so that the
    // mark commits with the rows' effects.
    virtual Status markApplied(const QList<qint64> &ids, qint64 atMs) = 0;
    // Counts a failed attempt on a row and holds it back until retryAtMs.
    virtual Status attemptFailed(qint64 id, const QString &error, qint64 retryAtMs) = 0;
    // The earliest next attempt of a row held back, or -1 when none is.
    virtual Result<qint64> nextRetry() = 0;
    virtual Result<InboxBacklog> backlog() = 0;
    // Whether the applier's commits may skip the wait for the disk (SQLite:
    // synchronous=NORMAL). Safe because every body is already durable in
    // the journal file or this table: an apply lost in a crash is applied
    // again at the next start. journal() is always durable.
    virtual Status relaxApplyDurability(bool relaxed) = 0;
};
