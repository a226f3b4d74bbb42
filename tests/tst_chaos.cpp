#include "Events.h"
#include "FakeStripe.h"
#include "SqliteAccess.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <limits>

// The engine process is killed with SIGKILL at random moments of its runs,
// against one fake Stripe (which outlives it) whose faults are on: 5xx,
// timeouts and resets, before and after the transfer is committed. After
// the kills, runs without kills finish the work. Then every entry is paid
// exactly once, Stripe's transfers match the ledger one to one, and verify
// passes.
class TestChaos final : public QObject
{
    Q_OBJECT
    const QString m_key = QStringLiteral("sk_test_chaos");
    QString m_bin = qEnvironmentVariable("PAYOUTDESK_BIN");
    QTemporaryDir m_dir;

    QProcessEnvironment env() const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("STRIPE_API_KEY"), m_key);
        e.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("payoutdesk.*.info=false"));
        return e;
    }
    // SQLite-specific: makes every pending retry due now, so that the last
    // runs need not wait out real backoffs; no store clears a backoff.
    static void makeRetriesDueNow(Ledger &ledger)
    {
        QSqlQuery q(sqliteConnection(ledger));
        if (!q.exec(QStringLiteral(
                "UPDATE entries SET next_attempt_at = NULL WHERE state = 'pending'")))
            qFatal("cannot clear the backoffs");
    }
    static QList<Entry> paidEntries(Ledger &ledger)
    {
        return ledger.reader()
            .entries({{}, {EntryState::Paid}, std::numeric_limits<int>::max()})
            .value();
    }
    QStringList args(const FakeStripe &fake) const
    {
        return {QStringLiteral("--data-dir"),        m_dir.path(),
                QStringLiteral("--stripe-api-base"), fake.baseUrl().toString(),
                QStringLiteral("trigger-payouts"),   QStringLiteral("--json")};
    }

private Q_SLOTS:
    void killedAtRandomMomentsPaysEveryEntryExactlyOnce()
    {
        QVERIFY(QFile::exists(m_bin));
        FakeStripe fake;
        QVERIFY(fake.listen());
        fake.addApiKey(m_key);
        fake.setAvailableBalance(QStringLiteral("gbp"), 1'000'000'000);
        fake.setLatencyMs(3);
        constexpr int kArtists = 60;
        for (int a = 0; a < kArtists; ++a)
            fake.addAccount(QStringLiteral("acct_c%1").arg(a));
        fake.setRandomFaults(
            0.2,
            {FakeStripe::Fault::Error500BeforeCommit, FakeStripe::Fault::Error500AfterCommit,
             FakeStripe::Fault::TimeoutBeforeCommit, FakeStripe::Fault::TimeoutAfterCommit,
             FakeStripe::Fault::ResetBeforeCommit, FakeStripe::Fault::ResetAfterCommit},
            20261124);

        Ledger ledger(m_dir.filePath(QStringLiteral("ledger.sqlite")), SystemClock::instance());
        QVERIFY(ledger.open());
        Intake intake(ledger);
        QRandomGenerator rng(42);
        qint64 owed = 0;
        const auto addSales = [&](int from, int to) {
            QList<QByteArray> events;
            for (int n = from; n < to; ++n) {
                Events::Cart c;
                c.eventId = QStringLiteral("evt_c%1").arg(n);
                c.session = QStringLiteral("cs_c%1").arg(n);
                c.paymentIntent = QStringLiteral("pi_c%1").arg(n);
                for (int i = 0; i < 3; ++i) {
                    const int a = int(rng.bounded(kArtists));
                    const qint64 amount = 1 + rng.bounded(2000);
                    owed += amount;
                    c.items.append(Events::item(QStringLiteral("c%1").arg(a), amount,
                                                QStringLiteral("trk_%1_%2").arg(n).arg(i), {},
                                                QStringLiteral("acct_c%1").arg(a)));
                }
                events << Events::cart(c);
            }
            QVERIFY(intake.ingest(events, IntakeSource::Import));
        };

        int kills = 0;
        for (int round = 0; round < 50; ++round) {
            addSales(round * 10, round * 10 + 10); // new money arrives between crashes
            QProcess engine;
            engine.setProcessEnvironment(env());
            QSignalSpy finished(&engine, &QProcess::finished);
            engine.start(m_bin, args(fake));
            QVERIFY(engine.waitForStarted());
            // Killed after a random part of its run: a timer on this event
            // loop (which also serves the fake Stripe), not a sleep.
            QTimer::singleShot(int(rng.bounded(20, 400)), &engine, [&] {
                if (engine.state() == QProcess::Running) {
                    engine.kill(); // SIGKILL
                    ++kills;
                }
            });
            QVERIFY(finished.wait(60'000));
        }
        qInfo("chaos: %d SIGKILLs in 50 runs, %d transfers made so far", kills,
              int(fake.transfers().size()));
        QVERIFY2(kills >= 25, "most runs must have been killed mid-way");

        // Without kills and without faults, runs finish whatever is left
        // (attempts in sending, retries after their backoff).
        fake.setRandomFaults(0.0, {}, 1);
        for (int i = 0; i < 6; ++i) {
            makeRetriesDueNow(ledger);
            QProcess engine;
            engine.setProcessEnvironment(env());
            QSignalSpy finished(&engine, &QProcess::finished);
            engine.start(m_bin, args(fake));
            QVERIFY(finished.wait(120'000)); // the fake answers from this event loop
            const Result<qint64> unpaid = ledger.reader().countEntries(
                {{},
                 {EntryState::Pending, EntryState::Sending, EntryState::Held, EntryState::Void}});
            QVERIFY(unpaid);
            if (*unpaid == 0)
                break;
        }
        const QList<Entry> paid = paidEntries(ledger);
        qint64 paidMinor = 0;
        for (const Entry &e : paid)
            paidMinor += e.amount.minor;
        const int paidEntries = int(paid.size());
        QCOMPARE(paidEntries, 50 * 10 * 3);
        QCOMPARE(paidMinor, owed);

        // Stripe's transfers and the ledger's paid transfers, one to one.
        qint64 transferred = 0;
        QSet<QString> stripeIds, keys;
        for (const FakeStripe::Transfer &t : fake.transfers()) {
            stripeIds.insert(t.id);
            transferred += t.amount;
            QVERIFY2(!keys.contains(t.transferGroup), "one transfer per attempt");
            keys.insert(t.transferGroup);
        }
        QCOMPARE(transferred, owed); // nobody paid twice, nobody left out
        QSet<QString> ledgerIds;     // the ledger's paid transfers, as its paid entries name them
        for (const Entry &e : paid)
            ledgerIds.insert(e.transferId);
        QCOMPARE(ledgerIds, stripeIds);

        QProcess verify;
        verify.start(m_bin, {QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("verify")});
        QVERIFY(verify.waitForFinished(60'000)); // verify talks to no one: blocking is fine
        QVERIFY2(verify.exitCode() == 0, verify.readAllStandardOutput().constData());
        qInfo("chaos: %d SIGKILLs covered; %d entries paid once in %d transfers", kills,
              paidEntries, int(fake.transfers().size()));
    }
};

QTEST_GUILESS_MAIN(TestChaos)
#include "tst_chaos.moc"
