// The payout run's transactions (PayoutStore) on SQLite.
#include "SqliteStores.h"

#include "ledger/PayoutAudit.h"
#include "ledger/sqlite/SqliteLedger.h"
#include "ledger/sqlite/SqliteStatement.h"
#include "ledger/sqlite/SqliteSupport.h"
#include "util/Clock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

#include <sqlite3.h>

#include <algorithm>

namespace {

const QString kEngine = QStringLiteral("engine");

QList<qint64> parseIdList(const QString &text)
{
    QList<qint64> ids;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts))
        ids << part.toLongLong();
    return ids;
}

QDateTime fromMsValue(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

} // namespace

Result<QList<ClaimedTransfer>> SqlitePayouts::unresolved()
{
    QSqlQuery q(m_db.database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT id, idempotency_key, artist, currency, amount_minor, "
                               "destination, IFNULL(source_transaction, ''), entry_ids, attempts, "
                               "created_at, IFNULL(description, '') FROM transfers "
                               "WHERE state = 'sending' ORDER BY id")))
        return fail(sqlError(q, "cannot read unresolved transfers"));
    QList<ClaimedTransfer> out;
    while (q.next()) {
        ClaimedTransfer t;
        t.row = q.value(0).toLongLong();
        t.idempotencyKey = q.value(1).toString();
        t.artist = q.value(2).toString();
        t.amount = Money(q.value(4).toLongLong(), q.value(3).toString());
        t.destination = q.value(5).toString();
        t.sourceTransaction = q.value(6).toString();
        t.entryIds = parseIdList(q.value(7).toString());
        t.attempts = q.value(8).toInt();
        t.createdAt = fromMsValue(q.value(9).toLongLong());
        t.description = q.value(10).toString();
        t.resumed = true;
        out.append(t);
    }
    return out;
}

Result<QStringList> SqlitePayouts::accountsWithHeld(const QStringList &reasons)
{
    SqliteStatement &q =
        m_db.statement("SELECT DISTINCT a.account FROM artists a JOIN entries e ON e.artist = a.id "
                       "WHERE e.state = 'held' AND e.reason IN (SELECT value FROM json_each(?1)) "
                       "AND IFNULL(a.account, '') <> '' ORDER BY a.account");
    // Bound text is not copied (SqliteStatement): it must outlive the steps.
    const QByteArray json =
        QJsonDocument(QJsonArray::fromStringList(reasons)).toJson(QJsonDocument::Compact);
    q.bindUtf8(1, json);
    return q.texts();
}

Result<QList<DueEntry>> SqlitePayouts::dueEntries()
{
    const qint64 now = m_db.clock().nowMs();
    // Money of artists with no payout account cannot be sent: show it as held.
    const Status held = m_db.write([&]() -> Status {
        QSqlQuery q(m_db.database());
        q.prepare(QStringLiteral(
            "UPDATE entries SET state = 'held', reason = ?, updated_at = ? WHERE state = 'pending' "
            "AND artist IN (SELECT id FROM artists WHERE IFNULL(account, '') = '')"));
        q.addBindValue(Reason::NoPayoutAccount);
        q.addBindValue(now);
        if (!q.exec())
            return fail(sqlError(q, "cannot hold entries without an account"));
        if (q.numRowsAffected() > 0)
            return audit(PayoutAudit::entriesHeldWithoutAccount(q.numRowsAffected()));
        return {};
    });
    if (!held)
        return fail(held.error());

    QSqlQuery q(m_db.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT e.id, e.artist, e.currency, e.amount_minor, e.created_at, a.account, "
        "e.payment_intent, IFNULL(s.charge_id, '') FROM entries e "
        "JOIN artists a ON a.id = e.artist LEFT JOIN sales s ON s.session_id = e.reference "
        "WHERE e.state = 'pending' AND (e.next_attempt_at IS NULL OR e.next_attempt_at <= ?) "
        "AND IFNULL(a.account, '') <> '' ORDER BY e.created_at, e.id"));
    q.addBindValue(now);
    if (!q.exec())
        return fail(sqlError(q, "cannot read due entries"));
    QList<DueEntry> entries;
    while (q.next()) {
        DueEntry e;
        e.id = q.value(0).toLongLong();
        e.artist = q.value(1).toString();
        e.amount = Money(q.value(3).toLongLong(), q.value(2).toString());
        e.createdAt = fromMsValue(q.value(4).toLongLong());
        e.destination = q.value(5).toString();
        e.paymentIntent = q.value(6).toString();
        e.chargeId = q.value(7).toString();
        entries.append(e);
    }
    return entries;
}

Result<QList<ClaimedTransfer>> SqlitePayouts::claim(const QList<PayoutGroup> &groups)
{
    // A run claims thousands of transfers at once: prepared statements kept
    // by the connection, one entry at a time, so that the first transfer
    // leaves soon after the balance check.
    QList<ClaimedTransfer> claimed;
    const Status s = m_db.write([&]() -> Status {
        claimed.clear();
        const qint64 now = m_db.clock().nowMs();
        SqliteStatement &title = m_db.statement("SELECT title FROM entries WHERE id = ?1");
        // The row number comes from the insert (RETURNING id); the key,
        // which names the row, is set right after in the same transaction.
        SqliteStatement &ins = m_db.statement(
            "INSERT INTO transfers (idempotency_key, artist, currency, amount_minor, "
            "destination, source_transaction, entry_ids, state, created_at, updated_at, "
            "description) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'sending', ?8, ?8, ?9) "
            "RETURNING id");
        SqliteStatement &key =
            m_db.statement("UPDATE transfers SET idempotency_key = ?1 WHERE id = ?2");
        SqliteStatement &move =
            m_db.statement("UPDATE entries SET state = 'sending', idempotency_key = ?1, "
                           "reason = NULL, updated_at = ?2 WHERE id = ?3 AND state = 'pending'");
        for (const PayoutGroup &g : groups) {
            ClaimedTransfer t;
            t.artist = g.artist;
            t.amount = g.amount;
            t.destination = g.destination;
            t.sourceTransaction = g.sourceTransaction;
            t.entryIds = g.entryIds;
            t.createdAt = fromMsValue(now);
            QList<qint64> sorted = t.entryIds;
            std::sort(sorted.begin(), sorted.end());
            QStringList named;
            for (const qint64 id : std::as_const(sorted)) {
                title.bind(1, id);
                const Result<bool> row = title.step();
                if (row && *row)
                    named << title.columnText(0);
                title.reset();
                if (!row)
                    return fail(row.error());
            }
            t.description = transferDescription(t.artist, t.entryIds.size(), named);
            // Unique until the real key replaces it a statement later.
            const QString placeholder =
                QStringLiteral("claiming-%1-%2").arg(now).arg(claimed.size());
            const QString entryIds = t.entryIdsText();
            ins.bind(1, placeholder).bind(2, t.artist).bind(3, t.amount.currency);
            ins.bind(4, t.amount.minor).bind(5, t.destination);
            if (t.sourceTransaction.isEmpty())
                ins.bindNull(6);
            else
                ins.bind(6, t.sourceTransaction);
            ins.bind(7, entryIds).bind(8, now).bind(9, t.description);
            const Result<bool> inserted = ins.step();
            if (inserted && *inserted)
                t.row = ins.columnInt64(0);
            ins.reset();
            if (!inserted)
                return fail(inserted.error());
            if (t.row <= 0)
                return fail(Error{Error::Kind::Database,
                                  QStringLiteral("cannot write the transfer attempt")});
            t.idempotencyKey = t.derivedKey();
            if (Status st = key.bind(1, t.idempotencyKey).bind(2, t.row).run(); !st)
                return st;
            for (const qint64 id : std::as_const(t.entryIds)) {
                if (Status st = move.bind(1, t.idempotencyKey).bind(2, now).bind(3, id).run(); !st)
                    return st;
                if (sqlite3_changes(m_db.handle()) != 1)
                    return fail(Error{
                        Error::Kind::Conflict,
                        QStringLiteral("entries of %1 changed while being claimed").arg(t.artist)});
            }
            if (Status a = audit(PayoutAudit::transferClaimed(t)); !a)
                return a;
            claimed.append(t);
        }
        return {};
    });
    if (!s)
        return fail(s.error());
    return claimed;
}

Status SqlitePayouts::setEntries(const ClaimedTransfer &t, EntryState state, const QVariant &reason,
                                 const QString &lastError, bool countAttempt, qint64 nextAttemptAt,
                                 const QString &transferId)
{
    QSqlQuery q(m_db.database());
    q.prepare(QStringLiteral("UPDATE entries SET state = ?, reason = ?, last_error = ?, "
                             "attempts = attempts + ?, next_attempt_at = ?, transfer_id = ?, "
                             "idempotency_key = CASE WHEN ? THEN NULL ELSE idempotency_key END, "
                             "updated_at = ? WHERE idempotency_key = ? AND state = 'sending'"));
    q.addBindValue(stateName(state));
    q.addBindValue(reason);
    q.addBindValue(lastError.isEmpty() ? QVariant() : QVariant(lastError));
    q.addBindValue(countAttempt ? 1 : 0);
    q.addBindValue(nextAttemptAt > 0 ? QVariant(nextAttemptAt) : QVariant());
    q.addBindValue(transferId.isEmpty() ? QVariant() : QVariant(transferId));
    // Back to pending, the entries lose the attempt's key: a new claim keys them anew.
    q.addBindValue(state == EntryState::Pending);
    q.addBindValue(m_db.clock().nowMs());
    q.addBindValue(t.idempotencyKey);
    if (!q.exec())
        return fail(sqlError(q, "cannot record the outcome on the entries"));
    return {};
}

Status SqlitePayouts::setTransfer(const ClaimedTransfer &t, const QString &state,
                                  const QString &error, const QString &requestId,
                                  const QString &transferId, bool countAttempt)
{
    const qint64 now = m_db.clock().nowMs();
    QSqlQuery q(m_db.database());
    q.prepare(QStringLiteral("UPDATE transfers SET state = ?, last_error = ?, last_request_id = "
                             "IFNULL(?, last_request_id), stripe_transfer_id = IFNULL(?, "
                             "stripe_transfer_id), attempts = attempts + ?, updated_at = ?, "
                             "completed_at = ? WHERE id = ?"));
    q.addBindValue(state);
    q.addBindValue(error.isEmpty() ? QVariant() : QVariant(error));
    q.addBindValue(requestId.isEmpty() ? QVariant() : QVariant(requestId));
    q.addBindValue(transferId.isEmpty() ? QVariant() : QVariant(transferId));
    q.addBindValue(countAttempt ? 1 : 0);
    q.addBindValue(now);
    q.addBindValue(state == u"sending" ? QVariant() : QVariant(now));
    q.addBindValue(t.row);
    if (!q.exec())
        return fail(sqlError(q, "cannot record the outcome on the transfer"));
    return {};
}

Status SqlitePayouts::recordPaid(const ClaimedTransfer &t, const QString &transferId,
                                 const QString &requestId)
{
    return m_db.write([&]() -> Status {
        if (Status s = setTransfer(t, QStringLiteral("paid"), {}, requestId, transferId, true); !s)
            return s;
        if (Status s = setEntries(t, EntryState::Paid, QVariant(), {}, false, 0, transferId); !s)
            return s;
        return audit(PayoutAudit::transferPaid(t, transferId, requestId));
    });
}

Status SqlitePayouts::recordRetry(const ClaimedTransfer &t, const QString &error,
                                  const QString &requestId,
                                  const std::function<qint64(int attempts)> &backoffMs)
{
    return m_db.write([&]() -> Status {
        if (Status s = setTransfer(t, QStringLiteral("failed"), error, requestId, {}, true); !s)
            return s;
        // The next attempt waits for the backoff of the most-tried entry.
        QSqlQuery q(m_db.database());
        q.prepare(QStringLiteral("SELECT MAX(attempts) FROM entries WHERE idempotency_key = ?"));
        q.addBindValue(t.idempotencyKey);
        const int attempts = q.exec() && q.next() ? q.value(0).toInt() + 1 : 1;
        const qint64 next = m_db.clock().nowMs() + backoffMs(attempts);
        if (Status s = setEntries(t, EntryState::Pending, QVariant(), error, true, next, {}); !s)
            return s;
        return audit(PayoutAudit::transferRetry(t, error, next));
    });
}

Status SqlitePayouts::recordHeld(const ClaimedTransfer &t, const QString &reason,
                                 const QString &error, const QString &requestId)
{
    return m_db.write([&]() -> Status {
        if (Status s = setTransfer(t, QStringLiteral("failed"), error, requestId, {}, true); !s)
            return s;
        if (Status s = setEntries(t, EntryState::Held, reason, error, true, 0, {}); !s)
            return s;
        return audit(PayoutAudit::transferHeld(t, reason, error));
    });
}

Status SqlitePayouts::recordUnknown(const ClaimedTransfer &t, const QString &error)
{
    return m_db.write([&]() -> Status {
        if (Status s = setTransfer(t, QStringLiteral("sending"), error, {}, {}, true); !s)
            return s;
        QSqlQuery q(m_db.database());
        q.prepare(QStringLiteral("UPDATE entries SET last_error = ?, updated_at = ? "
                                 "WHERE idempotency_key = ? AND state = 'sending'"));
        q.addBindValue(error);
        q.addBindValue(m_db.clock().nowMs());
        q.addBindValue(t.idempotencyKey);
        if (!q.exec())
            return fail(sqlError(q, "cannot note the unknown outcome"));
        return audit(PayoutAudit::transferUnknown(t, error));
    });
}

Status SqlitePayouts::releaseUnsent(const QList<ClaimedTransfer> &transfers, const QString &why)
{
    if (transfers.isEmpty())
        return {};
    return m_db.write([&]() -> Status {
        for (const ClaimedTransfer &t : transfers) {
            if (Status s = setTransfer(t, QStringLiteral("failed"), why, {}, {}, false); !s)
                return s;
            if (Status s = setEntries(t, EntryState::Pending, QVariant(), why, false, 0, {}); !s)
                return s;
        }
        return audit(PayoutAudit::transfersReleased(transfers.size(), why));
    });
}

Status SqlitePayouts::recordNotCreated(const ClaimedTransfer &t, const QString &why)
{
    return m_db.write([&]() -> Status {
        if (Status s = setTransfer(t, QStringLiteral("failed"), why, {}, {}, false); !s)
            return s;
        if (Status s = setEntries(t, EntryState::Pending, QVariant(), why, false, 0, {}); !s)
            return s;
        return audit(PayoutAudit::transferNotCreated(t, why));
    });
}

Status SqlitePayouts::setChargeId(const QString &paymentIntent, const QString &chargeId)
{
    return m_db.write([&]() -> Status {
        QSqlQuery q(m_db.database());
        q.prepare(QStringLiteral("UPDATE sales SET charge_id = ? WHERE payment_intent = ?"));
        q.addBindValue(chargeId);
        q.addBindValue(paymentIntent);
        if (!q.exec())
            return fail(sqlError(q, "cannot keep the charge id"));
        return {};
    });
}

Status SqlitePayouts::markWaiting(const QList<PayoutGroup> &groups, const QString &reason)
{
    if (groups.isEmpty())
        return {};
    return m_db.write([&]() -> Status {
        QSqlQuery q(m_db.database());
        for (const PayoutGroup &g : groups) {
            q.prepare(QStringLiteral("UPDATE entries SET reason = ?, updated_at = ? "
                                     "WHERE state = 'pending' AND id IN (%1)")
                          .arg(entryIdListText(g.entryIds)));
            q.addBindValue(reason);
            q.addBindValue(m_db.clock().nowMs());
            if (!q.exec())
                return fail(sqlError(q, "cannot note the balance wait"));
        }
        return {};
    });
}

Status SqlitePayouts::audit(const PayoutAudit::Row &row)
{
    return m_db.audit().append(kEngine, row.action, row.artist, row.entryId, row.detail);
}
