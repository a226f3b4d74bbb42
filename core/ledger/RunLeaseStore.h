#pragma once

#include "util/Error.h"

#include <QString>

#include <optional>

// Who holds a named lease, and until when (ms since the epoch).
struct LeaseState
{
    QString holder;
    qint64 expiresAtMs = 0;
};

// The storage of the run lease (ARCHITECTURE.md, rule 3: one payout run at a
// time, across processes and machines). The policy (who may take a lease
// from whom) is engine/RunLease's; this only stores it, atomically.
class RunLeaseStore
{
public:
    virtual ~RunLeaseStore() = default;

    virtual Result<std::optional<LeaseState>> lease(const QString &name) = 0;
    // One atomic step: `holder` gets the lease until `expiresAtMs` when it
    // is free, expired at `nowMs`, already held by `holder`, or held by
    // `replacing` (a holder found gone; empty: none). Returns whether
    // `holder` holds it now.
    virtual Result<bool> take(const QString &name, const QString &holder, qint64 nowMs,
                              qint64 expiresAtMs, const QString &replacing = {}) = 0;
    // Gives the lease up when `holder` holds it; otherwise does nothing.
    virtual Status release(const QString &name, const QString &holder) = 0;
};
