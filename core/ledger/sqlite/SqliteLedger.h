#pragma once

#include "ledger/LedgerBackend.h"
#include "util/Error.h"

#include <QHash>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <memory>

class Clock;
class SqliteStatement;
struct sqlite3;

class SqliteReader;
class SqliteIntake;
class SqliteInbox;
class SqlitePayouts;
class SqliteLeases;
class SqliteCleanup;
class SqliteAccounts;
class SqliteMeta;
class SqliteChangeFeed;
class SqliteBackup;
class SqliteAudit;
class SqliteTokens;

// The embedded ledger: one SQLite file in WAL mode, one connection per
// object, used on the thread that opened it (another thread opens its own
// object on the same file). Every write runs in one IMMEDIATE transaction
// with synchronous=FULL, so a commit that returned is on disk.
//
// The stores of each use case (SqliteStores.h) run their SQL through this
// connection: Qt Sql for the occasional statement, and prepared statements
// on the SQLite C API (SqliteStatement, cached per connection) on the hot
// paths, where Qt Sql's per-call marshalling costs more than the work.
class SqliteLedger final : public LedgerBackend
{
public:
    SqliteLedger(QString path, Clock &clock);
    ~SqliteLedger() override;
    SqliteLedger(const SqliteLedger &) = delete;
    SqliteLedger &operator=(const SqliteLedger &) = delete;

    Status open() override;
    Status openAsFound() override;
    // For tests that need a file as an older release left it.
    Status openAtVersion(int schemaVersion);
    void close() override;
    bool isOpen() const override;

    Status transact(const std::function<Status()> &work, bool commit) override;
    bool inTransaction() const override { return m_inWrite; }
    void setCommitObserver(std::function<void()> observer) override
    {
        m_committed = std::move(observer);
    }

    LedgerReader &reader() override;
    IntakeStore &intake() override;
    InboxStore &inbox() override;
    PayoutStore &payouts() override;
    RunLeaseStore &leases() override;
    CleanupStore &cleanup() override;
    AccountStore &accounts() override;
    MetaStore &meta() override;
    ChangeFeed &changes() override;
    BackupStore &backup() override;
    AuditLog &audit() override;
    TokenStore &tokens() override;

    // For the stores.
    const QString &path() const { return m_path; }
    Clock &clock() const { return m_clock; }
    QSqlDatabase database() const;
    sqlite3 *handle() const { return m_handle; }
    // A statement prepared once per connection and kept until close(); sql
    // must be a string literal (its address is the cache key).
    SqliteStatement &statement(const char *sql);
    // Runs work in the caller's transaction, or in one of its own.
    Status write(const std::function<Status()> &work);
    qint64 commits() const { return m_commits; }

private:
    // asFound: an existing file only, and no pragma that writes to it (the
    // journal mode is the file's own); a pragma that fails is not fatal.
    Status openConnection(bool asFound = false);
    Status exec(const QString &sql);

    QString m_path;
    QString m_connectionName;
    Clock &m_clock;
    sqlite3 *m_handle = nullptr;
    bool m_inWrite = false;
    qint64 m_commits = 0;
    std::function<void()> m_committed;
    QHash<const char *, std::shared_ptr<SqliteStatement>> m_statements;

    std::unique_ptr<SqliteReader> m_reader;
    std::unique_ptr<SqliteIntake> m_intake;
    std::unique_ptr<SqliteInbox> m_inbox;
    std::unique_ptr<SqlitePayouts> m_payouts;
    std::unique_ptr<SqliteLeases> m_leases;
    std::unique_ptr<SqliteCleanup> m_cleanup;
    std::unique_ptr<SqliteAccounts> m_accounts;
    std::unique_ptr<SqliteMeta> m_meta;
    std::unique_ptr<SqliteChangeFeed> m_changes;
    std::unique_ptr<SqliteBackup> m_backup;
    std::unique_ptr<SqliteAudit> m_audit;
    std::unique_ptr<SqliteTokens> m_tokens;
};
