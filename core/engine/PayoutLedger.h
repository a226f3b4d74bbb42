#pragma once

#include "engine/PayoutPolicy.h"
#include "ledger/LedgerTypes.h"
#include "util/Error.h"

#include <QDateTime>
#include <QList>
#include <QString>

class Ledger;

// A transfer attempt written to the ledger (state `sending`) before its
// request leaves. Everything needed to send it again after a crash is here.
struct ClaimedTransfer
{
    qint64 row = 0;
    QString idempotencyKey;
    QString artist;
    Money amount;
    QString destination;
    QString sourceTransaction;
    QList<qint64> entryIds;
    int attempts = 0; // requests already sent with this key
    QDateTime createdAt;
    // Left in `sending` by an earlier run (unknown outcome, or a crash after
    // the claim): a request with this key may already have executed.
    bool resumed = false;

    // transfer_group and metadata name the attempt, so that reconciliation
    // can find the transfer if its answer was lost.
    QString transferGroup() const { return idempotencyKey; }
    QString entryIdsText() const;
};

// The engine's transactions on the ledger. Each method is one committed
// transaction with its audit rows, following ARCHITECTURE.md's rules:
// claim to `sending` with the key before the request, outcome and state
// change together, and an unknown outcome never treated as a failure.
class PayoutLedger final
{
public:
    PayoutLedger(Ledger &ledger, QString holder);

    // The cross-process run lease: true when this holder has it until
    // now + ttl. A crashed holder's lease simply expires.
    Result<bool> acquireLease(qint64 ttlMs);
    Status releaseLease();
    QString leaseHolder() const { return m_holder; }

    // Attempts left in `sending` by a crash or an unknown outcome.
    Result<QList<ClaimedTransfer>> unresolved();
    // Due pending entries of linked artists, oldest money first, with the
    // sale's charge id where it is known. Pending entries of artists with no
    // account are moved to held first.
    Result<QList<DueEntry>> dueEntries();
    // dueEntries() grouped by PayoutPolicy::groupEntries.
    Result<QList<PayoutGroup>> dueGroups(PayoutPolicy::Grouping grouping);
    // Claims the groups: one transfer row and key each, entries to sending.
    Result<QList<ClaimedTransfer>> claim(const QList<PayoutGroup> &groups);

    Status recordPaid(const ClaimedTransfer &t, const QString &transferId,
                      const QString &requestId);
    // A definite failure that may succeed later: entries back to pending
    // after a backoff, attempts + 1, the error kept.
    Status recordRetry(const ClaimedTransfer &t, const QString &error, const QString &requestId);
    // A permanent failure: entries held with a reason an artist can read.
    Status recordHeld(const ClaimedTransfer &t, const QString &reason, const QString &error,
                      const QString &requestId);
    // The request may or may not have executed: entries stay `sending`.
    Status recordUnknown(const ClaimedTransfer &t, const QString &error);
    // Claimed but never sent (the run stopped first): back to pending as if
    // never claimed.
    Status releaseUnsent(const QList<ClaimedTransfer> &transfers, const QString &why);
    // Reconciliation found no transfer for an attempt whose request ended:
    // the attempt failed, and its entries are claimable again under a new key.
    Status recordNotCreated(const ClaimedTransfer &t, const QString &why);
    // Keeps a sale's charge id (its PaymentIntent's latest_charge), looked up once.
    Status setChargeId(const QString &paymentIntent, const QString &chargeId);
    // Groups that did not fit the available balance stay pending, with
    // Reason::InsufficientPlatformBalance as their reason (waiting is not an
    // error: last_error is left alone). Claiming an entry clears the reason.
    Status markWaitingForBalance(const QList<PayoutGroup> &groups);

    // Backoff after n failed attempts: 30 s doubling to an hour, with jitter
    // (half to full delay), as Stripe's libraries do.
    static qint64 backoffMs(int attempts);

private:
    Status setEntries(const ClaimedTransfer &t, const QString &state, const QVariant &reason,
                      const QString &lastError, bool countAttempt, qint64 nextAttemptAt,
                      const QString &transferId);
    Status setTransfer(const ClaimedTransfer &t, const QString &state, const QString &error,
                       const QString &requestId, const QString &transferId, bool countAttempt);

    Ledger &m_ledger;
    QString m_holder;
};
