// Several engine instances on one ledger (ARCHITECTURE.md, "Growing past
// one machine"), each with its own connections on its own thread, as serve
// processes on several machines: a fast payout asked of one instance while
// another pays is coalesced into the payer's run, never lost; a request
// whose lease holder died is run once its lease has run out. Every test
// runs on a SQLite file (two processes on one file) and on a real
// PostgreSQL server (PgTestServer), against the fake Stripe over loopback.
// What only a server has (changes pushed to a window by LISTEN/NOTIFY, a
// connection lost in the middle of a run) runs on PostgreSQL only.
#include "Events.h"
#include "FakeStripe.h"
#include "PgTestMain.h"
#include "common/LedgerWatcher.h"
#include "engine/PayoutEngine.h"
#include "engine/RunLease.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"

#include <QCoreApplication>
#include <QFile>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <limits>
#include <thread>

namespace {

QString accountOf(const QString &artist)
{
    return QStringLiteral("acct_") + QString(artist).remove(u'_');
}

} // namespace

class TestInstances final : public QObject
{
    Q_OBJECT
public:
    explicit TestInstances(PgTestServer &server)
        : m_server(server)
    {}

private Q_SLOTS:
    void initTestCase_data()
    {
        QTest::addColumn<bool>("postgres");
        QTest::newRow("sqlite") << false;
        QTest::newRow("postgresql") << true;
    }

    void init()
    {
        QFETCH_GLOBAL(bool, postgres);
        m_postgres = postgres;
        m_fake = std::make_unique<FakeStripe>();
        QVERIFY(m_fake->listen());
        m_fake->addApiKey(m_key);
        m_fake->setAvailableBalance(QStringLiteral("gbp"), 1'000'000);
        for (const char *a : {"art_1", "art_2"})
            m_fake->addAccount(accountOf(QString::fromLatin1(a)));
        ++m_n;
        if (m_postgres) {
            m_database = QStringLiteral("inst_%1").arg(m_n);
            const Result<QString> url = m_server.createDatabase(m_database);
            QVERIFY(url);
            m_location = LedgerLocation::parse(*url).value();
        } else {
            m_location =
                LedgerLocation::sqliteFile(m_dir.filePath(QStringLiteral("i%1.sqlite").arg(m_n)));
        }
        m_ledger = std::make_unique<Ledger>(m_location, SystemClock::instance());
        QVERIFY(m_ledger->open());
    }

    void cleanup()
    {
        m_ledger.reset();
        m_fake.reset();
        if (m_postgres)
            m_server.dropDatabase(m_database);
    }

    // B pays; meanwhile a cart purchase reaches A, whose fast payout finds
    // the run lease held. A's request is recorded in the ledger, and B runs
    // once more after its run: the new money is paid then, once, without
    // waiting for the next scheduled run.
    void aFastPayoutWhileAnotherInstancePaysIsCoalescedIntoItsRun()
    {
        PayoutEngine b(config(), SystemClock::instance());
        PayoutEngine a(config(), SystemClock::instance());
        // A's connection is open before B starts, so that its request
        // below only has to find the lease held.
        QCOMPARE(runOnce(a).transfersAttempted, 0);
        QSignalSpy aFinished(&a, &PayoutEngine::runFinished);
        sale(QStringLiteral("art_1"), 560);
        QSignalSpy bStarted(&b, &PayoutEngine::runStarted);
        QSignalSpy bFinished(&b, &PayoutEngine::runFinished);
        QSignalSpy made(m_fake.get(), &FakeStripe::transferCreated);

        m_fake->setLatencyMs(2000); // B's transfer is answered 2 s after it is made
        b.requestRun(RunTrigger::Scheduled);
        QVERIFY(made.wait(20'000)); // B holds the lease, its answer on the way

        sale(QStringLiteral("art_2"), 840); // the purchase A received
        a.requestRun(RunTrigger::FastPayout);
        QVERIFY(aFinished.wait(20'000));
        const PayoutRunSummary refused = aFinished.first().first().value<PayoutRunSummary>();
        QVERIFY2(refused.fatalError.contains(QStringLiteral("another payout run")),
                 qPrintable(refused.fatalError));
        QCOMPARE(refused.transfersAttempted, 0);

        QTRY_COMPARE_WITH_TIMEOUT(bFinished.size(), 2, 30'000);
        QCOMPARE(bStarted.at(1).first().toString(), RunTrigger::Requested);
        const PayoutRunSummary followUp = bFinished.at(1).first().value<PayoutRunSummary>();
        QVERIFY2(followUp.ok(), qPrintable(followUp.fatalError));
        QCOMPARE(followUp.transfersPaid, 1);
        QCOMPARE(count(EntryState::Paid), 2);
        QCOMPARE(count(EntryState::Pending) + count(EntryState::Sending), 0);
        QCOMPARE(m_fake->transfers().size(), 2);
        checkOneToOne();
        QCOMPARE(aFinished.size(), 1); // A did not pay it too
    }

    // The holder of the lease died (another machine: its process id means
    // nothing here, so its lease is only waited out). A's request finds it
    // held; A tries again once the lease has run out, and pays.
    void aRequestIsRunHereWhenTheHolderDied()
    {
        // 1,000 times real time: the dead holder's 30 minutes pass in 1.8 s.
        ScaledClock clock(QDateTime::currentDateTimeUtc(), 1000);
        sale(QStringLiteral("art_1"), 560);
        {
            Ledger other(m_location, clock);
            QVERIFY(other.open());
            RunLease dead(other, QStringLiteral("otherhost:4242:deadbeef"));
            QVERIFY(dead.acquire(30 * 60'000).value());
        }
        PayoutEngine a(config(), clock);
        QSignalSpy finished(&a, &PayoutEngine::runFinished);
        a.requestRun(RunTrigger::FastPayout);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 30'000);
        const PayoutRunSummary refused = finished.at(0).first().value<PayoutRunSummary>();
        QVERIFY2(refused.fatalError.contains(QStringLiteral("another payout run")),
                 qPrintable(refused.fatalError));
        const PayoutRunSummary retried = finished.at(1).first().value<PayoutRunSummary>();
        QVERIFY2(retried.ok(), qPrintable(retried.fatalError));
        QCOMPARE(retried.trigger, RunTrigger::FastPayout);
        QCOMPARE(retried.transfersPaid, 1);
        QCOMPARE(m_fake->transfers().size(), 1);
        checkOneToOne();
    }

    // A window on a server ledger hears of another machine's commit as it
    // happens (LISTEN/NOTIFY), not from its poll (here once a day); after
    // its listening connection is killed it reconnects, says something may
    // have changed meanwhile, and hears later commits again.
    void aWatcherFollowsAnotherMachinesCommitsAsTheyHappen()
    {
        if (!m_postgres)
            QSKIP("a SQLite file pushes nothing: the window polls it");
        LedgerWatcher watcher(m_ledger->changes(), nullptr, nullptr, 24 * 3600 * 1000);
        QVERIFY(watcher.isPushed());
        QCOMPARE(watcher.pollInterval(), 24 * 3600 * 1000);
        QSignalSpy changed(&watcher, &LedgerWatcher::ledgerChanged);

        commitElsewhere(QStringLiteral("1"));
        QVERIFY(changed.wait(10'000));
        QCOMPARE(changed.size(), 1);

        // The listener's backend is terminated (as by a failover or an
        // administrator); the script fails if there was none to kill.
        QVERIFY(sql(m_database,
                    QStringLiteral("DO $$ BEGIN IF (SELECT count(pg_terminate_backend(pid)) FROM "
                                   "pg_stat_activity WHERE datname = current_database() AND "
                                   "query LIKE 'LISTEN%') = 0 THEN RAISE EXCEPTION 'no "
                                   "listener'; END IF; END $$;")));
        QVERIFY(changed.wait(10'000)); // back, and one change for what it may have missed
        QVERIFY(sql(m_database, QStringLiteral("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM "
                                               "pg_stat_activity WHERE datname = "
                                               "current_database() AND query LIKE 'LISTEN%') "
                                               "THEN RAISE EXCEPTION 'not listening'; END IF; "
                                               "END $$;")));
        const qsizetype before = changed.size();
        commitElsewhere(QStringLiteral("2"));
        QTRY_VERIFY_WITH_TIMEOUT(changed.size() > before, 10'000);
    }

    // The engine's connection is lost while its transfers are at Stripe,
    // and the server takes no connection for a while: the run stops, the
    // entries stay in sending (nothing recorded as paid that the ledger
    // does not hold), and once the server is back the same engine
    // reconnects and its next run settles them: each paid exactly once.
    void aConnectionLostMidRunLeavesSendingForTheNextRun()
    {
        if (!m_postgres)
            QSKIP("a SQLite file has no connection to lose");
        sale(QStringLiteral("art_1"), 560);
        sale(QStringLiteral("art_2"), 840);
        PayoutEngine engine(config(), SystemClock::instance());
        bool cut = false;
        connect(m_fake.get(), &FakeStripe::transferCreated, this, [&] {
            if (std::exchange(cut, true))
                return;
            QVERIFY(sql(QStringLiteral("postgres"),
                        QStringLiteral("ALTER DATABASE %1 ALLOW_CONNECTIONS false; SELECT "
                                       "pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                                       "datname = '%1';")
                            .arg(m_database)));
        });
        const PayoutRunSummary first = runOnce(engine);
        QVERIFY(cut);
        QVERIFY(!first.ok());
        QCOMPARE(first.transfersPaid, 0);
        QVERIFY(sql(QStringLiteral("postgres"),
                    QStringLiteral("ALTER DATABASE %1 ALLOW_CONNECTIONS true;").arg(m_database)));
        const qint64 sending = count(EntryState::Sending);
        QVERIFY(sending >= 1);
        QCOMPARE(sending + count(EntryState::Paid), 2);

        const PayoutRunSummary second = runOnce(engine);
        QVERIFY2(second.ok(), qPrintable(second.fatalError));
        QCOMPARE(count(EntryState::Paid), 2);
        QCOMPARE(count(EntryState::Sending), 0);
        QCOMPARE(m_fake->transfers().size(), 2); // resent with the same keys: no new transfer
        checkOneToOne();
    }

private:
    PayoutEngine::Config config() const
    {
        PayoutEngine::Config c;
        c.ledger = m_location;
        c.stripeApiBase = m_fake->baseUrl();
        c.stripeSecretKey = m_key;
        c.requestsPerSecond = 200;
        c.timeoutMs = 10'000;
        return c;
    }
    void sale(const QString &artist, qint64 amount)
    {
        Events::Cart c;
        ++m_event;
        c.eventId = QStringLiteral("evt_i%1").arg(m_event);
        c.session = QStringLiteral("cs_i%1").arg(m_event);
        c.paymentIntent = QStringLiteral("pi_i%1").arg(m_event);
        c.created = 1767225600;
        c.items.append(Events::item(artist, amount, QStringLiteral("trk_%1").arg(m_event), {},
                                    accountOf(artist)));
        Intake intake(*m_ledger);
        QVERIFY(intake.ingestOne(Events::cart(c), IntakeSource::Import));
    }
    PayoutRunSummary runOnce(PayoutEngine &engine)
    {
        QSignalSpy done(&engine, &PayoutEngine::runFinished);
        engine.requestRun(QStringLiteral("test"));
        if (!done.wait(60'000))
            qFatal("the payout run did not finish");
        return done.first().first().value<PayoutRunSummary>();
    }
    // -1 (and why) when the ledger cannot say.
    qint64 count(EntryState state)
    {
        const Result<qint64> n = m_ledger->reader().countEntries({{}, {state}});
        if (!n)
            qWarning("cannot count entries: %s", qPrintable(n.error().message));
        return n ? *n : -1;
    }
    // Every transfer Stripe made is in the ledger as paid, once, and the
    // other way round; and verify passes.
    void checkOneToOne()
    {
        QSet<QString> fakeIds;
        for (const FakeStripe::Transfer &t : m_fake->transfers())
            fakeIds.insert(t.id);
        QCOMPARE(fakeIds.size(), m_fake->transfers().size());
        QSet<QString> ledgerIds;
        const QList<Entry> paid =
            m_ledger->reader()
                .entries({{}, {EntryState::Paid}, std::numeric_limits<int>::max()})
                .value();
        for (const Entry &e : paid)
            ledgerIds.insert(e.transferId);
        QCOMPARE(ledgerIds, fakeIds);
        QVERIFY(m_ledger->reader().verify().value().ok());
    }
    // A commit by another connection on another thread, as by another
    // machine.
    void commitElsewhere(const QString &value)
    {
        bool ok = false;
        std::thread elsewhere([&] {
            Ledger l(m_location, SystemClock::instance());
            ok = l.open() && l.meta().setValue(QStringLiteral("elsewhere"), value);
        });
        elsewhere.join();
        QVERIFY(ok);
    }
    // SQL as the server's superuser (psql), in one transaction.
    bool sql(const QString &database, const QString &text)
    {
        const Status s = m_server.runSql(database, text);
        if (!s)
            qWarning("%s", qPrintable(s.error().message));
        return bool(s);
    }

    PgTestServer &m_server;
    const QString m_key = QStringLiteral("sk_test_instances");
    QTemporaryDir m_dir;
    std::unique_ptr<FakeStripe> m_fake;
    std::unique_ptr<Ledger> m_ledger;
    LedgerLocation m_location;
    QString m_database;
    bool m_postgres = false;
    int m_n = 0;
    int m_event = 0;
};

int main(int argc, char **argv)
{
    return runTestOnServer<TestInstances>(argc, argv);
}

#include "tst_instances.moc"
