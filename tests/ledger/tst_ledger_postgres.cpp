// What only a PostgreSQL ledger has to show: several instances (each its own
// connection, on its own thread, as serve processes on several machines)
// racing for the same rows, and the server's own refusals (a missing
// database, a schema from a newer release) reported clearly, without a
// password. Through the store interfaces only, against the real server the
// test starts (PgTestServer).
#include "ContractSeed.h"
#include "PgTestMain.h"
#include "ResultChecks.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"

#include <QCoreApplication>
#include <QMutex>
#include <QSet>
#include <QTest>
#include <QUrl>

#include <atomic>
#include <latch>
#include <limits>
#include <memory>
#include <thread>
#include <vector>

namespace {

constexpr int kInstances = 6;

// Keeps the ledger's "schema migrated to version N" lines, from any thread.
QMutex g_migrationsLock;
QStringList g_migrations;
QtMessageHandler g_previousHandler = nullptr;

void keepMigrations(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message.contains(QStringLiteral("ledger schema migrated"))) {
        const QMutexLocker lock(&g_migrationsLock);
        g_migrations << message;
    }
    g_previousHandler(type, context, message);
}

} // namespace

class TestLedgerPostgres final : public QObject
{
    Q_OBJECT
public:
    explicit TestLedgerPostgres(PgTestServer &server)
        : m_server(server)
    {}

private Q_SLOTS:
    void init()
    {
        const QString name = QStringLiteral("pg_%1").arg(++m_databases);
        const Result<QString> url = m_server.createDatabase(name);
        PD_OK(url);
        m_name = name;
        m_location = LedgerLocation::parse(*url).value();
        m_ledger = std::make_unique<Ledger>(m_location, m_clock);
        PD_OK(m_ledger->open());
    }
    void cleanup()
    {
        m_ledger.reset();
        m_server.dropDatabase(m_name);
    }

    // Several instances claim the same due entries at the same moment:
    // exactly one claim succeeds, the others are told of a conflict, and
    // the entries are in exactly one transfer attempt.
    void racingClaimsOfTheSameEntriesMakeOneTransfer()
    {
        PD_OK(m_ledger->accounts().setAccount(QStringLiteral("art_1"), QStringLiteral("acct_1")));
        const QList<qint64> ids =
            ContractSeed::sale(*m_ledger, QStringLiteral("pi_1"),
                               {{QStringLiteral("art_1"), 100}, {QStringLiteral("art_1"), 250}},
                               m_clock.nowMs())
                .value();
        PayoutGroup g;
        g.artist = QStringLiteral("art_1");
        g.destination = QStringLiteral("acct_1");
        g.amount = Money(350, QStringLiteral("gbp"));
        g.entryIds = ids;

        std::atomic<int> claimed{0}, conflicts{0}, otherErrors{0};
        race([&](Ledger &l) {
            const Result<QList<ClaimedTransfer>> r = l.payouts().claim({g});
            if (r)
                ++claimed;
            else if (r.error().kind == Error::Kind::Conflict)
                ++conflicts;
            else
                ++otherErrors;
        });
        QCOMPARE(otherErrors.load(), 0);
        QCOMPARE(claimed.load(), 1);
        QCOMPARE(conflicts.load(), kInstances - 1);
        const QList<ClaimedTransfer> sending = m_ledger->payouts().unresolved().value();
        QCOMPARE(sending.size(), 1);
        QCOMPARE(sending.first().entryIds, ids);
        QVERIFY(m_ledger->reader().verify().value().ok());
    }

    // Instances starting at once on a new database: the schema is created
    // once (under the migration lock), and every instance opens it.
    void instancesStartingTogetherMigrateOnce()
    {
        const QString name = QStringLiteral("pg_fresh_%1").arg(++m_databases);
        const Result<QString> url = m_server.createDatabase(name);
        PD_OK(url);
        const LedgerLocation fresh = LedgerLocation::parse(*url).value();
        std::latch go(1);
        std::atomic<int> opened{0};
        g_migrations.clear();
        g_previousHandler = qInstallMessageHandler(keepMigrations);
        std::vector<std::thread> threads;
        for (int i = 0; i < kInstances; ++i)
            threads.emplace_back([&] {
                go.wait();
                Ledger l(fresh, m_clock);
                if (l.open() && l.reader().verify().value().ok())
                    ++opened;
            });
        go.count_down();
        for (std::thread &t : threads)
            t.join();
        qInstallMessageHandler(g_previousHandler);
        m_server.dropDatabase(name);
        QCOMPARE(opened.load(), kInstances);
        // Every schema step taken, and each once.
        QVERIFY(!g_migrations.isEmpty());
        QVERIFY2(g_migrations.size() ==
                     QSet<QString>(g_migrations.cbegin(), g_migrations.cend()).size(),
                 qPrintable(g_migrations.join(u'\n')));
    }

    // Several instances take the run lease at once: exactly one holds it.
    void racingInstancesTakeTheRunLeaseOnce()
    {
        std::atomic<int> holders{0}, errors{0};
        std::atomic<int> next{0};
        race([&](Ledger &l) {
            const QString me = QStringLiteral("host-%1:1:abc").arg(next++);
            const Result<bool> took = l.leases().take(QStringLiteral("payout-run"), me,
                                                      m_clock.nowMs(), m_clock.nowMs() + 120'000);
            if (!took)
                ++errors;
            else if (*took)
                ++holders;
        });
        QCOMPARE(errors.load(), 0);
        QCOMPARE(holders.load(), 1);
        // A holder on another machine that died is taken over after its
        // expiry, never before.
        const LeaseState held =
            m_ledger->leases().lease(QStringLiteral("payout-run")).value().value();
        QVERIFY(!m_ledger->leases()
                     .take(QStringLiteral("payout-run"), QStringLiteral("other"),
                           held.expiresAtMs - 1, held.expiresAtMs + 120'000)
                     .value());
        QVERIFY(m_ledger->leases()
                    .take(QStringLiteral("payout-run"), QStringLiteral("other"),
                          held.expiresAtMs + 1, held.expiresAtMs + 120'000)
                    .value());
    }

    // One event delivered to several instances (a Stripe retry reaching
    // another machine): the database decides; exactly one applies it and
    // the others' writes roll back whole.
    void anEventAppliedByEveryInstanceCountsOnce()
    {
        PD_OK(m_ledger->accounts().setAccount(QStringLiteral("art_1"), {}));
        std::atomic<int> applied{0}, refused{0};
        race([&](Ledger &l) {
            const Status s = l.write([&]() -> Status {
                const Result<QString> seen = l.intake().processedOutcome(QStringLiteral("evt_1"));
                if (!seen)
                    return fail(seen.error());
                if (!seen->isEmpty())
                    return fail(Error{Error::Kind::Conflict, QStringLiteral("seen")});
                NewEntries n;
                n.currency = QStringLiteral("gbp");
                n.reference = QStringLiteral("cs_1");
                n.paymentIntent = QStringLiteral("pi_1");
                n.eventId = QStringLiteral("evt_1");
                n.createdAtMs = m_clock.nowMs();
                n.rows.append({QStringLiteral("art_1"),
                               500,
                               EntryKind::Sale,
                               QStringLiteral("trk_1"),
                               EntryState::Pending,
                               {},
                               {}});
                QList<qint64> ids;
                if (Status st = l.intake().insertEntries(n, ids); !st)
                    return st;
                TotalsDelta d;
                d.artist = QStringLiteral("art_1");
                d.currency = QStringLiteral("gbp");
                d.ingested = {500, 1};
                d.byState[std::size_t(EntryState::Pending)] = {500, 1};
                if (Status st = l.intake().addTotals({d}); !st)
                    return st;
                return l.intake().markProcessed(
                    QStringLiteral("evt_1"), QStringLiteral("checkout.session.completed"),
                    QStringLiteral("webhook"), QStringLiteral("recorded"));
            });
            if (s)
                ++applied;
            else if (s.error().kind == Error::Kind::Conflict)
                ++refused;
        });
        QCOMPARE(applied.load(), 1);
        QCOMPARE(refused.load(), kInstances - 1);
        LedgerReader::EntryFilter all;
        QCOMPARE(m_ledger->reader().countEntries(all).value(), 1);
        QCOMPARE(m_ledger->intake()
                     .ingestedTotal(QStringLiteral("art_1"), QStringLiteral("gbp"))
                     .value(),
                 500);
        QVERIFY(m_ledger->reader().verify().value().ok());
    }

    // Two instances' appliers share one inbox: the rows one of them took
    // are not handed to the other until its claim expires (it died, say),
    // and then they are.
    void anInstancesInboxClaimKeepsTheOtherAwayUntilItExpires()
    {
        const QList<qint64> ids =
            m_ledger->inbox().journal({"1", "2", "3"}, QStringLiteral("webhook")).value();
        Ledger other(m_location, m_clock);
        PD_OK(other.open());
        const qint64 anyTime = std::numeric_limits<qint64>::max();
        QCOMPARE(m_ledger->inbox().due(2, anyTime).value().size(), 2);
        const QList<InboxRow> rest = other.inbox().due(10, anyTime).value();
        QCOMPARE(rest.size(), 1);
        QCOMPARE(rest.first().id, ids[2]);
        QCOMPARE(m_ledger->inbox().due(10, anyTime).value().size(), 2); // its own, again
        m_clock.advanceSecs(31);
        const QList<InboxRow> taken = other.inbox().due(10, anyTime).value();
        QCOMPARE(taken.size(), 3);
        QCOMPARE(taken.first().id, ids[0]);
        QCOMPARE(m_ledger->inbox().due(10, anyTime).value().size(), 0);
        // The backlog counts every waiting row, whoever holds it.
        QCOMPARE(m_ledger->inbox().backlog().value().waiting, 3);
    }

    // A schema from a newer release is refused, naming the versions, and
    // the ledger is left as it was.
    void aNewerSchemaIsRefusedAndNothingIsWritten()
    {
        PD_OK(m_ledger->meta().setValue(QStringLiteral("schema_version"), QStringLiteral("99")));
        Ledger newer(m_location, m_clock);
        const Status s = newer.open();
        QVERIFY(!s);
        QVERIFY2(s.error().message.contains(QStringLiteral("newer than this program")),
                 qPrintable(s.error().message));
        QCOMPARE(m_ledger->meta().value(QStringLiteral("schema_version")).value(),
                 QStringLiteral("99"));
    }

    // A missing database says which, and a password given in the
    // environment never appears in the message.
    void aMissingDatabaseIsNamedWithoutThePassword()
    {
        qputenv("PAYOUTDESK_DB_PASSWORD", "s3cret-never-shown");
        Ledger missing(LedgerLocation::parse(m_server.url(QStringLiteral("no_such_db"))).value(),
                       m_clock);
        const Status s = missing.open();
        qunsetenv("PAYOUTDESK_DB_PASSWORD");
        QVERIFY(!s);
        QVERIFY2(s.error().message.contains(QStringLiteral("no_such_db")),
                 qPrintable(s.error().message));
        QVERIFY(!s.error().message.contains(QStringLiteral("s3cret")));
    }

    // A password from the keychain (the program hands it to
    // LedgerLocation::setServerPassword) logs in; a wrong one is refused
    // with the server's name and libpq's reason, never the password; and
    // PAYOUTDESK_DB_PASSWORD goes before the keychain's.
    void aWrongPasswordNamesTheServerAndTheCauseButNotThePassword()
    {
        // One role logs in with a password (scram-sha-256); every other as
        // before. The server reads its new rules when it starts again.
        QVERIFY(sql(
            QStringLiteral("postgres"),
            QStringLiteral("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
                           "'pd_login') THEN CREATE ROLE pd_login LOGIN PASSWORD "
                           "'right-horse-battery'; END IF; END $$; "
                           "DO $$ BEGIN EXECUTE format('COPY (SELECT line FROM (VALUES (1, %L), "
                           "(2, %L)) AS v (n, line) ORDER BY n) TO %L', 'local all pd_login "
                           "scram-sha-256', 'local all all trust', current_setting('hba_file')); "
                           "END $$;")));
        PD_OK(m_server.restart());
        QUrl url(m_server.url(m_name));
        url.setUserName(QStringLiteral("pd_login"));
        const LedgerLocation asLogin = LedgerLocation::parse(url.toString()).value();

        LedgerLocation::setServerPassword("wrong-horse-battery");
        Ledger wrong(asLogin, m_clock);
        const Status refused = wrong.open();
        QVERIFY(!refused);
        const QString message = refused.error().message;
        QVERIFY2(message.contains(QStringLiteral("password authentication failed")),
                 qPrintable(message));
        QVERIFY2(message.contains(asLogin.displayName()), qPrintable(message));
        QVERIFY2(!message.contains(QStringLiteral("horse")), qPrintable(message));

        LedgerLocation::setServerPassword("right-horse-battery");
        Ledger right(asLogin, m_clock);
        PD_OK(right.openAsFound()); // logged in (the tables are another role's)

        qputenv("PAYOUTDESK_DB_PASSWORD", "wrong-horse-battery");
        Ledger environmentFirst(asLogin, m_clock);
        const Status first = environmentFirst.open();
        qunsetenv("PAYOUTDESK_DB_PASSWORD");
        LedgerLocation::setServerPassword({});
        QVERIFY(!first);
        QVERIFY2(!first.error().message.contains(QStringLiteral("horse")),
                 qPrintable(first.error().message));
    }

    // The server restarts under a running instance (a failover, an
    // upgrade): the next read reconnects, and so does the next write.
    void aLostConnectionIsReconnected()
    {
        PD_OK(ContractSeed::sale(*m_ledger, QStringLiteral("pi_1"),
                                 {{QStringLiteral("art_1"), 100}}, m_clock.nowMs()));
        PD_OK(m_server.restart());
        const Result<QList<ArtistBalance>> seen = m_ledger->reader().balances();
        PD_OK(seen);
        QCOMPARE(seen->size(), 1);
        QCOMPARE(seen->first().pendingMinor, 100);
        PD_OK(m_server.restart());
        PD_OK(m_ledger->meta().setValue(QStringLiteral("k"), QStringLiteral("v")));
        QCOMPARE(m_ledger->meta().value(QStringLiteral("k")).value(), QStringLiteral("v"));
    }

    // A server that is not there: a clear error, not a hang.
    void anUnreachableServerIsReported()
    {
        Ledger nowhere(
            LedgerLocation::parse(QStringLiteral("postgresql://payoutdesk@localhost/x?host=/"
                                                 "nonexistent-payoutdesk-socket-dir"))
                .value(),
            m_clock);
        const Status s = nowhere.open();
        QVERIFY(!s);
        QVERIFY2(s.error().message.contains(QStringLiteral("cannot connect")),
                 qPrintable(s.error().message));
    }

private:
    // SQL as the server's superuser (psql), in one transaction.
    bool sql(const QString &database, const QString &text)
    {
        const Status s = m_server.runSql(database, text);
        if (!s)
            qWarning("%s", qPrintable(s.error().message));
        return bool(s);
    }

    // Runs `work` on kInstances threads at once, each with its own ledger
    // connection opened beforehand, released together.
    void race(const std::function<void(Ledger &)> &work)
    {
        std::latch ready(kInstances);
        std::latch go(1);
        std::atomic<int> openFailures{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < kInstances; ++i)
            threads.emplace_back([&] {
                Ledger l(m_location, m_clock);
                const bool ok = bool(l.open());
                if (!ok)
                    ++openFailures;
                ready.count_down();
                go.wait();
                if (ok)
                    work(l);
            });
        ready.wait();
        go.count_down();
        for (std::thread &t : threads)
            t.join();
        QCOMPARE(openFailures.load(), 0);
    }

    PgTestServer &m_server;
    ManualClock m_clock;
    int m_databases = 0;
    QString m_name;
    LedgerLocation m_location;
    std::unique_ptr<Ledger> m_ledger;
};

int main(int argc, char **argv)
{
    return runTestOnServer<TestLedgerPostgres>(argc, argv);
}

#include "tst_ledger_postgres.moc"
