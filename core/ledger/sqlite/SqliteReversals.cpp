// Transfer reversals and clawbacks (PayoutStore) on SQLite: the same
// exactly-once rules as transfers (SqlitePayouts.cpp), one transaction per
// step, each with its audit row.
#include "SqliteStores.h"

#include "ledger/PayoutAudit.h"
#include "ledger/sqlite/SqliteLedger.h"
#include "ledger/sqlite/SqliteSupport.h"
#include "util/Clock.h"

#include <QSqlError>
#include <QSqlQuery>

namespace {

const QString kEngine = QStringLiteral("engine");

QVariant orNull(const QString &s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}

} // namespace

Result<QList<ClaimedReversal>> SqlitePayouts::claimReversals()
{
    QList<ClaimedReversal> out;
    const Status s = m_db.write([&]() -> Status {
        out.clear();
        const qint64 now = m_db.clock().nowMs();
        QSqlQuery q(m_db.database());
        // Intake moves paid entries of a refunded sale at once; an entry
        // that was `sending` then is paid since, and is caught here.
        q.prepare(QStringLiteral(
            "UPDATE entries SET state = 'reversing', reason = ?, attempts = 0, last_error = NULL, "
            "next_attempt_at = NULL, updated_at = ? WHERE state = 'paid' AND kind <> 'clawback' "
            "AND payment_intent IN (SELECT payment_intent FROM refunds)"));
        q.addBindValue(Reason::RefundedAfterPayout);
        q.addBindValue(now);
        if (!q.exec())
            return fail(sqlError(q, "cannot mark refunded paid entries"));
        if (const int moved = q.numRowsAffected(); moved > 0) {
            if (Status a = audit(PayoutAudit::entriesReversing(moved)); !a)
                return a;
        }

        // Attempts an earlier run left without an outcome come first, with
        // their own key.
        QSqlQuery open(m_db.database());
        open.setForwardOnly(true);
        if (!open.exec(QStringLiteral(
                "SELECT r.id, r.idempotency_key, r.entry_id, r.artist, r.currency, "
                "r.amount_minor, r.transfer_id, e.reference, r.attempts, e.attempts, r.created_at "
                "FROM reversals r JOIN entries e ON e.id = r.entry_id "
                "WHERE r.state = 'sending' ORDER BY r.id")))
            return fail(sqlError(open, "cannot read unresolved reversals"));
        while (open.next()) {
            ClaimedReversal r;
            r.row = open.value(0).toLongLong();
            r.idempotencyKey = open.value(1).toString();
            r.entryId = open.value(2).toLongLong();
            r.artist = open.value(3).toString();
            r.amount = Money(open.value(5).toLongLong(), open.value(4).toString());
            r.transferId = open.value(6).toString();
            r.reference = open.value(7).toString();
            r.attempts = open.value(8).toInt();
            r.entryAttempts = open.value(9).toInt();
            r.createdAt = QDateTime::fromMSecsSinceEpoch(open.value(10).toLongLong(), Qt::UTC);
            r.resumed = true;
            out.append(r);
        }

        QSqlQuery due(m_db.database());
        due.setForwardOnly(true);
        due.prepare(QStringLiteral(
            "SELECT e.id, e.artist, e.currency, e.amount_minor, e.transfer_id, e.reference, "
            "e.attempts FROM entries e WHERE e.state = 'reversing' "
            "AND IFNULL(e.transfer_id, '') <> '' "
            "AND (e.next_attempt_at IS NULL OR e.next_attempt_at <= ?) "
            "AND NOT EXISTS (SELECT 1 FROM reversals r WHERE r.entry_id = e.id "
            "                AND r.state = 'sending') ORDER BY e.id"));
        due.addBindValue(now);
        if (!due.exec())
            return fail(sqlError(due, "cannot read entries to reverse"));
        QList<ClaimedReversal> fresh;
        while (due.next()) {
            ClaimedReversal r;
            r.entryId = due.value(0).toLongLong();
            r.artist = due.value(1).toString();
            r.amount = Money(due.value(3).toLongLong(), due.value(2).toString());
            r.transferId = due.value(4).toString();
            r.reference = due.value(5).toString();
            r.entryAttempts = due.value(6).toInt();
            r.createdAt = QDateTime::fromMSecsSinceEpoch(now, Qt::UTC);
            fresh.append(r);
        }
        due.finish();

        QSqlQuery ins(m_db.database());
        ins.prepare(QStringLiteral(
            "INSERT INTO reversals (idempotency_key, entry_id, artist, currency, amount_minor, "
            "transfer_id, state, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 'sending', ?, ?) RETURNING id"));
        QSqlQuery key(m_db.database());
        key.prepare(QStringLiteral("UPDATE reversals SET idempotency_key = ? WHERE id = ?"));
        for (ClaimedReversal &r : fresh) {
            // Unique until the real key, which names the row, replaces it.
            ins.addBindValue(QStringLiteral("claiming-%1").arg(r.entryId));
            ins.addBindValue(r.entryId);
            ins.addBindValue(r.artist);
            ins.addBindValue(r.amount.currency);
            ins.addBindValue(r.amount.minor);
            ins.addBindValue(r.transferId);
            ins.addBindValue(now);
            ins.addBindValue(now);
            if (!ins.exec() || !ins.next())
                return fail(sqlError(ins, "cannot write the reversal attempt"));
            r.row = ins.value(0).toLongLong();
            ins.finish();
            r.idempotencyKey = r.derivedKey();
            key.addBindValue(r.idempotencyKey);
            key.addBindValue(r.row);
            if (!key.exec())
                return fail(sqlError(key, "cannot key the reversal attempt"));
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

Status SqlitePayouts::setReversal(const ClaimedReversal &r, const QString &state,
                                  const QString &error, const QString &requestId,
                                  const QString &reversalId, bool countAttempt)
{
    const qint64 now = m_db.clock().nowMs();
    QSqlQuery q(m_db.database());
    q.prepare(QStringLiteral(
        "UPDATE reversals SET state = ?, last_error = ?, last_request_id = IFNULL(?, "
        "last_request_id), stripe_reversal_id = IFNULL(?, stripe_reversal_id), attempts = "
        "attempts + ?, updated_at = ?, completed_at = ? WHERE id = ? AND state = 'sending'"));
    q.addBindValue(state);
    q.addBindValue(orNull(error));
    q.addBindValue(orNull(requestId));
    q.addBindValue(orNull(reversalId));
    q.addBindValue(countAttempt ? 1 : 0);
    q.addBindValue(now);
    q.addBindValue(state == u"sending" ? QVariant() : QVariant(now));
    q.addBindValue(r.row);
    if (!q.exec())
        return fail(sqlError(q, "cannot record the outcome on the reversal"));
    if (q.numRowsAffected() != 1)
        return fail(
            Error{Error::Kind::Conflict,
                  QStringLiteral("reversal %1 is no longer in flight").arg(r.idempotencyKey)});
    return {};
}

Status SqlitePayouts::setReversingEntry(const ClaimedReversal &r, EntryState state,
                                        const QVariant &reason, const QString &lastError,
                                        bool countAttempt, qint64 nextAttemptAt)
{
    QSqlQuery q(m_db.database());
    q.prepare(QStringLiteral("UPDATE entries SET state = ?, reason = ?, last_error = ?, "
                             "attempts = attempts + ?, next_attempt_at = ?, updated_at = ? "
                             "WHERE id = ? AND state = 'reversing'"));
    q.addBindValue(stateName(state));
    q.addBindValue(reason);
    q.addBindValue(orNull(lastError));
    q.addBindValue(countAttempt ? 1 : 0);
    q.addBindValue(nextAttemptAt > 0 ? QVariant(nextAttemptAt) : QVariant());
    q.addBindValue(m_db.clock().nowMs());
    q.addBindValue(r.entryId);
    if (!q.exec())
        return fail(sqlError(q, "cannot record the reversal on the entry"));
    if (q.numRowsAffected() != 1)
        return fail(Error{Error::Kind::Conflict,
                          QStringLiteral("entry %1 is no longer reversing").arg(r.entryId)});
    return {};
}

Status SqlitePayouts::recordReversed(const ClaimedReversal &r, const QString &reversalId,
                                     const QString &requestId)
{
    return m_db.write([&]() -> Status {
        if (Status s = setReversal(r, QStringLiteral("reversed"), {}, requestId, reversalId, true);
            !s)
            return s;
        if (Status s = setReversingEntry(r, EntryState::Reversed, QVariant(), {}, false, 0); !s)
            return s;
        return audit(PayoutAudit::reversalReversed(r, reversalId, requestId));
    });
}

Result<qint64> SqlitePayouts::recordClawback(const ClaimedReversal &r, const QString &error,
                                             const QString &requestId)
{
    qint64 recovery = 0;
    const Status st = m_db.write([&]() -> Status {
        if (Status s = setReversal(r, QStringLiteral("refused"), error, requestId, {}, true); !s)
            return s;
        if (Status s = setReversingEntry(r, EntryState::Clawback, QVariant(), error, false, 0); !s)
            return s;
        // The recovery entry: the share, negated, owed by the artist and
        // netted against their next payouts. It names the sale, not its
        // payment intent, so that no rule about sales (refunds, duplicates)
        // ever touches it.
        const qint64 now = m_db.clock().nowMs();
        QSqlQuery ins(m_db.database());
        ins.prepare(QStringLiteral(
            "INSERT INTO entries (artist, amount_minor, currency, kind, track, reference, "
            "payment_intent, created_at, state, updated_at, title) SELECT artist, -amount_minor, "
            "currency, 'clawback', track, reference, '', ?, 'pending', ?, title FROM entries "
            "WHERE id = ? RETURNING id"));
        ins.addBindValue(now);
        ins.addBindValue(now);
        ins.addBindValue(r.entryId);
        if (!ins.exec() || !ins.next())
            return fail(sqlError(ins, "cannot write the clawback entry"));
        recovery = ins.value(0).toLongLong();
        ins.finish();
        // An insert is not seen by the totals trigger (intake counts its
        // own); the recovery entry is counted here, as money in and pending.
        QSqlQuery totals(m_db.database());
        totals.prepare(QStringLiteral(
            "INSERT INTO totals (artist, currency, bucket, amount_minor, entries) "
            "VALUES (?, ?, ?, ?, 1) ON CONFLICT (artist, currency, bucket) DO UPDATE SET "
            "amount_minor = amount_minor + excluded.amount_minor, entries = entries + 1"));
        for (const QString &bucket : {QStringLiteral("ingested"), stateName(EntryState::Pending)}) {
            totals.addBindValue(r.artist);
            totals.addBindValue(r.amount.currency);
            totals.addBindValue(bucket);
            totals.addBindValue(-r.amount.minor);
            if (!totals.exec())
                return fail(sqlError(totals, "cannot count the clawback entry"));
        }
        QSqlQuery link(m_db.database());
        link.prepare(QStringLiteral("UPDATE reversals SET recovery_entry_id = ? WHERE id = ?"));
        link.addBindValue(recovery);
        link.addBindValue(r.row);
        if (!link.exec())
            return fail(sqlError(link, "cannot link the clawback entry"));
        return audit(PayoutAudit::reversalClawback(r, error, recovery));
    });
    if (!st)
        return fail(st.error());
    return recovery;
}

Status SqlitePayouts::recordReversalRetry(const ClaimedReversal &r, const QString &error,
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

Status SqlitePayouts::recordReversalUnknown(const ClaimedReversal &r, const QString &error)
{
    return m_db.write([&]() -> Status {
        if (Status s = setReversal(r, QStringLiteral("sending"), error, {}, {}, true); !s)
            return s;
        QSqlQuery q(m_db.database());
        q.prepare(QStringLiteral(
            "UPDATE entries SET last_error = ?, updated_at = ? WHERE id = ? AND state = "
            "'reversing'"));
        q.addBindValue(error);
        q.addBindValue(m_db.clock().nowMs());
        q.addBindValue(r.entryId);
        if (!q.exec())
            return fail(sqlError(q, "cannot note the unknown outcome"));
        return audit(PayoutAudit::reversalUnknown(r, error));
    });
}
