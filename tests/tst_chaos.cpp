#include "ChaosSupport.h"
#include "FakeStripe.h"
#include "SqliteAccess.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"

#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

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
        constexpr int kArtists = 60;
        QVERIFY(Chaos::setUpFake(fake, m_key, kArtists, 0.2, 20261124));

        Ledger ledger(m_dir.filePath(QStringLiteral("ledger.sqlite")), SystemClock::instance());
        QVERIFY(ledger.open());
        Intake intake(ledger);
        Chaos::Sales sales(kArtists, 42);
        QRandomGenerator &rng = sales.rng();
        const auto addSales = [&](int from, int to) {
            QVERIFY(intake.ingest(sales.carts(from, to), IntakeSource::Import));
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
            const qint64 unpaid = Chaos::unpaidEntries(ledger);
            QVERIFY(unpaid >= 0);
            if (unpaid == 0)
                break;
        }
        const QString paidOnce = Chaos::checkPaidOnce(ledger, fake, 50 * 10 * 3, sales.owed());
        QVERIFY2(paidOnce.isEmpty(), qPrintable(paidOnce));
        const QString verified = Chaos::verify(m_bin, {QStringLiteral("--data-dir"), m_dir.path()});
        QVERIFY2(verified.isEmpty(), qPrintable(verified));
        qInfo("chaos: %d SIGKILLs covered; %d entries paid once in %d transfers", kills,
              50 * 10 * 3, int(fake.transfers().size()));
    }
};

QTEST_GUILESS_MAIN(TestChaos)
#include "tst_chaos.moc"
