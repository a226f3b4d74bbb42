#pragma once

#include "ledger/PayoutTypes.h"

#include <QString>

// The audit rows a payout run writes, worded once for every backend: each
// PayoutStore implementation appends them in the transaction that makes the
// change (ARCHITECTURE.md, rule 4). The actor is always the engine.
namespace PayoutAudit {

struct Row
{
    QString action; // e.g. transfer.paid, reversal.clawback
    QString artist; // empty: about no one artist
    qint64 entryId = 0;
    QString detail;
};

Row entriesHeldWithoutAccount(qint64 count);
Row transferClaimed(const ClaimedTransfer &t);
Row transferPaid(const ClaimedTransfer &t, const QString &transferId, const QString &requestId);
Row transferRetry(const ClaimedTransfer &t, const QString &error, qint64 nextAttemptMs);
Row transferHeld(const ClaimedTransfer &t, const QString &reason, const QString &error);
Row transferUnknown(const ClaimedTransfer &t, const QString &error);
Row transfersReleased(qsizetype count, const QString &why);
Row transferNotCreated(const ClaimedTransfer &t, const QString &why);

Row entriesReversing(qint64 count);
Row reversalClaimed(const ClaimedReversal &r);
Row reversalReversed(const ClaimedReversal &r, const QString &reversalId, const QString &requestId);
Row reversalClawback(const ClaimedReversal &r, const QString &error, qint64 recoveryEntryId);
Row reversalRetry(const ClaimedReversal &r, const QString &error, qint64 nextAttemptMs);
Row reversalUnknown(const ClaimedReversal &r, const QString &error);

} // namespace PayoutAudit
