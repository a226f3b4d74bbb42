#include "UiFixture.h"
#include "common/LedgerWatcher.h"
#include "common/ScheduleSource.h"
#include "engine/Scheduler.h"
#include "payouts/ProcessingInfoWidget.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTest>

// Processing info: the mode in plain words and the next run with its
// countdown, from a scheduler in this process or from the ledger meta key
// written by another process's engine.
class TestProcessingInfo final : public QObject
{
    Q_OBJECT
    std::unique_ptr<UiFixture> m_f;

    QLabel *label(ProcessingInfoWidget &w, const char *name)
    {
        return w.findChild<QLabel *>(QString::fromLatin1(name));
    }

private Q_SLOTS:
    void initTestCase() { UiFixture::useLocale(QLocale(QLocale::English, QLocale::UnitedKingdom)); }
    void init() { m_f = std::make_unique<UiFixture>(); }
    void cleanup() { m_f.reset(); }

    void countdownFormats_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("past") << qint64(-5) << QStringLiteral("due now");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("due now");
        QTest::newRow("seconds") << qint64(29) << QStringLiteral("in 29 s");
        QTest::newRow("minutes") << qint64(245) << QStringLiteral("in 4 min 05 s");
        QTest::newRow("hours") << qint64(3 * 3600 + 7 * 60 + 9) << QStringLiteral("in 3 h 07 min");
    }
    void countdownFormats()
    {
        QFETCH(qint64, seconds);
        QFETCH(QString, text);
        QCOMPARE(ProcessingInfoWidget::countdown(seconds), text);
    }

    void nextRunFromAnotherProcessViaTheLedger()
    {
        LedgerWatcher watcher(m_f->ledger->changes(), m_f->ledger.get(), nullptr, 100);
        LedgerSchedule schedule(m_f->ledger->meta(), watcher);
        ProcessingInfoWidget info(*m_f->settings, m_f->clock);
        info.setScheduleSource(&schedule);
        info.show();
        QVERIFY(label(info, "nextRunLabel")->text().startsWith(u"not scheduled"));

        Ledger other(m_f->ledgerPath(), m_f->clock);
        QVERIFY(other.open());
        const QDateTime next = m_f->clock.now().addSecs(30);
        QVERIFY(other.meta().setValue(LedgerSchedule::MetaKey, next.toString(Qt::ISODate)));
        QSignalSpy changed(&schedule, &ScheduleSource::nextRunChanged);
        QVERIFY(changed.wait(2000));
        QCOMPARE(schedule.nextRun(), next);
        QCOMPARE(label(info, "nextRunLabel")->text(), QStringLiteral("00:00 (in 30 s)"));

        // The countdown runs from the clock; the text follows within a tick.
        m_f->clock.advanceSecs(25);
        QTRY_COMPARE(label(info, "nextRunLabel")->text(), QStringLiteral("00:00 (in 5 s)"));
        m_f->clock.advanceSecs(3600);
        QTRY_VERIFY(label(info, "nextRunLabel")->text().contains(u"overdue"));
    }

    void nextRunFromASchedulerInThisProcess()
    {
        Scheduler::Intervals iv;
        iv.payoutIntervalMs = (3600 + 120) * 1000;
        Scheduler scheduler(Scheduler::Mode::Production, iv, m_f->clock);
        SchedulerSchedule<Scheduler> schedule(scheduler);
        QVERIFY(schedule.inProcess());
        ProcessingInfoWidget info(*m_f->settings, m_f->clock);
        info.setScheduleSource(&schedule);
        scheduler.start(); // the regular run, 1 h 02 min from the (manual) clock's now
        QCOMPARE(label(info, "nextRunLabel")->text(), QStringLiteral("01:02 (in 1 h 02 min)"));
    }

    void modeIsExplainedInPlainWords()
    {
        ProcessingInfoWidget info(*m_f->settings, m_f->clock);
        QVERIFY(label(info, "modeLabel")->text().startsWith(u"Automatic"));
        m_f->settings->set(Settings::Key::Mode, QStringLiteral("production"));
        QCOMPARE(label(info, "modeLabel")->text(), QStringLiteral("Production"));
        const QString production = label(info, "modeExplanation")->text();
        QVERIFY(production.contains(u"every hour"));
        QVERIFY(production.contains(u"cleaned up once a day"));
        QVERIFY(production.contains(u"does not start a payout of its own"));

        info.setMode(Scheduler::Mode::Development);
        QCOMPARE(label(info, "modeLabel")->text(), QStringLiteral("Development"));
        QVERIFY(
            label(info, "modeExplanation")->text().contains(u"30 seconds after a cart purchase"));
        m_f->settings->set(Settings::Key::FastPayoutDelaySecs, 45);
        QVERIFY(label(info, "modeExplanation")->text().contains(u"45 seconds after"));
    }
};

QTEST_MAIN(TestProcessingInfo)
#include "tst_ui_processinginfo.moc"
