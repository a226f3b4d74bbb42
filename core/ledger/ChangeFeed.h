#pragma once

#include "util/Error.h"

// Whether the ledger changed since it was last looked at, whoever changed
// it: this connection, another connection of this process, another process
// (`payoutdesk serve`, `trigger-payouts`) or, for a server backend, another
// machine. The window polls it; a cache compares it before trusting itself.
class ChangeFeed
{
public:
    virtual ~ChangeFeed() = default;

    // A number that differs from every earlier answer of this object once
    // anything has committed since; equal answers mean nothing committed.
    // SQLite: the file's data_version plus this connection's own commits.
    virtual Result<qint64> version() = 0;
};
