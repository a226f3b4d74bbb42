#pragma once

#include "ledger/LedgerBackend.h"
#include "ledger/postgres/PgConnection.h"
#include "util/Error.h"

#include <QUrl>

#include <functional>
#include <memory>

class Clock;

class PgReader;
class PgIntake;
class PgInbox;
class PgPayouts;
class PgLeases;
class PgCleanup;
class PgAccounts;
class PgMeta;
class PgChangeFeed;
class PgBackup;
class PgAudit;
class PgTokens;

// The server ledger: one libpq connection per object, used on the thread
// that opened it (another thread opens its own object on the same URL).
// Every write is one READ COMMITTED transaction with synchronous_commit on,
// so a commit that returned is durable on the server; several processes and
// machines share one database, and the rows they race for (a claim of
// entries, the run lease, a processed event id) are decided by row locks
// and unique keys, not by a lock on the whole ledger.
//
// libpq directly rather than Qt's QPSQL driver: prepared statements that
// stay prepared, bytea bound in binary, COPY for backups, and the SQLSTATE
// of an error (a conflict is told apart from a broken connection).
class PostgresLedger final : public LedgerBackend
{
public:
    PostgresLedger(QUrl server, Clock &clock);
    ~PostgresLedger() override;
    PostgresLedger(const PostgresLedger &) = delete;
    PostgresLedger &operator=(const PostgresLedger &) = delete;

    Status open() override;
    Status openAsFound() override;
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
    PgConnection &conn() { return m_conn; }
    // The audit log with its batch append, for stores that write many rows.
    PgAudit &auditLog();
    Clock &clock() const { return m_clock; }
    QString displayName() const;
    // The URL libpq connects to (never with a password).
    QString connectUri() const;
    // Runs work in the caller's transaction, or in one of its own.
    Status write(const std::function<Status()> &work) { return transact(work, true); }
    // Names this object among the instances sharing the ledger (an inbox
    // claim's holder); it outlives a reconnect.
    const QString &instanceId() const { return m_instanceId; }
    // The applier's commits may skip the wait for the WAL flush (InboxStore).
    bool applyRelaxed() const { return m_relaxed; }
    Status setApplyRelaxed(bool relaxed);

private:
    Status connect();

    QUrl m_server;
    Clock &m_clock;
    QString m_instanceId;
    PgConnection m_conn;
    bool m_inWrite = false;
    bool m_relaxed = false;
    std::function<void()> m_committed;

    std::unique_ptr<PgReader> m_reader;
    std::unique_ptr<PgIntake> m_intake;
    std::unique_ptr<PgInbox> m_inbox;
    std::unique_ptr<PgPayouts> m_payouts;
    std::unique_ptr<PgLeases> m_leases;
    std::unique_ptr<PgCleanup> m_cleanup;
    std::unique_ptr<PgAccounts> m_accounts;
    std::unique_ptr<PgMeta> m_meta;
    std::unique_ptr<PgChangeFeed> m_changes;
    std::unique_ptr<PgBackup> m_backup;
    std::unique_ptr<PgAudit> m_audit;
    std::unique_ptr<PgTokens> m_tokens;
};
