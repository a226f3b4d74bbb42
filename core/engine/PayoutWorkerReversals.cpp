// The reversal half of a payout run (ARCHITECTURE.md: paid --sale refunded-->
// reversal): a refunded share taken back from the transfer that paid it,
// under the same exactly-once rules as a transfer, or clawed back from the
// artist's next payouts where Stripe refuses.
#include "PayoutWorker.h"

#include "engine/PayoutPolicy.h"
#include "ledger/Ledger.h"
#include "stripe/StripeClient.h"
#include "stripe/StripeError.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QJsonArray>

void PayoutWorker::runReversals()
{
    // Refunds of paid money first in the ledger's order, in parallel with
    // the transfers: a reversal draws on the artist's balance, not the
    // platform's. A clawback it leaves is netted from the next run on.
    const Result<QList<ClaimedReversal>> claimed = payouts().claimReversals();
    if (!claimed) {
        note(Status(fail(claimed.error())));
        return;
    }
    if (!claimed->isEmpty())
        qCInfo(lcPayout).noquote()
            << QStringLiteral("[PAYOUT] Reversing %1 refunded shares").arg(claimed->size());
    for (const ClaimedReversal &r : *claimed) {
        m_reversalsInFlight.insert(r.row, r);
        const bool keyMayHaveExpired = r.createdAt.msecsTo(m_clock.now()) > kKeyMaxAgeMs;
        if (r.resumed && (keyMayHaveExpired || r.attempts >= kSendsBeforeReconcile))
            reconcileReversal(r, true);
        else
            sendReversal(r);
    }
}

void PayoutWorker::sendReversal(const ClaimedReversal &r)
{
    TransferReversalRequest req;
    req.transferId = r.transferId;
    req.amountMinor = r.amount.minor;
    req.description = QStringLiteral("Payout Desk: refund of %1").arg(r.reference);
    req.metadata = {{QStringLiteral("payoutdesk_key"), r.idempotencyKey},
                    {QStringLiteral("artist"), r.artist},
                    {QStringLiteral("entry_id"), QString::number(r.entryId)}};
    m_client->createTransferReversal(
        req, r.idempotencyKey, [this, r](const StripeResponse &resp) { onReversalSent(r, resp); });
}

void PayoutWorker::onReversalSent(const ClaimedReversal &r, const StripeResponse &resp)
{
    using Action = PayoutPolicy::ReversalOutcome::Action;
    const StripeError *error = resp.result ? nullptr : &resp.result.error();
    // As for a transfer: an answer that says nothing about an earlier
    // request with this key must not read as "not reversed".
    std::optional<StripeError> resent;
    if (error && r.resumed && !error->earlierAttemptOutcomeUnknown) {
        resent = *error;
        resent->earlierAttemptOutcomeUnknown = true;
        error = &*resent;
    }
    const PayoutPolicy::ReversalOutcome outcome = PayoutPolicy::classifyReversalOutcome(error);
    switch (outcome.action) {
    case Action::Reversed:
        reversed(r, resp.result->value(u"id").toString(), resp.requestId);
        return;
    case Action::Clawback: {
        const Result<qint64> recovery = payouts().recordClawback(r, outcome.reason, resp.requestId);
        note(recovery ? Status{} : Status(fail(recovery.error())));
        if (recovery)
            ++m_summary.clawbacks;
        qCWarning(lcPayout).noquote()
            << QStringLiteral("[PAYOUT] Stripe refused to take back %1 %2 from %3 for %4 (%5): "
                              "clawed back from their next payouts")
                   .arg(r.amount.minor)
                   .arg(r.amount.currency, r.transferId, r.artist, outcome.reason);
        reversalSettled(r);
        return;
    }
    case Action::StopRun:
        // Nothing executed: the attempt closes and the entry waits for the
        // next run, which keys it anew.
        note(payouts().recordReversalRetry(r, outcome.reason, resp.requestId, 0));
        stopRun(outcome.reason);
        reversalSettled(r);
        return;
    case Action::Retry:
        note(payouts().recordReversalRetry(r, error->describe(), resp.requestId,
                                           PayoutPolicy::backoffMs(r.entryAttempts + 1)));
        ++m_summary.reversalsRetrying;
        reversalSettled(r);
        return;
    case Action::Unknown:
        note(payouts().recordReversalUnknown(r, error->describe()));
        if (outcome.stopRun)
            stopRun(outcome.reason);
        reconcileReversal(r, outcome.notFoundMeansNotCreated);
        return;
    }
}

void PayoutWorker::reversed(const ClaimedReversal &r, const QString &reversalId,
                            const QString &requestId)
{
    const Status s = payouts().recordReversed(r, reversalId, requestId);
    note(s);
    if (s) {
        ++m_summary.reversalsDone;
        qint64 &total = m_summary.reversedMinorByCurrency[r.amount.currency];
        if (const std::optional<Money> sum = Money(total, r.amount.currency).plus(r.amount))
            total = sum->minor;
        qCInfo(lcPayout).noquote()
            << QStringLiteral("[PAYOUT] Took back %1 %2 from %3 for %4: %5")
                   .arg(r.amount.minor)
                   .arg(r.amount.currency, r.transferId, r.artist, reversalId);
    }
    reversalSettled(r);
}

void PayoutWorker::reconcileReversal(const ClaimedReversal &r, bool notFoundMeansNotCreated)
{
    // The attempt's key is in the reversal's metadata: the transfer's list
    // of reversals tells whether the attempt made one.
    m_client->listTransferReversals(
        r.transferId, 100, [this, r, notFoundMeansNotCreated](const StripeResponse &resp) {
            const auto &list = resp.result;
            if (!list) {
                ++m_summary.reversalsUnknown;
                m_summary.notes << QStringLiteral("%1: outcome unknown, reconciliation failed (%2)")
                                       .arg(r.idempotencyKey, list.error().describe());
                reversalSettled(r);
                return;
            }
            for (const QJsonValue &v : list->value(u"data").toArray()) {
                const QJsonObject rev = v.toObject();
                if (rev.value(u"metadata").toObject().value(u"payoutdesk_key").toString() ==
                    r.idempotencyKey) {
                    reversed(r, rev.value(u"id").toString(), resp.requestId);
                    return;
                }
            }
            if (notFoundMeansNotCreated) {
                note(payouts().recordReversalRetry(
                    r, QStringLiteral("no reversal exists for the attempt"), resp.requestId, 0));
                ++m_summary.reversalsRetrying;
            } else {
                ++m_summary.reversalsUnknown;
            }
            reversalSettled(r);
        });
}

void PayoutWorker::reversalSettled(const ClaimedReversal &r)
{
    if (m_reversalsInFlight.remove(r.row) == 0)
        return;
    maybeFinish();
}
