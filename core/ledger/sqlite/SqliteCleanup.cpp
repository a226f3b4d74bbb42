// What the daily cleanup reads and changes (CleanupStore) on SQLite.
#include "SqliteStores.h"

#include "ledger/sqlite/SqliteLedger.h"
#include "ledger/sqlite/SqliteSupport.h"
#include "util/Clock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace {

CleanupCandidate candidate(const QSqlQuery &q)
{
    CleanupCandidate c;
    c.id = q.value(0).toLongLong();
    c.artist = q.value(1).toString();
    c.state = entryStateFromString(q.value(2).toString()).value_or(EntryState::Void);
    c.amountMinor = q.value(3).toLongLong();
    c.currency = q.value(4).toString();
    c.artistKnown = q.value(5).toInt() != 0;
    return c;
}

} // namespace

Result<QList<CleanupCandidate>> SqliteCleanup::duplicateCopies()
{
    QSqlQuery q(m_db.database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
            "SELECT e.id, e.artist, e.state, e.amount_minor, e.currency, 1 FROM entries e JOIN ("
            "  SELECT payment_intent, artist, track, kind, MIN(id) AS first_id FROM entries "
            "  WHERE state <> 'void' AND kind <> 'clawback' "
            "  GROUP BY payment_intent, artist, track, kind "
            "  HAVING COUNT(*) > 1) d "
            "ON e.payment_intent = d.payment_intent AND e.artist = d.artist "
            "AND e.track = d.track AND e.kind = d.kind "
            "WHERE e.state <> 'void' AND e.id > d.first_id ORDER BY e.id")))
        return fail(sqlError(q, "cannot find duplicates"));
    QList<CleanupCandidate> out;
    while (q.next())
        out.append(candidate(q));
    return out;
}

Result<QList<CleanupCandidate>>
SqliteCleanup::invalidOpenEntries(const QStringList &knownCurrencies)
{
    QSqlQuery q(m_db.database());
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT id, artist, state, amount_minor, currency, "
                       "  (SELECT COUNT(*) FROM artists a WHERE a.id = e.artist) FROM entries e "
                       "WHERE state IN ('pending', 'held') "
                       "  AND ((amount_minor <= 0 AND kind <> 'clawback') OR artist = '' "
                       "  OR NOT EXISTS (SELECT 1 FROM artists a WHERE a.id = e.artist) "
                       "  OR currency NOT IN (SELECT value FROM json_each(?))) ORDER BY id"));
    q.addBindValue(QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(knownCurrencies)).toJson(QJsonDocument::Compact)));
    if (!q.exec())
        return fail(sqlError(q, "cannot find invalid entries"));
    QList<CleanupCandidate> out;
    while (q.next())
        out.append(candidate(q));
    return out;
}

Status SqliteCleanup::voidEntry(qint64 id, const QString &reason)
{
    QSqlQuery u(m_db.database());
    u.prepare(QStringLiteral("UPDATE entries SET state = 'void', reason = ?, updated_at = ? "
                             "WHERE id = ?"));
    u.addBindValue(reason);
    u.addBindValue(m_db.clock().nowMs());
    u.addBindValue(id);
    if (!u.exec())
        return fail(sqlError(u, "cannot void an entry"));
    return {};
}

Result<int> SqliteCleanup::archiveProcessedEvents(qint64 beforeMs)
{
    int moved = 0;
    const Status s = m_db.write([&]() -> Status {
        QSqlQuery q(m_db.database());
        q.prepare(QStringLiteral("INSERT OR IGNORE INTO processed_events_archive (event_id, type, "
                                 "source, outcome, received_at, archived_at) SELECT event_id, "
                                 "type, source, outcome, received_at, ? FROM processed_events "
                                 "WHERE received_at < ?"));
        q.addBindValue(m_db.clock().nowMs());
        q.addBindValue(beforeMs);
        if (!q.exec())
            return fail(sqlError(q, "cannot archive event ids"));
        q.prepare(QStringLiteral("DELETE FROM processed_events WHERE received_at < ?"));
        q.addBindValue(beforeMs);
        if (!q.exec())
            return fail(sqlError(q, "cannot archive event ids"));
        moved = q.numRowsAffected();
        return {};
    });
    if (!s)
        return fail(s.error());
    return moved;
}

Result<int> SqliteCleanup::archiveQuarantine(qint64 beforeMs)
{
    QSqlQuery q(m_db.database());
    q.prepare(QStringLiteral("UPDATE quarantine SET status = 'archived' "
                             "WHERE status <> 'archived' AND received_at < ?"));
    q.addBindValue(beforeMs);
    if (!q.exec())
        return fail(sqlError(q, "cannot archive quarantine rows"));
    return q.numRowsAffected();
}

Result<bool> SqliteCleanup::dismissQuarantined(qint64 id)
{
    QSqlQuery q(m_db.database());
    q.prepare(QStringLiteral(
        "UPDATE quarantine SET status = 'dismissed' WHERE id = ? AND status = 'open'"));
    q.addBindValue(id);
    if (!q.exec())
        return fail(sqlError(q, "cannot dismiss the quarantined event"));
    return q.numRowsAffected() == 1;
}

Result<int> SqliteCleanup::countStuckSending(qint64 beforeMs)
{
    QSqlQuery q(m_db.database());
    q.prepare(
        QStringLiteral("SELECT COUNT(*) FROM entries WHERE state = 'sending' AND updated_at < ?"));
    q.addBindValue(beforeMs);
    if (!q.exec() || !q.next())
        return fail(sqlError(q, "cannot count stuck entries"));
    return q.value(0).toInt();
}
