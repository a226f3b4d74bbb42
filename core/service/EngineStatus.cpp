#include "EngineStatus.h"

#include "ledger/MetaStore.h"

#include <QJsonDocument>

QString EngineStatus::stateName(State state)
{
    switch (state) {
    case State::Unknown:
        return QStringLiteral("unknown");
    case State::Running:
        return QStringLiteral("running");
    case State::Stopped:
        return QStringLiteral("stopped");
    case State::Unresponsive:
        return QStringLiteral("unresponsive");
    }
    return {};
}

Result<EngineStatus> EngineStatus::read(MetaStore &meta, const QDateTime &now)
{
    EngineStatus s;
    const auto get = [&](const QString &key, QString *out) -> Status {
        Result<QString> v = meta.value(key);
        if (!v)
            return fail(v.error());
        *out = std::move(*v);
        return {};
    };
    QString state, heartbeat, next, lastRun;
    for (const auto &[key, out] : {std::pair{kModeKey, &s.mode}, std::pair{kStateKey, &state},
                                   std::pair{kHeartbeatKey, &heartbeat},
                                   std::pair{kNextRunKey, &next}, std::pair{kLastRunKey, &lastRun}})
        if (Status st = get(key, out); !st)
            return fail(st.error());
    s.heartbeat =
        heartbeat.isEmpty() ? QDateTime() : QDateTime::fromString(heartbeat, Qt::ISODateWithMs);
    if (state == kStoppedValue)
        s.state = State::Stopped;
    else if (state == kRunningValue)
        s.state = s.heartbeat.isValid() && s.heartbeat.msecsTo(now) <= kStaleAfterMs
                      ? State::Running
                      : State::Unresponsive;
    else if (!next.isEmpty())
        // A ledger last served by an engine from before the heartbeat: its
        // next run is all there is to go by.
        s.state = State::Unknown;
    if (s.state == State::Running || s.state == State::Unknown)
        s.nextRun = next.isEmpty() ? QDateTime() : QDateTime::fromString(next, Qt::ISODateWithMs);
    if (!lastRun.isEmpty())
        s.lastRun = QJsonDocument::fromJson(lastRun.toUtf8()).object();
    return s;
}
