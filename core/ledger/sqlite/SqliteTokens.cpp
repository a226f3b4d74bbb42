// Artists' API tokens on SQLite (ledger/TokenStore.h).
#include "SqliteStores.h"

#include "ledger/sqlite/SqliteLedger.h"
#include "ledger/sqlite/SqliteStatement.h"
#include "util/Clock.h"

#include <sqlite3.h>

namespace {

QDateTime timeOrInvalid(const SqliteStatement &q, int column, bool isNull)
{
    return isNull ? QDateTime() : QDateTime::fromMSecsSinceEpoch(q.columnInt64(column), Qt::UTC);
}

} // namespace

Result<IssuedArtistToken> SqliteTokens::issue(const QString &artist, const QString &label)
{
    IssuedArtistToken out;
    const Status s = m_db.write([&]() -> Status {
        SqliteStatement &known = m_db.statement("SELECT 1 FROM artists WHERE id = ?1");
        known.bind(1, artist);
        const Result<bool> row = known.step();
        known.reset();
        if (!row)
            return fail(row.error());
        if (!*row)
            return fail(Error{Error::Kind::Validation,
                              QStringLiteral("there is no artist %1").arg(artist)});
        out.secret = ArtistToken::generate();
        const QByteArray hash = ArtistToken::hash(out.secret);
        const qint64 now = m_db.clock().nowMs();
        SqliteStatement &q = m_db.statement("INSERT INTO artist_tokens (artist, label, token_hash, "
                                            "created_at) VALUES (?1, ?2, ?3, ?4)");
        q.bind(1, artist).bind(2, label).bindUtf8(3, hash).bind(4, now);
        if (Status st = q.run(); !st)
            return st;
        out.info.id = sqlite3_last_insert_rowid(m_db.handle());
        out.info.artist = artist;
        out.info.label = label;
        out.info.createdAt = QDateTime::fromMSecsSinceEpoch(now, Qt::UTC);
        return {};
    });
    if (!s)
        return fail(s.error());
    return out;
}

Result<QList<ArtistTokenInfo>> SqliteTokens::list(const QString &artist)
{
    SqliteStatement &q =
        m_db.statement("SELECT id, artist, label, created_at, last_used_at, revoked_at, "
                       "last_used_at IS NULL, revoked_at IS NULL FROM artist_tokens "
                       "WHERE ?1 IS NULL OR artist = ?1 ORDER BY id");
    if (artist.isEmpty())
        q.bindNull(1);
    else
        q.bind(1, artist);
    QList<ArtistTokenInfo> out;
    for (;;) {
        const Result<bool> row = q.step();
        if (!row) {
            q.reset();
            return fail(row.error());
        }
        if (!*row)
            break;
        ArtistTokenInfo t;
        t.id = q.columnInt64(0);
        t.artist = q.columnText(1);
        t.label = q.columnText(2);
        t.createdAt = QDateTime::fromMSecsSinceEpoch(q.columnInt64(3), Qt::UTC);
        t.lastUsedAt = timeOrInvalid(q, 4, q.columnInt64(6) != 0);
        t.revokedAt = timeOrInvalid(q, 5, q.columnInt64(7) != 0);
        out.append(std::move(t));
    }
    q.reset();
    return out;
}

Result<bool> SqliteTokens::revoke(qint64 id)
{
    bool revoked = false;
    const Status s = m_db.write([&]() -> Status {
        SqliteStatement &q = m_db.statement(
            "UPDATE artist_tokens SET revoked_at = ?1 WHERE id = ?2 AND revoked_at IS NULL");
        q.bind(1, m_db.clock().nowMs()).bind(2, id);
        if (Status st = q.run(); !st)
            return st;
        revoked = sqlite3_changes(m_db.handle()) == 1;
        return {};
    });
    if (!s)
        return fail(s.error());
    return revoked;
}

Result<std::optional<QString>> SqliteTokens::authenticate(const QString &secret, Use use)
{
    if (!ArtistToken::looksValid(secret))
        return std::optional<QString>();
    const QByteArray hash = ArtistToken::hash(secret);
    SqliteStatement &q =
        m_db.statement("SELECT id, artist, IFNULL(last_used_at, 0) FROM artist_tokens "
                       "WHERE token_hash = ?1 AND revoked_at IS NULL");
    q.bindUtf8(1, hash);
    const Result<bool> row = q.step();
    if (!row || !*row) {
        q.reset();
        if (!row)
            return fail(row.error());
        return std::optional<QString>();
    }
    const qint64 id = q.columnInt64(0);
    const QString artist = q.columnText(1);
    const qint64 lastUsed = q.columnInt64(2);
    q.reset();
    const qint64 now = m_db.clock().nowMs();
    if (use == Use::Record && now - lastUsed >= kLastUsedGranularityMs) {
        // Best effort: a use that cannot be recorded does not refuse a valid
        // token.
        (void)relaxedWrite([&]() -> Status {
            SqliteStatement &u =
                m_db.statement("UPDATE artist_tokens SET last_used_at = ?1 WHERE id = ?2");
            u.bind(1, now).bind(2, id);
            return u.run();
        });
    }
    return std::optional<QString>(artist);
}

Status SqliteTokens::recordUses(const QStringList &secrets)
{
    const qint64 now = m_db.clock().nowMs();
    return relaxedWrite([&]() -> Status {
        SqliteStatement &u = m_db.statement(
            "UPDATE artist_tokens SET last_used_at = ?1 WHERE token_hash = ?2 "
            "AND revoked_at IS NULL AND (last_used_at IS NULL OR last_used_at <= ?3)");
        u.bind(1, now).bind(3, now - kLastUsedGranularityMs);
        for (const QString &secret : secrets) {
            if (!ArtistToken::looksValid(secret))
                continue;
            const QByteArray hash = ArtistToken::hash(secret);
            if (Status st = u.bindUtf8(2, hash).run(); !st)
                return st;
        }
        return {};
    });
}

Status SqliteTokens::relaxedWrite(const std::function<Status()> &work)
{
    // A last use is a hint for the admin, not money, and it is written on a
    // server's thread: on its own (outside a caller's write) its commit is
    // not synced to disk (synchronous=NORMAL: it becomes durable with the
    // next synced commit or checkpoint), and a file busy with another
    // connection's write is not waited for (a later use records it). A
    // first use by each of 10,000 artists otherwise costs 10,000 fsyncs on
    // the thread that answers.
    const bool own = sqlite3_get_autocommit(m_db.handle()) != 0;
    if (!own)
        return m_db.write(work);
    int busyTimeoutMs = 0;
    SqliteStatement &busy = m_db.statement("PRAGMA busy_timeout");
    if (const Result<bool> r = busy.step(); r && *r)
        busyTimeoutMs = int(busy.columnInt64(0));
    busy.reset();
    (void)m_db.statement("PRAGMA synchronous=NORMAL").run();
    sqlite3_busy_timeout(m_db.handle(), 0);
    const Status written = m_db.write(work);
    sqlite3_busy_timeout(m_db.handle(), busyTimeoutMs);
    (void)m_db.statement("PRAGMA synchronous=FULL").run();
    return written;
}
