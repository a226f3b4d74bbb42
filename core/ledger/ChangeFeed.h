#pragma once

#include "util/Error.h"

class QObject;

// Whether the ledger changed since it was last looked at, whoever changed
// it: this connection, another connection of this process, another process
// (`payoutdesk serve`, `trigger-payouts`) or, for a server backend, another
// machine. The window polls it (or, where the backend pushes, listens to its
// pushNotifier() and polls only as a safety net); a cache compares it before
// trusting itself.
class ChangeFeed
{
public:
    virtual ~ChangeFeed() = default;

    // A number that differs from every earlier answer of this object once
    // anything has committed since; equal answers mean nothing committed.
    // SQLite: the file's data_version plus this connection's own commits.
    virtual Result<qint64> version() = 0;

    // An object whose changed() signal says, as it happens, that something
    // committed on any connection (PostgreSQL: LISTEN/NOTIFY on a connection
    // of its own); version() has then moved. It also signals once after it
    // lost and regained its connection, as changes may have been missed.
    // Made on the first call, on the calling thread (which runs an event
    // loop), and owned by the feed. Null for a backend that pushes nothing
    // (SQLite): poll version().
    virtual QObject *pushNotifier() { return nullptr; }
};
