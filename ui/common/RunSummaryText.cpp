#include "RunSummaryText.h"

#include "common/MoneyText.h"

#include <QLocale>
#include <QStringList>

namespace {

// Money that the run left waiting, for whatever reason: a run that paid
// nothing with money waiting did not find "nothing due".
int entriesLeftWaiting(const PayoutRunSummary &s)
{
    return s.entriesRetrying + s.entriesHeld + s.entriesUnknown + s.entriesWaitingForBalance;
}

} // namespace

QString RunSummaryText::title(const PayoutRunSummary &s)
{
    if (!s.ok())
        return tr("Payout run failed");
    if (s.transfersPaid > 0)
        return tr("Payout run paid %n transfer(s)", nullptr, s.transfersPaid);
    if (entriesLeftWaiting(s) > 0 || s.artistsBelowMinimum > 0 || s.transfersAttempted > 0)
        return tr("Payout run finished: nothing could be paid yet");
    return tr("Payout run finished: nothing was due");
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
    if (s.artistsBelowMinimum > 0)
        lines << tr("Money of %n artist(s) waits below the minimum payout.", nullptr,
                    s.artistsBelowMinimum);
    if (s.transfersAttempted == 0 && s.ok() && entriesLeftWaiting(s) == 0 &&
        s.artistsBelowMinimum == 0)
        lines << tr("Nothing was due.");
    lines << s.notes;
    return lines.join(u'\n');
}
