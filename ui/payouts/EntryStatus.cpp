#include "EntryStatus.h"

#include "engine/PayoutPolicy.h"

#include <QColor>
#include <QHash>
#include <QLocale>

namespace {

// PayoutPolicy::nettedReason's wording before its amount.
constexpr QStringView kNettedPrefix = u"netted against a clawback: ";
constexpr QStringView kNettedSuffix = u" still to recover";

const QString &belowMinimumPrefix()
{
    // PayoutPolicy::belowMinimumReason's wording without its amount.
    static const QString prefix = [] {
        const QString full = PayoutPolicy::belowMinimumReason(Money{0, QStringLiteral("gbp")});
        const qsizetype at = full.indexOf(u"of ");
        return at < 0 ? full : full.left(at + 3);
    }();
    return prefix;
}

} // namespace

StatusChip EntryStatus::chip(const Entry &entry)
{
    const auto make = [](DisplayStatus s, ChipTone tone) {
        return StatusChip{s, label(s), iconPath(s), tone};
    };
    // A clawback is money the artist owes back, whatever its state.
    if (entry.kind == EntryKind::Clawback)
        return make(DisplayStatus::Clawback, ChipTone::Danger);
    switch (entry.state) {
    case EntryState::Pending:
        if (entry.attempts > 0)
            return make(DisplayStatus::Retrying, ChipTone::Warning);
        if (entry.reason == Reason::InsufficientPlatformBalance)
            return make(DisplayStatus::WaitingForBalance, ChipTone::Warning);
        if (!belowMinimumAmount(entry.reason).isEmpty())
            return make(DisplayStatus::BelowMinimum, ChipTone::Neutral);
        return make(DisplayStatus::Pending, ChipTone::Info);
    case EntryState::Sending:
        return make(DisplayStatus::Processing, ChipTone::Progress);
    case EntryState::Held:
        return make(DisplayStatus::OnHold, ChipTone::Danger);
    case EntryState::Paid:
        return make(DisplayStatus::Paid, ChipTone::Success);
    case EntryState::Void:
        return make(DisplayStatus::Void, ChipTone::Neutral);
    case EntryState::Reversing:
        return make(DisplayStatus::Reversing, ChipTone::Warning);
    case EntryState::Reversed:
        return make(DisplayStatus::Reversed, ChipTone::Neutral);
    case EntryState::Clawback:
        return make(DisplayStatus::Clawback, ChipTone::Danger);
    }
    // A state this build does not know: its stored name, never a blank.
    const QString name = stateName(entry.state);
    return StatusChip{DisplayStatus::Other, name.isEmpty() ? tr("Unknown") : name,
                      iconPath(DisplayStatus::Other), ChipTone::Neutral};
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
    case DisplayStatus::WaitingForBalance:
        return tr("Waiting for balance");
    case DisplayStatus::OnHold:
        return tr("On hold");
    case DisplayStatus::BelowMinimum:
        return tr("Below minimum");
    case DisplayStatus::Clawback:
        return tr("Clawback");
    case DisplayStatus::Reversing:
        return tr("Reversing");
    case DisplayStatus::Reversed:
        return tr("Reversed");
    case DisplayStatus::Paid:
        return tr("Paid");
    case DisplayStatus::Void:
        return tr("Void");
    case DisplayStatus::Other:
        return tr("Unknown");
    }
    return {};
}

QString EntryStatus::belowMinimumAmount(const QString &reason)
{
    const QString &prefix = belowMinimumPrefix();
    if (!reason.startsWith(prefix))
        return {};
    return reason.mid(prefix.size());
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
    if (const QString minimum = belowMinimumAmount(reason); !minimum.isEmpty())
        return tr("below the minimum payout of %1").arg(minimum);
    if (reason == Reason::RefundedAfterPayout)
        return tr("refunded after it was paid: taken back in the next payout run");
    if (reason.startsWith(kNettedPrefix) && reason.endsWith(kNettedSuffix))
        return tr("kept against money you owe back from a refund: %1 still to recover")
            .arg(reason.mid(kNettedPrefix.size(),
                            reason.size() - kNettedPrefix.size() - kNettedSuffix.size()));
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
    case EntryKind::Clawback:
        return tr("Clawback");
    }
    return kindName(kind);
}

QString EntryStatus::toolTip(const Entry &entry, const QLocale &locale)
{
    const auto when = [&](const QDateTime &t) {
        return locale.toString(t.toLocalTime(), QLocale::ShortFormat);
    };
    const StatusChip c = chip(entry);
    switch (c.status) {
    case DisplayStatus::Pending:
        if (!entry.reason.isEmpty())
            return tr("Pending: %1").arg(reasonText(entry.reason));
        return tr("Pending: paid in the next payout run");
    case DisplayStatus::WaitingForBalance:
        return tr("Waiting for balance: the store's Stripe balance cannot cover this payout yet. "
                  "It is tried again in every payout run.");
    case DisplayStatus::BelowMinimum:
        return tr("Below minimum: %1").arg(reasonText(entry.reason));
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
    case DisplayStatus::Clawback:
        if (entry.kind == EntryKind::Clawback && entry.state == EntryState::Paid)
            return tr("Clawback: a refund of money already paid to you, recovered from transfer "
                      "%1")
                .arg(entry.transferId);
        if (entry.kind == EntryKind::Clawback)
            return tr("Clawback: a sale was refunded after it was paid to you; this amount is "
                      "taken from your next payouts");
        return tr("Clawback: this sale was refunded after it was paid to you, and Stripe could "
                  "not take it back from your balance; it is taken from your next payouts");
    case DisplayStatus::Reversing:
        return tr("Reversing: a sale was refunded after it was paid; the transfer is being "
                  "reversed");
    case DisplayStatus::Reversed:
        return tr("Reversed: the transfer for a refunded sale was reversed");
    case DisplayStatus::Paid:
        return entry.transferId.isEmpty() ? tr("Paid")
                                          : tr("Paid by transfer %1").arg(entry.transferId);
    case DisplayStatus::Void:
        return tr("Void: %1").arg(reasonText(entry.reason));
    case DisplayStatus::Other:
        return entry.reason.isEmpty() ? c.label
                                      : tr("%1: %2").arg(c.label, reasonText(entry.reason));
    }
    return {};
}

QString EntryStatus::whyNotPaid(const Entry &entry, const QLocale &locale, const QDateTime &nextRun,
                                const QDateTime &now)
{
    const auto at = [&](const QDateTime &t) {
        const QDateTime local = t.toLocalTime();
        // Today: the time alone; another day: the date too.
        if (local.date() == now.toLocalTime().date())
            return locale.toString(local.time(), QLocale::ShortFormat);
        return locale.toString(local, QLocale::ShortFormat);
    };
    const QString inNextRun =
        nextRun.isValid() ? tr("in the next payout run, at %1").arg(at(nextRun))
                          : tr("in the next payout run (none is scheduled yet: the store's payout "
                               "service is not running)");
    switch (of(entry)) {
    case DisplayStatus::Pending:
        return tr("Paid %1.").arg(inNextRun);
    case DisplayStatus::WaitingForBalance:
        return tr("The store's balance is too low right now; tried again %1. Nothing for you to "
                  "do.")
            .arg(inNextRun);
    case DisplayStatus::BelowMinimum:
        return tr("Your total is below the store's minimum payout of %1; paid once it reaches it.")
            .arg(belowMinimumAmount(entry.reason));
    case DisplayStatus::Processing:
        return tr("On its way: Stripe is confirming the transfer.");
    case DisplayStatus::Retrying:
        return entry.nextAttemptAt.isValid()
                   ? tr("Stripe answered with an error; tried again at %1 (attempt %2).")
                         .arg(at(entry.nextAttemptAt))
                         .arg(entry.attempts + 1)
                   : tr("Stripe answered with an error; tried again %1.").arg(inNextRun);
    case DisplayStatus::OnHold: {
        const QString advice = holdAdvice(entry.reason);
        const QString reason = reasonText(entry.reason);
        if (!advice.isEmpty())
            return tr("On hold (%1): %2.").arg(reason, advice);
        if (entry.reason == Reason::AccountReset)
            return tr("On hold: paid once a payout account is linked again.");
        return tr("On hold (%1): the store must release it.").arg(reason);
    }
    case DisplayStatus::Clawback:
        return tr("Owed back for a refund: taken from your next payouts.");
    case DisplayStatus::Reversing:
        return tr("A refund is taking this money back.");
    case DisplayStatus::Reversed:
        return tr("Taken back for a refund.");
    case DisplayStatus::Paid:
        return tr("Paid.");
    case DisplayStatus::Void:
        return tr("Not paid: %1.").arg(reasonText(entry.reason));
    case DisplayStatus::Other:
        return entry.reason.isEmpty() ? QString() : reasonText(entry.reason);
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
    case DisplayStatus::WaitingForBalance:
        return QStringLiteral(":/icons/status-waiting.svg");
    case DisplayStatus::OnHold:
        return QStringLiteral(":/icons/status-held.svg");
    case DisplayStatus::BelowMinimum:
        return QStringLiteral(":/icons/status-minimum.svg");
    case DisplayStatus::Clawback:
    case DisplayStatus::Reversing:
    case DisplayStatus::Reversed:
        return QStringLiteral(":/icons/status-clawback.svg");
    case DisplayStatus::Paid:
        return QStringLiteral(":/icons/status-paid.svg");
    case DisplayStatus::Void:
        return QStringLiteral(":/icons/status-void.svg");
    case DisplayStatus::Other:
        return QStringLiteral(":/icons/status-other.svg");
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

QIcon EntryStatus::icon(const StatusChip &chip)
{
    return icon(chip.status);
}

std::pair<QColor, QColor> EntryStatus::chipColors(ChipTone tone, bool dark)
{
    // {background, text}. Light: a pale tint with a deep text of the same
    // hue; dark: a deep tint with a pale text.
    switch (tone) {
    case ChipTone::Info:
        return dark ? std::pair{QColor(0x0d3c61), QColor(0xbbdefb)}
                    : std::pair{QColor(0xe3f2fd), QColor(0x0d47a1)};
    case ChipTone::Progress:
        return dark ? std::pair{QColor(0x3b2a5e), QColor(0xe1d5ff)}
                    : std::pair{QColor(0xede7f6), QColor(0x4527a0)};
    case ChipTone::Warning:
        return dark ? std::pair{QColor(0x5a3d00), QColor(0xffe082)}
                    : std::pair{QColor(0xfff3e0), QColor(0x8a4b00)};
    case ChipTone::Danger:
        return dark ? std::pair{QColor(0x5c1a1a), QColor(0xffcdd2)}
                    : std::pair{QColor(0xffebee), QColor(0xb71c1c)};
    case ChipTone::Success:
        return dark ? std::pair{QColor(0x1b4d2b), QColor(0xc8e6c9)}
                    : std::pair{QColor(0xe8f5e9), QColor(0x1b5e20)};
    case ChipTone::Neutral:
        break;
    }
    return dark ? std::pair{QColor(0x3c4043), QColor(0xe8eaed)}
                : std::pair{QColor(0xeceff1), QColor(0x37474f)};
}
