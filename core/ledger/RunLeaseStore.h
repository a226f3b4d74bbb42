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

    // Runs asked for while another holder had the lease (a fast payout on
    // one instance while another pays): a count per lease name, raised by
    // one atomic step and returned as raised. The holder reads it when it
    // takes the lease and again after releasing it, and runs once more when
    // it moved, so a request is coalesced into that run, never lost
    // (engine/RunLease).
    virtual Result<qint64> addRunRequest(const QString &name) = 0;
    // The count as it stands; 0 when nothing was ever asked.
    virtual Result<qint64> runRequests(const QString &name) = 0;
};
