#include "ScheduleSource.h"

#include "common/LedgerWatcher.h"
#include "ledger/MetaStore.h"
#include "util/Clock.h"

#include <QTimer>

LedgerSchedule::LedgerSchedule(MetaStore &meta, LedgerWatcher &watcher, Clock *clock,
                               QObject *parent)
    : ScheduleSource(parent)
    , m_meta(meta)
    , m_clock(clock)
{
    if (m_clock) {
        // A crashed engine commits nothing more: its heartbeat is looked at
        // again every beat, so the window says it stopped.
        auto *beat = new QTimer(this);
        beat->setInterval(int(EngineStatus::kHeartbeatIntervalMs));
        connect(beat, &QTimer::timeout, this, &LedgerSchedule::reload);
        beat->start();
    }
    connect(&watcher, &LedgerWatcher::ledgerChanged, this, &LedgerSchedule::reload);
    reload();
}

void LedgerSchedule::reload()
{
    if (m_clock) {
        // A heartbeat goes stale without a commit: the watcher's poll
        // brings this back often enough to notice within a beat.
        if (const Result<EngineStatus> engine = EngineStatus::read(m_meta, m_clock->now())) {
            if (engine->mode != m_mode || engine->state != m_state) {
                m_mode = engine->mode;
                m_state = engine->state;
                Q_EMIT engineChanged();
            }
        }
    }
    const Result<QString> value = m_meta.value(MetaKey);
    QDateTime next;
    if (value && !value->isEmpty()) {
        next = QDateTime::fromString(*value, Qt::ISODateWithMs);
        if (!next.isValid())
            next = QDateTime::fromString(*value, Qt::ISODate);
    }
    // A stopped or silent engine promises no run, whatever it wrote last.
    if (m_state == EngineStatus::State::Stopped || m_state == EngineStatus::State::Unresponsive)
        next = QDateTime();
    if (next == m_next && next.isValid() == m_next.isValid())
        return;
    m_next = next;
    Q_EMIT nextRunChanged(m_next);
}
