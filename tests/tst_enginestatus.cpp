#include "ledger/Ledger.h"
#include "report/StatusReport.h"
#include "service/EngineHost.h"
#include "service/EngineStatus.h"
#include "util/Clock.h"

#include <QLocale>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

// Warnings and worse logged while a test runs (a write that rolled back is
// logged as a warning by the ledger and by its caller).
QStringList g_warnings;
QtMessageHandler g_previous = nullptr;

void collect(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg || type == QtCriticalMsg)
        g_warnings << message;
    if (g_previous)
        g_previous(type, context, message);
}

} // namespace

// What the serving engine records of itself (EngineStatus) and what readers
// make of it: `status` shows the engine's mode and next run, not the
// viewer's settings; a stopped engine shows as stopped and promises no run.
class TestEngineStatus final : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    ManualClock m_clock;
    std::unique_ptr<Ledger> m_ledger;
    int m_files = 0;

    EngineHost::Config config(Scheduler::Mode mode) const
    {
        EngineHost::Config c;
        c.mode = mode;
        c.engine.ledger = m_ledger->location();
        c.engine.stripeSecretKey = QStringLiteral("sk_test_status");
        c.webhookJournalDir = m_dir.filePath(QStringLiteral("journal-%1").arg(m_files));
        return c;
    }
    QString meta(const QString &key) { return m_ledger->meta().value(key).value(); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        g_previous = qInstallMessageHandler(collect);
    }
    void cleanupTestCase() { qInstallMessageHandler(g_previous); }

    void init()
    {
        g_warnings.clear();
        m_clock.set(QDateTime::fromSecsSinceEpoch(1'767'225'600, Qt::UTC));
        m_ledger = std::make_unique<Ledger>(
            m_dir.filePath(QStringLiteral("engine-%1.sqlite").arg(++m_files)), m_clock);
        QVERIFY(m_ledger->open());
    }
    void cleanup() { m_ledger.reset(); }

    void stopClearsTheNextRunAndSaysStoppedInOneWriteWithoutWarnings()
    {
        EngineHost host(config(Scheduler::Mode::Development), *m_ledger, m_clock);
        QVERIFY(host.start(nullptr));
        QCOMPARE(meta(EngineStatus::kStateKey), EngineStatus::kRunningValue);
        QCOMPARE(meta(EngineStatus::kModeKey), u"development");
        QVERIFY(!meta(EngineHost::kNextRunMetaKey).isEmpty());

        const qint64 commits = m_ledger->commitCount();
        m_clock.advanceSecs(5);
        g_warnings.clear();
        host.stop();
        // Once: the schedule's own "nothing scheduled" is not written apart.
        QCOMPARE(m_ledger->commitCount(), commits + 1);
        QCOMPARE(meta(EngineHost::kNextRunMetaKey), QString());
        QCOMPARE(meta(EngineStatus::kStateKey), EngineStatus::kStoppedValue);
        QCOMPARE(meta(EngineStatus::kHeartbeatKey), m_clock.now().toString(Qt::ISODateWithMs));
        QVERIFY2(g_warnings.isEmpty(), qPrintable(g_warnings.join(u'\n')));
        host.stop(); // a second stop writes nothing
        QCOMPARE(m_ledger->commitCount(), commits + 1);
    }

    void heartbeatIsWrittenOnTheInjectedClock()
    {
        EngineHost::Config c = config(Scheduler::Mode::Production);
        c.heartbeatIntervalMs = 20; // the timer waits its floor, 50 ms of real time
        EngineHost host(c, *m_ledger, m_clock);
        QVERIFY(host.start(nullptr));
        m_clock.advanceSecs(42);
        QSignalSpy changed(m_ledger.get(), &Ledger::changed);
        QVERIFY(changed.wait(5'000));
        QCOMPARE(meta(EngineStatus::kHeartbeatKey), m_clock.now().toString(Qt::ISODateWithMs));
        host.stop();
    }

    void statusShowsTheEnginesModeAndStateNotTheViewers()
    {
        EngineHost host(config(Scheduler::Mode::Production), *m_ledger, m_clock);
        QVERIFY(host.start(nullptr));
        // Another process, whose own settings say development.
        Ledger viewer(m_ledger->location(), m_clock);
        QVERIFY(viewer.open());
        StatusReport running = StatusReport::build(viewer).value();
        running.configuredMode = QStringLiteral("development");
        QCOMPARE(running.mode(), u"production");
        QCOMPARE(running.engine.state, EngineStatus::State::Running);
        QCOMPARE(running.nextRun, m_clock.now().addSecs(3600));
        QCOMPARE(running.toJson()[u"mode"].toString(), u"production");
        QCOMPARE(running.toJson()[u"engine"][u"state"].toString(), u"running");
        QCOMPARE(running.toJson()[u"engine"][u"alive"].toBool(), true);
        QVERIFY(running.toText(QLocale::c()).contains(u"Engine: running in production mode"));

        host.stop();
        StatusReport stopped = StatusReport::build(viewer).value();
        stopped.configuredMode = QStringLiteral("development");
        QCOMPARE(stopped.mode(), u"production");
        QCOMPARE(stopped.engine.state, EngineStatus::State::Stopped);
        QVERIFY(!stopped.nextRun.isValid());
        QVERIFY(stopped.toJson()[u"next_run"].isNull());
        QCOMPARE(stopped.toJson()[u"engine"][u"alive"].toBool(), false);
        const QString text = stopped.toText(QLocale::c());
        QVERIFY2(text.contains(u"Engine: stopped"), qPrintable(text));
        QVERIFY(text.contains(u"Next run: not scheduled (no engine is running)"));
    }

    void aLedgerNoEngineRanOnShowsTheConfiguredMode()
    {
        StatusReport r = StatusReport::build(*m_ledger).value();
        r.configuredMode = QStringLiteral("development");
        QCOMPARE(r.engine.state, EngineStatus::State::Unknown);
        QCOMPARE(r.mode(), u"development");
        QVERIFY(r.toText(QLocale::c()).contains(u"Engine: none has run on this ledger"));
    }

    void aStaleHeartbeatIsUnresponsiveAndPromisesNoRun()
    {
        QVERIFY(m_ledger->meta().setValue(EngineStatus::kStateKey, EngineStatus::kRunningValue));
        QVERIFY(m_ledger->meta().setValue(EngineStatus::kHeartbeatKey,
                                          m_clock.now().toString(Qt::ISODateWithMs)));
        QVERIFY(m_ledger->meta().setValue(EngineHost::kNextRunMetaKey,
                                          m_clock.now().addSecs(60).toString(Qt::ISODate)));
        QCOMPARE(EngineStatus::read(m_ledger->meta(), m_clock.now()).value().state,
                 EngineStatus::State::Running);
        m_clock.advanceMs(EngineStatus::kStaleAfterMs + 1);
        const EngineStatus s = EngineStatus::read(m_ledger->meta(), m_clock.now()).value();
        QCOMPARE(s.state, EngineStatus::State::Unresponsive);
        QVERIFY(!s.alive());
        QVERIFY(!s.nextRun.isValid());
    }
};

QTEST_GUILESS_MAIN(TestEngineStatus)
#include "tst_enginestatus.moc"
