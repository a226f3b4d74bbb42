#include "PostgresLedger.h"

#include "ledger/postgres/PgSchema.h"
#include "ledger/postgres/PostgresBackend.h"
#include "ledger/postgres/PostgresStores.h"
#include "util/Logging.h"

#include <libpq-fe.h>

#include <QUuid>

PostgresLedger::PostgresLedger(QUrl server, Clock &clock)
    : m_server(std::move(server))
    , m_clock(clock)
    , m_instanceId(QUuid::createUuid().toString(QUuid::WithoutBraces))
    , m_reader(std::make_unique<PgReader>(*this))
    , m_intake(std::make_unique<PgIntake>(*this))
    , m_inbox(std::make_unique<PgInbox>(*this))
    , m_payouts(std::make_unique<PgPayouts>(*this))
    , m_leases(std::make_unique<PgLeases>(*this))
    , m_cleanup(std::make_unique<PgCleanup>(*this))
    , m_accounts(std::make_unique<PgAccounts>(*this))
    , m_meta(std::make_unique<PgMeta>(*this))
    , m_changes(std::make_unique<PgChangeFeed>(*this))
    , m_backup(std::make_unique<PgBackup>(*this))
    , m_audit(std::make_unique<PgAudit>(*this))
    , m_tokens(std::make_unique<PgTokens>(*this))
{}

PostgresLedger::~PostgresLedger()
{
    close();
}

QString PostgresLedger::displayName() const
{
    return m_server.toDisplayString(QUrl::RemovePassword);
}

QString PostgresLedger::connectUri() const
{
    QUrl url = m_server;
    url.setPassword({});
    return url.toString(QUrl::FullyEncoded);
}

Status PostgresLedger::connect()
{
    // The password never travels in the URL (LedgerLocation refuses one):
    // PAYOUTDESK_DB_PASSWORD, the keychain's, or libpq's own PGPASSWORD and
    // ~/.pgpass (PGPASSFILE), which libpq reads itself.
    const QByteArray password = LedgerLocation::serverPassword();
    // A commit that returned is durable on the server (ARCHITECTURE.md:
    // commits that matter to money are durable before they are acted on),
    // whatever the server's own default says; again after a reconnect.
    m_relaxed = false;
    m_conn.setSessionSetup({QStringLiteral("SET synchronous_commit = on")});
    if (Status s = m_conn.connect(connectUri(), password, displayName()); !s)
        return s;
    if (m_conn.serverVersion() < PgSchema::kMinServerVersion) {
        const int v = m_conn.serverVersion();
        m_conn.close();
        return fail(Error::database(
            QStringLiteral("%1 runs PostgreSQL %2.%3; the ledger needs PostgreSQL 13 or newer")
                .arg(displayName())
                .arg(v / 10000)
                .arg(v % 10000)));
    }
    return {};
}

Status PostgresLedger::open()
{
    if (isOpen())
        return {};
    if (Status s = connect(); !s)
        return s;
    if (Status s = PgSchema::migrate(m_conn); !s) {
        close();
        return s;
    }
    return {};
}

Status PostgresLedger::openAsFound()
{
    if (isOpen())
        return {};
    return connect();
}

void PostgresLedger::close()
{
    m_conn.close();
    m_inWrite = false;
}

bool PostgresLedger::isOpen() const
{
    return m_conn.isOpen();
}

Status PostgresLedger::setApplyRelaxed(bool relaxed)
{
    if (Status s = m_conn.script(relaxed ? QStringLiteral("SET synchronous_commit = off")
                                         : QStringLiteral("SET synchronous_commit = on"));
        !s)
        return s;
    m_relaxed = relaxed;
    m_conn.setSessionSetup({relaxed ? QStringLiteral("SET synchronous_commit = off")
                                    : QStringLiteral("SET synchronous_commit = on")});
    return {};
}

Status PostgresLedger::transact(const std::function<Status()> &work, bool commit)
{
    if (m_inWrite) {
        // A nested write joins the outer transaction: its error rolls the
        // whole of it back. A nested dry run cannot be honoured.
        Q_ASSERT_X(commit, "PostgresLedger::transact", "a dry run cannot nest in a write");
        return work();
    }
    if (!m_conn.handle())
        return fail(Error::database(QStringLiteral("the ledger is not open")));
    m_conn.reconnectIfLost();
    // BEGIN on a connection found lost (a server restart, a failover) is
    // safe to send again on a new one: nothing of the write has happened.
    if (Status s = m_conn.script(QStringLiteral("BEGIN")); !s) {
        if (!m_conn.reconnectIfLost())
            return s;
        if (Status again = m_conn.script(QStringLiteral("BEGIN")); !again)
            return again;
    }
    m_inWrite = true;
    Status result = work();
    if (result && commit) {
        // A statement that failed aborts the transaction even if its error
        // was not passed on; COMMIT would then roll back and say so only in
        // its tag. Never report such a write as committed.
        if (PQtransactionStatus(m_conn.handle()) != PQTRANS_INTRANS)
            result = fail(Error::database(QStringLiteral("the write failed on the server")));
    }
    if (result && commit) {
        // The change feed's count, in the transaction it counts.
        const Result<PgResult> counted = m_conn.exec(
            "INSERT INTO change_counters AS c (backend, commits) VALUES (pg_backend_pid(), 1) "
            "ON CONFLICT (backend) DO UPDATE SET commits = c.commits + 1");
        if (!counted)
            result = fail(counted.error());
    }
    // Listeners (PgListener: the windows) hear of it at commit, and only
    // if it commits; sent with the COMMIT, so it costs no round trip.
    if (result && commit)
        result = m_conn.script(QStringLiteral("NOTIFY payoutdesk_changes; COMMIT"));
    m_inWrite = false;
    if (!result || !commit) {
        (void)m_conn.script(QStringLiteral("ROLLBACK"));
        if (!result)
            qCWarning(lcLedger) << "write rolled back:" << result.error().message;
        return result;
    }
    if (m_committed)
        m_committed();
    return {};
}

LedgerReader &PostgresLedger::reader()
{
    return *m_reader;
}
IntakeStore &PostgresLedger::intake()
{
    return *m_intake;
}
InboxStore &PostgresLedger::inbox()
{
    return *m_inbox;
}
PayoutStore &PostgresLedger::payouts()
{
    return *m_payouts;
}
RunLeaseStore &PostgresLedger::leases()
{
    return *m_leases;
}
CleanupStore &PostgresLedger::cleanup()
{
    return *m_cleanup;
}
AccountStore &PostgresLedger::accounts()
{
    return *m_accounts;
}
MetaStore &PostgresLedger::meta()
{
    return *m_meta;
}
ChangeFeed &PostgresLedger::changes()
{
    return *m_changes;
}
BackupStore &PostgresLedger::backup()
{
    return *m_backup;
}
AuditLog &PostgresLedger::audit()
{
    return *m_audit;
}

PgAudit &PostgresLedger::auditLog()
{
    return *m_audit;
}
TokenStore &PostgresLedger::tokens()
{
    return *m_tokens;
}

std::unique_ptr<LedgerBackend> createPostgresLedger(const QUrl &server, Clock &clock)
{
    return std::make_unique<PostgresLedger>(server, clock);
}
