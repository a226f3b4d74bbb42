#pragma once

#include "util/Error.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

class MetaStore;

// The running engine's own account of itself, as it writes it to the
// ledger's meta for every other process (ARCHITECTURE.md, "Modes and
// safety": a window, `status` and the API show the engine's mode and next
// run, not the viewer's). EngineHost writes it; everyone else reads it with
// read(). The keys are written here once.
struct EngineStatus
{
    enum class State {
        Unknown,      // no engine ever wrote to this ledger
        Running,      // a heartbeat within kStaleAfterMs
        Stopped,      // the engine said so when it stopped
        Unresponsive, // it said it runs, but its heartbeat is older than kStaleAfterMs (a crash)
    };

    static inline const QString kModeKey = QStringLiteral("engine.mode");
    static inline const QString kStateKey = QStringLiteral("engine.state");
    static inline const QString kHeartbeatKey = QStringLiteral("engine.heartbeat");
    static inline const QString kLastRunKey = QStringLiteral("engine.last_run");
    static inline const QString kNextRunKey = QStringLiteral("scheduler.next_run");
    // The stored values of kStateKey.
    static inline const QString kRunningValue = QStringLiteral("running");
    static inline const QString kStoppedValue = QStringLiteral("stopped");

    // A running engine beats this often; three missed beats and it counts
    // as gone.
    static constexpr qint64 kHeartbeatIntervalMs = 30'000;
    static constexpr qint64 kStaleAfterMs = 3 * kHeartbeatIntervalMs;

    QString mode; // development, production; empty when unknown
    State state = State::Unknown;
    QDateTime heartbeat; // the last beat; invalid: none
    QDateTime nextRun;   // invalid: none scheduled (or the engine is not running)
    // The last payout run's summary (PayoutRunSummary::toJson without its
    // notes); empty when none finished yet.
    QJsonObject lastRun;

    bool alive() const { return state == State::Running; }
    static QString stateName(State state);

    // Reads what the engine wrote; `now` decides whether a beat is stale.
    // A stale or stopped engine promises no next run, whatever is stored.
    static Result<EngineStatus> read(MetaStore &meta, const QDateTime &now);
};
