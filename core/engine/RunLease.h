#pragma once

#include "ledger/RunLeaseStore.h"
#include "util/Error.h"

#include <QString>

#include <optional>

class Ledger;

// The run lease's policy (ARCHITECTURE.md, rule 3: one payout run at a time
// across processes and machines). The lease is a named row with an expiry
// (RunLeaseStore); its holder is "host:pid:instance", with a random
// instance id per engine, so that two engines of one process never share a
// lease. A holder that has expired loses it to anyone; a holder that was a
// process of this host and no longer exists (killed, crashed) loses it at
// once, with an audit row. Another host's holder is only ever waited out:
// its process id means nothing here.
class RunLease final
{
public:
    static inline const QString Name = QStringLiteral("payout-run");

    RunLease(Ledger &ledger, QString holder = newHolder());

    // This process on this host, and a new random instance id.
    static QString newHolder();

    // True when this holder has the lease until now + ttl.
    Result<bool> acquire(qint64 ttlMs);
    Status release();
    // Who holds it now, if anyone.
    Result<std::optional<LeaseState>> current();

    // Runs asked for while another holder had the lease, so that none is
    // lost. A caller that finds the lease held calls request() and then
    // acquire() once more; a holder reads requests() when it takes the
    // lease and again after release(), and runs once more when the count
    // moved. Either the holder sees the request, or the requester finds the
    // lease free: a request is never lost between them, however many
    // instances race (the count is raised in one atomic step).
    Status request();
    Result<qint64> requests();
    const QString &holder() const { return m_holder; }

private:
    Ledger &m_ledger;
    QString m_holder;
};
