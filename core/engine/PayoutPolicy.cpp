#include "PayoutPolicy.h"

#include "stripe/StripeError.h"

#include <QHash>
#include <QLocale>
#include <QRandomGenerator>
#include <QSet>

#include <algorithm>

namespace PayoutPolicy {

namespace {

// Stripe's error codes the policy branches on (docs/STRIPE.md). The list is
// open: any other code on a 4xx holds the artist with Stripe's message.
const QString kBalanceInsufficient = QStringLiteral("balance_insufficient");
const QString kNotReady = QStringLiteral("insufficient_capabilities_for_transfer");
const QString kResourceMissing = QStringLiteral("resource_missing");
const QString kDestination = QStringLiteral("destination");

// Nets each artist's clawbacks (recovery entries, oldest first) against
// their groups in the same currency; see groupEntries().
void netRecoveries(QList<PayoutGroup> &groups, const QList<DueEntry> &recoveries, bool perCharge)
{
    for (const DueEntry &r : recoveries) {
        QList<qsizetype> mine; // the artist's groups in the currency, oldest first
        for (qsizetype i = 0; i < groups.size(); ++i)
            if (groups.at(i).artist == r.artist &&
                groups.at(i).amount.currency == r.amount.currency)
                mine.append(i);
        const auto absorb = [&](qsizetype i) {
            const std::optional<Money> sum = groups.at(i).amount.plus(r.amount);
            if (!sum)
                return false;
            groups[i].amount = *sum;
            groups[i].entryIds.append(r.id);
            return true;
        };
        bool done = false;
        for (const qsizetype i : std::as_const(mine)) {
            const std::optional<Money> sum = groups.at(i).amount.plus(r.amount);
            if (sum && sum->minor > 0)
                done = absorb(i);
            if (done)
                break;
        }
        if (done)
            continue;
        if (perCharge && mine.size() > 1) {
            // No one sale covers it: the artist's sales in this currency go
            // together, drawn on the balance, as one group.
            // Later groups go first, so the indices still to visit stay valid.
            const qsizetype f = mine.first();
            for (qsizetype k = mine.size() - 1; k >= 1; --k) {
                const std::optional<Money> sum =
                    groups.at(f).amount.plus(groups.at(mine.at(k)).amount);
                if (!sum)
                    break; // out of range: that sale's group stays apart
                groups[f].amount = *sum;
                groups[f].entryIds.append(groups.at(mine.at(k)).entryIds);
                groups.removeAt(mine.at(k));
            }
            groups[f].sourceTransaction.clear();
            groups[f].paymentIntent.clear();
            std::sort(groups[f].entryIds.begin(), groups[f].entryIds.end());
            mine = {f};
        }
        if (!mine.isEmpty() && absorb(mine.first()))
            continue;
        // Nothing to net against (or a sum out of range): the clawback waits
        // on its own, a group below zero.
        PayoutGroup g;
        g.artist = r.artist;
        g.amount = r.amount;
        g.destination = r.destination;
        g.oldest = r.createdAt;
        g.entryIds.append(r.id);
        groups.append(g);
    }
}

} // namespace

QList<PayoutGroup> groupEntries(const QList<DueEntry> &entries, Grouping grouping)
{
    QList<DueEntry> ordered = entries;
    std::stable_sort(ordered.begin(), ordered.end(), [](const DueEntry &a, const DueEntry &b) {
        return std::pair(a.createdAt.toMSecsSinceEpoch(), a.id) <
               std::pair(b.createdAt.toMSecsSinceEpoch(), b.id);
    });
    const bool perCharge = grouping == Grouping::PerCharge;
    QList<PayoutGroup> groups;
    QList<DueEntry> recoveries;     // clawbacks, netted once the sales are grouped
    QHash<QString, qsizetype> open; // group key -> the group entries still join
    for (const DueEntry &e : std::as_const(ordered)) {
        if (e.amount.minor < 0) {
            recoveries.append(e);
            continue;
        }
        QString key = e.artist + u'\x1f' + e.amount.currency;
        if (perCharge)
            key += u'\x1f' + e.paymentIntent;
        auto it = open.find(key);
        if (it != open.end()) {
            PayoutGroup &g = groups[*it];
            if (const std::optional<Money> sum = g.amount.plus(e.amount)) {
                g.amount = *sum;
                g.entryIds.append(e.id);
                continue;
            }
            // The sum would overflow: this entry starts the next group.
        }
        PayoutGroup g;
        g.artist = e.artist;
        g.amount = e.amount;
        g.destination = e.destination;
        g.oldest = e.createdAt;
        g.entryIds.append(e.id);
        if (perCharge) {
            g.paymentIntent = e.paymentIntent;
            g.sourceTransaction = e.chargeId;
        }
        groups.append(g);
        open.insert(key, groups.size() - 1);
    }
    netRecoveries(groups, recoveries, perCharge);
    return groups; // in order of their oldest entry
}

NettedSplit splitNetted(const QList<PayoutGroup> &groups)
{
    NettedSplit out;
    for (const PayoutGroup &g : groups)
        (g.amount.minor > 0 ? out.payable : out.netted).append(g);
    return out;
}

QString nettedReason(const PayoutGroup &group)
{
    // -amount cannot overflow: a group at or below zero is at least -max.
    const Money owed(group.amount.minor < 0 ? -group.amount.minor : 0, group.amount.currency);
    return QStringLiteral("netted against a clawback: %1 still to recover")
        .arg(owed.format(QLocale::c()));
}

bool drawsOnBalance(const QList<PayoutGroup> &groups)
{
    return std::any_of(groups.cbegin(), groups.cend(),
                       [](const PayoutGroup &g) { return g.sourceTransaction.isEmpty(); });
}

BalanceFit fitToBalance(const QList<PayoutGroup> &groups, const QList<Money> &available)
{
    // What is left per currency; a currency Stripe did not list has nothing.
    QHash<QString, Money> left;
    QSet<QString> blocked; // a group did not fit: newer money in this currency waits
    for (const Money &m : available) {
        if (blocked.contains(m.currency))
            continue;
        const auto it = left.constFind(m.currency);
        const std::optional<Money> sum = it == left.constEnd() ? m : it->plus(m);
        if (sum) {
            left.insert(m.currency, *sum);
        } else {
            left.remove(m.currency);
            blocked.insert(m.currency);
        }
    }
    BalanceFit out;
    for (const PayoutGroup &g : groups) {
        if (!g.sourceTransaction.isEmpty()) {
            out.fit.append(g);
            continue;
        }
        const QString &currency = g.amount.currency;
        const Money have = left.value(currency, Money(0, currency));
        if (!blocked.contains(currency) && g.amount.minor <= have.minor) {
            // 0 < amount <= have cannot overflow. A group of zero or less
            // (a clawback netted past a sale) is no draw, and must not make
            // room for newer money either: what is left stays as it was.
            if (g.amount.minor > 0)
                left.insert(currency, Money(have.minor - g.amount.minor, currency));
            out.fit.append(g);
            continue;
        }
        blocked.insert(currency);
        out.waiting.append(g);
    }
    return out;
}

std::expected<QHash<QString, Money>, QString> parseMinimums(const QString &text)
{
    QHash<QString, Money> out;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        const QStringList words = part.simplified().split(u' ');
        if (words.size() == 1 && words.first().isEmpty())
            continue;
        const QString currency = words.first().toLower();
        if (words.size() != 2 || !Currency::isKnown(currency))
            return std::unexpected(
                QStringLiteral("\"%1\" is not a currency and an amount, like \"gbp 10.00\"")
                    .arg(part.trimmed()));
        const std::optional<Money> m = Money::fromDecimalString(words.at(1), currency);
        if (!m)
            return std::unexpected(QStringLiteral("\"%1\" is not an amount of %2")
                                       .arg(words.at(1), currency.toUpper()));
        if (out.contains(currency))
            return std::unexpected(QStringLiteral("%1 has two minimums").arg(currency.toUpper()));
        out.insert(currency, *m);
    }
    return out;
}

MinimumSplit applyMinimums(const QList<PayoutGroup> &groups, const QHash<QString, Money> &minimums)
{
    MinimumSplit out;
    if (minimums.isEmpty()) {
        out.payable = groups;
        return out;
    }
    // An artist's due money per currency, over all its groups (per-charge
    // grouping makes several).
    QHash<std::pair<QString, QString>, Money> due;
    QSet<std::pair<QString, QString>> overflowed;
    for (const PayoutGroup &g : groups) {
        const std::pair key{g.artist, g.amount.currency};
        const auto it = due.constFind(key);
        const std::optional<Money> sum = it == due.constEnd() ? g.amount : it->plus(g.amount);
        if (sum)
            due.insert(key, *sum);
        else
            overflowed.insert(key); // more than any minimum
    }
    for (const PayoutGroup &g : groups) {
        const std::pair key{g.artist, g.amount.currency};
        const auto minimum = minimums.constFind(g.amount.currency);
        if (minimum != minimums.constEnd() && !overflowed.contains(key) &&
            due.value(key).minor < minimum->minor)
            out.below.append({g, *minimum});
        else
            out.payable.append(g);
    }
    return out;
}

QString belowMinimumReason(const Money &minimum)
{
    return QStringLiteral("below the minimum payout of %1").arg(minimum.format(QLocale::c()));
}

TransferOutcome classifyTransferOutcome(const StripeError *error)
{
    using Action = TransferOutcome::Action;
    if (!error)
        return {Action::Paid, {}, false, false};
    const StripeError &e = *error;
    if (e.outcomeUnknown()) {
        // A 5xx is Stripe's final answer for the key: if no transfer carries
        // the attempt's group, none was made. No answer, or a 409 (the same
        // key still in flight), proves nothing yet. Checked before stopping
        // the run: releasing entries whose earlier request may have executed
        // would let a new key pay them twice.
        const bool stop = e.stopsTheRun();
        return {Action::Unknown, stop ? e.describe() : QString(), e.httpStatus >= 500, stop};
    }
    if (e.stopsTheRun())
        return {Action::StopRun, e.describe(), false, false};
    if (e.isRetryable() || e.code == kBalanceInsufficient)
        return {Action::Retry, {}, false, false};
    if (e.code == kNotReady)
        return {Action::Hold, Reason::PayoutAccountNotReady, false, false};
    if (e.code == kResourceMissing && e.param == kDestination)
        return {Action::Hold, Reason::PayoutAccountNotFound, false, false};
    return {Action::Hold, e.message, false, false};
}

ReversalOutcome classifyReversalOutcome(const StripeError *error)
{
    using R = ReversalOutcome::Action;
    using T = TransferOutcome::Action;
    // Read as a transfer's answer first: unknown outcomes, stopping the run
    // and Stripe's retryable answers mean the same for a reversal.
    const TransferOutcome t = classifyTransferOutcome(error);
    switch (t.action) {
    case T::Paid:
        return {R::Reversed, {}, false, false};
    case T::Unknown:
        return {R::Unknown, t.reason, t.notFoundMeansNotCreated, t.stopRun};
    case T::StopRun:
        return {R::StopRun, t.reason, false, false};
    case T::Retry:
        // balance_insufficient is about the artist's balance here, not the
        // platform's, and waiting does not fill it: a clawback.
        if (error->isRetryable())
            return {R::Retry, {}, false, false};
        break;
    case T::Hold:
        break;
    }
    return {R::Clawback, error->message.isEmpty() ? error->describe() : error->message, false,
            false};
}

qint64 backoffMs(int attempts)
{
    const int exponent = qBound(0, attempts - 1, 7);
    const qint64 full = qMin<qint64>(qint64(30'000) << exponent, 3'600'000);
    return full / 2 + qint64(QRandomGenerator::global()->bounded(double(full / 2 + 1)));
}

} // namespace PayoutPolicy
