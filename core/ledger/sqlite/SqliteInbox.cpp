// The webhook inbox's SQL (ARCHITECTURE.md, "Data flow"): the receiver
// journals raw events here and the applier marks them applied.
#include "SqliteStores.h"

#include "ledger/sqlite/SqliteLedger.h"
#include "ledger/sqlite/SqliteStatement.h"
#include "util/Clock.h"

#include <sqlite3.h>

Result<QList<qint64>> SqliteInbox::journal(const QList<QByteArray> &bodies, const QString &source)
{
    QList<qint64> ids;
    ids.reserve(bodies.size());
    const QByteArray sourceUtf8 = source.toUtf8();
    // A 2xx follows this commit: it must be durable whatever mode an
    // earlier write on this connection left (the applier's are NORMAL).
    if (Status st = m_db.statement("PRAGMA synchronous=FULL").run(); !st)
        return fail(st.error());
    const Status s = m_db.write([&]() -> Status {
        ids.clear();
        SqliteStatement &q =
            m_db.statement("INSERT INTO inbox (received_at, source, body) VALUES (?1, ?2, ?3)");
        q.bind(1, m_db.clock().nowMs()).bindUtf8(2, sourceUtf8);
        for (const QByteArray &body : bodies) {
            q.bindBlob(3, body);
            if (Status st = q.run(); !st)
                return st;
            ids.append(sqlite3_last_insert_rowid(m_db.handle()));
        }
        return {};
    });
    if (!s)
        return fail(s.error());
    return ids;
}

Result<QList<InboxRow>> SqliteInbox::due(int limit, qint64 nowMs, qint64 afterId)
{
    SqliteStatement &q = m_db.statement(
        "SELECT id, received_at, source, body, attempts FROM inbox WHERE applied_at IS NULL "
        "AND id > ?3 AND (next_attempt_at IS NULL OR next_attempt_at <= ?1) ORDER BY id LIMIT ?2");
    q.bind(1, nowMs).bind(2, qint64(limit)).bind(3, afterId);
    QList<InboxRow> rows;
    for (;;) {
        const Result<bool> row = q.step();
        if (!row) {
            q.reset();
            return fail(row.error());
        }
        if (!*row)
            break;
        rows.append({q.columnInt64(0), q.columnInt64(1), q.columnText(2), q.columnBlob(3),
                     int(q.columnInt64(4))});
    }
    q.reset();
    return rows;
}

Status SqliteInbox::markApplied(const QList<qint64> &ids, qint64 atMs)
{
    Q_ASSERT(m_db.inTransaction());
    SqliteStatement &q = m_db.statement("UPDATE inbox SET applied_at = ?1, next_attempt_at = NULL "
                                   "WHERE id = ?2 AND applied_at IS NULL");
    q.bind(1, atMs);
    for (const qint64 id : ids) {
        q.bind(2, id);
        if (Status s = q.run(); !s)
            return s;
    }
    return {};
}

Status SqliteInbox::attemptFailed(qint64 id, const QString &error, qint64 retryAtMs)
{
    return m_db.write([&]() -> Status {
        SqliteStatement &q = m_db.statement("UPDATE inbox SET attempts = attempts + 1, last_error = ?1, "
                                       "next_attempt_at = ?2 WHERE id = ?3 AND applied_at IS NULL");
        q.bind(1, error).bind(2, retryAtMs).bind(3, id);
        return q.run();
    });
}

Result<qint64> SqliteInbox::nextRetry()
{
    SqliteStatement &q = m_db.statement("SELECT IFNULL(MIN(next_attempt_at), -1) FROM inbox WHERE "
                                   "applied_at IS NULL AND next_attempt_at IS NOT NULL");
    const Result<bool> row = q.step();
    const qint64 at = row && *row ? q.columnInt64(0) : -1;
    q.reset();
    if (!row)
        return fail(row.error());
    return at;
}

Result<InboxBacklog> SqliteInbox::backlog()
{
    SqliteStatement &q =
        m_db.statement("SELECT COUNT(*), MIN(received_at), COUNT(next_attempt_at) FROM inbox "
                  "WHERE applied_at IS NULL");
    const Result<bool> row = q.step();
    InboxBacklog b;
    if (row && *row) {
        b.waiting = q.columnInt64(0);
        if (b.waiting > 0)
            b.oldest = QDateTime::fromMSecsSinceEpoch(q.columnInt64(1), Qt::UTC);
        b.retrying = q.columnInt64(2);
    }
    q.reset();
    if (!row)
        return fail(row.error());
    return b;
}

Status SqliteInbox::relaxApplyDurability(bool relaxed)
{
    return relaxed ? m_db.statement("PRAGMA synchronous=NORMAL").run()
                   : m_db.statement("PRAGMA synchronous=FULL").run();
}
