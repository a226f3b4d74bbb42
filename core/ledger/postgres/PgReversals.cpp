// Transfer reversals and clawbacks (PayoutStore) on PostgreSQL: the same
// rules and transactions as ledger/sqlite/SqliteReversals.cpp. Of two
// instances, only the run lease holder claims; a state check on every update
// makes a second writer fail as a conflict instead of recording twice.
#include "PostgresStores.h"

#include "ledger/PayoutAudit.h"
#include "ledger/postgres/PostgresLedger.h"
#include "util/Clock.h"

namespace {

const QString kEngine = QStringLiteral("engine");

QDateTime fromMsValue(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

} // namespace

Result<QList<ClaimedReversal>> PgPayouts::claimReversals()
{
    QList<ClaimedReversal> out;
    const Status s = m_db.write([&]() -> Status {
        out.clear();
        const qint64 now = m_db.clock().nowMs();
        // Intake moves paid entries of a refunded sale at once; an entry
        // that was `sending` then is paid since, and is caught here.
        const Result<PgResult> moved =
            m_db.conn().exec("UPDATE entries SET state = 'reversing', reason = $1, attempts = 0, "
                             "last_error = NULL, next_attempt_at = NULL, updated_at = $2 "
                             "WHERE state = 'paid' AND kind <> 'clawback' "
                             "AND payment_intent IN (SELECT payment_intent FROM refunds)",
                             {Reason::RefundedAfterPayout, now});
        if (!moved)
            return fail(moved.error());
        if (moved->affected() > 0) {
            if (Status a = audit(PayoutAudit::entriesReversing(moved->affected())); !a)
                return a;
        }

        const Result<PgResult> open = m_db.conn().exec(
            "SELECT r.id, r.idempotency_key, r.entry_id, r.artist, r.currency, r.amount_minor, "
            "r.transfer_id, e.reference, r.attempts, e.attempts, r.created_at "
            "FROM reversals r JOIN entries e ON e.id = r.entry_id "
            "WHERE r.state = 'sending' ORDER BY r.id");
        if (!open)
            return fail(open.error());
        for (int i = 0; i < open->rows(); ++i) {
            ClaimedReversal r;
            r.row = open->int64(i, 0);
            r.idempotencyKey = open->text(i, 1);
            r.entryId = open->int64(i, 2);
            r.artist = open->text(i, 3);
            r.amount = Money(open->int64(i, 5), open->text(i, 4));
            r.transferId = open->text(i, 6);
            r.reference = open->text(i, 7);
            r.attempts = int(open->int64(i, 8));
            r.entryAttempts = int(open->int64(i, 9));
            r.createdAt = fromMsValue(open->int64(i, 10));
            r.resumed = true;
            out.append(r);
        }

        const Result<PgResult> due = m_db.conn().exec(
            "SELECT e.id, e.artist, e.currency, e.amount_minor, e.transfer_id, e.reference, "
            "e.attempts FROM entries e WHERE e.state = 'reversing' "
            "AND COALESCE(e.transfer_id, '') <> '' "
            "AND (e.next_attempt_at IS NULL OR e.next_attempt_at <= $1) "
            "AND NOT EXISTS (SELECT 1 FROM reversals r WHERE r.entry_id = e.id "
            "                AND r.state = 'sending') ORDER BY e.id",
            {now});
        if (!due)
            return fail(due.error());
        for (int i = 0; i < due->rows(); ++i) {
            ClaimedReversal r;
            r.entryId = due->int64(i, 0);
            r.artist = due->text(i, 1);
            r.amount = Money(due->int64(i, 3), due->text(i, 2));
            r.transferId = due->text(i, 4);
            r.reference = due->text(i, 5);
            r.entryAttempts = int(due->int64(i, 6));
            r.createdAt = fromMsValue(now);
            // The row number first, so the row is written once with its key.
            const Result<PgResult> row =
                m_db.conn().exec("SELECT nextval(pg_get_serial_sequence('reversals', 'id'))");
            if (!row)
                return fail(row.error());
            r.row = row->int64(0, 0);
            r.idempotencyKey = r.derivedKey();
            if (const Result<PgResult> ins = m_db.conn().exec(
                    "INSERT INTO reversals (id, idempotency_key, entry_id, artist, currency, "
                    "amount_minor, transfer_id, state, created_at, updated_at) "
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, 'sending', $8, $8)",
                    {r.row, r.idempotencyKey, r.entryId, r.artist, r.amount.currency,
                     r.amount.minor, r.transferId, now});
                !ins)
                return fail(ins.error());
            if (Status a = audit(PayoutAudit::reversalClaimed(r)); !a)
                return a;
            out.append(r);
        }
        return {};
    });
    if (!s)
        return fail(s.error());
    return out;
}

Status PgPayouts::setReversal(const ClaimedReversal &r, const QString &state, const QString &error,
                              const QString &requestId, const QString &reversalId,
                              bool countAttempt)
{
    const qint64 now = m_db.clock().nowMs();
    const Result<PgResult> q = m_db.conn().exec(
        "UPDATE reversals SET state = $1, last_error = $2, "
        "last_request_id = COALESCE($3, last_request_id), "
        "stripe_reversal_id = COALESCE($4, stripe_reversal_id), attempts = attempts + $5, "
        "updated_at = $6, completed_at = $7 WHERE id = $8 AND state = 'sending'",
        {state, PgParam::orNull(error), PgParam::orNull(requestId), PgParam::orNull(reversalId),
         countAttempt ? 1 : 0, now, state == u"sending" ? PgParam(nullptr) : PgParam(now), r.row});
    if (!q)
        return fail(q.error());
    if (q->affected() != 1)
        return fail(
            Error{Error::Kind::Conflict,
                  QStringLiteral("reversal %1 is no longer in flight").arg(r.idempotencyKey)});
    return {};
}

Status PgPayouts::setReversingEntry(const ClaimedReversal &r, EntryState state,
                                    const QString &reason, const QString &lastError,
                                    bool countAttempt, qint64 nextAttemptAt)
{
    const Result<PgResult> q = m_db.conn().exec(
        "UPDATE entries SET state = $1, reason = $2, last_error = $3, attempts = attempts + $4, "
        "next_attempt_at = $5, updated_at = $6 WHERE id = $7 AND state = 'reversing'",
        {stateName(state), PgParam::orNull(reason), PgParam::orNull(lastError),
         countAttempt ? 1 : 0, nextAttemptAt > 0 ? PgParam(nextAttemptAt) : PgParam(nullptr),
         m_db.clock().nowMs(), r.entryId});
    if (!q)
        return fail(q.error());
    if (q->affected() != 1)
        return fail(Error{Error::Kind::Conflict,
                          QStringLiteral("entry %1 is no longer reversing").arg(r.entryId)});
    return {};
}

Status PgPayouts::recordReversed(const ClaimedReversal &r, const QString &reversalId,
                                 const QString &requestId)
{
    return m_db.write([&]() -> Status {
        if (Status s = setReversal(r, QStringLiteral("reversed"), {}, requestId, reversalId, true);
            !s)
            return s;
        if (Status s = setReversingEntry(r, EntryState::Reversed, {}, {}, false, 0); !s)
            return s;
        return audit(PayoutAudit::reversalReversed(r, reversalId, requestId));
    });
}

Result<qint64> PgPayouts::recordClawback(const ClaimedReversal &r, const QString &error,
                                         const QString &requestId)
{
    qint64 recovery = 0;
    const Status st = m_db.write([&]() -> Status {
        if (Status s = setReversal(r, QStringLiteral("refused"), error, requestId, {}, true); !s)
            return s;
        if (Status s = setReversingEntry(r, EntryState::Clawback, {}, error, false, 0); !s)
            return s;
        // The recovery entry names the sale, not its payment intent, so no
        // rule about sales (refunds, duplicates) ever touches it.
        const qint64 now = m_db.clock().nowMs();
        const Result<PgResult> ins = m_db.conn().exec(
            "INSERT INTO entries (artist, amount_minor, currency, kind, track, reference, "
            "payment_intent, created_at, state, updated_at, title) SELECT artist, -amount_minor, "
            "currency, 'clawback', track, reference, '', $1, 'pending', $1, title FROM entries "
            "WHERE id = $2 RETURNING id",
            {now, r.entryId});
        if (!ins)
            return fail(ins.error());
        recovery = ins->int64(0, 0);
        // Inserts are counted by their writer (the trigger sees updates).
        for (const QString &bucket : {QStringLiteral("ingested"), stateName(EntryState::Pending)}) {
            if (const Result<PgResult> t = m_db.conn().exec(
                    "INSERT INTO totals AS t (artist, currency, bucket, amount_minor, entries) "
                    "VALUES ($1, $2, $3, $4, 1) ON CONFLICT (artist, currency, bucket) DO UPDATE "
                    "SET amount_minor = t.amount_minor + excluded.amount_minor, "
                    "entries = t.entries + 1",
                    {r.artist, r.amount.currency, bucket, -r.amount.minor});
                !t)
                return fail(t.error());
        }
        if (const Result<PgResult> link = m_db.conn().exec(
                "UPDATE reversals SET recovery_entry_id = $1 WHERE id = $2", {recovery, r.row});
            !link)
            return fail(link.error());
        return audit(PayoutAudit::reversalClawback(r, error, recovery));
    });
    if (!st)
        return fail(st.error());
    return recovery;
}

Status PgPayouts::recordReversalRetry(const ClaimedReversal &r, const QString &error,
                                      const QString &requestId, qint64 delayMs)
{
    return m_db.write([&]() -> Status {
        if (Status s = setReversal(r, QStringLiteral("failed"), error, requestId, {}, true); !s)
            return s;
        const qint64 next = m_db.clock().nowMs() + qMax<qint64>(0, delayMs);
        if (Status s = setReversingEntry(r, EntryState::Reversing, Reason::RefundedAfterPayout,
                                         error, true, next);
            !s)
            return s;
        return audit(PayoutAudit::reversalRetry(r, error, next));
    });
}

Status PgPayouts::recordReversalUnknown(const ClaimedReversal &r, const QString &error)
{
    return m_db.write([&]() -> Status {
        if (Status s = setReversal(r, QStringLiteral("sending"), error, {}, {}, true); !s)
            return s;
        if (const Result<PgResult> q = m_db.conn().exec(
                "UPDATE entries SET last_error = $1, updated_at = $2 WHERE id = $3 "
                "AND state = 'reversing'",
                {error, m_db.clock().nowMs(), r.entryId});
            !q)
            return fail(q.error());
        return audit(PayoutAudit::reversalUnknown(r, error));
    });
}
