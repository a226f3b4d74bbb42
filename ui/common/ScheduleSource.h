#pragma once

#include "service/EngineHost.h"
#include "service/EngineStatus.h"

#include <QDateTime>
#include <QObject>

class Clock;
class LedgerWatcher;
class MetaStore;

// When the next payout run is due, for the countdown in Processing info.
// A Scheduler in this process knows it (SchedulerSchedule); otherwise the
// engine of another process (`payoutdesk serve`) writes it to the ledger's
// meta key "scheduler.next_run" and LedgerSchedule reads it back.
class ScheduleSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    // Invalid when no run is known to be scheduled.
    virtual QDateTime nextRun() const = 0;
    // True when the scheduler runs in this process.
    virtual bool inProcess() const = 0;
    // The engine's own account: its mode ("development", "production"; empty
    // when unknown) and whether it runs. An in-process scheduler runs.
    virtual QString engineMode() const { return {}; }
    virtual EngineStatus::State engineState() const { return EngineStatus::State::Running; }

Q_SIGNALS:
    void nextRunChanged(const QDateTime &when);
    // engineMode() or engineState() changed.
    void engineChanged();
};

// The next run as another process's engine wrote it: ISO 8601 UTC in the
// ledger meta key "scheduler.next_run", re-read whenever the ledger changes;
// with a clock, also the engine's mode and state (EngineStatus::read), so a
// window shows the running engine's mode, never its own settings'.
class LedgerSchedule final : public ScheduleSource
{
    Q_OBJECT
public:
    static inline const QString MetaKey = EngineHost::kNextRunMetaKey;

    LedgerSchedule(MetaStore &meta, LedgerWatcher &watcher, Clock *clock = nullptr,
                   QObject *parent = nullptr);

    QDateTime nextRun() const override { return m_next; }
    bool inProcess() const override { return false; }
    QString engineMode() const override { return m_mode; }
    EngineStatus::State engineState() const override { return m_state; }
    void reload();

private:
    MetaStore &m_meta;
    Clock *m_clock = nullptr;
    QDateTime m_next;
    QString m_mode;
    EngineStatus::State m_state = EngineStatus::State::Unknown;
};

// The next run of a Scheduler in this process (engine/Scheduler.h:
// nextRun(), nextRunChanged). A template for the same reason as
// EngineRunControl: it compiles against a scheduler only where used.
template<class Scheduler> class SchedulerSchedule final : public ScheduleSource
{
public:
    explicit SchedulerSchedule(Scheduler &scheduler, QObject *parent = nullptr)
        : ScheduleSource(parent)
        , m_scheduler(scheduler)
    {
        connect(&scheduler, &Scheduler::nextRunChanged, this, &ScheduleSource::nextRunChanged);
    }

    QDateTime nextRun() const override { return m_scheduler.nextRun(); }
    bool inProcess() const override { return true; }

private:
    Scheduler &m_scheduler;
};
