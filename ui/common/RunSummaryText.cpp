#include "RunSummaryText.h"

#include "common/MoneyText.h"

#include <QLocale>
#include <QStringList>

QString RunSummaryText::title(const PayoutRunSummary &s)
{
    if (!s.ok())
        return tr("Payout run failed");
    if (s.transfersPaid > 0)
        return tr("Payout run paid %n transfer(s)", nullptr, s.transfersPaid);
    return tr("Payout run finished: nothing was paid");
}

QString RunSummaryText::body(const PayoutRunSummary &s, const QLocale &locale)
{
    QStringList lines;
    if (!s.ok())
        lines << tr("The run stopped: %1").arg(s.fatalError);
    if (s.transfersAttempted > 0)
        lines << tr("%1 of %n transfer(s) paid, %2.", nullptr, s.transfersAttempted)
                     .arg(s.transfersPaid)
                     .arg(tr("%n entries", nullptr, s.entriesPaid));
    const QString paid = formatTotals(s.paidMinorByCurrency, locale);
    if (!paid.isEmpty())
        lines << tr("Paid: %1.").arg(paid);
    if (s.entriesRetrying > 0)
        lines << tr("%n entries will be retried after an error.", nullptr, s.entriesRetrying);
    if (s.entriesHeld > 0)
        lines << tr("%n entries are on hold (see their reasons).", nullptr, s.entriesHeld);
    if (s.entriesUnknown > 0)
        lines << tr("%n entries have an unknown outcome and are resent with the same key in the "
                    "next run.",
                    nullptr, s.entriesUnknown);
    if (s.entriesWaitingForBalance > 0)
        lines << tr("%n entries wait for the platform's available balance.", nullptr,
                    s.entriesWaitingForBalance);
    if (s.transfersAttempted == 0 && s.ok())
        lines << tr("Nothing was due.");
    for (const QString &note : s.notes)
        lines << note;
    return lines.join(u'\n');
}
