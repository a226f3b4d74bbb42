#pragma once

#include "ledger/PayoutTypes.h"
#include "util/Error.h"

#include <QList>
#include <QString>

#include <functional>

// The payout run's transactions on the ledger (ARCHITECTURE.md's rules that
// make payouts exactly-once): claim to `sending` with the key before the
// request leaves, record the outcome with the state change and its audit
// row in one transaction, and never treat an unknown outcome as a failure.
// Each method is one committed transaction (or joins the caller's write).
// Which entries form a transfer, and what an answer means, is decided by
// engine/PayoutPolicy before these are called.
class PayoutStore
{
public:
    virtual ~PayoutStore() = default;

    // Attempts left in `sending` by a crash or an unknown outcome.
    virtual Result<QList<ClaimedTransfer>> unresolved() = 0;
    // Due pending entries (next attempt at or before now) of linked artists,
    // oldest money first, with the sale's charge id where it is known.
    // Pending entries of artists with no account are moved to held first,
    // with Reason::NoPayoutAccount.
    virtual Result<QList<DueEntry>> dueEntries() = 0;
    // The connected accounts of linked artists with money held for one of
    // `reasons`, each once, in order.
    virtual Result<QStringList> accountsWithHeld(const QStringList &reasons) = 0;
    // Claims the groups: one transfer attempt each (its row number from the
    // ledger, its key ClaimedTransfer::derivedKey()), its entries to
    // `sending`. Fails with Error::Kind::Conflict, leaving nothing, when an
    // entry is no longer pending.
    virtual Result<QList<ClaimedTransfer>> claim(const QList<PayoutGroup> &groups) = 0;

    virtual Status recordPaid(const ClaimedTransfer &t, const QString &transferId,
                              const QString &requestId) = 0;
    // A definite failure that may succeed later: entries back to pending,
    // attempts + 1, the error kept, the next attempt after
    // `backoffMs(attempts)` of the most-tried entry.
    virtual Status recordRetry(const ClaimedTransfer &t, const QString &error,
                               const QString &requestId,
                               const std::function<qint64(int attempts)> &backoffMs) = 0;
    // A permanent failure: entries held with a reason an artist can read.
    virtual Status recordHeld(const ClaimedTransfer &t, const QString &reason, const QString &error,
                              const QString &requestId) = 0;
    // The request may or may not have executed: entries stay `sending`.
    virtual Status recordUnknown(const ClaimedTransfer &t, const QString &error) = 0;
    // Claimed but never sent (the run stopped first): back to pending as if
    // never claimed.
    virtual Status releaseUnsent(const QList<ClaimedTransfer> &transfers, const QString &why) = 0;
    // Reconciliation found no transfer for an attempt whose request ended:
    // the attempt failed, and its entries are claimable again under a new key.
    virtual Status recordNotCreated(const ClaimedTransfer &t, const QString &why) = 0;
    // Keeps a sale's charge id (its PaymentIntent's latest_charge).
    virtual Status setChargeId(const QString &paymentIntent, const QString &chargeId) = 0;
    // Groups that did not fit the available balance stay pending with
    // `reason` (waiting is not an error: last_error is left alone). Claiming
    // an entry clears the reason.
    virtual Status markWaiting(const QList<PayoutGroup> &groups, const QString &reason) = 0;

    // Reversals (ARCHITECTURE.md: paid --sale refunded--> reversal), one
    // transaction each, with the same exactly-once rules as transfers.
    //
    // Moves paid entries of fully refunded sales to `reversing` (an entry
    // still `sending` when the refund came gets there once it is paid), then
    // returns the reversal attempts to send: those left in `sending` by an
    // earlier run (resumed), and a new keyed attempt for every `reversing`
    // entry without one whose next attempt is due.
    virtual Result<QList<ClaimedReversal>> claimReversals() = 0;
    // Stripe reversed the share: the entry is `reversed`.
    virtual Status recordReversed(const ClaimedReversal &r, const QString &reversalId,
                                  const QString &requestId) = 0;
    // Stripe refused for good (the artist's balance cannot cover it): the
    // entry becomes `clawback`, and a recovery entry (kind clawback, the
    // negated amount, pending) is added for the artist, netted against their
    // next payouts. Returns the recovery entry's id.
    virtual Result<qint64> recordClawback(const ClaimedReversal &r, const QString &error,
                                          const QString &requestId) = 0;
    // A definite failure that may pass later, or an attempt reconciliation
    // found was never made: the attempt is closed, the entry stays
    // `reversing` and is tried again with a new key after `delayMs`.
    virtual Status recordReversalRetry(const ClaimedReversal &r, const QString &error,
                                       const QString &requestId, qint64 delayMs) = 0;
    // The outcome cannot be known: the attempt stays `sending`.
    virtual Status recordReversalUnknown(const ClaimedReversal &r, const QString &error) = 0;
};
