#pragma once

#include "engine/PayoutRun.h"

#include <QObject>
#include <QStringList>

// A test double with PayoutEngine's public face (engine/PayoutEngine.h):
// the same signals, requestRun() and isRunning(). The window reaches it
// through the product's EngineRunControl<Engine> adapter, exactly as it
// would reach the real engine. The test drives a run step by step.
class FakePayoutEngine final : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    bool isRunning() const { return m_running; }
    QStringList requests; // triggers, in the order they were requested

    void begin(int total)
    {
        m_running = true;
        Q_EMIT runningChanged(true);
        Q_EMIT runStarted(requests.value(requests.size() - 1));
        Q_EMIT progressChanged(0, total);
    }
    void progress(int done, int total) { Q_EMIT progressChanged(done, total); }
    void finish(const PayoutRunSummary &summary)
    {
        Q_EMIT runFinished(summary);
        m_running = false;
        Q_EMIT runningChanged(false);
    }

public Q_SLOTS:
    void requestRun(const QString &trigger) { requests << trigger; }

Q_SIGNALS:
    void runStarted(const QString &trigger);
    void progressChanged(int done, int total);
    void runFinished(const PayoutRunSummary &summary);
    void runningChanged(bool running);

private:
    bool m_running = false;
};

// A double of Scheduler's public face for the countdown (nextRun(),
// nextRunChanged), reached through SchedulerSchedule<Scheduler>.
class FakeScheduler final : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    QDateTime nextRun() const { return m_next; }
    void setNextRun(const QDateTime &when)
    {
        m_next = when;
        Q_EMIT nextRunChanged(when);
    }

Q_SIGNALS:
    void nextRunChanged(const QDateTime &when);

private:
    QDateTime m_next;
};
