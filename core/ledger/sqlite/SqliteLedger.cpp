#include "SqliteLedger.h"

#include "ledger/sqlite/SqliteBackend.h"

#include "ledger/sqlite/Schema.h"
#include "ledger/sqlite/SqliteStatement.h"
#include "ledger/sqlite/SqliteStores.h"
#include "util/Logging.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <sqlite3.h>

namespace {

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("payoutdesk-ledger-%1").arg(++counter);
}

} // namespace

SqliteLedger::SqliteLedger(QString path, Clock &clock)
    : m_path(std::move(path))
    , m_connectionName(nextConnectionName())
    , m_clock(clock)
    , m_reader(std::make_unique<SqliteReader>(*this))
    , m_intake(std::make_unique<SqliteIntake>(*this))
    , m_inbox(std::make_unique<SqliteInbox>(*this))
    , m_payouts(std::make_unique<SqlitePayouts>(*this))
    , m_leases(std::make_unique<SqliteLeases>(*this))
    , m_cleanup(std::make_unique<SqliteCleanup>(*this))
    , m_accounts(std::make_unique<SqliteAccounts>(*this))
    , m_meta(std::make_unique<SqliteMeta>(*this))
    , m_changes(std::make_unique<SqliteChangeFeed>(*this))
    , m_backup(std::make_unique<SqliteBackup>(*this))
    , m_audit(std::make_unique<SqliteAudit>(*this))
    , m_tokens(std::make_unique<SqliteTokens>(*this))
{}

SqliteLedger::~SqliteLedger()
{
    close();
}

Status SqliteLedger::openConnection(bool asFound)
{
    const QFileInfo info(m_path);
    if (asFound && !info.isFile())
        return fail(Error::database(QStringLiteral("there is no ledger file at %1").arg(m_path)));
    if (!QDir().mkpath(info.absolutePath()))
        return fail(
            Error::io(QStringLiteral("cannot create the folder %1").arg(info.absolutePath())));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    if (!db.open())
        return fail(Error::database(
            QStringLiteral("cannot open the ledger %1: %2").arg(m_path, db.lastError().text())));
    const QVariant v = db.driver()->handle();
    if (v.isValid() && qstrcmp(v.typeName(), "sqlite3*") == 0)
        m_handle = *static_cast<sqlite3 *const *>(v.constData());
    if (!m_handle)
        return fail(Error::database(QStringLiteral("the SQLite driver gave no handle")));
    // WAL lets readers (the window, status) run while a writer commits;
    // synchronous=FULL makes every commit durable before it returns, which
    // the exactly-once rules depend on (a lost `sending` row is a double
    // payout waiting to happen).
    // A large page cache keeps a big import's transaction in memory instead
    // of spilling half-written pages to the WAL before the commit.
    // Reads go through a memory map of the file (up to 1 GiB): a page already
    // in the OS cache costs no read() call and no copy. An artist's entries
    // lie scattered over the table, so the API's page of 50 of them touched
    // 50 pages through pread; mapped, scheduled-payouts under wrk went from
    // 377-395 to 851 requests/s (README, Performance).
    for (const char *pragma :
         {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
          "PRAGMA busy_timeout=10000", "PRAGMA cache_size=-65536", "PRAGMA temp_store=MEMORY",
          "PRAGMA mmap_size=1073741824"}) {
        if (asFound && qstrcmp(pragma, "PRAGMA journal_mode=WAL") == 0)
            continue;
        if (Status s = exec(QString::fromLatin1(pragma)); !s && !asFound)
            return s;
    }
    return {};
}

Status SqliteLedger::open()
{
    return openAtVersion(Schema::currentVersion());
}

Status SqliteLedger::openAtVersion(int schemaVersion)
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

Status SqliteLedger::openAsFound()
{
    if (isOpen())
        return {};
    if (Status s = openConnection(true); !s) {
        close();
        return s;
    }
    return {};
}

SqliteStatement &SqliteLedger::statement(const char *sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end())
        it = m_statements.insert(sql, std::make_shared<SqliteStatement>(m_handle, sql));
    return **it;
}

void SqliteLedger::close()
{
    // Statements must be finalized before SQLite lets the connection close.
    m_statements.clear();
    m_handle = nullptr;
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool SqliteLedger::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) &&
           QSqlDatabase::database(m_connectionName, false).isOpen();
}

QSqlDatabase SqliteLedger::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Status SqliteLedger::exec(const QString &sql)
{
    QSqlQuery q(database());
    if (!q.exec(sql))
        return fail(Error::database(sql + QStringLiteral(": ") + q.lastError().text()));
    return {};
}

Status SqliteLedger::write(const std::function<Status()> &work)
{
    return transact(work, true);
}

Status SqliteLedger::transact(const std::function<Status()> &work, bool commit)
{
    if (m_inWrite) {
        // A nested write joins the outer transaction: its error rolls the
        // whole of it back. A nested dry run cannot be honoured.
        Q_ASSERT_X(commit, "SqliteLedger::transact", "a dry run cannot nest in a write");
        return work();
    }
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
    if (m_committed)
        m_committed();
    return {};
}

LedgerReader &SqliteLedger::reader()
{
    return *m_reader;
}
IntakeStore &SqliteLedger::intake()
{
    return *m_intake;
}
InboxStore &SqliteLedger::inbox()
{
    return *m_inbox;
}
PayoutStore &SqliteLedger::payouts()
{
    return *m_payouts;
}
RunLeaseStore &SqliteLedger::leases()
{
    return *m_leases;
}
CleanupStore &SqliteLedger::cleanup()
{
    return *m_cleanup;
}
AccountStore &SqliteLedger::accounts()
{
    return *m_accounts;
}
MetaStore &SqliteLedger::meta()
{
    return *m_meta;
}
ChangeFeed &SqliteLedger::changes()
{
    return *m_changes;
}
BackupStore &SqliteLedger::backup()
{
    return *m_backup;
}
AuditLog &SqliteLedger::audit()
{
    return *m_audit;
}
TokenStore &SqliteLedger::tokens()
{
    return *m_tokens;
}

std::unique_ptr<LedgerBackend> createSqliteLedger(const QString &path, Clock &clock)
{
    return std::make_unique<SqliteLedger>(path, clock);
}
