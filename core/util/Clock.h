#pragma once

#include <QDateTime>
#include <QElapsedTimer>

// The engine's only source of "now". Production code uses SystemClock; tests
// inject a ManualClock so a signature's age, a 30 s debounce or a daily
// cleanup can be exercised without waiting.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0;
    qint64 nowMs() const { return now().toMSecsSinceEpoch(); }
    qint64 nowSecs() const { return now().toSecsSinceEpoch(); }
    // How much faster than real time this clock runs (1 but in tests).
    // Timers convert clock durations to real ones with it; it scales time
    // only, never money.
    virtual double scale() const { return 1.0; }
    qint64 timerMsFor(qint64 clockMs) const
    {
        return qMax<qint64>(0, qint64(double(clockMs) / scale()));
    }
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
    static SystemClock &instance()
    {
        static SystemClock clock;
        return clock;
    }
};

class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start = QDateTime::fromSecsSinceEpoch(1'767'225'600, Qt::UTC))
        : m_now(std::move(start))
    {}
    QDateTime now() const override { return m_now; }
    void set(const QDateTime &t) { m_now = t; }
    void advanceMs(qint64 ms) { m_now = m_now.addMSecs(ms); }
    void advanceSecs(qint64 s) { m_now = m_now.addSecs(s); }

private:
    QDateTime m_now;
};

// A clock that runs `scale` times faster than real time from `origin`, for
// tests of schedules: with a scale of 1000, a 30 s debounce fires after 30 ms
// of real time, and the clock says 30 s have passed.
class ScaledClock final : public Clock
{
public:
    ScaledClock(QDateTime origin, double scale)
        : m_origin(std::move(origin))
        , m_scale(scale)
    {
        m_elapsed.start();
    }
    QDateTime now() const override
    {
        return m_origin.addMSecs(qint64(double(m_elapsed.elapsed()) * m_scale));
    }
    double scale() const override { return m_scale; }

private:
    QDateTime m_origin;
    double m_scale;
    QElapsedTimer m_elapsed;
};
