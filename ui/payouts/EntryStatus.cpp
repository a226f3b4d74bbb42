#include "EntryStatus.h"

#include "engine/PayoutPolicy.h"

#include <QHash>
#include <QLocale>

DisplayStatus EntryStatus::of(const Entry &entry)
{
    switch (entry.state) {
    case EntryState::Pending:
        return entry.attempts > 0 ? DisplayStatus::Retrying : DisplayStatus::Pending;
    case EntryState::Sending:
        return DisplayStatus::Processing;
    case EntryState::Held:
        return DisplayStatus::OnHold;
    case EntryState::Paid:
        return DisplayStatus::Paid;
    case EntryState::Void:
        return DisplayStatus::Void;
    }
    return DisplayStatus::Pending;
}

QString EntryStatus::label(DisplayStatus status)
{
    switch (status) {
    case DisplayStatus::Pending:
        return tr("Pending");
    case DisplayStatus::Processing:
        return tr("Processing");
    case DisplayStatus::Retrying:
        return tr("Retrying");
    case DisplayStatus::OnHold:
        return tr("On hold");
    case DisplayStatus::Paid:
        return tr("Paid");
    case DisplayStatus::Void:
        return tr("Void");
    }
    return {};
}

QString EntryStatus::reasonText(const QString &reason)
{
    if (reason == Reason::NoPayoutAccount)
        return tr("no payout account");
    if (reason == Reason::AccountReset)
        return tr("account reset: link a payout account to release it");
    if (reason == Reason::Refunded)
        return tr("refunded");
    if (reason == Reason::Duplicate)
        return tr("duplicate");
    if (reason == Reason::InsufficientPlatformBalance)
        return tr("waiting for the store's balance");
    if (reason == Reason::PayoutAccountNotReady)
        return tr("payout account not ready");
    if (reason == Reason::PayoutAccountNotFound)
        return tr("payout account not found");
    if (reason.isEmpty())
        return tr("no reason recorded");
    return reason;
}

QString EntryStatus::holdAdvice(const QString &reason)
{
    if (reason == Reason::NoPayoutAccount)
        return tr("paid once the store links your payout account");
    if (reason == Reason::PayoutAccountNotReady)
        return tr("paid once your Stripe account can receive transfers");
    if (reason == Reason::PayoutAccountNotFound)
        return tr("the store must link your payout account again");
    return {};
}

QString EntryStatus::sourceText(EntryKind kind)
{
    switch (kind) {
    case EntryKind::Sale:
        return tr("Cart Sale");
    case EntryKind::Commission:
        return tr("Commission");
    }
    return {};
}

QString EntryStatus::toolTip(const Entry &entry, const QLocale &locale)
{
    const auto when = [&](const QDateTime &t) {
        return locale.toString(t.toLocalTime(), QLocale::ShortFormat);
    };
    switch (of(entry)) {
    case DisplayStatus::Pending:
        // A reason on pending money says why it did not go yet (the store's
        // balance was too low).
        if (!entry.reason.isEmpty())
            return tr("Pending: %1").arg(reasonText(entry.reason));
        return tr("Pending: paid in the next payout run");
    case DisplayStatus::Processing:
        return tr("Processing: a transfer is on its way to Stripe");
    case DisplayStatus::Retrying: {
        const QString next = entry.nextAttemptAt.isValid()
                                 ? tr("Next attempt: %1").arg(when(entry.nextAttemptAt))
                                 : tr("Next attempt: in the next payout run");
        return tr("Retrying after an error (attempt %1): %2\n%3")
            .arg(entry.attempts)
            .arg(entry.lastError.isEmpty() ? tr("no error text recorded") : entry.lastError, next);
    }
    case DisplayStatus::OnHold:
        return tr("On hold: %1").arg(reasonText(entry.reason));
    case DisplayStatus::Paid:
        return entry.transferId.isEmpty() ? tr("Paid")
                                          : tr("Paid by transfer %1").arg(entry.transferId);
    case DisplayStatus::Void:
        return tr("Void: %1").arg(reasonText(entry.reason));
    }
    return {};
}

QString EntryStatus::iconPath(DisplayStatus status)
{
    switch (status) {
    case DisplayStatus::Pending:
        return QStringLiteral(":/icons/status-pending.svg");
    case DisplayStatus::Processing:
        return QStringLiteral(":/icons/status-processing.svg");
    case DisplayStatus::Retrying:
        return QStringLiteral(":/icons/status-retrying.svg");
    case DisplayStatus::OnHold:
        return QStringLiteral(":/icons/status-held.svg");
    case DisplayStatus::Paid:
        return QStringLiteral(":/icons/status-paid.svg");
    case DisplayStatus::Void:
        return QStringLiteral(":/icons/status-void.svg");
    }
    return {};
}

QIcon EntryStatus::icon(DisplayStatus status)
{
    // Built once per status: a view asks for the decoration of every
    // visible row on every repaint.
    static QHash<int, QIcon> cache;
    auto it = cache.find(int(status));
    if (it == cache.end())
        it = cache.insert(int(status), QIcon(iconPath(status)));
    return *it;
}
