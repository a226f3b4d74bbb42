#pragma once

#include "util/Error.h"

#include <QDateTime>
#include <QObject>
#include <QTime>
#include <QTimer>

class Clock;

// When payout runs and cleanups happen (ARCHITECTURE.md, "Modes"). It owns
// its timers and emits; it does not run anything itself.
//   development: a run fastDelay after the last cart purchase (debounced:
//                a burst gives one run), and the regular interval run;
//   production:  the regular interval run and a daily cleanup at a set
//                local time; cart purchases schedule nothing.
// Durations are in clock time; the clock's scale turns them into timer
// time, so a test with a fast clock runs an hour in milliseconds.
class Scheduler final : public QObject
{
    Q_OBJECT
public:
    enum class Mode { Development, Production };
    Q_ENUM(Mode)

    struct Intervals
    {
        qint64 fastDelayMs = 30'000;
        qint64 payoutIntervalMs = 3'600'000;
        QTime cleanupAt = QTime(3, 0);
    };

    Scheduler(Mode mode, Intervals intervals, Clock &clock, QObject *parent = nullptr);

    // The mode for a setting ("auto", "development", "production") and the
    // Stripe secret key. "auto" means production for a live key and
    // development otherwise; a live key in development mode is refused,
    // because a fast payout every 30 s must never move real money.
    static Result<Mode> modeFor(const QString &setting, const QString &secretKey);
    static QString modeName(Mode mode);

    void start();
    void stop();
    Mode mode() const { return m_mode; }
    const Intervals &intervals() const { return m_intervals; }
    // The earliest scheduled run; invalid when none is scheduled.
    QDateTime nextRun() const;
    QDateTime nextCleanup() const;

public Q_SLOTS:
    void onCartPurchase();

Q_SIGNALS:
    void runDue(const QString &trigger); // RunTrigger::FastPayout or RunTrigger::Scheduled
    void cleanupDue();
    void nextRunChanged(const QDateTime &when);

private:
    void armInterval();
    void armCleanup();
    void arm(QTimer &timer, QDateTime &deadline, const QDateTime &when);
    bool rearmIfEarly(QTimer &timer, const QDateTime &deadline);

    Mode m_mode;
    Intervals m_intervals;
    Clock &m_clock;
    QTimer m_fast;
    QTimer m_interval;
    QTimer m_cleanup;
    QDateTime m_fastAt;
    QDateTime m_intervalAt;
    QDateTime m_cleanupAt;
};
