#pragma once

#include "util/Error.h"

#include <QString>

// Small named values the engine keeps beside the money: the poller's
// cursor, the engine's heartbeat and next run (their keys are written once,
// where they are owned: EngineHost, EventsPoller).
class MetaStore
{
public:
    virtual ~MetaStore() = default;

    // An empty string when the key was never written.
    virtual Result<QString> value(const QString &key) = 0;
    // Joins the caller's write when inside one; commits on its own otherwise.
    virtual Status setValue(const QString &key, const QString &value) = 0;
};
