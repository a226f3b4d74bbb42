#include "Scheduler.h"

#include "engine/PayoutRun.h"
#include "util/Clock.h"
#include "util/Logging.h"

Scheduler::Scheduler(Mode mode, Intervals intervals, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_mode(mode)
    , m_intervals(intervals)
    , m_clock(clock)
{
    for (QTimer *t : {&m_fast, &m_interval, &m_cleanup}) {
        t->setSingleShot(true);
        t->setTimerType(Qt::PreciseTimer);
    }
    connect(&m_fast, &QTimer::timeout, this, [this] {
        if (rearmIfEarly(m_fast, m_fastAt))
            return;
        m_fastAt = {};
        Q_EMIT nextRunChanged(nextRun());
        qCInfo(lcSchedule).noquote() << "[FAST PAYOUT] Processing triggered payout...";
        Q_EMIT runDue(RunTrigger::FastPayout);
    });
    connect(&m_interval, &QTimer::timeout, this, [this] {
        if (rearmIfEarly(m_interval, m_intervalAt))
            return;
        armInterval();
        Q_EMIT runDue(RunTrigger::Scheduled);
    });
    connect(&m_cleanup, &QTimer::timeout, this, [this] {
        if (rearmIfEarly(m_cleanup, m_cleanupAt))
            return;
        armCleanup();
        Q_EMIT cleanupDue();
    });
}

Result<Scheduler::Mode> Scheduler::modeFor(const QString &setting, const QString &secretKey)
{
    const bool live = secretKey.startsWith(u"sk_live_") || secretKey.startsWith(u"rk_live_");
    if (setting == u"production")
        return Mode::Production;
    if (setting == u"development") {
        if (live)
            return fail(Error::config(QStringLiteral(
                "refusing to run in development mode with a live Stripe key: "
                "development mode pays out 30 seconds after every cart purchase. "
                "Use a test key (sk_test_/rk_test_) or switch to production mode.")));
        return Mode::Development;
    }
    return live ? Mode::Production : Mode::Development;
}

QString Scheduler::modeName(Mode mode)
{
    return mode == Mode::Production ? QStringLiteral("production") : QStringLiteral("development");
}

void Scheduler::start()
{
    armInterval();
    if (m_mode == Mode::Production)
        armCleanup();
}

void Scheduler::stop()
{
    for (QTimer *t : {&m_fast, &m_interval, &m_cleanup})
        t->stop();
    m_fastAt = m_intervalAt = m_cleanupAt = {};
    Q_EMIT nextRunChanged({});
}

QDateTime Scheduler::nextRun() const
{
    if (m_fastAt.isValid() && (!m_intervalAt.isValid() || m_fastAt < m_intervalAt))
        return m_fastAt;
    return m_intervalAt;
}

QDateTime Scheduler::nextCleanup() const
{
    return m_cleanupAt;
}

void Scheduler::onCartPurchase()
{
    if (m_mode != Mode::Development)
        return;
    // Debounced: each purchase restarts the delay, so a burst gives one run.
    qCInfo(lcSchedule).noquote()
        << QStringLiteral("[FAST PAYOUT] Scheduling payout in %1 seconds after cart purchase...")
               .arg(m_intervals.fastDelayMs / 1000);
    arm(m_fast, m_fastAt, m_clock.now().addMSecs(m_intervals.fastDelayMs));
}

void Scheduler::armInterval()
{
    arm(m_interval, m_intervalAt, m_clock.now().addMSecs(m_intervals.payoutIntervalMs));
}

void Scheduler::armCleanup()
{
    // The next local occurrence of the cleanup time, strictly after now.
    const QDateTime local = m_clock.now().toLocalTime();
    QDateTime next(local.date(), m_intervals.cleanupAt, Qt::LocalTime);
    if (next <= local)
        next = QDateTime(local.date().addDays(1), m_intervals.cleanupAt, Qt::LocalTime);
    arm(m_cleanup, m_cleanupAt, next.toUTC());
}

bool Scheduler::rearmIfEarly(QTimer &timer, const QDateTime &deadline)
{
    // A timer may fire a little before its deadline on the clock (timer
    // slack, or a clock that is not the timers' own): wait out the rest.
    const qint64 left = m_clock.now().msecsTo(deadline);
    if (left <= 0)
        return false;
    timer.start(std::chrono::milliseconds(qMax<qint64>(1, m_clock.timerMsFor(left))));
    return true;
}

void Scheduler::arm(QTimer &timer, QDateTime &deadline, const QDateTime &when)
{
    deadline = when;
    timer.start(std::chrono::milliseconds(m_clock.timerMsFor(m_clock.now().msecsTo(when))));
    if (&timer != &m_cleanup)
        Q_EMIT nextRunChanged(nextRun());
}
