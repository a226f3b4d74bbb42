#pragma once

#include "ledger/PayoutTypes.h"
#include "money/Money.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <expected>

class StripeError;

// The reasons a payout run writes on an entry, each written once here and
// read by the ledger, the status report and the windows. They join the
// entry reasons of ledger/LedgerTypes.h in the same namespace.
namespace Reason {
// Stripe refused the transfer: the account lacks the `transfers` capability.
inline const QString PayoutAccountNotReady = QStringLiteral("payout account not ready");
// Stripe does not know the destination account.
inline const QString PayoutAccountNotFound = QStringLiteral("payout account not found");
// A pending entry waiting for the platform's available balance (not an error).
inline const QString InsufficientPlatformBalance = QStringLiteral("insufficient platform balance");
} // namespace Reason

// Payout policy as pure functions over values: no ledger, no HTTP, no clock.
// The worker does the I/O around them (ARCHITECTURE.md's payout run; STYLE.md,
// "Decide in pure code, persist in stores").
namespace PayoutPolicy {

enum class Grouping {
    PerArtist, // one transfer per artist and currency, drawn on the available balance
    PerCharge, // one per artist, currency and sale, naming the sale's charge (source_transaction)
};

// Groups due entries, oldest money first (by purchase time, then id). An
// entry whose amount would overflow its group's 64-bit sum starts another
// group: a sum is never wrapped.
//
// A clawback's recovery entry (a negative amount) nets against the artist's
// money in its currency: it joins the artist's oldest group that stays above
// zero with it. Per charge, when no single sale's group is large enough, the
// artist's groups in that currency become one group drawn on the balance.
// When the artist's money does not cover the clawbacks, the group holding
// them is zero or less: it is not paid (see splitNetted), and what is left
// to recover is carried to the next run.
QList<PayoutGroup> groupEntries(const QList<DueEntry> &entries, Grouping grouping);

struct NettedSplit
{
    QList<PayoutGroup> payable; // in the order given
    QList<PayoutGroup> netted;  // zero or less after clawbacks: they wait
};
// A transfer is never zero or negative: groups netted to zero or less wait.
NettedSplit splitNetted(const QList<PayoutGroup> &groups);
// The reason on entries of a group netted to zero or less: "netted against a
// clawback: £2.00 still to recover".
QString nettedReason(const PayoutGroup &group);

// Whether any group draws on the available balance (one without a
// source_transaction): if none does, the balance need not be read.
bool drawsOnBalance(const QList<PayoutGroup> &groups);

struct BalanceFit
{
    QList<PayoutGroup> fit;     // to claim and send, in the order given
    QList<PayoutGroup> waiting; // stay pending with Reason::InsufficientPlatformBalance
};

// Fits groups, given oldest money first, to the platform's available balance
// (Stripe's `available` array; several amounts of one currency add up).
// Per currency: a group fits while it is not more than what is left; once one
// does not, every newer group in that currency waits too, so no newer money
// overtakes older money and nothing is overdrawn. A group naming a
// source_transaction does not draw on the available balance and always fits.
// A currency whose balance cannot be summed without overflow pays nothing.
BalanceFit fitToBalance(const QList<PayoutGroup> &groups, const QList<Money> &available);

// The store's minimum payout per currency (ARCHITECTURE.md, "Balance
// check"): the setting `engine/minimumPayout`, e.g. "gbp 10.00, eur 10".
// Empty: no minimum. Returns why the text is not one.
std::expected<QHash<QString, Money>, QString> parseMinimums(const QString &text);

struct MinimumSplit
{
    QList<PayoutGroup> payable; // in the order given
    // Groups of an artist whose due money in the group's currency, all
    // groups together, is below that currency's minimum; with the minimum.
    QList<std::pair<PayoutGroup, Money>> below;
};
MinimumSplit applyMinimums(const QList<PayoutGroup> &groups, const QHash<QString, Money> &minimums);

// The reason an entry waits below the minimum: "below the minimum payout of
// £10.00" (amounts formatted without a locale's grouping, as every reason
// is stored in English).
QString belowMinimumReason(const Money &minimum);

// What the engine does with a transfer attempt's answer (docs/STRIPE.md's
// error table).
struct TransferOutcome
{
    enum class Action {
        Paid,    // 2xx: record the transfer id
        Retry,   // a definite failure that may pass later: pending after a backoff
        Hold,    // permanent for this artist: held with `reason`
        StopRun, // permanent for the whole run (bad key, key lacking a permission)
        Unknown, // the request may have executed: stays `sending`, resent with the same key
    };
    Action action = Action::Unknown;
    // Hold: the reason an artist reads; StopRun: what the admin is told.
    QString reason;
    // Unknown only: Stripe gave its final answer for the key (a 5xx), so if
    // reconciliation finds no transfer for the attempt, none was made.
    bool notFoundMeansNotCreated = false;
    // Unknown only: the whole run stops too (a bad key refused a request
    // whose key an earlier, unanswered request may have used); `reason` says why.
    bool stopRun = false;

    friend bool operator==(const TransferOutcome &, const TransferOutcome &) = default;
};

// Classifies the answer to POST /v1/transfers; `error` is null for a 2xx.
// Uses Stripe's HTTP status, error type, code and param and the
// Stripe-Should-Retry header, as StripeError carries them:
//   5xx, no answer, 409 (key in flight), an unreadable status -> Unknown;
//   so is an answer given before Stripe's idempotency layer (429, 401, 403)
//   when an earlier request with the key may have executed
//   (earlierAttemptOutcomeUnknown): it proves nothing about that request
//   401, and 403 not about the destination     -> StopRun
//   429 (any code, lock_timeout too), 400 rate_limit, Should-Retry true,
//   balance_insufficient                        -> Retry
//   insufficient_capabilities_for_transfer (400 or 403) -> Hold, account not ready
//   resource_missing with param destination     -> Hold, account not found
//   any other 4xx                               -> Hold with Stripe's message
TransferOutcome classifyTransferOutcome(const StripeError *error);

// What the engine does with the answer to POST /v1/transfers/{id}/reversals.
struct ReversalOutcome
{
    enum class Action {
        Reversed, // 2xx: the share is back
        Clawback, // refused for good (the artist's balance cannot cover it, or
                  // the transfer cannot be reversed): recover from later payouts
        Retry,    // may pass later: try again after a backoff with a new key
        StopRun,  // bad key or permission: nothing executed, the run stops
        Unknown,  // may have executed: stays in flight, resent with the same key
    };
    Action action = Action::Unknown;
    QString reason; // Clawback: Stripe's message; StopRun: what the admin is told
    bool notFoundMeansNotCreated = false; // as for a transfer
    bool stopRun = false;                 // as for a transfer

    friend bool operator==(const ReversalOutcome &, const ReversalOutcome &) = default;
};
// Unknown, StopRun and Retry as for a transfer; any other refusal, whatever
// its code (balance_insufficient above all: docs/STRIPE.md says to treat it
// as permanent), is a clawback.
ReversalOutcome classifyReversalOutcome(const StripeError *error);

// How long entries wait after their n-th failed attempt: 30 s doubling to an
// hour, with jitter (half to full delay), as Stripe's libraries do.
qint64 backoffMs(int attempts);

} // namespace PayoutPolicy
