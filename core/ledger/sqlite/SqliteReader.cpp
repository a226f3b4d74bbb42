// What the windows, status and the API read (LedgerReader).
#include "SqliteStores.h"

#include "ledger/sqlite/SqliteLedger.h"
#include "ledger/sqlite/SqliteStatement.h"
#include "ledger/sqlite/SqliteSupport.h"

#include <QSqlError>
#include <QSqlQuery>

Result<QList<ArtistBalance>> SqliteReader::balances(const QString &artist)
{
    QSqlQuery q(m_db.database());
    q.setForwardOnly(true);
    QString sql = QStringLiteral("SELECT artist, currency, bucket, amount_minor, entries "
                                 "FROM totals WHERE bucket <> 'ingested'");
    if (!artist.isEmpty())
        sql += QStringLiteral(" AND artist = ?");
    sql += QStringLiteral(" ORDER BY artist, currency");
    q.prepare(sql);
    if (!artist.isEmpty())
        q.addBindValue(artist);
    if (!q.exec())
        return fail(sqlError(q, "cannot read balances"));
    QList<ArtistBalance> out;
    while (q.next()) {
        const QString a = q.value(0).toString();
        const QString c = q.value(1).toString();
        if (out.isEmpty() || out.last().artist != a || out.last().currency != c)
            out.append(ArtistBalance{a, c});
        ArtistBalance &b = out.last();
        const qint64 amount = q.value(3).toLongLong();
        const qint64 count = q.value(4).toLongLong();
        const EntryState state =
            entryStateFromString(q.value(2).toString()).value_or(EntryState::Void);
        b.add(state, amount, count);
    }
    return out;
}

Result<QHash<EntryState, qint64>> SqliteReader::stateCounts()
{
    QSqlQuery q(m_db.database());
    if (!q.exec(QStringLiteral(
            "SELECT bucket, SUM(entries) FROM totals WHERE bucket <> 'ingested' GROUP BY bucket")))
        return fail(sqlError(q, "cannot count entries"));
    QHash<EntryState, qint64> out;
    for (EntryState s : kAllEntryStates)
        out.insert(s, 0);
    while (q.next())
        if (const auto s = entryStateFromString(q.value(0).toString()))
            out[*s] = q.value(1).toLongLong();
    return out;
}

namespace {

QString whereClause(const LedgerReader::EntryFilter &f, bool withKey)
{
    QStringList conds;
    if (withKey && f.afterId > 0)
        conds << QStringLiteral("(created_at, id) > (:after_created, :after_id)");
    if (!f.artist.isEmpty())
        conds << QStringLiteral("artist = :artist");
    if (!f.states.isEmpty()) {
        QStringList names;
        for (EntryState s : f.states)
            names << u'\'' + stateName(s) + u'\'';
        conds << QStringLiteral("state IN (%1)").arg(names.join(u','));
    }
    return conds.isEmpty() ? QString() : QStringLiteral(" WHERE ") + conds.join(u" AND ");
}

} // namespace

Result<QList<Entry>> SqliteReader::entries(const EntryFilter &filter)
{
    QSqlQuery q(m_db.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, artist, amount_minor, currency, kind, track, reference, "
                             "payment_intent, event_id, created_at, state, attempts, "
                             "next_attempt_at, last_error, reason, idempotency_key, transfer_id, "
                             "updated_at, title FROM entries") +
              whereClause(filter, true) +
              QStringLiteral(" ORDER BY created_at, id LIMIT :limit OFFSET :offset"));
    if (!filter.artist.isEmpty())
        q.bindValue(QStringLiteral(":artist"), filter.artist);
    if (filter.afterId > 0) {
        q.bindValue(QStringLiteral(":after_created"), filter.afterCreatedMs);
        q.bindValue(QStringLiteral(":after_id"), filter.afterId);
    }
    q.bindValue(QStringLiteral(":limit"), filter.limit);
    q.bindValue(QStringLiteral(":offset"), filter.offset);
    if (!q.exec())
        return fail(sqlError(q, "cannot read entries"));
    QList<Entry> out;
    while (q.next()) {
        Entry e;
        e.id = q.value(0).toLongLong();
        e.artist = q.value(1).toString();
        e.amount = Money{q.value(2).toLongLong(), q.value(3).toString()};
        e.kind = entryKindFromString(q.value(4).toString()).value_or(EntryKind::Sale);
        e.track = q.value(5).toString();
        e.reference = q.value(6).toString();
        e.paymentIntent = q.value(7).toString();
        e.eventId = q.value(8).toString();
        e.createdAt = fromMs(q.value(9));
        e.state = entryStateFromString(q.value(10).toString()).value_or(EntryState::Void);
        e.attempts = q.value(11).toInt();
        e.nextAttemptAt = fromMs(q.value(12));
        e.lastError = q.value(13).toString();
        e.reason = q.value(14).toString();
        e.idempotencyKey = q.value(15).toString();
        e.transferId = q.value(16).toString();
        e.updatedAt = fromMs(q.value(17));
        e.title = q.value(18).toString();
        out.append(std::move(e));
    }
    return out;
}

Result<qint64> SqliteReader::countEntries(const EntryFilter &filter)
{
    QSqlQuery q(m_db.database());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM entries") + whereClause(filter, false));
    if (!filter.artist.isEmpty())
        q.bindValue(QStringLiteral(":artist"), filter.artist);
    if (!q.exec() || !q.next())
        return fail(sqlError(q, "cannot count entries"));
    return q.value(0).toLongLong();
}

Result<QList<Artist>> SqliteReader::artists()
{
    QSqlQuery q(m_db.database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT id, name, account FROM artists ORDER BY id")))
        return fail(sqlError(q, "cannot read artists"));
    QList<Artist> out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString()});
    return out;
}

Result<std::optional<Artist>> SqliteReader::artist(const QString &id)
{
    QSqlQuery q(m_db.database());
    q.prepare(QStringLiteral("SELECT id, name, account FROM artists WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return fail(sqlError(q, "cannot read artist"));
    if (!q.next())
        return std::optional<Artist>();
    return std::optional<Artist>(
        Artist{q.value(0).toString(), q.value(1).toString(), q.value(2).toString()});
}

namespace {

const char kQuarantineColumns[] =
    "SELECT id, event_id, type, source, reason, body, received_at, status FROM quarantine ";

QuarantinedEvent quarantineRow(const QSqlQuery &q)
{
    return {q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
            q.value(3).toString(),   q.value(4).toString(), q.value(5).toByteArray(),
            fromMs(q.value(6)),      q.value(7).toString()};
}

} // namespace

Result<QList<QuarantinedEvent>> SqliteReader::quarantine(const QString &status)
{
    QSqlQuery q(m_db.database());
    q.setForwardOnly(true);
    q.prepare(QString::fromLatin1(kQuarantineColumns) +
              QStringLiteral("WHERE status = ? ORDER BY id"));
    q.addBindValue(status);
    if (!q.exec())
        return fail(sqlError(q, "cannot read quarantine"));
    QList<QuarantinedEvent> out;
    while (q.next())
        out.append(quarantineRow(q));
    return out;
}

Result<std::optional<QuarantinedEvent>> SqliteReader::quarantinedEvent(qint64 id)
{
    QSqlQuery q(m_db.database());
    q.prepare(QString::fromLatin1(kQuarantineColumns) + QStringLiteral("WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return fail(sqlError(q, "cannot read quarantine"));
    if (!q.next())
        return std::optional<QuarantinedEvent>();
    return std::optional<QuarantinedEvent>(quarantineRow(q));
}

Result<QList<AuditRow>> SqliteReader::auditRows(const AuditFilter &filter)
{
    QSqlQuery q(m_db.database());
    q.setForwardOnly(true);
    QString sql = QStringLiteral("SELECT id, at, actor, action, IFNULL(artist, ''), "
                                 "IFNULL(entry_id, 0), detail FROM audit_log WHERE 1");
    if (!filter.artist.isEmpty())
        sql += QStringLiteral(" AND artist = :artist");
    if (filter.since.isValid())
        sql += QStringLiteral(" AND at >= :since");
    sql += QStringLiteral(" ORDER BY at, id LIMIT :limit");
    q.prepare(sql);
    if (!filter.artist.isEmpty())
        q.bindValue(QStringLiteral(":artist"), filter.artist);
    if (filter.since.isValid())
        q.bindValue(QStringLiteral(":since"), filter.since.toMSecsSinceEpoch());
    q.bindValue(QStringLiteral(":limit"), qMax(0, filter.limit));
    if (!q.exec())
        return fail(sqlError(q, "cannot read the audit log"));
    QList<AuditRow> out;
    while (q.next())
        out.append({q.value(0).toLongLong(), fromMs(q.value(1)), q.value(2).toString(),
                    q.value(3).toString(), q.value(4).toString(), q.value(5).toLongLong(),
                    q.value(6).toString()});
    return out;
}

Result<QList<HeldTotal>> SqliteReader::heldTotals(const QString &artist)
{
    QSqlQuery q(m_db.database());
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT artist, currency, IFNULL(reason, ''), COUNT(*), SUM(amount_minor) "
                       "FROM entries WHERE state = 'held'") +
        (artist.isEmpty() ? QString() : QStringLiteral(" AND artist = :artist")) +
        QStringLiteral(" GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"));
    if (!artist.isEmpty())
        q.bindValue(QStringLiteral(":artist"), artist);
    if (!q.exec())
        return fail(sqlError(q, "cannot read held money"));
    QList<HeldTotal> out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                    q.value(3).toLongLong(), q.value(4).toLongLong()});
    return out;
}

Result<QList<RefundAfterPayout>> SqliteReader::refundsAfterPayout(const QString &artist)
{
    QSqlQuery q(m_db.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT e.id, e.artist, e.amount_minor, e.currency, e.reference, e.track, "
        "IFNULL(e.transfer_id, ''), e.state, e.attempts, IFNULL(e.last_error, ''), "
        "e.next_attempt_at, e.updated_at, "
        "(SELECT r.stripe_reversal_id FROM reversals r WHERE r.entry_id = e.id "
        " AND r.state = 'reversed' ORDER BY r.id DESC LIMIT 1), "
        "(SELECT r.recovery_entry_id FROM reversals r WHERE r.entry_id = e.id "
        " AND r.state = 'refused' ORDER BY r.id DESC LIMIT 1), "
        "(SELECT c.state FROM reversals r JOIN entries c ON c.id = r.recovery_entry_id "
        " WHERE r.entry_id = e.id AND r.state = 'refused' ORDER BY r.id DESC LIMIT 1), "
        "e.title FROM entries e WHERE e.state IN ('reversing', 'reversed', 'clawback') "
        "AND (? = '' OR e.artist = ?) ORDER BY e.updated_at DESC, e.id DESC"));
    // A null QString would bind as NULL, which equals nothing.
    const QString who = artist.isNull() ? QStringLiteral("") : artist;
    q.addBindValue(who);
    q.addBindValue(who);
    if (!q.exec())
        return fail(sqlError(q, "cannot read refunds after payout"));
    QList<RefundAfterPayout> out;
    while (q.next()) {
        RefundAfterPayout r;
        r.entryId = q.value(0).toLongLong();
        r.artist = q.value(1).toString();
        r.amount = Money(q.value(2).toLongLong(), q.value(3).toString());
        r.reference = q.value(4).toString();
        r.track = q.value(5).toString();
        r.transferId = q.value(6).toString();
        r.state = entryStateFromString(q.value(7).toString()).value_or(EntryState::Reversing);
        r.attempts = q.value(8).toInt();
        r.lastError = q.value(9).toString();
        if (!q.value(10).isNull())
            r.nextAttemptAt = QDateTime::fromMSecsSinceEpoch(q.value(10).toLongLong(), Qt::UTC);
        r.updatedAt = QDateTime::fromMSecsSinceEpoch(q.value(11).toLongLong(), Qt::UTC);
        r.reversalId = q.value(12).toString();
        r.recoveryEntryId = q.value(13).toLongLong();
        if (!q.value(14).isNull())
            r.recoveryState = entryStateFromString(q.value(14).toString());
        r.title = q.value(15).toString();
        out.append(r);
    }
    return out;
}

Result<qint64> SqliteReader::countQuarantined(const QString &status)
{
    QSqlQuery q(m_db.database());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM quarantine WHERE status = ?"));
    q.addBindValue(status);
    if (!q.exec() || !q.next())
        return fail(sqlError(q, "cannot count quarantined events"));
    return q.value(0).toLongLong();
}

Result<QList<PaidTransfer>> SqliteReader::paidTransfers(const QString &artist)
{
    QSqlQuery q(m_db.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT IFNULL(stripe_transfer_id, ''), amount_minor, currency, "
                             "IFNULL(completed_at, updated_at) FROM transfers "
                             "WHERE artist = ? AND state = 'paid' ORDER BY 4, id"));
    q.addBindValue(artist.isNull() ? QStringLiteral("") : artist);
    if (!q.exec())
        return fail(sqlError(q, "cannot read paid transfers"));
    QList<PaidTransfer> out;
    while (q.next())
        out.append({q.value(0).toString(), Money(q.value(1).toLongLong(), q.value(2).toString()),
                    QDateTime::fromMSecsSinceEpoch(q.value(3).toLongLong(), Qt::UTC)});
    return out;
}
