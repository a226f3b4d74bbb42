#include "PayoutAudit.h"

#include <QDateTime>

namespace PayoutAudit {

namespace {

QString utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

} // namespace

Row entriesHeldWithoutAccount(qint64 count)
{
    return {
        QStringLiteral("entries.held"),
        {},
        0,
        QStringLiteral("%1 pending entries of artists without a payout account held").arg(count)};
}

Row transferClaimed(const ClaimedTransfer &t)
{
    return {QStringLiteral("transfer.claimed"), t.artist, 0,
            QStringLiteral("%1: %2 %3 for entries %4")
                .arg(t.idempotencyKey)
                .arg(t.amount.minor)
                .arg(t.amount.currency, t.entryIdsText())};
}

Row transferPaid(const ClaimedTransfer &t, const QString &transferId, const QString &requestId)
{
    return {QStringLiteral("transfer.paid"), t.artist, 0,
            QStringLiteral("%1 %2 %3 for entries %4 (%5)")
                .arg(transferId)
                .arg(t.amount.minor)
                .arg(t.amount.currency, t.entryIdsText(), requestId)};
}

Row transferRetry(const ClaimedTransfer &t, const QString &error, qint64 nextAttemptMs)
{
    return {QStringLiteral("transfer.retry"), t.artist, 0,
            QStringLiteral("%1: %2; next attempt after %3")
                .arg(t.idempotencyKey, error, utc(nextAttemptMs))};
}

Row transferHeld(const ClaimedTransfer &t, const QString &reason, const QString &error)
{
    return {QStringLiteral("transfer.held"), t.artist, 0,
            QStringLiteral("%1: %2 (%3)").arg(t.idempotencyKey, reason, error)};
}

Row transferUnknown(const ClaimedTransfer &t, const QString &error)
{
    return {QStringLiteral("transfer.unknown"), t.artist, 0,
            QStringLiteral("%1: outcome unknown (%2); will resend with the same key or reconcile")
                .arg(t.idempotencyKey, error)};
}

Row transfersReleased(qsizetype count, const QString &why)
{
    return {QStringLiteral("transfer.released"),
            {},
            0,
            QStringLiteral("%1 claimed transfers not sent: %2").arg(count).arg(why)};
}

Row transferNotCreated(const ClaimedTransfer &t, const QString &why)
{
    return {QStringLiteral("transfer.reconciled"), t.artist, 0,
            QStringLiteral("%1: no transfer exists; entries pending again (%2)")
                .arg(t.idempotencyKey, why)};
}

Row entriesReversing(qint64 count)
{
    return {QStringLiteral("entries.reversing"),
            {},
            0,
            QStringLiteral("%1 paid entries of refunded sales wait for a transfer reversal")
                .arg(count)};
}

Row reversalClaimed(const ClaimedReversal &r)
{
    return {QStringLiteral("reversal.claimed"), r.artist, r.entryId,
            QStringLiteral("%1: %2 %3 of %4")
                .arg(r.idempotencyKey)
                .arg(r.amount.minor)
                .arg(r.amount.currency, r.transferId)};
}

Row reversalReversed(const ClaimedReversal &r, const QString &reversalId, const QString &requestId)
{
    return {QStringLiteral("reversal.reversed"), r.artist, r.entryId,
            QStringLiteral("%1 %2 %3 taken back from %4 (%5)")
                .arg(reversalId)
                .arg(r.amount.minor)
                .arg(r.amount.currency, r.transferId, requestId)};
}

Row reversalClawback(const ClaimedReversal &r, const QString &error, qint64 recoveryEntryId)
{
    return {QStringLiteral("reversal.clawback"), r.artist, r.entryId,
            QStringLiteral("Stripe refused to take back %1 %2 from %3 (%4); clawback entry %5 "
                           "nets it against the artist's next payouts")
                .arg(r.amount.minor)
                .arg(r.amount.currency, r.transferId, error)
                .arg(recoveryEntryId)};
}

Row reversalRetry(const ClaimedReversal &r, const QString &error, qint64 nextAttemptMs)
{
    return {QStringLiteral("reversal.retry"), r.artist, r.entryId,
            QStringLiteral("%1: %2; next attempt after %3")
                .arg(r.idempotencyKey, error, utc(nextAttemptMs))};
}

Row reversalUnknown(const ClaimedReversal &r, const QString &error)
{
    return {QStringLiteral("reversal.unknown"), r.artist, r.entryId,
            QStringLiteral("%1: outcome unknown (%2); will resend with the same key or reconcile")
                .arg(r.idempotencyKey, error)};
}

} // namespace PayoutAudit
