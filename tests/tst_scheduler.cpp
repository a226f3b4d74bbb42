#include "engine/Scheduler.h"
#include "util/Clock.h"

#include <QSignalSpy>
#include <QTest>

// The payout schedule on a fast clock: 30 s, an hour and a day run in
// milliseconds of real time, and the clock still says how much time passed.
class TestScheduler final : public QObject
{
    Q_OBJECT
    static QDateTime at(const QString &iso) { return QDateTime::fromString(iso, Qt::ISODate); }

private Q_SLOTS:
    void burstOfPurchasesGivesOneRunAfterTheLast()
    {
        ScaledClock clock(at(QStringLiteral("2026-11-24T10:00:00Z")), 10'000); // an hour = 360 ms
        Scheduler s(Scheduler::Mode::Development, {}, clock);
        QSignalSpy due(&s, &Scheduler::runDue);
        s.start();
        s.onCartPurchase();
        s.onCartPurchase();
        s.onCartPurchase();
        const QDateTime lastPurchase = clock.now();
        QCOMPARE(s.nextRun(), lastPurchase.addSecs(30));
        QVERIFY(due.wait(5000));
        QCOMPARE(due.size(), 1);
        QCOMPARE(due.first().first().toString(), QStringLiteral("fast payout"));
        QVERIFY(clock.now() >= lastPurchase.addSecs(30));
        // The next run is the hourly one: the burst did not give a second fast run.
        QVERIFY(due.wait(5000));
        QCOMPARE(due.size(), 2);
        QCOMPARE(due.at(1).first().toString(), QStringLiteral("scheduled"));
        QVERIFY(clock.now() >= at(QStringLiteral("2026-11-24T11:00:00Z")));
    }

    void purchaseAfterAPurchaseRestartsTheDelay()
    {
        ScaledClock clock(at(QStringLiteral("2026-11-24T10:00:00Z")), 100); // 30 s = 300 ms
        Scheduler s(Scheduler::Mode::Development, {}, clock);
        QSignalSpy due(&s, &Scheduler::runDue);
        QSignalSpy next(&s, &Scheduler::nextRunChanged);
        s.onCartPurchase();
        const QDateTime first = s.nextRun();
        QTRY_VERIFY(clock.now() >= first.addSecs(-20)); // ten clock seconds later
        s.onCartPurchase();
        QVERIFY(s.nextRun() > first);
        QVERIFY(due.wait(5000));
        QCOMPARE(due.size(), 1);
        QVERIFY(clock.now() >= first.addSecs(10));
    }

    void productionHasNoFastTrigger()
    {
        ScaledClock clock(at(QStringLiteral("2026-11-24T10:00:00Z")), 10'000);
        Scheduler s(Scheduler::Mode::Production, {}, clock);
        QSignalSpy due(&s, &Scheduler::runDue);
        s.start();
        const QDateTime hourly = s.nextRun();
        s.onCartPurchase();
        QCOMPARE(s.nextRun(), hourly);
        QVERIFY(due.wait(5000));
        QCOMPARE(due.first().first().toString(), QStringLiteral("scheduled"));
        QVERIFY(clock.now() >= hourly);
    }

    void dailyCleanupFiresOnceADayAtItsTime()
    {
        // A day is two seconds of real time, so an hour of the day is 83 ms:
        // room for a timer that fires late on a loaded machine (under the
        // sanitizers, 16 ms late was 23 minutes of the day at one second).
        ScaledClock clock(at(QStringLiteral("2026-11-24T02:50:00Z")), 43'200);
        Scheduler::Intervals iv;
        iv.payoutIntervalMs = 24LL * 3600 * 1000 * 10; // out of the way
        Scheduler s(Scheduler::Mode::Production, iv, clock);
        QSignalSpy cleanups(&s, &Scheduler::cleanupDue);
        QList<QDateTime> times;
        connect(&s, &Scheduler::cleanupDue, this, [&] { times << clock.now(); });
        s.start();
        QCOMPARE(s.nextCleanup(), at(QStringLiteral("2026-11-24T03:00:00Z")));
        QTRY_COMPARE_WITH_TIMEOUT(cleanups.size(), 3, 20'000);
        for (int day = 0; day < 3; ++day) {
            QCOMPARE(times[day].date(), QDate(2026, 11, 24 + day));
            // At its time: never before 03:00, and within the hour after.
            QVERIFY2(times[day].time() >= QTime(3, 0) && times[day].time() < QTime(4, 0),
                     qPrintable(times[day].toString(Qt::ISODate)));
        }
    }

    void developmentHasNoDailyCleanup()
    {
        ScaledClock clock(at(QStringLiteral("2026-11-24T02:59:00Z")), 1);
        Scheduler s(Scheduler::Mode::Development, {}, clock);
        s.start();
        QVERIFY(!s.nextCleanup().isValid());
    }

    void modeFromSettingAndKey_data()
    {
        QTest::addColumn<QString>("setting");
        QTest::addColumn<QString>("key");
        QTest::addColumn<int>("mode"); // -1: refused
        QTest::newRow("auto, test key") << "auto"
                                        << "sk_test_abc" << int(Scheduler::Mode::Development);
        QTest::newRow("auto, live key") << "auto"
                                        << "sk_live_abc" << int(Scheduler::Mode::Production);
        QTest::newRow("auto, restricted live key")
            << "auto"
            << "rk_live_abc" << int(Scheduler::Mode::Production);
        QTest::newRow("auto, no key") << "auto"
                                      << "" << int(Scheduler::Mode::Development);
        QTest::newRow("development, test key")
            << "development"
            << "rk_test_abc" << int(Scheduler::Mode::Development);
        QTest::newRow("development, live key") << "development"
                                               << "sk_live_abc" << -1;
        QTest::newRow("development, restricted live key") << "development"
                                                          << "rk_live_abc" << -1;
        QTest::newRow("production, test key") << "production"
                                              << "sk_test_abc" << int(Scheduler::Mode::Production);
    }
    void modeFromSettingAndKey()
    {
        QFETCH(QString, setting);
        QFETCH(QString, key);
        QFETCH(int, mode);
        const Result<Scheduler::Mode> m = Scheduler::modeFor(setting, key);
        if (mode < 0) {
            QVERIFY(!m);
            QVERIFY(m.error().message.contains(QStringLiteral("live Stripe key")));
            QVERIFY(!m.error().message.contains(key)); // never echo the key
        } else {
            QVERIFY(m);
            QCOMPARE(int(*m), mode);
        }
    }
};

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
