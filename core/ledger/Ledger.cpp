#include "Ledger.h"

#include "ledger/Schema.h"
#include "ledger/SqliteStatement.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <sqlite3.h>

namespace {

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("payoutdesk-ledger-%1").arg(++counter);
}

Error sqlError(const QSqlQuery &q, const char *what)
{
    return Error::database(QString::fromLatin1(what) + QStringLiteral(": ") + q.lastError().text());
}

QDateTime fromMs(const QVariant &v)
{
    if (v.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

} // namespace

Ledger::Ledger(QString path, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path))
    , m_connectionName(nextConnectionName())
    , m_clock(clock)
{}

Ledger::~Ledger()
{
    close();
}

Status Ledger::openConnection()
{
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath()))
        return fail(
            Error::io(QStringLiteral("cannot create the folder %1").arg(info.absolutePath())));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    if (!db.open())
        return fail(Error::database(
            QStringLiteral("cannot open the ledger %1: %2").arg(m_path, db.lastError().text())));
    // WAL lets readers (the window, status) run while a writer commits;
    // synchronous=FULL makes every commit durable before it returns, which
    // the exactly-once rules depend on (a lost `sending` row is a double
    // payout waiting to happen).
    // A large page cache keeps a big import's transaction in memory instead
    // of spilling half-written pages to the WAL before the commit.
    for (const char *pragma :
         {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
          "PRAGMA busy_timeout=10000", "PRAGMA cache_size=-65536", "PRAGMA temp_store=MEMORY"}) {
        if (Status s = exec(QString::fromLatin1(pragma)); !s)
            return s;
    }
    return {};
}

Status Ledger::open()
{
    return openAtVersion(Schema::currentVersion());
}

Status Ledger::openAtVersion(int schemaVersion)
{
    if (isOpen())
        return {};
    if (Status s = openConnection(); !s) {
        close();
        return s;
    }
    QSqlDatabase db = database();
    if (Status s = Schema::migrate(db, schemaVersion); !s) {
        close();
        return s;
    }
    return {};
}

SqliteStatement &Ledger::statement(const char *sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end())
        it = m_statements.insert(sql, std::make_shared<SqliteStatement>(sqliteHandle(), sql));
    return **it;
}

void Ledger::close()
{
    // Statements must be finalized before SQLite lets the connection close.
    m_statements.clear();
    m_auditInsert.reset();
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool Ledger::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) &&
           QSqlDatabase::database(m_connectionName, false).isOpen();
}

QSqlDatabase Ledger::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

sqlite3 *Ledger::sqliteHandle() const
{
    const QVariant v = database().driver()->handle();
    if (v.isValid() && qstrcmp(v.typeName(), "sqlite3*") == 0)
        return *static_cast<sqlite3 *const *>(v.constData());
    return nullptr;
}

Status Ledger::exec(const QString &sql)
{
    QSqlQuery q(database());
    if (!q.exec(sql))
        return fail(Error::database(sql + QStringLiteral(": ") + q.lastError().text()));
    return {};
}

Status Ledger::write(const std::function<Status()> &work)
{
    return transact(work, true);
}

Status Ledger::rehearse(const std::function<Status()> &work)
{
    return transact(work, false);
}

Status Ledger::transact(const std::function<Status()> &work, bool commit)
{
    Q_ASSERT_X(!m_inWrite, "Ledger::write", "writes do not nest");
    // BEGIN and COMMIT run once per write, thousands of times a second under
    // webhook load: prepared once on the C API, like the intake statements.
    if (Status s = statement("BEGIN IMMEDIATE").run(); !s)
        return s;
    m_inWrite = true;
    Status result = work();
    if (result && commit)
        result = statement("COMMIT").run();
    m_inWrite = false;
    if (!result || !commit) {
        // ROLLBACK after a failed COMMIT may itself fail if SQLite already
        // rolled back; either way nothing of the work remains.
        (void)statement("ROLLBACK").run();
        if (!result)
            qCWarning(lcLedger) << "write rolled back:" << result.error().message;
        return result;
    }
    ++m_commits;
    Q_EMIT changed();
    return {};
}

Status Ledger::audit(const QString &actor, const QString &action, const QString &artist,
                     qint64 entryId, const QString &detail)
{
    Q_ASSERT(m_inWrite);
    if (!m_auditInsert) {
        m_auditInsert.emplace(database());
        m_auditInsert->prepare(QStringLiteral("INSERT INTO audit_log (at, actor, action, artist, "
                                              "entry_id, detail) VALUES (?, ?, ?, ?, ?, ?)"));
    }
    QSqlQuery &q = *m_auditInsert;
    q.addBindValue(m_clock.nowMs());
    q.addBindValue(actor);
    q.addBindValue(action);
    q.addBindValue(artist.isEmpty() ? QVariant() : QVariant(artist));
    q.addBindValue(entryId > 0 ? QVariant(entryId) : QVariant());
    q.addBindValue(detail);
    if (!q.exec())
        return fail(sqlError(q, "cannot append to the audit log"));
    return {};
}

Result<qint64> Ledger::dataVersion()
{
    SqliteStatement &q = statement("PRAGMA data_version");
    const Result<bool> row = q.step();
    const qint64 version = row && *row ? q.columnInt64(0) : -1;
    q.reset();
    if (!row)
        return fail(row.error());
    return version;
}

Result<QString> Ledger::meta(const QString &key)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(key);
    if (!q.exec())
        return fail(sqlError(q, "cannot read meta"));
    return q.next() ? q.value(0).toString() : QString();
}

Status Ledger::setMeta(const QString &key, const QString &value)
{
    const auto work = [&]() -> Status {
        QSqlQuery q(database());
        q.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?) "
                                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
        q.addBindValue(key);
        q.addBindValue(value);
        if (!q.exec())
            return fail(sqlError(q, "cannot write meta"));
        return {};
    };
    return m_inWrite ? work() : write(work);
}

Result<QList<ArtistBalance>> Ledger::balances(const QString &artist)
{
    QSqlQuery q(database());
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
        b.entries += count;
        b.countByState[int(state)] += count;
        switch (state) {
        case EntryState::Pending:
            b.pendingMinor += amount;
            break;
        case EntryState::Sending:
            b.sendingMinor += amount;
            break;
        case EntryState::Paid:
            b.paidMinor += amount;
            break;
        case EntryState::Held:
            b.heldMinor += amount;
            break;
        case EntryState::Void:
            b.voidMinor += amount;
            break;
        }
    }
    return out;
}

Result<QHash<EntryState, qint64>> Ledger::stateCounts()
{
    QSqlQuery q(database());
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

QString whereClause(const Ledger::EntryFilter &f)
{
    QStringList conds;
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

Result<QList<Entry>> Ledger::entries(const EntryFilter &filter)
{
    QSqlQuery q(database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, artist, amount_minor, currency, kind, track, reference, "
                             "payment_intent, event_id, created_at, state, attempts, "
                             "next_attempt_at, last_error, reason, idempotency_key, transfer_id, "
                             "updated_at FROM entries") +
              whereClause(filter) +
              QStringLiteral(" ORDER BY created_at, id LIMIT :limit OFFSET :offset"));
    if (!filter.artist.isEmpty())
        q.bindValue(QStringLiteral(":artist"), filter.artist);
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
        out.append(std::move(e));
    }
    return out;
}

Result<qint64> Ledger::countEntries(const EntryFilter &filter)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM entries") + whereClause(filter));
    if (!filter.artist.isEmpty())
        q.bindValue(QStringLiteral(":artist"), filter.artist);
    if (!q.exec() || !q.next())
        return fail(sqlError(q, "cannot count entries"));
    return q.value(0).toLongLong();
}

Result<QList<Artist>> Ledger::artists()
{
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT id, name, account FROM artists ORDER BY id")))
        return fail(sqlError(q, "cannot read artists"));
    QList<Artist> out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString()});
    return out;
}

Result<std::optional<Artist>> Ledger::artist(const QString &id)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT id, name, account FROM artists WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return fail(sqlError(q, "cannot read artist"));
    if (!q.next())
        return std::optional<Artist>();
    return std::optional<Artist>(
        Artist{q.value(0).toString(), q.value(1).toString(), q.value(2).toString()});
}

Result<int> Ledger::linkArtist(const QString &artist, const QString &account, const QString &actor)
{
    int released = 0;
    const Status s = write([&]() -> Status {
        const qint64 now = m_clock.nowMs();
        QSqlQuery q(database());
        q.prepare(QStringLiteral(
            "INSERT INTO artists (id, account, created_at, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET account = excluded.account, "
            "updated_at = excluded.updated_at"));
        q.addBindValue(artist);
        q.addBindValue(account);
        q.addBindValue(now);
        q.addBindValue(now);
        if (!q.exec())
            return fail(sqlError(q, "cannot link artist"));
        q.prepare(QStringLiteral("UPDATE entries SET state = 'pending', reason = NULL, "
                                 "updated_at = ? WHERE artist = ? AND state = 'held' "
                                 "AND reason IN (?, ?)"));
        q.addBindValue(now);
        q.addBindValue(artist);
        q.addBindValue(Reason::NoPayoutAccount);
        q.addBindValue(Reason::AccountReset);
        if (!q.exec())
            return fail(sqlError(q, "cannot release held entries"));
        released = q.numRowsAffected();
        return audit(actor, QStringLiteral("artist.linked"), artist, 0,
                     QStringLiteral("account %1; %2 held entries released to pending")
                         .arg(account)
                         .arg(released));
    });
    if (!s)
        return fail(s.error());
    return released;
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

Result<QList<QuarantinedEvent>> Ledger::quarantine(const QString &status)
{
    QSqlQuery q(database());
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

Result<std::optional<QuarantinedEvent>> Ledger::quarantinedEvent(qint64 id)
{
    QSqlQuery q(database());
    q.prepare(QString::fromLatin1(kQuarantineColumns) + QStringLiteral("WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return fail(sqlError(q, "cannot read quarantine"));
    if (!q.next())
        return std::optional<QuarantinedEvent>();
    return std::optional<QuarantinedEvent>(quarantineRow(q));
}

Result<VerifyReport> Ledger::verify()
{
    VerifyReport report;
    QSqlQuery q(database());
    q.setForwardOnly(true);

    // A list of (name, sql): each query returns one text column per problem.
    const std::pair<const char *, const char *> checks[] = {
        {"sqlite integrity",
         "SELECT integrity_check FROM pragma_integrity_check WHERE integrity_check <> 'ok'"},
        {"foreign keys",
         "SELECT 'entry ' || rowid || ' names a missing artist' FROM pragma_foreign_key_check"},
        {"conservation of money (ingested = pending + sending + paid + held + void)",
         "WITH now_total AS (SELECT artist, currency, SUM(amount_minor) AS amount, COUNT(*) AS n "
         "                   FROM entries GROUP BY artist, currency), "
         "ingested AS (SELECT artist, currency, amount_minor, entries FROM totals "
         "             WHERE bucket = 'ingested'), "
         "keys AS (SELECT artist, currency FROM ingested UNION SELECT artist, currency FROM "
         "now_total) "
         "SELECT k.artist || ' ' || k.currency || ': ingested ' || IFNULL(i.amount_minor, 0) "
         "       || ' in ' || IFNULL(i.entries, 0) || ' entries, ledger holds ' "
         "       || IFNULL(t.amount, 0) || ' in ' || IFNULL(t.n, 0) || ' entries' "
         "FROM keys k LEFT JOIN ingested i USING (artist, currency) "
         "LEFT JOIN now_total t USING (artist, currency) "
         "WHERE IFNULL(i.amount_minor, 0) <> IFNULL(t.amount, 0) OR IFNULL(i.entries, 0) <> "
         "IFNULL(t.n, 0)"},
        {"state totals match the entries",
         "WITH actual AS (SELECT artist, currency, state AS bucket, SUM(amount_minor) AS amount, "
         "                COUNT(*) AS n FROM entries GROUP BY 1, 2, 3), "
         "held AS (SELECT * FROM totals WHERE bucket <> 'ingested'), "
         "keys AS (SELECT artist, currency, bucket FROM actual "
         "         UNION SELECT artist, currency, bucket FROM held WHERE entries <> 0 OR "
         "amount_minor <> 0) "
         "SELECT k.artist || ' ' || k.currency || ' ' || k.bucket || ': totals say ' "
         "       || IFNULL(b.amount_minor, 0) || ', entries say ' || IFNULL(a.amount, 0) "
         "FROM keys k LEFT JOIN held b USING (artist, currency, bucket) "
         "LEFT JOIN actual a USING (artist, currency, bucket) "
         "WHERE IFNULL(b.amount_minor, 0) <> IFNULL(a.amount, 0) OR IFNULL(b.entries, 0) <> "
         "IFNULL(a.n, 0)"},
        {"entry states",
         "SELECT 'entry ' || id || ' has unknown state ' || quote(state) FROM entries "
         "WHERE state NOT IN ('pending', 'sending', 'paid', 'held', 'void')"},
        {"paid entries name their transfer",
         "SELECT 'entry ' || id || ' is paid but has no transfer id' FROM entries "
         "WHERE state = 'paid' AND IFNULL(transfer_id, '') = ''"},
        {"sending entries carry their idempotency key",
         "SELECT 'entry ' || id || ' is sending without an idempotency key' FROM entries "
         "WHERE state = 'sending' AND IFNULL(idempotency_key, '') = ''"},
        {"paid transfers match the entries they paid",
         "SELECT 'transfer ' || t.idempotency_key || ' paid ' || t.amount_minor "
         "       || ' but its paid entries hold ' || IFNULL(SUM(e.amount_minor), 0) "
         "FROM transfers t LEFT JOIN entries e "
         "  ON e.idempotency_key = t.idempotency_key AND e.state = 'paid' "
         "WHERE t.state = 'paid' GROUP BY t.id "
         "HAVING IFNULL(SUM(e.amount_minor), 0) <> t.amount_minor"},
        {"paid entries belong to a paid transfer",
         "SELECT 'entry ' || e.id || ' is paid but its transfer attempt is ' "
         "       || IFNULL(t.state, 'missing') FROM entries e "
         "LEFT JOIN transfers t ON t.idempotency_key = e.idempotency_key "
         "WHERE e.state = 'paid' AND e.idempotency_key IS NOT NULL AND IFNULL(t.state, '') <> "
         "'paid'"},
    };
    for (const auto &[name, sql] : checks) {
        VerifyReport::Check check;
        check.name = QString::fromLatin1(name);
        if (!q.exec(QString::fromLatin1(sql)))
            return fail(sqlError(q, name));
        while (q.next()) {
            check.ok = false;
            if (check.problems.size() < 50)
                check.problems << q.value(0).toString();
        }
        report.checks.append(check);
    }
    VerifyReport::Check version;
    version.name = QStringLiteral("schema version");
    QSqlDatabase db = database();
    const Result<int> v = Schema::version(db);
    if (!v || *v != Schema::currentVersion()) {
        version.ok = false;
        version.problems << QStringLiteral("schema version %1, expected %2")
                                .arg(v ? *v : -1)
                                .arg(Schema::currentVersion());
    }
    report.checks.prepend(version);
    return report;
}
