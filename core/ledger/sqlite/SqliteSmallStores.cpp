// The small SQLite stores: meta, change feed, backup, audit log, run lease
// and accounts.
#include "SqliteStores.h"

#include "ledger/sqlite/SqliteLedger.h"
#include "ledger/sqlite/SqliteStatement.h"
#include "ledger/sqlite/SqliteSupport.h"
#include "util/Clock.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <sqlite3.h>

Result<QString> SqliteMeta::value(const QString &key)
{
    SqliteStatement &q = m_db.statement("SELECT value FROM meta WHERE key = ?1");
    q.bind(1, key);
    const Result<bool> row = q.step();
    const QString value = row && *row ? q.columnText(0) : QString();
    q.reset();
    if (!row)
        return fail(row.error());
    return value;
}

Status SqliteMeta::setValue(const QString &key, const QString &value)
{
    return m_db.write([&]() -> Status {
        SqliteStatement &q =
            m_db.statement("INSERT INTO meta (key, value) VALUES (?1, ?2) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        q.bind(1, key).bind(2, value);
        return q.run();
    });
}

Result<qint64> SqliteChangeFeed::version()
{
    // data_version changes only for other connections' commits; this
    // connection's own are counted apart. Both only grow, so their sum
    // changes whenever either does.
    SqliteStatement &q = m_db.statement("PRAGMA data_version");
    const Result<bool> row = q.step();
    const qint64 version = row && *row ? q.columnInt64(0) : -1;
    q.reset();
    if (!row)
        return fail(row.error());
    return version + m_db.commits();
}

Status SqliteBackup::backupTo(const QString &targetFile)
{
    if (QFileInfo::exists(targetFile))
        return fail(Error::io(
            QStringLiteral("%1 exists already; a backup never overwrites a file").arg(targetFile)));
    // VACUUM INTO copies one consistent snapshot (a read transaction of its
    // own) while other connections keep writing; it cannot run inside a write.
    if (m_db.inTransaction())
        return fail(Error::database(QStringLiteral("a backup cannot be taken inside a write")));
    SqliteStatement q(m_db.handle(), "VACUUM INTO ?1");
    const QByteArray name = QFile::encodeName(targetFile);
    q.bindUtf8(1, name);
    if (Status s = q.run(); !s) {
        QFile::remove(targetFile);
        return fail(Error::io(
            QStringLiteral("cannot write the backup %1: %2").arg(targetFile, s.error().message)));
    }
    return {};
}

Status SqliteAudit::append(const QString &actor, const QString &action, const QString &artist,
                           qint64 entryId, const QString &detail)
{
    Q_ASSERT(m_db.inTransaction());
    SqliteStatement &q = m_db.statement("INSERT INTO audit_log (at, actor, action, artist, "
                                        "entry_id, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    q.bind(1, m_db.clock().nowMs()).bind(2, actor).bind(3, action);
    if (artist.isEmpty())
        q.bindNull(4);
    else
        q.bind(4, artist);
    if (entryId > 0)
        q.bind(5, entryId);
    else
        q.bindNull(5);
    q.bind(6, detail);
    return q.run();
}

Result<std::optional<LeaseState>> SqliteLeases::lease(const QString &name)
{
    SqliteStatement &q = m_db.statement("SELECT holder, expires_at FROM leases WHERE name = ?1");
    q.bind(1, name);
    const Result<bool> row = q.step();
    std::optional<LeaseState> out;
    if (row && *row)
        out = LeaseState{q.columnText(0), q.columnInt64(1)};
    q.reset();
    if (!row)
        return fail(row.error());
    return out;
}

Result<bool> SqliteLeases::take(const QString &name, const QString &holder, qint64 nowMs,
                                qint64 expiresAtMs, const QString &replacing)
{
    bool taken = false;
    const Status s = m_db.write([&]() -> Status {
        SqliteStatement &q = m_db.statement(
            "INSERT INTO leases (name, holder, expires_at) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
            "expires_at = excluded.expires_at "
            "WHERE leases.expires_at < ?4 OR leases.holder = ?2 OR leases.holder = ?5");
        q.bind(1, name).bind(2, holder).bind(3, expiresAtMs).bind(4, nowMs);
        if (replacing.isEmpty())
            q.bindNull(5);
        else
            q.bind(5, replacing);
        if (Status st = q.run(); !st)
            return st;
        taken = sqlite3_changes(m_db.handle()) == 1;
        return {};
    });
    if (!s)
        return fail(s.error());
    return taken;
}

Status SqliteLeases::release(const QString &name, const QString &holder)
{
    return m_db.write([&]() -> Status {
        SqliteStatement &q = m_db.statement("DELETE FROM leases WHERE name = ?1 AND holder = ?2");
        q.bind(1, name).bind(2, holder);
        return q.run();
    });
}

Result<std::optional<QString>> SqliteAccounts::account(const QString &artist)
{
    SqliteStatement &q = m_db.statement("SELECT IFNULL(account, '') FROM artists WHERE id = ?1");
    q.bind(1, artist);
    const Result<bool> row = q.step();
    std::optional<QString> account;
    if (row && *row)
        account = q.columnText(0);
    q.reset();
    if (!row)
        return fail(row.error());
    return account;
}

Result<QStringList> SqliteAccounts::artistsWithAccount(const QString &account)
{
    SqliteStatement &q = m_db.statement("SELECT id FROM artists WHERE account = ?1 ORDER BY id");
    q.bind(1, account);
    return q.texts();
}

Status SqliteAccounts::setAccount(const QString &artist, const QString &account)
{
    return m_db.write([&]() -> Status {
        SqliteStatement &q = m_db.statement(
            "INSERT INTO artists (id, account, created_at, updated_at) VALUES (?1, ?2, ?3, ?3) "
            "ON CONFLICT (id) DO UPDATE SET account = excluded.account, "
            "updated_at = excluded.updated_at");
        q.bind(1, artist).bind(3, m_db.clock().nowMs());
        if (account.isEmpty())
            q.bindNull(2);
        else
            q.bind(2, account);
        return q.run();
    });
}

Result<int> SqliteAccounts::moveEntries(const QString &artist, EntryState from,
                                        const QStringList &fromReasons, EntryState to,
                                        const QString &reason)
{
    int moved = 0;
    const Status s = m_db.write([&]() -> Status {
        // The reasons are few (one or two): bound as a JSON array, so one
        // prepared statement serves any number of them.
        SqliteStatement &q =
            m_db.statement("UPDATE entries SET state = ?1, reason = ?2, updated_at = ?3 "
                           "WHERE artist = ?4 AND state = ?5 "
                           "AND (?6 IS NULL OR reason IN (SELECT value FROM json_each(?6)))");
        // Bound text is not copied (SqliteStatement): it must outlive run().
        const QString toName = stateName(to);
        const QString fromName = stateName(from);
        const QByteArray reasons =
            QJsonDocument(QJsonArray::fromStringList(fromReasons)).toJson(QJsonDocument::Compact);
        q.bind(1, toName).bind(3, m_db.clock().nowMs()).bind(4, artist).bind(5, fromName);
        if (reason.isEmpty())
            q.bindNull(2);
        else
            q.bind(2, reason);
        if (fromReasons.isEmpty())
            q.bindNull(6);
        else
            q.bindUtf8(6, reasons);
        if (Status st = q.run(); !st)
            return st;
        moved = sqlite3_changes(m_db.handle());
        return {};
    });
    if (!s)
        return fail(s.error());
    return moved;
}

// Run requests are counted in meta under "run_requests:NAME" (no table of
// their own): one upsert in the write transaction, so that two instances
// raising it at once both count.
Result<qint64> SqliteLeases::addRunRequest(const QString &name)
{
    qint64 count = 0;
    const Status s = m_db.write([&]() -> Status {
        SqliteStatement &q =
            m_db.statement("INSERT INTO meta (key, value) VALUES ('run_requests:' || ?1, '1') "
                           "ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(meta.value AS "
                           "INTEGER) + 1 AS TEXT)");
        q.bind(1, name);
        if (Status st = q.run(); !st)
            return st;
        const Result<qint64> now = runRequests(name);
        if (!now)
            return fail(now.error());
        count = *now;
        return {};
    });
    if (!s)
        return fail(s.error());
    return count;
}

Result<qint64> SqliteLeases::runRequests(const QString &name)
{
    SqliteStatement &q =
        m_db.statement("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'run_requests:' || ?1");
    q.bind(1, name);
    const Result<bool> row = q.step();
    const qint64 count = row && *row ? q.columnInt64(0) : 0;
    q.reset();
    if (!row)
        return fail(row.error());
    return count;
}
