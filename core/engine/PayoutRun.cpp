#include "PayoutRun.h"

#include "money/Money.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QTextStream>

namespace {

// The log's English: "1 entry", "3 entries".
QString entries(int n)
{
    return QString::number(n) + (n == 1 ? QStringLiteral(" entry") : QStringLiteral(" entries"));
}

} // namespace

QJsonObject PayoutRunSummary::toJson() const
{
    QJsonObject paid;
    for (auto it = paidMinorByCurrency.cbegin(); it != paidMinorByCurrency.cend(); ++it)
        paid.insert(it.key(), it.value());
    QJsonObject reversed;
    for (auto it = reversedMinorByCurrency.cbegin(); it != reversedMinorByCurrency.cend(); ++it)
        reversed.insert(it.key(), it.value());
    return QJsonObject{
        {QStringLiteral("trigger"), trigger},
        {QStringLiteral("started_at"), startedAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("finished_at"), finishedAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("transfers_attempted"), transfersAttempted},
        {QStringLiteral("transfers_paid"), transfersPaid},
        {QStringLiteral("entries_paid"), entriesPaid},
        {QStringLiteral("entries_retrying"), entriesRetrying},
        {QStringLiteral("entries_held"), entriesHeld},
        {QStringLiteral("entries_unknown"), entriesUnknown},
        {QStringLiteral("entries_waiting_for_balance"), entriesWaitingForBalance},
        {QStringLiteral("artists_below_minimum"), artistsBelowMinimum},
        {QStringLiteral("paid_minor"), paid},
        {QStringLiteral("reversals_done"), reversalsDone},
        {QStringLiteral("clawbacks"), clawbacks},
        {QStringLiteral("reversals_retrying"), reversalsRetrying},
        {QStringLiteral("reversals_unknown"), reversalsUnknown},
        {QStringLiteral("reversed_minor"), reversed},
        {QStringLiteral("ok"), ok()},
        {QStringLiteral("fatal_error"),
         fatalError.isEmpty() ? QJsonValue() : QJsonValue(fatalError)},
        {QStringLiteral("notes"), QJsonArray::fromStringList(notes)},
    };
}

QString PayoutRunSummary::toText(const QLocale &locale) const
{
    QString out;
    QTextStream ts(&out);
    QStringList amounts;
    for (auto it = paidMinorByCurrency.cbegin(); it != paidMinorByCurrency.cend(); ++it)
        amounts << Money(it.value(), it.key()).format(locale);
    ts << "Payout run (" << trigger << "): " << transfersPaid << " of " << transfersAttempted
       << (transfersAttempted == 1 ? " transfer" : " transfers") << " paid, "
       << entries(entriesPaid);
    if (!amounts.isEmpty())
        ts << ", " << amounts.join(QStringLiteral(", "));
    ts << ".\n";
    if (entriesRetrying)
        ts << "  " << entries(entriesRetrying) << " will be retried after a backoff.\n";
    if (entriesHeld)
        ts << "  " << entries(entriesHeld) << (entriesHeld == 1 ? " is" : " are")
           << " on hold (see status).\n";
    if (entriesUnknown)
        ts << "  " << entries(entriesUnknown) << (entriesUnknown == 1 ? " has" : " have")
           << " an unknown outcome; the next run resends with the same key.\n";
    if (entriesWaitingForBalance)
        ts << "  " << entries(entriesWaitingForBalance)
           << (entriesWaitingForBalance == 1 ? " waits" : " wait")
           << " for the platform's available balance.\n";
    if (artistsBelowMinimum)
        ts << "  " << artistsBelowMinimum << (artistsBelowMinimum == 1 ? " artist's" : " artists'")
           << " money waits below the minimum payout.\n";
    if (reversalsDone) {
        QStringList back;
        for (auto it = reversedMinorByCurrency.cbegin(); it != reversedMinorByCurrency.cend(); ++it)
            back << Money(it.value(), it.key()).format(locale);
        ts << "  " << reversalsDone
           << (reversalsDone == 1 ? " refunded share was" : " refunded shares were")
           << " taken back from artists' transfers";
        if (!back.isEmpty())
            ts << " (" << back.join(QStringLiteral(", ")) << ")";
        ts << ".\n";
    }
    if (clawbacks)
        ts << "  " << clawbacks << (clawbacks == 1 ? " reversal was" : " reversals were")
           << " refused by Stripe: clawed back from the artists' next payouts instead.\n";
    if (reversalsRetrying)
        ts << "  " << reversalsRetrying << (reversalsRetrying == 1 ? " reversal" : " reversals")
           << " will be retried after a backoff.\n";
    if (reversalsUnknown)
        ts << "  " << reversalsUnknown
           << (reversalsUnknown == 1 ? " reversal has" : " reversals have")
           << " an unknown outcome; the next run resends with the same key.\n";
    for (const QString &n : notes)
        ts << "  note: " << n << "\n";
    if (!fatalError.isEmpty())
        ts << "Stopped: " << fatalError << "\n";
    return out;
}
